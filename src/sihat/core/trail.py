"""The audit trail: every state-changing action writes one event in the same transaction.

Event names are typed tags, ``<domain>:<object>:<verb>`` (e.g. ``identity:account:created``).
Details must never carry identity numbers, phones or secrets: pass ids, not values.

The trail is tamper-evident: when a transaction commits, its events get the next sequence
numbers and each is chained to the one before with ``HMAC-SHA-256(audit key, previous hash ||
event)``. Chaining happens under a lock (PostgreSQL advisory lock; SQLite's single writer), so
the chain has one order. ``governance.auditlog`` verifies it and signs checkpoints.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Integer, String, event, func, inspect, select, text
from sqlalchemy.orm import Mapped, Session, mapped_column

from sihat.core import clock, context
from sihat.core.orm import Base, UTCDateTime
from sihat.core.settings import get_settings

GENESIS = "0" * 64
CHAIN_LOCK = 7_413_001  # pg_advisory_xact_lock key for the audit chain


class AuditEvent(Base):
    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    )
    seq: Mapped[int | None] = mapped_column(BigInteger, unique=True)
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
    prev_hash: Mapped[str | None] = mapped_column(String(64))
    chain_hash: Mapped[str | None] = mapped_column(String(64))


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
    event_row = AuditEvent(
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
    session.add(event_row)
    session.info.setdefault("sihat_audit_new", []).append(event_row)
    return event_row


def canonical(e: AuditEvent | Any) -> bytes:
    """The bytes an event's hash covers: every field but the id and the hashes themselves."""
    body = {
        "seq": e.seq,
        "occurred_at": clock.as_utc(e.occurred_at).isoformat(timespec="microseconds"),
        "action": e.action,
        "actor_type": e.actor_type,
        "actor_id": e.actor_id,
        "target_type": e.target_type,
        "target_id": e.target_id,
        "ip": e.ip,
        "user_agent": e.user_agent,
        "request_id": e.request_id,
        "channel": e.channel,
        "details": e.details or {},
    }
    return json.dumps(body, sort_keys=True, separators=(",", ":"), default=str).encode()


def link(prev_hash: str, e: AuditEvent | Any, key: bytes | None = None) -> str:
    key = key if key is not None else get_settings().audit_key.encode()
    return hmac.new(key, prev_hash.encode() + b"|" + canonical(e), hashlib.sha256).hexdigest()


def _chain(session: Session) -> None:
    if session.in_nested_transaction():  # chain once, when the real transaction commits
        return
    created = session.info.pop("sihat_audit_new", None)
    if not created:
        return
    session.flush()
    rows = [e for e in created if inspect(e).persistent]
    if not rows:
        return
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": CHAIN_LOCK})
    last = session.execute(
        select(AuditEvent.seq, AuditEvent.chain_hash).where(
            AuditEvent.seq == select(func.max(AuditEvent.seq)).scalar_subquery()
        )
    ).first()
    seq, prev = (last.seq, last.chain_hash) if last else (0, GENESIS)
    for e in sorted(rows, key=lambda r: r.id):
        seq += 1
        e.seq = seq
        e.prev_hash = prev
        e.chain_hash = prev = link(prev, e)
    session.flush()


def _forget(session: Session, previous_transaction: Any) -> None:
    # Only when the whole transaction ends: a savepoint's rollback (which SQLAlchemy also
    # reports) leaves the events recorded before it, and they must still be chained.
    if previous_transaction.parent is None:
        session.info.pop("sihat_audit_new", None)


def install() -> None:
    """Chain every session's new audit events when its transaction commits. ``core.db``
    calls it once, before ``txmark.install()``: the events must be chained (and flushed)
    while the transaction is still marked as the application's."""
    if not event.contains(Session, "before_commit", _chain):
        event.listen(Session, "before_commit", _chain)
        event.listen(Session, "after_soft_rollback", _forget)
