"""Delivery receipts: the gateway tells us what became of each SMS, in a webhook signed with
HMAC-SHA256 over ``<timestamp>.<body>`` with ``SIHAT_SMS_RECEIPT_SECRET`` (header
``X-Sihat-Signature: t=<unix seconds>,v1=<hex>``; the stand-in gateway signs the same way).

A receipt names the message by the gateway's id or by our reference (the message id we sent
as the idempotency key) and says DELIVERED, FAILED or EXPIRED. Applying a receipt is
idempotent and a receipt's final state never changes, so a receipt sent twice (or replayed)
changes nothing; a message we gave up on (DEAD: its worker died on the last attempt) still
becomes DELIVERED if the gateway says so. Delivered SMS are what ``vendors.metering`` bills,
per segment.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from sihat.core import clock
from sihat.core.errors import Problem
from sihat.notifications.models import OutboxMessage

RECEIPT_STATES = ("DELIVERED", "FAILED", "EXPIRED")
HEADER = "X-Sihat-Signature"


def sign(secret: str, body: bytes, timestamp: int) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


def verify(secret: str, body: bytes, header: str | None) -> bool:
    if not header:
        return False
    parts = dict(p.split("=", 1) for p in header.split(",") if "=" in p)
    try:
        timestamp = int(parts.get("t", ""))
    except ValueError:
        return False
    return hmac.compare_digest(sign(secret, body, timestamp), f"t={timestamp},v1={parts.get('v1')}")


def apply(session: Session, receipts: list[dict[str, Any]]) -> int:
    """Apply receipts; returns how many messages changed state."""
    changed = 0
    for receipt in receipts:
        status = str(receipt.get("status", "")).upper()
        provider_id, reference = receipt.get("message_id"), receipt.get("reference")
        if status not in RECEIPT_STATES or not (provider_id or reference):
            raise Problem("receipt_bad", field="status")
        conditions = []
        if provider_id:
            conditions.append(OutboxMessage.provider_message_id == str(provider_id))
        if reference:
            conditions.append(OutboxMessage.id == str(reference))
        row = session.scalar(select(OutboxMessage).where(or_(*conditions)).limit(1))
        if row is None or row.status in RECEIPT_STATES:
            continue  # a gateway's final word stands (a DEAD row may still be delivered)
        row.status = status
        if provider_id and not row.provider_message_id:
            row.provider_message_id = str(provider_id)
        if status == "DELIVERED":
            row.delivered_at = clock.now()
        else:
            row.last_error = f"receipt: {receipt.get('error') or status}"[:300]
        changed += 1
    session.flush()
    return changed
