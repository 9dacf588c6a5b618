"""What the orders API takes and answers (Pydantic; never the tables)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class PublicKeyOut(BaseModel):
    kid: str
    alg: str = "Ed25519"
    public_key: str  # raw key, base64url


class KeysOut(BaseModel):
    keys: list[PublicKeyOut]


class VerifyIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    document: str = Field(min_length=1, max_length=4000)


class VerifyOut(BaseModel):
    valid: bool
    reason: str
    reason_ms: str
    reason_en: str
    order: dict[str, Any] | None
