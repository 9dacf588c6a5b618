"""Alerts for people to act on (security officer, administrators): written in the caller's
transaction, listed on the security pages, never silently dropped."""

from __future__ import annotations

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
