"""Alerts for people to act on (security officer, administrators): written in the caller's
transaction, listed on the security pages, never silently dropped.

A refusal that people must hear about (e.g. an export above the cap) cannot be written in the
caller's transaction, which rolls back: it is handed to :func:`report_refusal`, and whoever
writes after the request (the security domain, installed with :func:`deliver_refusals_to` by
``sihat.bootstrap``) records it in the security log and writes its row. A domain reporting a
refusal therefore needs no import of the security domain. Reporting one before the bootstrap
has installed a writer is an error, never a dropped alert.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Integer, String
from sqlalchemy.orm import Mapped, Session, mapped_column

from sihat.core import clock
from sihat.core.orm import Base, UTCDateTime


class Alert(Base):
    __tablename__ = "alerts"

    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    )
    raised_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    kind: Mapped[str] = mapped_column(String(60), index=True)
    severity: Mapped[str] = mapped_column(String(10))  # info, warning, critical
    subject_type: Mapped[str | None] = mapped_column(String(30))
    subject_id: Mapped[str | None] = mapped_column(String(64))
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    acknowledged_by: Mapped[str | None] = mapped_column(String(36))


def raise_alert(
    session: Session,
    kind: str,
    *,
    severity: str = "warning",
    subject_type: str | None = None,
    subject_id: object | None = None,
    **details: Any,
) -> Alert:
    alert = Alert(
        raised_at=clock.now(),
        kind=kind,
        severity=severity,
        subject_type=subject_type,
        subject_id=None if subject_id is None else str(subject_id),
        details=details,
    )
    session.add(alert)
    return alert


@dataclass(frozen=True)
class Refusal:
    """A refused action to be recorded after the request: a security event (``kind``,
    ``ip``, ``target``, ``details``) and the row ``row()`` builds (e.g. an alert)."""

    kind: str
    ip: str | None
    target: str
    row: Callable[[], object]
    details: dict[str, Any] = field(default_factory=dict)


_deliver: Callable[[Refusal], None] | None = None


def report_refusal(refusal: Refusal) -> None:
    deliver = _deliver
    if deliver is None:
        raise RuntimeError(f"refusal {refusal.kind!r} reported before sihat.bootstrap.boot()")
    deliver(refusal)


def deliver_refusals_to(deliver: Callable[[Refusal], None]) -> None:
    """Install the writer of refusals (``sihat.bootstrap``)."""
    global _deliver
    _deliver = deliver
