"""Security events (aggregated per flush: one row stands for ``count`` attempts) and the
blocklist of abusive sources."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from sihat.core.orm import Base, UTCDateTime

# kind -> what it means. Domains may add their own with ``service.register_kinds``.
KINDS: dict[str, str] = {
    "AUTH_FAILURE": "wrong password, one-time code or authenticator code",
    "BAD_TOKEN": "a bearer token or session cookie that no live session matches",
    "FORGED_TOKEN": "a token whose signature or format is not ours",
    "REPLAYED_TOKEN": "a token used again after it was spent, revoked or expired",
    "FORGED_QR": "a QR code whose signature does not verify",
    "REPLAYED_QR": "a QR code presented again where it may be used once",
    "RATE_LIMIT": "a rate limit refused the request",
    "MALFORMED": "a request body or query that does not parse",
    "SQL_INJECTION": "SQL injection-like payload",
    "XSS": "script injection-like payload",
    "PATH_TRAVERSAL": "path traversal-like payload",
    "INJECTION": "other injection-like payload (template, JNDI, shell)",
    "SCAN": "a request for a path the application does not have",
    "BLOCKED": "a request from a blocked source, refused",
    "EXPORT_REFUSED": "a personal-data export refused (above the cap or quota, self-approval)",
}
# Kinds that never count towards blocking a source.
NOT_BLOCKING = {"BLOCKED", "EXPORT_REFUSED"}


class SecurityEvent(Base):
    __tablename__ = "security_events"
    __table_args__ = (Index("ix_security_events_source_last", "source_ip", "last_at"),)

    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    )
    first_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    last_at: Mapped[datetime] = mapped_column(UTCDateTime)
    kind: Mapped[str] = mapped_column(String(30), index=True)
    source_ip: Mapped[str] = mapped_column(String(64))
    # The account whose session the request carried (``staff:<id>``, ``account:<id>``);
    # None for an anonymous request, counted by address alone.
    account: Mapped[str | None] = mapped_column(String(64))
    target: Mapped[str | None] = mapped_column(String(200))
    count: Mapped[int] = mapped_column(Integer)
    blocked: Mapped[bool] = mapped_column(Boolean, default=False)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class SourceBlock(Base):
    __tablename__ = "security_blocks"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=lambda: str(uuid.uuid4()))
    source_ip: Mapped[str] = mapped_column(String(64), index=True)
    # Whom the block refuses at that address: None every request (a block by hand), ``-``
    # requests without a session, else that account's (``staff:<id>``, ``account:<id>``).
    account: Mapped[str | None] = mapped_column(String(64))
    blocked_at: Mapped[datetime] = mapped_column(UTCDateTime)
    until: Mapped[datetime] = mapped_column(UTCDateTime)
    reason: Mapped[str] = mapped_column(String(200))
    events: Mapped[int] = mapped_column(Integer, default=0)
    by_type: Mapped[str] = mapped_column(String(10))  # system, staff
    by_id: Mapped[str | None] = mapped_column(String(36))
    lifted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    lifted_by: Mapped[str | None] = mapped_column(String(36))
