"""Signed premise QR codes.

A code is the URL ``{base_url}/c/{token}`` with ``token = kid.premise_id.version.mac``:
``mac`` is HMAC-SHA-256 (truncated to 128 bits, base64url) over the other three fields,
keyed by a key derived from ``SIHAT_CHECKIN_QR_KEY`` and the key id. Anyone can read a code;
only the server can make one. A forged or altered code fails the MAC (``qr_invalid``); a code
whose version is older than the premise's current one was rotated out (``qr_rotated``).

HMAC rather than a public-key signature: only this server verifies codes, so there is no
verifier to hand a public key to, and verification costs about a microsecond.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import io
from dataclasses import dataclass
from functools import lru_cache

import segno
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from sihat.core.settings import Settings, get_settings

PREFIX = b"sihat-checkin-qr-v1"
MAC_BYTES = 16


@dataclass(frozen=True)
class Claims:
    premise_id: str
    version: int
    kid: str


class QrRefused(Exception):
    """A code that is not ours (``qr_invalid``) or no longer current (``qr_rotated``)."""

    def __init__(self, code: str, premise_id: str | None = None, reason: str = "") -> None:
        super().__init__(code)
        self.code = code
        self.premise_id = premise_id
        self.reason = reason


@lru_cache(maxsize=4)
def _key(secret: str, kid: str) -> bytes:
    return HKDF(algorithm=SHA256(), length=32, salt=b"sihat", info=PREFIX + kid.encode()).derive(
        secret.encode()
    )


def _mac(secret: str, kid: str, premise_id: str, version: int) -> str:
    message = f"{kid}.{premise_id}.{version}".encode()
    digest = hmac.new(_key(secret, kid), message, hashlib.sha256).digest()[:MAC_BYTES]
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def sign(premise_id: str, version: int, settings: Settings | None = None) -> str:
    settings = settings or get_settings()
    kid = settings.checkin_qr_key_id
    return f"{kid}.{premise_id}.{version}.{_mac(settings.checkin_qr_key, kid, premise_id, version)}"


def verify(token: str, settings: Settings | None = None) -> Claims:
    """The claims of an authentic token; :class:`QrRefused` otherwise. Whether the version is
    still current is decided against the premise row by the caller (see ``check_current``)."""
    settings = settings or get_settings()
    parts = token.strip().split(".")
    if len(parts) != 4 or len(token) > 200:
        raise QrRefused("qr_invalid", reason="malformed")
    kid, premise_id, version_text, mac = parts
    if not version_text.isdigit() or len(version_text) > 9:
        raise QrRefused("qr_invalid", reason="malformed")
    if kid != settings.checkin_qr_key_id:
        raise QrRefused("qr_invalid", premise_id=premise_id[:36], reason="unknown_key")
    expected = _mac(settings.checkin_qr_key, kid, premise_id, int(version_text))
    if not hmac.compare_digest(expected.encode(), mac.encode()):
        raise QrRefused("qr_invalid", premise_id=premise_id[:36], reason="bad_signature")
    return Claims(premise_id=premise_id, version=int(version_text), kid=kid)


def check_current(claims: Claims, current_version: int) -> None:
    if claims.version != current_version:
        raise QrRefused("qr_rotated", premise_id=claims.premise_id, reason="old_version")


def token_from(scanned: str) -> str:
    """Accept the whole URL (what a camera reads) or the bare token."""
    text = scanned.strip()
    if "/c/" in text:
        text = text.rsplit("/c/", 1)[1]
    return text.split("?", 1)[0].split("#", 1)[0]


def url_for(premise_id: str, version: int, settings: Settings | None = None) -> str:
    settings = settings or get_settings()
    return f"{settings.base_url.rstrip('/')}/c/{sign(premise_id, version, settings)}"


def png(url: str, scale: int = 10) -> bytes:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=scale, border=4)
    return buffer.getvalue()


def matrix(url: str) -> list[list[bool]]:
    """The modules of the code (with its quiet zone), for drawing it as vectors."""
    return [[bool(v) for v in row] for row in segno.make(url, error="m").matrix_iter(border=4)]
