"""The signed order document and its offline verifier: pure functions that need nothing but
``cryptography`` and a public key (an employer's phone or a script can run them).

A document is ``SIHATORD1.<payload>.<signature>``: the payload is canonical JSON (sorted keys,
no spaces) in unpadded base64url, the signature is Ed25519 over ``SIHATORD1.<payload>`` in
unpadded base64url. The payload holds only what an employer needs to see::

    {"v": 1, "kid": "...", "no": "HSO-...", "kind": "HSO" | "RO", "name": "A*** B** A**",
     "id": "********1234", "district": "Selangor/Petaling", "from": "...Z", "until": "...Z"
     (null on a release order), "iat": "...Z", "ref": "HSO-..." (the order an RO ends)}

A refusal is :class:`Refused` with a stable ``reason`` (see :data:`REASONS`, Malay and English).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

PREFIX = "SIHATORD1"
KINDS = ("HSO", "RO")

# reason -> (Malay, English)
REASONS: dict[str, tuple[str, str]] = {
    "valid": ("Perintah ini sah.", "This order is valid."),
    "malformed": (
        "Ini bukan dokumen perintah sihat yang lengkap.",
        "This is not a complete sihat order document.",
    ),
    "unknown_key": (
        "Perintah ini ditandatangani dengan kunci yang tidak dikenali.",
        "This order was signed with a key we do not know.",
    ),
    "bad_signature": (
        "Tandatangan tidak sepadan: perintah ini telah diubah atau dipalsukan.",
        "The signature does not match: this order was altered or forged.",
    ),
    "expired": (
        "Perintah pengawasan di rumah ini telah tamat tempoh.",
        "This home surveillance order has expired.",
    ),
    "not_yet_valid": (
        "Perintah ini belum berkuat kuasa.",
        "This order is not in force yet.",
    ),
}


class Refused(Exception):
    """The document does not verify; ``reason`` is a key of :data:`REASONS`."""

    def __init__(self, reason: str, payload: Mapping[str, Any] | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.payload = dict(payload) if payload is not None else None


@dataclass(frozen=True)
class Verified:
    payload: dict[str, Any]

    @property
    def kind(self) -> str:
        return str(self.payload["kind"])


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def stamp(moment: datetime | None) -> str | None:
    """An instant as the document writes it (UTC, seconds, ``Z``)."""
    if moment is None:
        return None
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _instant(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)


def kid_of(public: Ed25519PublicKey) -> str:
    """A key's id: the first 8 bytes of SHA-256 of its raw public key, in hex."""
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).digest()[:8].hex()


def public_key_text(public: Ed25519PublicKey) -> str:
    """The raw public key in base64url, as ``GET /api/v1/orders/keys`` publishes it."""
    return _b64(public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw))


def public_key_from_text(text: str) -> Ed25519PublicKey:
    return Ed25519PublicKey.from_public_bytes(_unb64(text))


def sign(payload: Mapping[str, Any], key: Ed25519PrivateKey) -> str:
    """The document for ``payload`` (``kid`` is filled in from the key)."""
    body = {**payload, "v": 1, "kid": kid_of(key.public_key())}
    encoded = _b64(json.dumps(body, sort_keys=True, separators=(",", ":")).encode("utf-8"))
    signed = f"{PREFIX}.{encoded}"
    return f"{signed}.{_b64(key.sign(signed.encode('ascii')))}"


def verify(
    document: str, keys: Mapping[str, Ed25519PublicKey], at: datetime | None = None
) -> Verified:
    """Check ``document`` against the published ``keys`` (kid -> public key) and, when ``at``
    is given, that it is in force then (a release order never expires). Raises
    :class:`Refused`."""
    parts = document.strip().split(".")
    if len(parts) != 3 or parts[0] != PREFIX:
        raise Refused("malformed")
    try:
        payload = json.loads(_unb64(parts[1]))
        signature = _unb64(parts[2])
    except (ValueError, binascii.Error) as exc:
        raise Refused("malformed") from exc
    if not isinstance(payload, dict) or payload.get("kind") not in KINDS:
        raise Refused("malformed")
    key = keys.get(str(payload.get("kid")))
    if key is None:
        raise Refused("unknown_key", payload)
    try:
        key.verify(signature, f"{parts[0]}.{parts[1]}".encode("ascii"))
    except InvalidSignature as exc:
        raise Refused("bad_signature", payload) from exc
    if at is not None:
        try:
            starts = _instant(str(payload["from"]))
            until = payload.get("until")
            ends = _instant(str(until)) if until else None
        except (KeyError, ValueError) as exc:
            raise Refused("malformed", payload) from exc
        if at < starts:
            raise Refused("not_yet_valid", payload)
        if ends is not None and at >= ends:
            raise Refused("expired", payload)
    return Verified(payload)
