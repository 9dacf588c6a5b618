"""The EU DCC wire format, layer by layer, with maintained libraries for each layer.

``HC1:`` + Base45( zlib( COSE_Sign1( CWT{1: iss, 6: iat, 4: exp, -260: {1: eu_dcc_v1}} ) ) )

Encoding is one call (:func:`encode`); decoding is one function per layer so that a verifier
can report which layer failed, and the test vectors can feed each layer its own input.
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import base45
import cbor2
from pycose.algorithms import Es256
from pycose.headers import KID, Algorithm
from pycose.messages import Sign1Message

from sihat.certificates.cosekeys import ES256, SigningKey, sig_structure

PREFIX = "HC1:"
CLAIM_ISS, CLAIM_IAT, CLAIM_EXP, CLAIM_HCERT = 1, 6, 4, -260
EU_DCC_V1 = 1
TAG_COSE_SIGN1, TAG_CWT = 18, 61


class DecodeError(Exception):
    """A layer could not be decoded. ``code`` is a stable machine code (see ``reasons``)."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail


@dataclass(frozen=True)
class CoseSign1:
    """A parsed COSE_Sign1 message; ``message`` keeps the exact protected-header bytes."""

    message: Sign1Message
    kid: bytes | None
    alg: int | None

    @property
    def payload(self) -> bytes:
        return self.message.payload or b""

    @property
    def to_be_signed(self) -> bytes:
        return sig_structure(self.message.phdr_encoded, self.payload)

    @property
    def signature(self) -> bytes:
        return bytes(self.message.signature or b"")


@dataclass(frozen=True)
class Cwt:
    """The CWT claims of a DCC; ``dcc`` is the ``eu_dcc_v1`` object (JSON-compatible)."""

    issuer: str | None
    issued_at: datetime | None
    expires: datetime | None
    dcc: dict[str, Any]


# ---------------------------------------------------------------- encode


def cwt_claims(
    dcc: dict[str, Any], *, issuer: str, issued_at: datetime, expires: datetime
) -> dict[int, Any]:
    return {
        CLAIM_ISS: issuer,
        CLAIM_IAT: int(issued_at.timestamp()),
        CLAIM_EXP: int(expires.timestamp()),
        CLAIM_HCERT: {EU_DCC_V1: dcc},
    }


def sign(claims: dict[int, Any], key: SigningKey) -> bytes:
    """COSE_Sign1 (tag 18) over the CBOR claims; ``alg`` and ``kid`` in the protected header."""
    if key.algorithm != ES256:
        raise ValueError("sihat signs with ES256 only")
    message = Sign1Message(phdr={Algorithm: Es256, KID: key.kid}, payload=cbor2.dumps(claims))
    message.signature = key.sign(sig_structure(message.phdr_encoded, message.payload or b""))
    return bytes(message.encode(tag=True, sign=False))


def compress(cose: bytes) -> bytes:
    return zlib.compress(cose, 9)


def to_text(compressed: bytes) -> str:
    return PREFIX + base45.b45encode(compressed).decode("ascii")


def encode(
    dcc: dict[str, Any], key: SigningKey, *, issuer: str, issued_at: datetime, expires: datetime
) -> str:
    claims = cwt_claims(dcc, issuer=issuer, issued_at=issued_at, expires=expires)
    return to_text(compress(sign(claims, key)))


# ---------------------------------------------------------------- decode


def unprefix(text: str) -> str:
    text = text.strip()
    if not text.startswith(PREFIX):
        raise DecodeError("bad_prefix", f"expected {PREFIX!r}, got {text[:4]!r}")
    return text[len(PREFIX) :]


def base45_decode(text: str) -> bytes:
    try:
        return bytes(base45.b45decode(text))
    except (ValueError, KeyError, TypeError) as exc:
        raise DecodeError("bad_base45", str(exc)) from exc


def decompress(data: bytes) -> bytes:
    if not data or data[0] & 0x0F != 8:  # zlib header: deflate method
        raise DecodeError("bad_compression", "not a zlib stream")
    try:
        return zlib.decompress(data)
    except zlib.error as exc:
        raise DecodeError("bad_compression", str(exc)) from exc


