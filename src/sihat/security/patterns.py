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
# Paths that only a scanner asks for (other sites' admin pages, source control, secrets,
# server-side scripts). A path we do not have that matches none of these -- a browser's
# /favicon.ico, /robots.txt, /apple-touch-icon.png, a mistyped link -- is not an attempt.
PROBE_PATHS = re.compile(
    r"(?i)(\.(php\d?|aspx?|jsp|cgi|pl|env|git|svn|htaccess|htpasswd|bak|old|sql|swp|ini|cfg|"
    r"ds_store|yml|yaml|xml\.bak)(/|$)|/wp-(admin|login|content|includes|json)|/xmlrpc|"
    r"/phpmyadmin|/pma/|/cgi-bin/|/actuator|/server-status|/manager/html|/jmx-console|"
    r"/\.(git|svn|hg|env|aws|ssh|docker)(/|$)|/vendor/phpunit|/boaform|/hnap1|/solr/|"
    r"/console(/|$)|/shell|/etc/passwd|/proc/self|/admin(istrator)?(/|$)|/backup)"
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


def is_probe(path: str) -> bool:
    """Is ``path`` (one we have no route for) what a scanner, not a browser, asks for?"""
    return bool(PROBE_PATHS.search(unquote(path))) or classify(path) is not None


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
