"""MyRisk tables: every status a person was given (history), at most one of them current per
person (a partial unique index), the exposures reported to MyRisk, and views per day."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from sihat.core.orm import Base, UTCDateTime


def new_id() -> str:
    return str(uuid.uuid4())


class RiskStatus(Base):
    """One status given to a person. ``is_current`` marks the one shown (at most one per
    person, enforced by the database); the others are the history: ``ended_at`` set when it
    ended (EXPIRED, RETRACTED), or still standing but outranked (``outcome`` IGNORED when it was
    outranked on arrival, SUPERSEDED once a higher one arrived)."""

    __tablename__ = "risk_statuses"
    __table_args__ = (
        Index(
            "uq_risk_statuses_current_person",
            "person_id",
            unique=True,
            sqlite_where=text("is_current"),
            postgresql_where=text("is_current"),
        ),
        Index("ix_risk_statuses_person_created", "person_id", "created_at"),
        Index("ix_risk_statuses_source", "source", "source_ref"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id"))
    status: Mapped[str] = mapped_column(String(30))
    reason: Mapped[str] = mapped_column(String(40))
    source: Mapped[str] = mapped_column(String(12))
    source_ref: Mapped[str | None] = mapped_column(String(64))
    policy_version: Mapped[str] = mapped_column(String(30))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    outcome: Mapped[str] = mapped_column(String(12))  # APPLIED, IGNORED, SUPERSEDED
    is_current: Mapped[bool] = mapped_column(Boolean, default=False)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    end_reason: Mapped[str | None] = mapped_column(String(12))  # EXPIRED, RETRACTED


class Exposure(Base):
    """A person exposed to a case, as the tracing engine or an officer reports it. One row per
    (case, person, kind): reporting it again changes nothing."""

    __tablename__ = "exposures"
    __table_args__ = (
        UniqueConstraint("case_ref", "person_id", "kind", name="uq_exposures_case_person_kind"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    kind: Mapped[str] = mapped_column(String(10))  # CASUAL, CLOSE, BLUETOOTH
    case_ref: Mapped[str] = mapped_column(String(64))
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id"), index=True)
    premise_ref: Mapped[str | None] = mapped_column(String(64))
    overlap_minutes: Mapped[int | None] = mapped_column(Integer)
    exposed_on: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    outcome: Mapped[str] = mapped_column(String(10))  # STATUS, NOTIFIED


class RiskView(Base):
    """How many times people looked at a risk status, per Malaysia day (the live audit's
    ``myrisk_views``)."""

    __tablename__ = "risk_views"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)