def parse_cose(data: bytes) -> CoseSign1:
    """Accepts tag 18, CWT tag 61 around tag 18 (double tag), or an untagged array."""
    try:
        obj = cbor2.loads(data)
    except (cbor2.CBORDecodeError, ValueError, TypeError, RecursionError) as exc:
        raise DecodeError("bad_cose", f"not CBOR: {exc}") from exc
    if isinstance(obj, cbor2.CBORTag) and obj.tag == TAG_CWT:
        obj = obj.value
    if isinstance(obj, cbor2.CBORTag):
        if obj.tag != TAG_COSE_SIGN1:
            raise DecodeError("bad_cose", f"CBOR tag {obj.tag} is not COSE_Sign1")
        obj = obj.value
    # cbor2 hands back tagged content as immutable tuple/frozendict.
    if not (isinstance(obj, list | tuple) and len(obj) == 4):
        raise DecodeError("bad_cose", "COSE_Sign1 must be an array of 4")
    phdr, uhdr, payload, signature = obj
    if not (isinstance(phdr, bytes) and isinstance(uhdr, Mapping)):
        raise DecodeError("bad_cose", "malformed COSE headers")
    if not (isinstance(payload, bytes) and isinstance(signature, bytes)):
        raise DecodeError("bad_cose", "payload and signature must be byte strings")
    try:
        message = Sign1Message.from_cose_obj([phdr, dict(uhdr), payload, signature], True)
        message.signature = signature
    except Exception as exc:  # pycose raises many types for bad headers
        raise DecodeError("bad_cose", f"malformed COSE headers: {exc}") from exc
    protected = message.phdr
    # The protected kid wins; the unprotected kid is used only when none is protected.
    kid = protected.get(KID, message.uhdr.get(KID))
    # alg belongs in the protected header; one in the unprotected header is accepted only
    # because the verifier also requires it to match the signer's key type.
    alg = protected.get(Algorithm, message.uhdr.get(Algorithm))
    return CoseSign1(
        message=message,
        kid=bytes(kid) if isinstance(kid, bytes | bytearray) else None,
        alg=int(alg.identifier) if alg is not None and hasattr(alg, "identifier") else None,
    )


def parse_cwt(payload: bytes) -> Cwt:
    try:
        claims = cbor2.loads(payload)
    except (cbor2.CBORDecodeError, ValueError, TypeError, RecursionError) as exc:
        raise DecodeError("bad_cwt", f"payload is not CBOR: {exc}") from exc
    if not isinstance(claims, Mapping):
        raise DecodeError("bad_cwt", "CWT payload must be a map")
    hcert = claims.get(CLAIM_HCERT)
    if not isinstance(hcert, Mapping) or not isinstance(hcert.get(EU_DCC_V1), Mapping):
        raise DecodeError("bad_cwt", "missing hcert claim -260 {1: eu_dcc_v1}")
    iss = claims.get(CLAIM_ISS)
    return Cwt(
        issuer=iss if isinstance(iss, str) else None,
        issued_at=_epoch(claims.get(CLAIM_IAT)),
        expires=_epoch(claims.get(CLAIM_EXP)),
        dcc=to_json(hcert[EU_DCC_V1]),
    )


def _epoch(value: Any) -> datetime | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return datetime.fromtimestamp(value, tz=UTC)
    return None


def to_json(value: Any) -> Any:
    """CBOR-decoded value to JSON-compatible types (dates become ISO 8601 text)."""
    if isinstance(value, Mapping):
        return {str(k): to_json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_json(v) for v in value]
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat().replace("+00:00", "Z")
    if hasattr(value, "isoformat"):  # datetime.date
        return value.isoformat()
    if isinstance(value, cbor2.CBORTag):
        return to_json(value.value)
    if isinstance(value, bytes):
        raise DecodeError("bad_cwt", "byte string where text was expected")
    return value


def decode(text: str) -> tuple[CoseSign1, Cwt]:
    """The whole chain without any trust decision (for display and tests)."""
    cose = parse_cose(decompress(base45_decode(unprefix(text))))
    return cose, parse_cwt(cose.payload)


__all__ = ["PREFIX", "CoseSign1", "Cwt", "DecodeError", "decode", "encode"]
