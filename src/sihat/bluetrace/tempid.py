"""TempIDs exactly as ``tracing.md`` §2 lays them out (BlueTrace / OpenTrace)::

    plaintext (29 bytes) = UID (21 bytes) || start (uint32 BE) || expiry (uint32 BE)
    TempID = base64( ciphertext (29) || IV (16) || GCM tag (16) )   -> 84 characters

AES-256-GCM with a 16-byte IV and no associated data. Pure functions over bytes: the key
store (``keys.py``) decides which keys exist; this module imports nothing of sihat.
"""

from __future__ import annotations

import base64
import binascii
import os
import struct
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

UID_BYTES = 21
IV_BYTES = 16
TAG_BYTES = 16
PLAIN_BYTES = UID_BYTES + 8
TEMPID_BYTES = PLAIN_BYTES + IV_BYTES + TAG_BYTES
TEMPID_CHARS = 84


class TempIdError(Exception):
    """A TempID that cannot be read: ``reason`` is ``malformed`` or ``failed_decryption``."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Decoded:
    uid: str  # the 28-character base64 text of the 21-byte UID
    start: int
    expiry: int

    def as_json(self) -> dict[str, object]:
        return {"uid": self.uid, "start": self.start, "expiry": self.expiry}


def uid_bytes(uid: str) -> bytes:
    """The 21 bytes of a UID's 28-character base64 text (``malformed`` otherwise)."""
    try:
        raw = base64.b64decode(uid, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise TempIdError("malformed") from exc
    if len(raw) != UID_BYTES:
        raise TempIdError("malformed")
    return raw


def new_uid() -> str:
    """A random UID (21 bytes from the OS; never derived from identity)."""
    return base64.b64encode(os.urandom(UID_BYTES)).decode("ascii")


def encode(key: bytes, uid: str, start: int, expiry: int, iv: bytes | None = None) -> str:
    """One TempID; ``iv`` random unless given (tests and interoperability only)."""
    iv = iv if iv is not None else os.urandom(IV_BYTES)
    if len(iv) != IV_BYTES:
        raise TempIdError("malformed")
    return encode_with(AESGCM(key), uid_bytes(uid), start, expiry, iv)


def encode_with(aead: AESGCM, uid: bytes, start: int, expiry: int, iv: bytes) -> str:
    """:func:`encode` with a ready cipher and raw UID (the batch path)."""
    sealed = aead.encrypt(iv, uid + struct.pack(">II", start, expiry), None)
    # AESGCM returns ciphertext || tag; the layout puts the IV between them.
    return base64.b64encode(sealed[:PLAIN_BYTES] + iv + sealed[PLAIN_BYTES:]).decode("ascii")


def split(tempid: str) -> tuple[bytes, bytes]:
    """(IV, ciphertext||tag) of a TempID's text; ``malformed`` when it is not one."""
    if not isinstance(tempid, str) or len(tempid) != TEMPID_CHARS:
        raise TempIdError("malformed")
    try:
        raw = base64.b64decode(tempid, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise TempIdError("malformed") from exc
    if len(raw) != TEMPID_BYTES:
        raise TempIdError("malformed")
    iv = raw[PLAIN_BYTES : PLAIN_BYTES + IV_BYTES]
    return iv, raw[:PLAIN_BYTES] + raw[PLAIN_BYTES + IV_BYTES :]


def open_with(aeads: list[AESGCM], tempid: str) -> Decoded:
    """Decrypt with the first key that authenticates it (``failed_decryption`` when none)."""
    iv, sealed = split(tempid)
    for aead in aeads:
        try:
            plain = aead.decrypt(iv, sealed, None)
        except InvalidTag:
            continue
        start, expiry = struct.unpack(">II", plain[UID_BYTES:])
        return Decoded(base64.b64encode(plain[:UID_BYTES]).decode("ascii"), start, expiry)
    raise TempIdError("failed_decryption")


def decode(key: bytes, tempid: str) -> Decoded:
    return open_with([AESGCM(key)], tempid)
