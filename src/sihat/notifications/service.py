"""Queue messages in the caller's transaction; deliver them with the configured provider.

The development provider ("outbox") delivers nothing: it marks the message as recorded, so
tests and the demo can read what would have been sent. A real SMS gateway plugs in here.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from sihat.core import clock
from sihat.core.crypto import blind_index
from sihat.notifications.models import OutboxMessage

TEMPLATES: dict[str, str] = {
    "otp": "sihat: kod anda {code} (sah {minutes} minit). Your code {code} (valid {minutes} min).",
    "account_created": "sihat: akaun {mysj_id} dicipta. Account {mysj_id} created.",
    "registration": (
        "sihat: pendaftaran vaksinasi diterima ({channel}). "
        "Vaccination registration received ({channel})."
    ),
    "registration_repeated": (
        "sihat: permohonan pendaftaran vaksinasi dibuat lagi dengan identiti anda; "
        "pendaftaran sedia ada kekal. A new vaccination registration was tried with your "
        "identity; your existing registration stands."
    ),
    # Account recovery and phone change (identity.recovery).
    "recovery_notice": (
        "sihat: akaun {mysj_id} akan dipindahkan ke telefon baharu (...{last4}) pada {when}. "
        "Jika bukan anda, batalkan di /recover/cancel dengan kod {code}. "
        "Account {mysj_id} moves to a new phone (...{last4}) at {when}. If this was not you, "
        "cancel it at /recover/cancel with code {code}."
    ),
    "recovery_started": (
        "sihat: pemulihan akaun bermula; akaun berpindah ke telefon ini pada {when} jika tidak "
        "dibatalkan. Account recovery started; the account moves to this phone at {when} "
        "unless it is cancelled."
    ),
    "recovery_cancelled": (
        "sihat: pemulihan akaun dibatalkan. The account recovery was cancelled."
    ),
    "recovery_failed": (
        "sihat: pemulihan akaun tidak dapat diselesaikan. The account recovery could not be "
        "completed."
    ),
    "recovery_completed": (
        "sihat: akaun {mysj_id} kini menggunakan telefon ini; log masuk dengan kata laluan "
        "baharu. Account {mysj_id} now uses this phone; log in with the new password."
    ),
    "phone_moved": (
        "sihat: akaun {mysj_id} tidak lagi menggunakan nombor ini. "
        "Account {mysj_id} no longer uses this number."
    ),
    "phone_changed": (
        "sihat: nombor telefon akaun {mysj_id} telah ditukar ke nombor ini. "
        "The phone number of account {mysj_id} was changed to this number."
    ),
}


def queue_sms(session: Session, phone: str, template: str, **params: object) -> OutboxMessage:
    message = OutboxMessage(
        channel="sms",
        recipient=phone,
        recipient_hash=blind_index("phone", phone),
        template=template,
        body=TEMPLATES[template].format(**params),
        created_at=clock.now(),
    )
    session.add(message)
    return message


def messages_to(session: Session, phone: str, template: str | None = None) -> list[OutboxMessage]:
    query = select(OutboxMessage).where(OutboxMessage.recipient_hash == blind_index("phone", phone))
    if template:
        query = query.where(OutboxMessage.template == template)
    return list(session.scalars(query.order_by(OutboxMessage.created_at)))


Deliver = Callable[[OutboxMessage], None]


def deliver_pending(session: Session, deliver: Deliver | None = None, limit: int = 500) -> int:
    """Hand pending messages to the provider; the development provider only records them."""
    pending = session.scalars(
        select(OutboxMessage).where(OutboxMessage.status == "PENDING").limit(limit)
    ).all()
    for message in pending:
        if deliver is not None:
            deliver(message)
        message.status = "SENT"
        message.sent_at = clock.now()
        message.provider = "outbox" if deliver is None else getattr(deliver, "__name__", "custom")
    return len(pending)
