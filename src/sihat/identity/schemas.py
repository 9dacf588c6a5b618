"""Request and response models of the identity API (never the same classes as tables)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, EmailStr, Field

IdType = Literal["MYKAD", "MYPR", "MYKAS", "MYTENTERA", "PASSPORT", "OTHER"]
Sex = Literal["M", "F"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class IdentityIn(Strict):
    id_type: IdType
    id_number: str = Field(min_length=1, max_length=40)
    full_name: str = Field(min_length=1, max_length=200)
    date_of_birth: date | None = None
    sex: Sex | None = None
    nationality: str | None = Field(default=None, min_length=2, max_length=2)
    issuing_country: str | None = Field(default=None, min_length=2, max_length=3)
    state: str | None = Field(default=None, max_length=40)
    district: str | None = Field(default=None, max_length=60)
    email: EmailStr | None = None


class OtpRequest(Strict):
    phone: str = Field(min_length=6, max_length=20)


class OtpResponse(BaseModel):
    challenge_id: str
    expires_at: datetime


class SignUpRequest(Strict):
    challenge_id: str = Field(max_length=36)
    code: str = Field(min_length=4, max_length=8)
    phone: str = Field(min_length=6, max_length=20)
    password: str = Field(min_length=1, max_length=200)
    identity: IdentityIn


class AccountOut(BaseModel):
    account_id: str
    mysj_id: str
    full_name: str
    id_type: str
    id_number_masked: str
    verified: bool
    verification_method: str | None
    verified_at: datetime | None
    # The number typed at sign-up already had a record, not linked without proof: the person
    # is told to go to a counter (``next_step_ms`` / ``next_step_en``).
    record_unlinked: bool = False
    next_step_ms: str | None = None
    next_step_en: str | None = None


class LoginRequest(Strict):
    phone: str = Field(min_length=6, max_length=20)
    password: str = Field(min_length=1, max_length=200)


class LoginResponse(BaseModel):
    token: str
    mysj_id: str


class SessionOut(BaseModel):
    id: str
    created_at: datetime
    expires_at: datetime
    current: bool


class DependentIn(Strict):
    identity: IdentityIn
    relationship: Literal["CHILD", "PARENT", "SPOUSE", "GRANDPARENT", "OTHER"]


class DependentOut(BaseModel):
    person_id: str
    full_name: str
    id_type: str
    id_number_masked: str
    relationship: str
    added_at: datetime


class IdentityCheckOut(BaseModel):
    valid: bool
    normalised: str | None = None
    date_of_birth: date | None = None
    sex: str | None = None
    code: str | None = None


class RecoveryRequest(Strict):
    """A person who lost their phone: identity, date of birth, the new phone's code and a new
    password."""

    challenge_id: str = Field(max_length=36)
    code: str = Field(min_length=4, max_length=8)
    phone: str = Field(min_length=6, max_length=20, description="the new phone")
    id_type: IdType
    id_number: str = Field(min_length=1, max_length=40)
    issuing_country: str | None = Field(default=None, min_length=2, max_length=3)
    date_of_birth: date
    password: str = Field(min_length=1, max_length=200, description="the new password")


class RecoveryOut(BaseModel):
    status: Literal["PENDING"] = "PENDING"
    completes_at: datetime


class RecoveryCancel(Strict):
    code: str = Field(min_length=6, max_length=20)


class PendingRecoveryOut(BaseModel):
    requested_at: datetime
    completes_at: datetime
    new_phone_last4: str


class PhoneChangeRequest(Strict):
    challenge_id: str = Field(max_length=36)
    code: str = Field(min_length=4, max_length=8)
    phone: str = Field(min_length=6, max_length=20, description="the new phone")
    password: str = Field(min_length=1, max_length=200, description="the current password")
