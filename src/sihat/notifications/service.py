"""Queue notices in the caller's transaction, in the person's language, by the channels their
notice and preferences allow; the delivery worker (``worker.py``) sends them afterwards.

``queue_sms(session, phone, template, **params)`` is the one call other domains make: it
writes the inbox copy (every notice that has one), the SMS unless the person opted out of an
optional notice, an e-mail when they gave an address, and a push per subscribed browser.
Non-urgent notices queued in quiet hours wait until the quiet hours end (never dropped); a
notice with a validity (an OTP) is EXPIRED, never sent, once it is older than that.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from sihat.core import clock
from sihat.core.crypto import blind_index
from sihat.core.db import insert_many
from sihat.core.settings import get_settings
from sihat.notifications import segments, texts
from sihat.notifications.models import (
    InboxMessage,
    OutboxMessage,
    Preference,
    PushSubscription,
    _id,
)

_IN_BATCH = 1000  # owners per IN (...) list

# Texts of domains that have not moved to ``texts.define`` yet: one bilingual string each.
TEMPLATES: dict[str, str] = {
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


def owner_of(phone: str) -> str:
    """The key of a person's inbox, preferences and subscriptions: their phone's blind index."""
    return blind_index("phone", phone)


def move_owner(session: Session, old_hash: str, new_hash: str) -> None:
    """A person's phone changed (recovery or change of number): their inbox and preferences
    follow them to the new key; push subscriptions of the old phone's browsers are dropped (a
    lost phone must not go on receiving notices)."""
    session.execute(
        update(InboxMessage).where(InboxMessage.owner_hash == old_hash).values(owner_hash=new_hash)
    )
    session.execute(delete(PushSubscription).where(PushSubscription.owner_hash == old_hash))
    if session.get(Preference, new_hash) is None:
        session.execute(
            update(Preference).where(Preference.owner_hash == old_hash).values(owner_hash=new_hash)
        )


def _notice(template: str) -> texts.Notice:
    if template in texts.NOTICES:
        return texts.NOTICES[template]
    text = TEMPLATES[template]
    return texts.Notice(text, text)


def preference(session: Session, owner: str) -> Preference | None:
    return session.get(Preference, owner)


def quiet_until(at: datetime) -> datetime | None:
    """When the quiet hours around ``at`` end (Malaysia time), or ``None`` outside them."""
    start, end = get_settings().notify_quiet_hours
    local = clock.as_utc(at).astimezone(clock.MALAYSIA)
    hour = local.hour
    quiet = (start <= hour or hour < end) if start > end else (start <= hour < end)
    if not quiet:
        return None
    ends = local.replace(hour=end, minute=0, second=0, microsecond=0)
    if ends <= local:
        ends += timedelta(days=1)
    return clock.as_utc(ends)


def _outbox(
    channel: str,
    recipient: str,
    owner: str,
    template: str,
    body: str,
    language: str,
    notice: texts.Notice,
    deferred: datetime | None,
    validity: int | None,
    now: datetime,
) -> dict[str, Any]:
    return {
        "id": _id(),
        "channel": channel,
        "recipient": recipient,
        "recipient_hash": owner,
        "template": template,
        "body": body,
        "status": "PENDING",
        "created_at": now,
        "language": language,
        "urgent": notice.urgent,
        "segments": segments.count(body) if channel == "sms" else 1,
        "attempts": 0,
        "not_before": deferred,
        "expires_at": now + timedelta(seconds=validity) if validity else None,
    }


@dataclass
class Planned:
    """The rows one notice makes: its inbox copy and its outbox messages (the SMS first)."""

    inbox: dict[str, Any] | None
    outbox: list[dict[str, Any]]


def plan(
    phone: str,
    template: str,
    params: dict[str, object],
    pref: Preference | None,
    push_ids: Callable[[], Iterable[str]],
) -> Planned:
    """What queueing ``template`` for ``phone`` writes, given the person's preferences and
    (asked only when needed) their push subscriptions: the rules of :func:`queue_sms`, shared
    with :func:`queue_many`."""
    settings = get_settings()
    asked = params.pop("language", None)
    language = asked if isinstance(asked, str) and asked in texts.LANGUAGES else None
    notice = _notice(template)
    owner = owner_of(phone)
    lang = language or (pref.language if pref else "ms")
    now = clock.now()
    deferred = None
    if not notice.urgent and (pref is None or pref.quiet_hours):
        deferred = quiet_until(now)
    validity = notice.validity_seconds
    if template == "otp":
        validity = settings.otp_ttl_seconds
    inbox = None
    if "inbox" in notice.channels:
        inbox = {
            "id": _id(),
            "owner_hash": owner,
            "template": template,
            "body_ms": notice.text("ms", **params),
            "body_en": notice.text("en", **params),
            "created_at": now,
        }
    opted_out = bool(pref and notice.optional and template in pref.opted_out.split(","))
    body = notice.text(lang, **params)
    out = []
    if "sms" in notice.channels and not opted_out:
        out.append(
            _outbox("sms", phone, owner, template, body, lang, notice, deferred, validity, now)
        )
    if "inbox" in notice.channels and not opted_out:
        if pref is not None and pref.email:
            out.append(
                _outbox(
                    "email",
                    pref.email,
                    owner,
                    template,
                    body,
                    lang,
                    notice,
                    deferred,
                    validity,
                    now,
                )
            )
        for sub_id in push_ids():
            out.append(
                _outbox(
                    "push", sub_id, owner, template, body, lang, notice, deferred, validity, now
                )
            )
    return Planned(inbox, out)


def queue_sms(
    session: Session, phone: str, template: str, **params: object
) -> OutboxMessage | None:
    """Queue ``template`` for the person at ``phone``; returns the SMS (``None`` when this
    notice goes to them by no SMS: inbox only, or opted out). ``language="en"`` among the
    params overrides the person's choice."""
    owner = owner_of(phone)

    def push_ids() -> Iterable[str]:
        query = select(PushSubscription.id).where(PushSubscription.owner_hash == owner)
        return list(session.scalars(query))

    planned = plan(phone, template, params, preference(session, owner), push_ids)
    if planned.inbox is not None:
        session.add(InboxMessage(**planned.inbox))
    sms = None
    for values in planned.outbox:
        message = OutboxMessage(**values)
        session.add(message)
        if sms is None and message.channel == "sms":
            sms = message
    return sms


