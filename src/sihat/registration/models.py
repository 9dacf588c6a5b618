"""Vaccination registrations: one per person, whatever the channel; repeats are attempts."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from sihat.core.orm import Base, UTCDateTime

CHANNELS = ("MYSJ", "WEB", "HOTLINE", "WALKIN", "OUTREACH")


def _id() -> str:
    return str(uuid.uuid4())


class Registration(Base):
    __tablename__ = "registrations"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=_id)
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id"), unique=True)
    channel: Mapped[str] = mapped_column(String(10), index=True)
    registered_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    by_type: Mapped[str] = mapped_column(String(10))  # account, staff, public
    by_id: Mapped[str | None] = mapped_column(String(36))
    as_dependent: Mapped[bool] = mapped_column(Boolean, default=False)
    ppv_code: Mapped[str | None] = mapped_column(String(30))
    state: Mapped[str | None] = mapped_column(String(40))
    district: Mapped[str | None] = mapped_column(String(60))
    comorbidity: Mapped[bool] = mapped_column(Boolean, default=False)
    oku: Mapped[bool] = mapped_column(Boolean, default=False)
    pregnant: Mapped[bool] = mapped_column(Boolean, default=False)
    frontline: Mapped[bool] = mapped_column(Boolean, default=False)
    priority_phase: Mapped[int] = mapped_column(Integer)
    policy_version: Mapped[str] = mapped_column(String(30))


class RegistrationAttempt(Base):
    """A repeat registration through any channel: recorded, never a second registration."""

    __tablename__ = "registration_attempts"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=_id)
    registration_id: Mapped[str] = mapped_column(ForeignKey("registrations.id"), index=True)
    channel: Mapped[str] = mapped_column(String(10))
    attempted_at: Mapped[datetime] = mapped_column(UTCDateTime)
    by_type: Mapped[str] = mapped_column(String(10))
    by_id: Mapped[str | None] = mapped_column(String(36))
