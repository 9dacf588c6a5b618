"""Bridges between ``cryptography`` keys/X.509 certificates and ``pycose`` keys.

``kid`` is the first 8 bytes of the SHA-256 of the signing certificate's DER encoding.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from pycose.algorithms import Es256, Ps256
from pycose.keys import EC2Key, RSAKey
from pycose.keys.curves import P256
from pycose.keys.keyops import SignOp, VerifyOp

ES256, PS256 = Es256.identifier, Ps256.identifier
ALGORITHMS: dict[int, Any] = {ES256: Es256, PS256: Ps256}
KID_LENGTH = 8


def kid_for(certificate: x509.Certificate) -> bytes:
    return certificate.fingerprint(hashes.SHA256())[:KID_LENGTH]


def _int_bytes(value: int, length: int | None = None) -> bytes:
    size = length or max(1, (value.bit_length() + 7) // 8)
    return value.to_bytes(size, "big")


def verify_key(certificate: x509.Certificate) -> tuple[EC2Key | RSAKey, int]:
    """The COSE verification key of a certificate and the one algorithm it may be used with."""
    public = certificate.public_key()
    if isinstance(public, ec.EllipticCurvePublicKey):
        if not isinstance(public.curve, ec.SECP256R1):
            raise ValueError(f"unsupported curve {public.curve.name}")
        numbers = public.public_numbers()
        key = EC2Key(
            crv=P256,
            x=_int_bytes(numbers.x, 32),
            y=_int_bytes(numbers.y, 32),
            optional_params={"KEY_OPS": [VerifyOp]},
        )
        return key, ES256
    if isinstance(public, rsa.RSAPublicKey):
        rsa_numbers = public.public_numbers()
        rsa_key = RSAKey(
            n=_int_bytes(rsa_numbers.n),
            e=_int_bytes(rsa_numbers.e),
            optional_params={"KEY_OPS": [VerifyOp]},
        )
        return rsa_key, PS256
    raise ValueError(f"unsupported public key type {type(public).__name__}")


@dataclass(frozen=True)
class SigningKey:
    """A document signer's private key with its certificate, ready for COSE signing."""

    private_key: ec.EllipticCurvePrivateKey
    certificate: x509.Certificate
    kid: bytes = field(init=False)
    cose_key: EC2Key = field(init=False, repr=False)
    algorithm: Any = field(default=Es256)

    def __post_init__(self) -> None:
        numbers = self.private_key.private_numbers()
        public = numbers.public_numbers
        cose_key = EC2Key(
            crv=P256,
            d=_int_bytes(numbers.private_value, 32),
            x=_int_bytes(public.x, 32),
            y=_int_bytes(public.y, 32),
            optional_params={"KEY_OPS": [SignOp, VerifyOp]},
        )
        object.__setattr__(self, "kid", kid_for(self.certificate))
        object.__setattr__(self, "cose_key", cose_key)


def load_certificate(data: bytes) -> x509.Certificate:
    """DER, PEM, or bare base64 of DER (as in trust lists and the test vectors)."""
    import base64

    text = data.strip()
    if text.startswith(b"-----BEGIN"):
        return x509.load_pem_x509_certificate(text)
    try:
        return x509.load_der_x509_certificate(text)
    except ValueError:
        return x509.load_der_x509_certificate(base64.b64decode(text, validate=False))


def certificate_der(certificate: x509.Certificate) -> bytes:
    return certificate.public_bytes(serialization.Encoding.DER)
