"""Request and response models of the staff API."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Role = Literal[
    "SUPER_ADMIN",
    "ADMIN",
    "HOTLINE_OPERATOR",
    "VACCINATOR",
    "REGISTRATION_DESK",
    "SUPERVISOR",
    "HEALTH_OFFICER",
    "AUDITOR",
    "SECURITY_OFFICER",
    "FINANCE_OFFICER",
    "PAYMENT_APPROVER",
]
ScopeType = Literal["NATIONAL", "STATE", "DISTRICT", "PPV"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class StaffLogin(Strict):
    username: str = Field(min_length=1, max_length=60)
    password: str = Field(min_length=1, max_length=200)
    totp: str = Field(min_length=6, max_length=8)


class StaffToken(BaseModel):
    token: str
    username: str


class RoleIn(Strict):
    role: Role
    scope_type: ScopeType = "NATIONAL"
    scope_code: str | None = Field(default=None, max_length=60)
    expires_at: datetime | None = None
    allowed_networks: list[str] | None = Field(default=None, max_length=20)


class StaffActivate(Strict):
    username: str = Field(min_length=3, max_length=60)
    code: str = Field(min_length=6, max_length=12)
    password: str = Field(min_length=1, max_length=200)


class StaffActivated(BaseModel):
    username: str
    totp_uri: str


class RoleOut(BaseModel):
    role: str
    scope_type: str
    scope_code: str | None
    expires_at: datetime | None


class StaffOut(BaseModel):
    id: str
    username: str
    full_name: str
    status: str
    roles: list[RoleOut]
