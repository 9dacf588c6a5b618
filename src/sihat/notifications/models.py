"""The notification outbox and what each person has: every SMS, e-mail or push is written to
the outbox in the caller's transaction and delivered afterwards by the delivery worker
(``worker.py``) through the provider chosen in settings; the in-app inbox, push subscriptions
and message preferences are keyed by the person's phone (its blind index), the same key the
outbox uses, so this domain needs nothing from ``identity``.

Outbox states: PENDING -> SENDING (claimed by one worker until ``lease_until``) -> SENT ->
DELIVERED / FAILED / EXPIRED (from the gateway's receipt); PENDING -> EXPIRED (too old to
send), PENDING -> DEAD (no attempts left; ``last_error`` says why), SENDING -> FAILED (the
provider refused it for good)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Boolean, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from sihat.core.crypto import Encrypted
from sihat.core.orm import Base, UTCDateTime

STATES = ("PENDING", "SENDING", "SENT", "DELIVERED", "FAILED", "EXPIRED", "DEAD")
FINAL = ("DELIVERED", "FAILED", "EXPIRED", "DEAD")


def _id() -> str:
    return str(uuid.uuid4())


class OutboxMessage(Base):
    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_due", "status", "not_before"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=_id)
    channel: Mapped[str] = mapped_column(String(10))  # sms, email, push
    recipient: Mapped[str] = mapped_column(Encrypted(300))
    recipient_hash: Mapped[str] = mapped_column(String(64), index=True)
    template: Mapped[str] = mapped_column(String(60))
    body: Mapped[str] = mapped_column(Encrypted(2000))
    status: Mapped[str] = mapped_column(String(10), default="PENDING", index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    provider: Mapped[str | None] = mapped_column(String(30))
    language: Mapped[str] = mapped_column(String(2), default="ms")
    urgent: Mapped[bool] = mapped_column(Boolean, default=False)
    segments: Mapped[int] = mapped_column(Integer, default=1)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    not_before: Mapped[datetime | None] = mapped_column(UTCDateTime)  # deferred or backing off
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # not sent after this
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    claimed_by: Mapped[str | None] = mapped_column(String(60))
    provider_message_id: Mapped[str | None] = mapped_column(String(100), index=True)
    last_error: Mapped[str | None] = mapped_column(String(300))
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class InboxMessage(Base):
    """The in-app inbox: every notice for a person, including those sent nowhere else."""

    __tablename__ = "inbox_messages"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=_id)
    owner_hash: Mapped[str] = mapped_column(String(64), index=True)
    template: Mapped[str] = mapped_column(String(60))
    body_ms: Mapped[str] = mapped_column(Encrypted(2000))
    body_en: Mapped[str] = mapped_column(Encrypted(2000))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class PushSubscription(Base):
    """A browser's Web Push subscription (endpoint and keys from ``PushManager.subscribe``)."""

    __tablename__ = "push_subscriptions"
    __table_args__ = (UniqueConstraint("endpoint_hash", name="uq_push_subscriptions_endpoint"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=_id)
    owner_hash: Mapped[str] = mapped_column(String(64), index=True)
    endpoint: Mapped[str] = mapped_column(Encrypted(1000))
    endpoint_hash: Mapped[str] = mapped_column(String(64))
    p256dh: Mapped[str] = mapped_column(String(200))
    auth: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Preference(Base):
    """How a person wants to hear from sihat: language, quiet hours, and which optional
    notices they do not want by SMS (they still reach the inbox)."""

    __tablename__ = "notification_preferences"

    owner_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    language: Mapped[str] = mapped_column(String(2), default="ms")
    quiet_hours: Mapped[bool] = mapped_column(Boolean, default=True)
    email: Mapped[str | None] = mapped_column(Encrypted(300))
    opted_out: Mapped[str] = mapped_column(Text, default="")  # comma-separated templates
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
