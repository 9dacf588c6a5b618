"""Request and response bodies of the check-in API (never the tables themselves)."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from pydantic import BaseModel, Field


class PremiseIn(BaseModel):
    name: str = Field(min_length=2, max_length=200)
    category: str = Field(max_length=30)
    address: str = Field(min_length=3, max_length=300)
    state: str = Field(max_length=40)
    district: str = Field(max_length=60)
    latitude: float | None = Field(default=None, ge=0.5, le=7.5)
    longitude: float | None = Field(default=None, ge=99.5, le=119.5)


class PremiseOut(BaseModel):
    premise_id: str
    name: str
    category: str
    address: str
    state: str
    district: str
    latitude: float | None
    longitude: float | None
    status: str
    role: str
    qr_version: int
    qr_url: str
    created_at: datetime


class PublicPremiseOut(BaseModel):
    """What a phone shows before checking in: the premise, nothing about its owner."""

    premise_id: str
    name: str
    category: str
    state: str
    district: str


class StaffIn(BaseModel):
    mysj_id: str = Field(min_length=3, max_length=20)


class CheckInIn(BaseModel):
    qr: str = Field(min_length=1, max_length=400, description="the scanned URL or its token")
    include_self: bool = True
    dependents: list[str] = Field(default_factory=list, max_length=20)


class DoorOut(BaseModel):
    status: str
    colour: str
    label_ms: str
    label_en: str


class VisitOut(BaseModel):
    visit_id: uuid.UUID
    person: str  # "self" or "dependent"
    person_id: str | None
    checked_in_at: datetime
    duplicate: bool
    door: DoorOut


class CheckInOut(BaseModel):
    premise_id: str
    premise_name: str
    visits: list[VisitOut]


class ManualCheckInIn(BaseModel):
    name: str = Field(min_length=2, max_length=200)
    phone: str = Field(min_length=6, max_length=30)


class CheckOutOut(BaseModel):
    visit_id: uuid.UUID
    premise_id: str
    checked_in_at: datetime
    checked_out_at: datetime


class MyVisitOut(BaseModel):
    visit_id: uuid.UUID
    premise_id: str
    premise_name: str
    person_id: str | None
    checked_in_at: datetime
    checked_out_at: datetime | None


class DayCountOut(BaseModel):
    day: date
    checkins: int
    open_now: int
