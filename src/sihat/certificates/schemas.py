"""Plain data going in and out of the certificates domain (Pydantic; never tables)."""

from __future__ import annotations

import json
import re
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from sihat.core import clock

_DOB = re.compile(r"^(19|20)\d\d(-\d\d){0,2}$")


@cache
def vaccine_codes() -> dict[str, dict[str, Any]]:
    """sihat vaccine brand -> EU value-set codes (``data/vaccines.json``)."""
    text = resources.files("sihat.certificates").joinpath("data", "vaccines.json").read_text()
    return {k: v for k, v in json.loads(text).items() if not k.startswith("_")}


class DoseDescription(BaseModel):
    """One administered dose, as the dose-record domain will hand it over.

    Names are given as written (``family_name``/``given_name``); their standardised ICAO 9303
    forms are derived unless given. ``dob`` may be ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``.
    """

    model_config = ConfigDict(frozen=True, str_strip_whitespace=True)

    family_name: str = Field(default="", max_length=80)
    given_name: str = Field(default="", max_length=80)
    family_name_standard: str | None = Field(default=None, pattern=r"^[A-Z<]*$", max_length=80)
    given_name_standard: str | None = Field(default=None, pattern=r"^[A-Z<]*$", max_length=80)
    dob: str
    vaccine: str = Field(description="sihat brand: PFIZER, SINOVAC, ASTRAZENECA, ...")
    dose_number: int = Field(ge=1, le=9)
    series_doses: int | None = Field(default=None, ge=1, le=9)
    vaccinated_on: date
    country: str = Field(default="MY", pattern=r"^[A-Z]{2}$")
    issuer: str | None = Field(default=None, max_length=80)
    ci: str | None = Field(default=None, max_length=80)

    @field_validator("vaccine")
    @classmethod
    def _known_vaccine(cls, value: str) -> str:
        brand = value.strip().upper()
        if brand not in vaccine_codes():
            known = ", ".join(sorted(vaccine_codes()))
            raise ValueError(f"unknown vaccine {value!r}; known: {known}")
        return brand

    @field_validator("dob")
    @classmethod
    def _dob_shape(cls, value: str) -> str:
        if not _DOB.match(value):
            raise ValueError("dob must be YYYY, YYYY-MM or YYYY-MM-DD (1900-2099)")
        return value

    @model_validator(mode="after")
    def _complete(self) -> DoseDescription:
        if not (self.family_name or self.given_name):
            raise ValueError("a family name or a given name is required")
        if self.vaccinated_on > clock.today_my():
            raise ValueError("vaccinated_on is in the future")
        if self.dob[:10] > self.vaccinated_on.isoformat():
            raise ValueError("dob is after vaccinated_on")
        return self

    @property
    def codes(self) -> dict[str, Any]:
        return vaccine_codes()[self.vaccine]

    @property
    def total_doses(self) -> int:
        """``sd``: the series length, or the dose number for a booster beyond it (EU rule:
        a booster after a complete series is encoded ``n/n``)."""
        series = self.series_doses or int(self.codes["sd"])
        return max(series, self.dose_number)


class IssuedCertificateOut(BaseModel):
    """What an API returns after issuing: the code and its metadata (no private data)."""

    ci: str
    kid: str
    issued_at: str
    expires: str
    code: str


class VerifyIn(BaseModel):
    """``POST /api/v1/certificates/verify`` as JSON (an image goes as multipart ``image``)."""

    code: str = Field(min_length=1, max_length=8000, description="the text of the QR: HC1:...")


class HolderCertificateOut(BaseModel):
    """One certificate in the holder's list (``GET /api/v1/certificates/mine``)."""

    ci: str
    person_id: str
    full_name: str
    relationship: str = Field(description="SELF or the dependent's relationship")
    dose_number: int
    vaccine: str
    vaccinated_on: date
    issued_at: str
    expires_at: str
    status: str
    code: str
    qr_url: str
    pdf_url: str
