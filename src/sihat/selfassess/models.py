"""Self-assessment tables: one assessment per person per Malaysia day (started, answered
question by question, completed), the daily tasks of people under watch (one per person per
day), and self-test results (one per person, day and result)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from sihat.core.orm import Base, UTCDateTime


def new_id() -> str:
    return str(uuid.uuid4())


class Assessment(Base):
    """A person's self-assessment of one day. ``started_at`` when the first screen is opened,
    ``completed_at`` once every question is answered and scored; a guardian's answers for a
    dependent name the guardian's account in ``account_id``. ``state``/``district`` are the
    person's at the start (for the officer's area and the per-district metric)."""

    __tablename__ = "self_assessments"
    __table_args__ = (
        UniqueConstraint("person_id", "day", name="uq_self_assessments_person_day"),
        Index("ix_self_assessments_day", "day"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id"))
    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id"), index=True)
    day: Mapped[date] = mapped_column(Date)
    version: Mapped[str] = mapped_column(String(30))
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    state: Mapped[str | None] = mapped_column(String(40))
    district: Mapped[str | None] = mapped_column(String(60))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    score: Mapped[int | None] = mapped_column(Integer)
    outcome: Mapped[str | None] = mapped_column(String(30))  # a MyRisk status, or None
    risk_status_id: Mapped[str | None] = mapped_column(String(36))


class DailyTask(Base):
    """Today's self-assessment for a person whose MyRisk status is watched: DUE, then DONE
    (assessment completed that day) or MISSED (the day ended first)."""

    __tablename__ = "self_assessment_tasks"
    __table_args__ = (
        UniqueConstraint("person_id", "day", name="uq_self_assessment_tasks_person_day"),
        Index("ix_self_assessment_tasks_day_status", "day", "status"),
        Index("ix_self_assessment_tasks_place", "state", "district"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id"))
    day: Mapped[date] = mapped_column(Date)
    risk_status: Mapped[str] = mapped_column(String(30))  # why the task was set
    status: Mapped[str] = mapped_column(String(8))  # DUE, DONE, MISSED
    state: Mapped[str | None] = mapped_column(String(40))
    district: Mapped[str | None] = mapped_column(String(60))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    missed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class SelfTest(Base):
    """A self-test result reported by the person or their guardian. The same result on the
    same day again is the same report (nothing new written). A positive one names the case it
    opened or joined. The photo, when given, is a re-encoded JPEG without metadata, sealed
    with the data key."""

    __tablename__ = "self_tests"
    __table_args__ = (
        UniqueConstraint("person_id", "day", "result", name="uq_self_tests_person_day_result"),
        Index("ix_self_tests_day", "day"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id"), index=True)
    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id"))
    day: Mapped[date] = mapped_column(Date)
    result: Mapped[str] = mapped_column(String(8))  # POSITIVE, NEGATIVE, INVALID
    brand: Mapped[str] = mapped_column(String(30))
    tested_at: Mapped[datetime] = mapped_column(UTCDateTime)
    reported_at: Mapped[datetime] = mapped_column(UTCDateTime)
    case_id: Mapped[str | None] = mapped_column(ForeignKey("cases.id"))
    photo: Mapped[str | None] = mapped_column(Text)  # core.crypto.encrypt(base64(JPEG))
    photo_bytes: Mapped[int | None] = mapped_column(Integer)