def queue_many(session: Session, notices: Sequence[tuple[str, str, dict[str, object]]]) -> None:
    """Queue many notices at once, each ``(phone, template, params)`` as :func:`queue_sms`
    would, with one query for the preferences, one for the push subscriptions and one
    multi-row insert per table (the live tracing job's thousands of notices)."""
    if not notices:
        return
    owners = sorted({owner_of(phone) for phone, _t, _p in notices})
    prefs: dict[str, Preference] = {}
    subs: defaultdict[str, list[str]] = defaultdict(list)
    for start in range(0, len(owners), _IN_BATCH):
        batch = owners[start : start + _IN_BATCH]
        prefs.update(
            (p.owner_hash, p)
            for p in session.scalars(select(Preference).where(Preference.owner_hash.in_(batch)))
        )
        found = session.execute(
            select(PushSubscription.owner_hash, PushSubscription.id).where(
                PushSubscription.owner_hash.in_(batch)
            )
        )
        for owner, sub_id in found:
            subs[owner].append(sub_id)
    inbox: list[dict[str, Any]] = []
    outbox: list[dict[str, Any]] = []
    for phone, template, params in notices:
        owner = owner_of(phone)
        planned = plan(
            phone, template, dict(params), prefs.get(owner), partial(subs.__getitem__, owner)
        )
        if planned.inbox is not None:
            inbox.append(planned.inbox)
        outbox.extend(planned.outbox)
    insert_many(session, InboxMessage, inbox)
    insert_many(session, OutboxMessage, outbox)


