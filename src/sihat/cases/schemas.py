"""Request and response models of the cases API (never the tables)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class CaseIn(Strict):
    """One positive lab result; the fields are the CSV import's columns."""

    specimen_id: str = Field(min_length=1, max_length=60)
    id_type: str = Field(min_length=1, max_length=12)
    id_number: str = Field(min_length=1, max_length=40)
    issuing_country: str | None = Field(default=None, max_length=3)
    source: str = Field(min_length=1, max_length=12)
    sample_at: datetime
    onset_at: datetime | None = None
    isolated_at: datetime | None = None
    category: int
    state: str = Field(min_length=1, max_length=40)
    district: str = Field(min_length=1, max_length=60)


class CaseOut(BaseModel):
    id: str
    case_no: str
    source: str
    specimen_id: str
    sample_at: datetime
    onset_at: datetime | None
    isolated_at: datetime | None
    category: int
    state: str
    district: str
    status: str
    duplicate: bool = False


class RetractionIn(Strict):
    reason: str = Field(min_length=1, max_length=500)


class RetractionOut(BaseModel):
    id: str
    case_id: str
    status: str
    reason: str
    maker_id: str
    created_at: datetime
    expires_at: datetime


class PremiseVisitsOut(BaseModel):
    premise_id: str
    name: str
    state: str
    district: str
    visits: list[tuple[datetime, datetime]]
    minutes: int
    others: int


class CaseVisitsOut(BaseModel):
    case_id: str
    window_start: datetime
    window_end: datetime
    visits: int
    premises: list[PremiseVisitsOut]
