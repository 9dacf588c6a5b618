"""Where the application tells the security log what happened.

- ``on_problem(request, body)``: ``core.web`` calls it for every problem it answers (API and
  pages); the problem's ``code`` says what kind of event it was.
  A rate limit's refusal (``too_many_attempts``, from ``Limiter.hit_or_raise`` or any other
  limiter) is recorded here as ``RATE_LIMIT`` with the limit's scope as the target, so
  ``core.ratelimit`` needs no hook of its own and nothing is counted twice.
Other domains map their own codes to kinds with :func:`classify`.
"""

from __future__ import annotations

from typing import Any

from fastapi import Request

from sihat.security import patterns, service

_CODE_KINDS: dict[str, str] = {
    "staff_login_failed": "AUTH_FAILURE",
    "login_failed": "AUTH_FAILURE",
    "otp_wrong": "AUTH_FAILURE",
    "otp_expired": "AUTH_FAILURE",
    "too_many_attempts": "RATE_LIMIT",
    "invalid_input": "MALFORMED",
    "method_not_allowed": "SCAN",
}


def classify(codes: dict[str, str]) -> None:
    """Map problem codes of another domain to event kinds (e.g. ``{"qr_forged": "FORGED_QR"}``)."""
    _CODE_KINDS.update(codes)


def _presented_credentials(request: Request) -> bool:
    if request.headers.get("authorization"):
        return True
    return any(name.startswith("sihat_") for name in request.cookies)


def kind_of(request: Request, code: str) -> str | None:
    if code == "not_found":
        # No route matched: a probe for a path we do not have. A row the caller may not see
        # is also answered not_found, but from a matched route (the router set "endpoint").
        # Only a path that looks like a probe counts: a browser's /favicon.ico, /robots.txt or
        # a mistyped link is not an intrusion attempt (#17 item 8).
        if "endpoint" in request.scope or not patterns.is_probe(request.url.path):
            return None
        return "SCAN"
    if code == "not_authenticated":
        return "BAD_TOKEN" if _presented_credentials(request) else None
    return _CODE_KINDS.get(code)


def on_problem(request: Request, body: dict[str, Any]) -> None:
    kind = kind_of(request, str(body.get("code", "")))
    if kind is None:
        return
    target = request.url.path
    if kind == "RATE_LIMIT":  # the limit's scope (e.g. "login:phone"), never its key
        target = str((body.get("params") or {}).get("scope") or target)
    service.record(None, kind, None, target=target, code=body["code"], method=request.method)
