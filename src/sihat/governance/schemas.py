"""Request and response models of the governance API."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from sihat.staff.schemas import RoleIn


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class StaffRequestIn(Strict):
    kind: Literal["CREATE", "CHANGE_ROLES", "TERMINATE", "REACTIVATE", "CANCEL_PPV_USER"]
    reason: str = Field(min_length=3, max_length=500)
    target_staff_id: str | None = Field(default=None, max_length=36)
    username: str | None = Field(
        default=None, min_length=3, max_length=60, pattern=r"^[a-zA-Z0-9._-]+$"
    )
    full_name: str | None = Field(default=None, min_length=2, max_length=200)
    roles: list[RoleIn] = Field(default_factory=list, max_length=10)
    ppv_code: str | None = Field(default=None, max_length=30)

    def payload(self) -> dict[str, Any]:
        out: dict[str, Any] = {"grants": [r.model_dump(mode="json") for r in self.roles]}
        for key in ("username", "full_name", "ppv_code"):
            if getattr(self, key):
                out[key] = getattr(self, key)
        return out


class DecisionIn(Strict):
    approve: bool = True


class StaffRequestOut(BaseModel):
    id: str
    kind: str
    status: str
    reason: str
    scope_type: str
    scope_code: str | None
    approvals_required: int
    approvals: int
    maker_id: str
    target_staff_id: str | None
    created_at: datetime
    expires_at: datetime
    activation_code: str | None = None
