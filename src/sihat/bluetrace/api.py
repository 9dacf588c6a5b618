"""MySJ Trace routes under ``/api/v1/trace``, in OpenTrace's shapes: register a device, get
TempIDs and the handshake PIN, exchange an upload code for a token, upload encounters. Every
route but the upload needs the account's bearer token; the upload carries its upload token."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query
from sqlalchemy.orm import Session

from sihat.bluetrace import authz, devices, uploads
from sihat.bluetrace.schemas import (
    DeviceOut,
    PinOut,
    TempIdOut,
    TempIdsOut,
    TokenIn,
    TokenOut,
    UploadIn,
    UploadOut,
)
from sihat.core.ratelimit import Limiter
from sihat.core.web import DB, limiter, request_ip
from sihat.identity.deps import Caller, current_caller

router = APIRouter(prefix="/api/v1/trace", tags=["trace"])
UID = Query(min_length=28, max_length=28)


@router.post("/devices", response_model=DeviceOut, status_code=201)
def register_device(session: Session = DB, caller: Caller = Depends(current_caller)) -> DeviceOut:
    device = devices.register(session, caller.account)
    return DeviceOut(uid=device.uid, pin=device.pin)


@router.delete("/devices", status_code=204)
def revoke_device(
    uid: str = UID, session: Session = DB, caller: Caller = Depends(current_caller)
) -> None:
    """Turn MySJ Trace off for a phone (the UID is base64, so it travels as a query value)."""
    devices.revoke(session, caller.account, uid)


@router.get("/tempids", response_model=TempIdsOut)
def get_tempids(
    uid: str = UID, session: Session = DB, caller: Caller = Depends(current_caller)
) -> TempIdsOut:
    batch = devices.tempids(session, caller.account, uid)
    return TempIdsOut(
        tempIDs=[TempIdOut(tempID=t, startTime=s, expiryTime=e) for t, s, e in batch.tempids],
        refreshTime=batch.refresh_time,
    )


@router.get("/handshake-pin", response_model=PinOut)
def handshake_pin(
    uid: str = UID, session: Session = DB, caller: Caller = Depends(current_caller)
) -> PinOut:
    return PinOut(pin=devices.usable(session, caller.account, uid).pin)


@router.post("/upload-token", response_model=TokenOut)
def upload_token(
    body: TokenIn,
    session: Session = DB,
    caller: Caller = Depends(current_caller),
    lim: Limiter = Depends(limiter),
) -> TokenOut:
    device = devices.usable(session, caller.account, body.uid)
    token, row = authz.exchange(session, device, body.uploadCode, lim, request_ip())
    return TokenOut(token=token, expiresAt=int(row.expires_at.timestamp()))


@router.post("/uploads", response_model=UploadOut)
def upload(body: UploadIn, session: Session = DB) -> UploadOut:
    done = uploads.receive(session, body)
    return UploadOut(
        upload_id=done.id,
        records=done.records,
        valid=done.valid,
        no_msg=done.no_msg,
        expired_id=done.expired_id,
        failed_decryption=done.failed_decryption,
        foreign_org=done.foreign_org,
        contacts=done.contacts,
    )
