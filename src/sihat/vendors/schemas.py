"""Request and response models of the vendors API. Money in ringgit with two decimals."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, computed_field

Service = Literal["SMS", "MAPS_API", "OTHER"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class ContractIn(Strict):
    contract_ref: str = Field(min_length=3, max_length=60)
    vendor: str = Field(min_length=2, max_length=120)
    service: Service
    starts_on: date
    ends_on: date
    rate_myr: Decimal = Field(ge=0, max_digits=10, decimal_places=5)
    ceiling_myr: Decimal = Field(gt=0, max_digits=14, decimal_places=2)


class InvoiceIn(Strict):
    contract_ref: str = Field(min_length=3, max_length=60)
    invoice_no: str = Field(min_length=1, max_length=60)
    invoice_date: date
    period_start: date
    period_end: date
    units: int = Field(ge=0)
    amount_myr: Decimal = Field(ge=0, max_digits=14, decimal_places=2)


class PayIn(Strict):
    payment_ref: str = Field(min_length=3, max_length=60)


class LimitIn(Strict):
    limit_myr: Decimal = Field(ge=0, max_digits=14, decimal_places=2)


class ContractOut(BaseModel):
    id: str
    contract_ref: str
    vendor: str
    service: str
    starts_on: date
    ends_on: date
    rate_sen_per_1000: int
    ceiling_sen: int


class InvoiceOut(BaseModel):
    id: str
    contract_id: str
    invoice_no: str
    invoice_date: date
    period_start: date
    period_end: date
    units_billed: int
    amount_sen: int
    metered_units: int
    expected_sen: int
    status: str
    verified_by: str | None
    verified_at: datetime | None
    approved_by: str | None
    approved_at: datetime | None
    paid_at: datetime | None
    payment_ref: str | None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def amount_myr(self) -> str:
        return f"{self.amount_sen / 100:.2f}"


class UsageOut(BaseModel):
    service: str
    first: date
    last: date
    units: int
    by_day: dict[date, int]
