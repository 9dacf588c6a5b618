"""Request and response models of the security API."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class BlockIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    source_ip: str = Field(min_length=2, max_length=64)
    minutes: int = Field(ge=1, le=60 * 24 * 30)
    reason: str = Field(min_length=3, max_length=200)


class EventOut(BaseModel):
    id: int
    first_at: datetime
    last_at: datetime
    kind: str
    source_ip: str
    target: str | None
    count: int
    blocked: bool
    details: dict[str, Any]


class BlockOut(BaseModel):
    id: str
    source_ip: str
    blocked_at: datetime
    until: datetime
    reason: str
    events: int
    by_type: str
    lifted_at: datetime | None


class SourceCount(BaseModel):
    source_ip: str
    attempts: int


class ReportOut(BaseModel):
    attempts: int
    by_kind: dict[str, int]
    by_source: list[SourceCount]
    blocked_requests: int
    sources_blocked: int
    sources_blocked_now: int