def messages_to(session: Session, phone: str, template: str | None = None) -> list[OutboxMessage]:
    query = select(OutboxMessage).where(OutboxMessage.recipient_hash == owner_of(phone))
    if template:
        query = query.where(OutboxMessage.template == template)
    return list(session.scalars(query.order_by(OutboxMessage.created_at)))


def shows_on_screen() -> bool:
    """Demo mode with the demo SMS provider: a page may show a one-time code it just sent
    (clearly marked as demo). Never true outside demo mode, whatever the provider says."""
    settings = get_settings()
    return settings.demo and settings.provider("sms") == "demo"


# --- the person's inbox, preferences and push subscriptions ---------------------------------


def inbox(session: Session, phone: str, limit: int = 100) -> list[InboxMessage]:
    query = (
        select(InboxMessage)
        .where(InboxMessage.owner_hash == owner_of(phone))
        .order_by(InboxMessage.created_at.desc(), InboxMessage.id)
        .limit(limit)
    )
    return list(session.scalars(query))


def mark_read(session: Session, phone: str, message_id: str) -> bool:
    """Mark one of the person's own inbox messages read; ``False`` when it is not theirs."""
    result = session.execute(
        update(InboxMessage)
        .where(InboxMessage.id == message_id, InboxMessage.owner_hash == owner_of(phone))
        .values(read_at=clock.now())
    )
    return bool(getattr(result, "rowcount", 0))


def set_preferences(
    session: Session,
    phone: str,
    *,
    language: str,
    quiet_hours: bool,
    opted_out: list[str],
    email: str | None = None,
) -> Preference:
    """Store the person's choices; notices that may not be refused are kept whatever they
    ask (``optional=False``: one-time codes, account security, risk notices)."""
    from sihat.core.errors import Problem

    if language not in texts.LANGUAGES:
        raise Problem("notify_bad_language", field="language")
    refused = [t for t in opted_out if t in texts.NOTICES and not texts.NOTICES[t].optional]
    if refused:
        raise Problem("notify_not_optional", field="opted_out", template=refused[0])
    owner = owner_of(phone)
    row = session.get(Preference, owner) or Preference(owner_hash=owner)
    row.language, row.quiet_hours = language, quiet_hours
    row.opted_out = ",".join(sorted({t for t in opted_out if t in texts.NOTICES}))
    row.email = email or None
    row.updated_at = clock.now()
    session.add(row)
    session.flush()
    return row


def subscribe_push(
    session: Session, phone: str, endpoint: str, p256dh: str, auth: str
) -> PushSubscription:
    """Remember a browser's push subscription (the same endpoint again replaces the old)."""
    digest = blind_index("push", endpoint)
    row = session.scalar(select(PushSubscription).where(PushSubscription.endpoint_hash == digest))
    if row is None:
        row = PushSubscription(endpoint_hash=digest)
        session.add(row)
    row.owner_hash, row.endpoint, row.p256dh, row.auth = owner_of(phone), endpoint, p256dh, auth
    row.created_at = clock.now()
    session.flush()
    return row


def unsubscribe_push(session: Session, phone: str, endpoint: str) -> bool:
    row = session.scalar(
        select(PushSubscription).where(
            PushSubscription.endpoint_hash == blind_index("push", endpoint),
            PushSubscription.owner_hash == owner_of(phone),
        )
    )
    if row is None:
        return False
    session.delete(row)
    return True


def deliver_pending(session: Session, limit: int = 500) -> int:
    """Mark due PENDING SMS as SENT through the development "outbox" provider, in the
    caller's transaction (tests and the CLI seed use it; the worker is what really sends)."""
    pending = session.scalars(
        select(OutboxMessage).where(OutboxMessage.status == "PENDING").limit(limit)
    ).all()
    for message in pending:
        message.status = "SENT"
        message.sent_at = clock.now()
        message.provider = "outbox"
        message.provider_message_id = f"outbox-{message.id}"
    return len(pending)
