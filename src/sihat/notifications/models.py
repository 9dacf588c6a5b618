"""The notification outbox: every SMS, e-mail or push is written here in the caller's
transaction and delivered afterwards by a provider chosen in settings."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from sihat.core.crypto import Encrypted
from sihat.core.orm import Base, UTCDateTime


class OutboxMessage(Base):
    __tablename__ = "outbox"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=lambda: str(uuid.uuid4()))
    channel: Mapped[str] = mapped_column(String(10))  # sms, email, push
    recipient: Mapped[str] = mapped_column(Encrypted(300))
    recipient_hash: Mapped[str] = mapped_column(String(64), index=True)
    template: Mapped[str] = mapped_column(String(60))
    body: Mapped[str] = mapped_column(Encrypted(2000))
    status: Mapped[str] = mapped_column(String(10), default="PENDING", index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    provider: Mapped[str | None] = mapped_column(String(30))
