"""Request and response models of the registration API."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from sihat.identity.schemas import IdentityIn


class FactsIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    comorbidity: bool = False
    oku: bool = False
    pregnant: bool = False
    frontline: bool = False
    state: str | None = Field(default=None, max_length=40)
    district: str | None = Field(default=None, max_length=60)


class WebRegistrationIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    identity: IdentityIn
    phone: str = Field(min_length=6, max_length=20)
    facts: FactsIn = FactsIn()


class StaffRegistrationIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    channel: Literal["HOTLINE", "WALKIN", "OUTREACH"]
    identity: IdentityIn
    phone: str | None = Field(default=None, min_length=6, max_length=20)
    ppv_code: str | None = Field(default=None, max_length=30)
    facts: FactsIn = FactsIn()


class RegistrationOut(BaseModel):
    registration_id: str
    person_id: str
    channel: str
    registered_at: datetime
    priority_phase: int
    policy_version: str
    created: bool


RECEIVED_EN = (
    "Your registration request was received. A confirmation was sent to the registered phone."
)
RECEIVED_MS = (
    "Permohonan pendaftaran anda diterima. Pengesahan telah dihantar ke telefon berdaftar."
)


class WebRegistrationReceived(BaseModel):
    """The one answer of the anonymous web form, whether the registration is new or not: it
    says nothing about an existing registration (#17 item 3)."""

    status: Literal["received"] = "received"
    detail_en: str = RECEIVED_EN
    detail_ms: str = RECEIVED_MS
