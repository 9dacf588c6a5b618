"""The SMS gateway's delivery-receipt webhook (signed; no caller account). A person's inbox,
preferences and push subscriptions are served by ``identity.inbox``, which knows the caller."""

from __future__ import annotations

import json

from fastapi import APIRouter, Depends, Request
from sqlalchemy.orm import Session

from sihat.core.errors import Problem
from sihat.core.settings import DEMO_KEY, Settings
from sihat.core.web import DB, settings_of
from sihat.notifications import receipts
from sihat.notifications.schemas import ReceiptsOut

router = APIRouter(prefix="/api/v1/notifications", tags=["notifications"])


async def raw_body(request: Request) -> bytes:
    return await request.body()


@router.post("/receipts", response_model=ReceiptsOut)
def delivery_receipts(
    request: Request,
    body: bytes = Depends(raw_body),
    session: Session = DB,
    settings: Settings = Depends(settings_of),
) -> ReceiptsOut:
    """Delivery receipts from the SMS gateway: one object or a list of them, each with
    ``message_id`` (the gateway's) or ``reference`` (ours) and ``status``."""
    secret = settings.sms_receipt_secret
    if (
        not secret
        or secret == DEMO_KEY
        or not receipts.verify(secret, body, request.headers.get(receipts.HEADER))
    ):
        raise Problem("receipt_bad_signature")
    try:
        parsed = json.loads(body)
    except ValueError:
        raise Problem("receipt_bad") from None
    items = parsed if isinstance(parsed, list) else [parsed]
    if not all(isinstance(item, dict) for item in items):
        raise Problem("receipt_bad")
    return ReceiptsOut(received=len(items), changed=receipts.apply(session, items))
