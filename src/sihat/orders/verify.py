"""Verification as the server offers it (the public page and API): the offline verifier of
``document.py`` with this server's published keys and clock."""

from __future__ import annotations

from fastapi import Depends

from sihat.core import clock
from sihat.core.ratelimit import Limiter
from sihat.core.web import limiter, request_ip
from sihat.orders import document, keys
from sihat.orders.schemas import VerifyOut
from sihat.orders.settings import get_settings


def verify_limit(lim: Limiter = Depends(limiter)) -> None:
    """The public verify routes (API and page), per client IP."""
    lim.hit_or_raise(
        "order-verify", request_ip(), f"{get_settings().verify_per_ip_per_minute}/minute"
    )


def check(text: str) -> VerifyOut:
    try:
        found = document.verify(text, keys.public_keys(), at=clock.now())
    except document.Refused as refused:
        ms, en = document.REASONS[refused.reason]
        return VerifyOut(valid=False, reason=refused.reason, reason_ms=ms, reason_en=en, order=None)
    ms, en = document.REASONS["valid"]
    return VerifyOut(valid=True, reason="valid", reason_ms=ms, reason_en=en, order=found.payload)
