"""The headers every response carries (Content-Security-Policy, nosniff, Referrer-Policy,
frame denial, HSTS over TLS) and which peers are trusted proxies."""

from __future__ import annotations

import ipaddress

from starlette.types import Scope


def in_networks(ip: str, networks: list[str]) -> bool:
    try:
        addr = ipaddress.ip_address(ip)
    except ValueError:
        return False
    return any(addr in ipaddress.ip_network(n, strict=False) for n in networks)


# Content-Security-Policy of every page: scripts only from our own static files (no inline
# script, no eval), nothing framed by another site. Styles may be inline (style attributes).
# Images and workers may come from blob: URLs the page made itself (the QR scanner reads a
# chosen photo and decodes the camera in a worker).
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; worker-src 'self' blob:; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
# The OpenAPI explorer (/docs) is Swagger UI served from our own files (core/docs.py), started
# by an inline script.
DOCS_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'"
)
HSTS = b"max-age=31536000; includeSubDomains"
_COMMON = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"strict-origin-when-cross-origin"),
    (b"x-frame-options", b"DENY"),
]
_HEADERS = [*_COMMON, (b"content-security-policy", CSP.encode())]
_DOCS_HEADERS = [*_COMMON, (b"content-security-policy", DOCS_CSP.encode())]


def security_headers(
    path: str, scheme: str, forwarded_proto: str | None, trusted: bool
) -> list[tuple[bytes, bytes]]:
    """The headers every response carries; HSTS only when the request came over TLS (to us,
    or to a trusted proxy that says so in ``X-Forwarded-Proto``)."""
    headers = _DOCS_HEADERS if path == "/docs" else _HEADERS
    tls = scheme == "https" or (trusted and (forwarded_proto or "").lower() == "https")
    return [*headers, (b"strict-transport-security", HSTS)] if tls else headers


def trusted_peer(scope: Scope, trusted_proxies: list[str]) -> bool:
    peer = scope["client"][0] if scope.get("client") else "0.0.0.0"
    return in_networks(peer, trusted_proxies)
