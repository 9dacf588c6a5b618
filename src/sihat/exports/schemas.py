"""Request and response models of the exports API."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class ExportIn(Strict):
    dataset: str = Field(min_length=1, max_length=40)
    purpose: str = Field(min_length=10, max_length=500)
    fields: list[str] = Field(min_length=1, max_length=30)
    filters: dict[str, str | bool] = Field(default_factory=dict, max_length=10)
    max_rows: int = Field(ge=1, le=1_000_000_000)


class DecisionIn(Strict):
    allow_names: bool = False
    allow_phones: bool = False
    note: str | None = Field(default=None, max_length=500)


class RejectIn(Strict):
    note: str | None = Field(default=None, max_length=500)


class ExportOut(BaseModel):
    id: str
    dataset: str
    purpose: str
    fields: list[str]
    filters: dict[str, Any]
    max_rows: int
    matched_rows: int
    status: str
    requested_by: str
    requested_at: datetime
    decided_by: str | None
    decided_at: datetime | None
    allow_names: bool
    allow_phones: bool
    expires_at: datetime
    downloads: int


class DatasetOut(BaseModel):
    name: str
    title_en: str
    title_ms: str
    fields: dict[str, str]
    filters: dict[str, str]


class DownloadOut(BaseModel):
    downloaded_at: datetime
    ip: str
    rows: int


class AlertOut(BaseModel):
    id: int
    raised_at: datetime
    kind: str
    severity: str
    subject: str
    export_id: str | None
    details: dict[str, Any]
