"""One error shape: RFC 9457 ``application/problem+json`` with a stable ``code``.

Core's own codes (``core/codes.py``) are always there; each domain's ``codes.py`` is
registered by ``sihat.bootstrap.boot()``, which every entry point calls first. A :class:`Problem`
raised anywhere becomes the same response; nothing else (no stack trace) reaches a client.
"""

from __future__ import annotations

from typing import Any

from sihat.core.codes import CODES as CORE_CODES

PROBLEM_TYPE_BASE = "https://sihat.example/problems/"

# code -> (http status, English, Malay). Messages may use {placeholders} filled from params.
_CATALOG: dict[str, tuple[int, str, str]] = dict(CORE_CODES)


def register(codes: dict[str, tuple[int, str, str]]) -> None:
    for code, entry in codes.items():
        if code in _CATALOG and _CATALOG[code] != entry:
            raise ValueError(f"error code {code!r} registered twice with different text")
        _CATALOG[code] = entry


def catalog() -> dict[str, tuple[int, str, str]]:
    return dict(_CATALOG)


class Problem(Exception):
    """A refusal with a stable code. Raise it from services; the API renders it."""

    def __init__(
        self,
        code: str,
        *,
        field: str | None = None,
        status: int | None = None,
        **params: Any,
    ) -> None:
        if code not in _CATALOG:
            raise KeyError(
                f"unregistered error code {code!r}: is it in its domain's codes.py, and did "
                "this process call sihat.bootstrap.boot()?"
            )
        default_status, en, ms = _CATALOG[code]
        self.code = code
        self.field = field
        self.status = status or default_status
        self.params = params
        self.detail_en = _fill(en, params)
        self.detail_ms = _fill(ms, params)
        super().__init__(f"{code}: {self.detail_en}")

    def body(self, request_id: str | None = None, instance: str | None = None) -> dict[str, Any]:
        return problem_body(
            self.code,
            self.status,
            self.detail_en,
            self.detail_ms,
            field=self.field,
            request_id=request_id,
            instance=instance,
            params=self.params,
        )


def _fill(template: str, params: dict[str, Any]) -> str:
    try:
        return template.format(**params)
    except (KeyError, IndexError):
        return template


def problem_body(
    code: str,
    status: int,
    detail_en: str,
    detail_ms: str,
    *,
    field: str | None = None,
    request_id: str | None = None,
    instance: str | None = None,
    params: dict[str, Any] | None = None,
    errors: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": PROBLEM_TYPE_BASE + code,
        "title": code.replace("_", " "),
        "status": status,
        "code": code,
        "detail": detail_en,
        "detail_ms": detail_ms,
        "detail_en": detail_en,
    }
    if field:
        body["field"] = field
    if instance:
        body["instance"] = instance
    if request_id:
        body["request_id"] = request_id
    safe = {k: v for k, v in (params or {}).items() if isinstance(v, str | int | float | bool)}
    if safe:
        body["params"] = safe
    if errors:
        body["errors"] = errors
    return body


def invalid_input_body(
    errors: list[dict[str, Any]], *, instance: str | None = None, request_id: str | None = None
) -> dict[str, Any]:
    """``invalid_input`` listing what was wrong (``[{"field", "message"}]``, first one named)."""
    status, en, ms = _CATALOG["invalid_input"]
    return problem_body(
        "invalid_input",
        status,
        en,
        ms,
        field=errors[0]["field"] if errors else None,
        instance=instance,
        request_id=request_id,
        errors=errors,
    )
