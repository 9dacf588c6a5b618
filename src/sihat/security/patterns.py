"""Injection-like payloads: a few well-known shapes, looked for in the URL and the body.

A match is recorded as a security event; it does not refuse the request by itself (the
application's own validation does that), but it counts towards blocking the source. Only the
pattern's kind is kept, never the payload (it may carry personal data).
"""

from __future__ import annotations

import re
from urllib.parse import unquote, unquote_plus

PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "SQL_INJECTION",
        re.compile(
            r"(?i)(\bunion\b[\s(/*]+(all\s+)?select\b|'\s*(or|and)\s+'?\w*'?\s*=\s*'?\w*"
            r"|;\s*(drop|delete|insert|update|alter|truncate)\s+\w|\b(pg_sleep|sleep|benchmark)"
            r"\s*\(|\binformation_schema\b|\bxp_cmdshell\b|'\s*;?\s*--|/\*!?\d*\s*\w+\s*\*/)"
        ),
    ),
    (
        "XSS",
        re.compile(
            r"(?i)(<\s*script\b|javascript\s*:|\bon(error|load|mouseover|focus)\s*=|<\s*iframe\b"
            r"|<\s*svg\b[^>]*\bon\w+\s*=|document\.cookie)"
        ),
    ),
    ("PATH_TRAVERSAL", re.compile(r"(?i)(\.\./|\.\.\\|/etc/passwd|\bboot\.ini\b|\bwin\.ini\b)")),
    (
        "INJECTION",
        re.compile(r"(?i)(\$\{jndi:|\$\{\{|\{\{[^}]*\}\}|;\s*(cat|wget|curl|bash|sh)\s+\S)"),
    ),
)
INSPECT_BYTES = 64 * 1024
INSPECTED_TYPES = ("application/json", "application/x-www-form-urlencoded", "text/")


def classify(text: str) -> str | None:
    """The kind of the first injection-like shape found in ``text`` (decoded twice)."""
    for candidate in (text, unquote(text), unquote(unquote_plus(text))):
        for kind, pattern in PATTERNS:
            if pattern.search(candidate):
                return kind
    return None


class BodyInspector:
    """Collects the first bytes of a request body as it streams past (nothing is held up)."""

    def __init__(self, content_type: str) -> None:
        self.active = any(t in content_type.lower() for t in INSPECTED_TYPES)
        self._chunks: list[bytes] = []
        self._size = 0

    def feed(self, chunk: bytes) -> None:
        if self.active and self._size < INSPECT_BYTES and chunk:
            self._chunks.append(chunk[: INSPECT_BYTES - self._size])
            self._size += len(self._chunks[-1])

    def verdict(self) -> str | None:
        if not self._size:
            return None
        return classify(b"".join(self._chunks).decode("utf-8", "replace"))
