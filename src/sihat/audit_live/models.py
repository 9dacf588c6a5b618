"""Audits of the live system: each run's trigger, status and summary, for the trend."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from sihat.core.orm import Base, UTCDateTime


class AuditRun(Base):
    __tablename__ = "audit_runs"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=lambda: str(uuid.uuid4()))
    trigger: Mapped[str] = mapped_column(String(10))  # MANUAL, SCHEDULE
    requested_by: Mapped[str | None] = mapped_column(String(36))
    status: Mapped[str] = mapped_column(String(10), index=True)  # RUNNING, DONE, FAILED
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    counts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    error: Mapped[str | None] = mapped_column(String(500))
