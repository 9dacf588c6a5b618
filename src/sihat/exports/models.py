"""Export requests, their downloads and the alerts they raise."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from sihat.core.orm import Base, UTCDateTime

STATUSES = ("PENDING", "APPROVED", "REJECTED")


def _id() -> str:
    return str(uuid.uuid4())


class ExportRequest(Base):
    __tablename__ = "export_requests"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=_id)
    requested_by: Mapped[str] = mapped_column(ForeignKey("staff_accounts.id"), index=True)
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    purpose: Mapped[str] = mapped_column(String(500))
    dataset: Mapped[str] = mapped_column(String(40))
    fields: Mapped[list[str]] = mapped_column(JSON)
    filters: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    max_rows: Mapped[int] = mapped_column(Integer)
    matched_rows: Mapped[int] = mapped_column(Integer)  # rows the filters matched at request
    status: Mapped[str] = mapped_column(String(10), default="PENDING", index=True)
    decided_by: Mapped[str | None] = mapped_column(ForeignKey("staff_accounts.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decision_note: Mapped[str | None] = mapped_column(String(500))
    allow_names: Mapped[bool] = mapped_column(Boolean, default=False)
    allow_phones: Mapped[bool] = mapped_column(Boolean, default=False)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)  # of the request, then the file
    marker: Mapped[str] = mapped_column(String(40), unique=True)  # the canary row's reference
    downloads: Mapped[int] = mapped_column(Integer, default=0)


class ExportDownload(Base):
    __tablename__ = "export_downloads"

    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    )
    export_id: Mapped[str] = mapped_column(ForeignKey("export_requests.id"), index=True)
    staff_id: Mapped[str] = mapped_column(ForeignKey("staff_accounts.id"), index=True)
    downloaded_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    ip: Mapped[str] = mapped_column(String(64))
    user_agent: Mapped[str | None] = mapped_column(String(300))
    rows: Mapped[int] = mapped_column(Integer)


class ExportAlert(Base):
    __tablename__ = "export_alerts"

    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    )
    raised_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    kind: Mapped[str] = mapped_column(String(30), index=True)
    severity: Mapped[str] = mapped_column(String(10))  # LOW, MEDIUM, HIGH
    subject: Mapped[str] = mapped_column(String(36), index=True)  # the staff member
    export_id: Mapped[str | None] = mapped_column(String(36))
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
