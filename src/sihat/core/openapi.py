"""The OpenAPI document says how every operation can refuse: each error status the platform can
answer, as ``application/problem+json`` with the Problem schema (RFC 9457 plus our ``code``,
Malay and English details, the offending field and the request id).

Any route can be refused by the layers in front of it (the security domain's blocklist: 403; the
body limit: 413; rate limits: 429; unparseable input: 400/422; an unexpected error: 500), so those
are documented everywhere; the statuses of the refusal codes (``codes.toml`` of every domain) are
documented on every operation too, since a route's service may raise any of its domain's codes
and the codes are shared. Schemathesis (``tests/api/test_schemathesis.py``) fails on any status
or media type that is not documented here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI

from sihat.core.errors import catalog

PROBLEM_JSON = "application/problem+json"
ALWAYS = {400, 401, 403, 404, 405, 413, 415, 422, 429, 500}
PROBLEM_SCHEMA: dict[str, Any] = {
    "title": "Problem",
    "type": "object",
    "description": "RFC 9457 problem details with a stable machine code and Malay/English text.",
    "required": ["type", "title", "status", "code", "detail", "detail_ms", "detail_en"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "code": {"type": "string", "description": "stable machine code, e.g. ppv_closed"},
        "detail": {"type": "string"},
        "detail_ms": {"type": "string"},
        "detail_en": {"type": "string"},
        "field": {"type": ["string", "null"]},
        "instance": {"type": "string"},
        "request_id": {"type": "string"},
        "params": {"type": "object"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "field": {"type": ["string", "null"]},
                    "message": {"type": "string"},
                },
            },
        },
    },
}
_METHODS = {"get", "put", "post", "delete", "patch", "head", "options"}


def error_statuses() -> list[int]:
    return sorted(ALWAYS | {status for status, _en, _ms in catalog().values() if status >= 400})


def add_problems(document: dict[str, Any]) -> dict[str, Any]:
    """``document`` with every operation's error responses declared as problem+json."""
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    schemas["Problem"] = PROBLEM_SCHEMA
    for name in ("HTTPValidationError", "ValidationError"):
        schemas.pop(name, None)
    ref = {"$ref": "#/components/schemas/Problem"}
    statuses = error_statuses()
    for path in document.get("paths", {}).values():
        for method, operation in path.items():
            if method not in _METHODS:
                continue
            responses = operation.setdefault("responses", {})
            for status in statuses:
                responses[str(status)] = {
                    "description": f"Refused ({status}): see `code`",
                    "content": {PROBLEM_JSON: {"schema": ref}},
                }
    return document


def install(app: FastAPI) -> None:
    """Replace ``app.openapi`` with one that adds the problem responses (built once)."""
    plain: Callable[[], dict[str, Any]] = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = add_problems(plain())
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
