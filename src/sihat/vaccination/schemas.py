"""Request and response models of the vaccination API (never the table classes)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from sihat.identity.schemas import IdentityIn
from sihat.registration.schemas import FactsIn


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class CentreIn(Strict):
    code: str = Field(min_length=2, max_length=30, pattern=r"^[A-Za-z0-9-]+$")
    name: str = Field(min_length=2, max_length=200)
    type: str
    state: str
    district: str = Field(min_length=1, max_length=60)
    opens_on: date
    latitude: float | None = None
    longitude: float | None = None


class PeriodOut(BaseModel):
    opens_on: date
    closes_on: date | None


class CentreOut(BaseModel):
    code: str
    name: str
    type: str
    state: str
    district: str
    periods: list[PeriodOut]


class CloseIn(Strict):
    last_day: date
    reason: str = Field(min_length=3, max_length=200)


class ReopenIn(Strict):
    opens_on: date


class CapacityIn(Strict):
    product: str
    daily: int = Field(ge=0, le=100_000)


class AssignmentIn(Strict):
    staff_id: str
    role: Literal["VACCINATOR", "REGISTRATION_DESK", "SUPERVISOR"]


class AssignmentOut(BaseModel):
    id: str
    ppv_code: str
    staff_id: str
    role: str
    started_at: datetime
    ended_at: datetime | None


class BatchIn(Strict):
    product: str
    lot: str = Field(min_length=1, max_length=40)
    expires_on: date


class BatchOut(BaseModel):
    id: str
    product: str
    lot: str
    expires_on: date


class ReceiveIn(Strict):
    batch_id: str
    quantity: int = Field(gt=0, le=1_000_000)


class TransferIn(Strict):
    batch_id: str
    to_ppv: str
    quantity: int = Field(gt=0, le=1_000_000)


class StockOut(BaseModel):
    batch_id: str
    product: str
    lot: str
    expires_on: date
    quantity: int


class DoseIn(Strict):
    """Every field is required except the client id (generated when absent) and the
    late-entry approval (needed only for late entries)."""

    person_id: str = Field(min_length=1)
    dose_number: int = Field(ge=1, le=10)
    product: str = Field(min_length=1)
    batch_id: str = Field(min_length=1)
    ppv_code: str = Field(min_length=1)
    administered_at: AwareDatetime
    client_id: str | None = Field(default=None, min_length=8, max_length=64)
    late_entry_id: str | None = None


class DoseOut(BaseModel):
    id: str
    client_id: str
    person_id: str
    dose_number: int
    slot: int
    product: str
    batch_id: str
    ppv_code: str
    vaccinator_id: str
    administered_at: datetime
    received_at: datetime
    source: str
    created: bool = True


class OfflineDoseIn(DoseIn):
    client_id: str = Field(min_length=8, max_length=64)  # type: ignore[assignment]
    device_time: AwareDatetime


class UploadIn(Strict):
    device_id: str = Field(min_length=1, max_length=64)
    device_sent_at: AwareDatetime | None = None
    records: list[OfflineDoseIn] = Field(min_length=1, max_length=5000)


class UploadResult(BaseModel):
    client_id: str
    status: Literal["accepted", "duplicate", "refused"]
    dose_id: str | None = None
    code: str | None = None
    detail_en: str | None = None
    detail_ms: str | None = None
    field: str | None = None


class UploadOut(BaseModel):
    accepted: int
    duplicates: int
    refused: int
    results: list[UploadResult]


class LateEntryIn(Strict):
    ppv_code: str
    first_day: date
    last_day: date
    reason: str = Field(min_length=10, max_length=500)


class LateEntryOut(BaseModel):
    id: str
    ppv_code: str
    first_day: date
    last_day: date
    requested_by: str
    approved_by: str | None
    valid_until: datetime | None


class AmendmentIn(Strict):
    kind: Literal["CORRECT", "VOID"]
    changes: dict[str, str] = Field(default_factory=dict)
    reason: str = Field(min_length=10, max_length=500)


class AmendmentOut(BaseModel):
    id: str
    dose_id: str
    kind: str
    status: str
    requested_by: str
    decided_by: str | None
    replacement_id: str | None


class AppointmentOut(BaseModel):
    id: str
    person_id: str
    ppv_code: str
    product: str
    dose_number: int
    day: date
    status: str
    source: str


class AllocateIn(Strict):
    ppv_code: str
    product: str
    day: date


class RescheduleIn(Strict):
    day: date


class WalkInIn(Strict):
    ppv_code: str
    channel: Literal["WALKIN", "OUTREACH"] = "WALKIN"
    identity: IdentityIn
    facts: FactsIn = Field(default_factory=FactsIn)
    product: str
    phone: str | None = None


class WalkInOut(BaseModel):
    person_id: str
    registration_id: str
    channel: str
    appointment: AppointmentOut


class AefiIn(Strict):
    dose_id: str
    onset_on: date
    serious: bool
    symptoms: list[str] = Field(default_factory=list, max_length=12)
    description: str | None = Field(default=None, max_length=1000)


class AefiOut(BaseModel):
    id: str
    dose_id: str
    channel: str
    serious: bool
    reported_on: date


class ProductOut(BaseModel):
    code: str
    name: str
    manufacturer: str
    prophylaxis: str
    primary_doses: int
    interval_days: int
    min_age: int
    booster: bool
