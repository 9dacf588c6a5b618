"""The audit trail: every state-changing action writes one event in the same transaction.

Event names are typed tags, ``<domain>:<object>:<verb>`` (e.g. ``identity:account:created``).
Details must never carry identity numbers, phones or secrets: pass ids, not values.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Integer, String
from sqlalchemy.orm import Mapped, Session, mapped_column

from sihat.core import clock, context
from sihat.core.db import Base, UTCDateTime


class AuditEvent(Base):
    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    )
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    action: Mapped[str] = mapped_column(String(80), index=True)
    actor_type: Mapped[str] = mapped_column(String(20))  # account, staff, system, bootstrap
    actor_id: Mapped[str | None] = mapped_column(String(64))
    target_type: Mapped[str | None] = mapped_column(String(40))
    target_id: Mapped[str | None] = mapped_column(String(64), index=True)
    ip: Mapped[str | None] = mapped_column(String(64))
    user_agent: Mapped[str | None] = mapped_column(String(300))
    request_id: Mapped[str | None] = mapped_column(String(64))
    channel: Mapped[str] = mapped_column(String(10))
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


def record(
    session: Session,
    action: str,
    *,
    actor_type: str,
    actor_id: object | None = None,
    target_type: str | None = None,
    target_id: object | None = None,
    **details: Any,
) -> AuditEvent:
    ctx = context.current()
    event = AuditEvent(
        occurred_at=clock.now(),
        action=action,
        actor_type=actor_type,
        actor_id=None if actor_id is None else str(actor_id),
        target_type=target_type,
        target_id=None if target_id is None else str(target_id),
        ip=ctx.ip,
        user_agent=(ctx.user_agent or "")[:300] or None,
        request_id=ctx.request_id,
        channel=ctx.channel,
        details=details,
    )
    session.add(event)
    return event
