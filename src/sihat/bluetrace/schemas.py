"""What the MySJ Trace API takes and answers (Pydantic; never the tables). Field names follow
OpenTrace's cloud functions and its StreetPassRecord so that an OpenTrace-derived app talks to
this server unchanged."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class DeviceOut(BaseModel):
    uid: str
    pin: str  # the handshake PIN the phone shows to the officer


class TempIdOut(BaseModel):
    tempID: str
    startTime: int
    expiryTime: int


class TempIdsOut(BaseModel):
    status: str = "SUCCESS"
    tempIDs: list[TempIdOut]
    refreshTime: int


class PinOut(BaseModel):
    pin: str


class TokenIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    uid: str = Field(min_length=28, max_length=28)
    uploadCode: str = Field(min_length=1, max_length=20)


class TokenOut(BaseModel):
    token: str
    expiresAt: int


class RecordIn(BaseModel):
    """One StreetPassRecord. Unknown fields are ignored (apps derived from OpenTrace add some);
    ``timestamp`` in Unix seconds, or milliseconds as the Android app stores them."""

    model_config = ConfigDict(extra="ignore")
    timestamp: int = Field(ge=0)
    msg: str | None = Field(default=None, max_length=200)
    modelC: str | None = Field(default=None, max_length=80)
    modelP: str | None = Field(default=None, max_length=80)
    rssi: float = Field(ge=-150, le=20)
    txPower: int | None = None
    org: str | None = Field(default=None, max_length=40)
    v: int | None = None

    @property
    def seconds(self) -> int:
        return self.timestamp // 1000 if self.timestamp > 10**11 else self.timestamp


class UploadIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    token: str = Field(min_length=1, max_length=200)
    records: list[RecordIn] = Field(max_length=200_000)  # the policy's cap is checked after
    events: list[dict[str, Any]] = Field(default_factory=list, max_length=10_000)


class UploadOut(BaseModel):
    upload_id: str
    records: int
    valid: int
    no_msg: int
    expired_id: int
    failed_decryption: int
    foreign_org: int
    contacts: int
