"""Verification as the server offers it (the public page and API): the offline verifier of
``document.py`` with this server's published keys and clock."""

from __future__ import annotations

from sihat.core import clock
from sihat.orders import document, keys
from sihat.orders.schemas import VerifyOut


def check(text: str) -> VerifyOut:
    try:
        found = document.verify(text, keys.public_keys(), at=clock.now())
    except document.Refused as refused:
        ms, en = document.REASONS[refused.reason]
        return VerifyOut(valid=False, reason=refused.reason, reason_ms=ms, reason_en=en, order=None)
    ms, en = document.REASONS["valid"]
    return VerifyOut(valid=True, reason="valid", reason_ms=ms, reason_en=en, order=found.payload)
