"""Orders routes under ``/api/v1/orders``: ``GET /keys`` (the published public keys, for
offline verifiers) and ``POST /verify`` (a document checked against them; public)."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from sihat.orders import document, keys, verify
from sihat.orders.schemas import KeysOut, PublicKeyOut, VerifyIn, VerifyOut

router = APIRouter(prefix="/api/v1/orders", tags=["orders"])


@router.get("/keys", response_model=KeysOut)
def public_keys() -> KeysOut:
    return KeysOut(
        keys=[
            PublicKeyOut(kid=kid, public_key=document.public_key_text(key))
            for kid, key in keys.public_keys().items()
        ]
    )


@router.post("/verify", response_model=VerifyOut, dependencies=[Depends(verify.verify_limit)])
def verify_document(body: VerifyIn) -> VerifyOut:
    return verify.check(body.document)
