"""Cases (one per positive specimen) and the requests to retract one (maker-checker)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Index, SmallInteger, String, text
from sqlalchemy.orm import Mapped, mapped_column

from sihat.core.orm import Base, UTCDateTime

SOURCES = ("LAB_RTPCR", "PRO_RTKAG", "SELF_TEST", "IMPORTED")
STATUSES = ("PROVISIONAL", "CONFIRMED", "RETRACTED")
CATEGORIES = (1, 2, 3, 4, 5)


def _id() -> str:
    return str(uuid.uuid4())


class Case(Base):
    __tablename__ = "cases"
    __table_args__ = (Index("ix_cases_place", "state", "district"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=_id)
    case_no: Mapped[str] = mapped_column(String(20), unique=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id"), index=True)
    source: Mapped[str] = mapped_column(String(12))
    specimen_id: Mapped[str] = mapped_column(String(60), unique=True)
    sample_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    onset_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    isolated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    category: Mapped[int] = mapped_column(SmallInteger)
    state: Mapped[str] = mapped_column(String(40))
    district: Mapped[str] = mapped_column(String(60))
    status: Mapped[str] = mapped_column(String(12))
    channel: Mapped[str] = mapped_column(String(10))  # PAGE, API, CSV
    recorded_by: Mapped[str | None] = mapped_column(String(36))  # staff id; None from the CLI
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    retracted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class CaseRetraction(Base):
    """One officer asks to retract a case; another with authority over its district decides.
    At most one pending request per case (database-enforced)."""

    __tablename__ = "case_retractions"
    __table_args__ = (
        Index(
            "uq_case_retractions_pending",
            "case_id",
            unique=True,
            sqlite_where=text("status = 'PENDING'"),
            postgresql_where=text("status = 'PENDING'"),
        ),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=_id)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"), index=True)
    reason: Mapped[str] = mapped_column(String(500))
    status: Mapped[str] = mapped_column(String(10))  # PENDING, EXECUTED, REJECTED, EXPIRED
    maker_id: Mapped[str] = mapped_column(ForeignKey("staff_accounts.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    decided_by: Mapped[str | None] = mapped_column(String(36))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
