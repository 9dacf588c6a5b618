"""Request and response models of the notifications routes (never the tables)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field


class ReceiptsOut(BaseModel):
    received: int
    changed: int


class InboxItemOut(BaseModel):
    id: str
    template: str
    body: str
    created_at: datetime
    read: bool


class PreferencesIn(BaseModel):
    language: str = Field(pattern="^(ms|en)$")
    quiet_hours: bool = True
    opted_out: list[str] = Field(default_factory=list, max_length=50)
    # an address fits its encrypted column (Encrypted(300)) with room to spare
    email: str | None = Field(default=None, max_length=120, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class PreferencesOut(PreferencesIn):
    not_optional: list[str]


class PushKeys(BaseModel):
    p256dh: str = Field(min_length=20, max_length=200)
    auth: str = Field(min_length=8, max_length=100)


class PushSubscriptionIn(BaseModel):
    endpoint: str = Field(pattern="^https?://", max_length=900)
    keys: PushKeys


class PushKeyOut(BaseModel):
    public_key: str
