"""Signing keys, kids and COSE signature math.

``pycose`` builds and parses the COSE_Sign1 structure; the signature itself is computed and
checked with ``cryptography`` (OpenSSL) over the COSE ``Sig_structure``. pycose would do the
ECDSA math in pure Python (the ``ecdsa`` package), some 30 times slower and not constant-time.

``kid`` is the first 8 bytes of the SHA-256 of the signing certificate's DER encoding.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field

import cbor2
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import (
    decode_dss_signature,
    encode_dss_signature,
)
from pycose.algorithms import Es256, Ps256

ES256, PS256 = int(Es256.identifier), int(Ps256.identifier)
ALGORITHMS = {ES256: "ES256", PS256: "PS256"}
KID_LENGTH = 8
_P256_BYTES = 32


def kid_for(certificate: x509.Certificate) -> bytes:
    return certificate.fingerprint(hashes.SHA256())[:KID_LENGTH]


def certificate_der(certificate: x509.Certificate) -> bytes:
    return certificate.public_bytes(serialization.Encoding.DER)


def load_certificate(data: bytes) -> x509.Certificate:
    """DER, PEM, or bare base64 of DER (as in trust lists and the test vectors)."""
    text = data.strip()
    if text.startswith(b"-----BEGIN"):
        return x509.load_pem_x509_certificate(text)
    try:
        return x509.load_der_x509_certificate(text)
    except ValueError:
        return x509.load_der_x509_certificate(base64.b64decode(text, validate=False))


def sig_structure(protected: bytes, payload: bytes) -> bytes:
    """RFC 9052 §4.4: the bytes a COSE_Sign1 signature covers (no external AAD)."""
    return bytes(cbor2.dumps(["Signature1", protected, b"", payload]))


def algorithm_for(certificate: x509.Certificate) -> int:
    """The one COSE algorithm a signer's key may be used with: ES256 (P-256) or PS256 (RSA)."""
    public = certificate.public_key()
    if isinstance(public, ec.EllipticCurvePublicKey):
        if not isinstance(public.curve, ec.SECP256R1):
            raise ValueError(f"unsupported curve {public.curve.name} (ES256 needs P-256)")
        return ES256
    if isinstance(public, rsa.RSAPublicKey):
        return PS256
    raise ValueError(f"unsupported public key type {type(public).__name__}")


def signature_valid(certificate: x509.Certificate, data: bytes, signature: bytes) -> bool:
    public = certificate.public_key()
    try:
        if isinstance(public, ec.EllipticCurvePublicKey):
            if len(signature) != 2 * _P256_BYTES:
                return False
            r = int.from_bytes(signature[:_P256_BYTES], "big")
            s = int.from_bytes(signature[_P256_BYTES:], "big")
            public.verify(encode_dss_signature(r, s), data, ec.ECDSA(hashes.SHA256()))
            return True
        if isinstance(public, rsa.RSAPublicKey):
            pss = padding.PSS(padding.MGF1(hashes.SHA256()), padding.PSS.DIGEST_LENGTH)
            public.verify(signature, data, pss, hashes.SHA256())
            return True
    except InvalidSignature:
        return False
    return False


@dataclass(frozen=True)
class SigningKey:
    """A document signer's P-256 private key with its certificate."""

    private_key: ec.EllipticCurvePrivateKey
    certificate: x509.Certificate
    kid: bytes = field(init=False)
    algorithm: int = ES256

    def __post_init__(self) -> None:
        object.__setattr__(self, "kid", kid_for(self.certificate))

    def sign(self, data: bytes) -> bytes:
        """ES256 signature in COSE form: raw ``r || s``, 32 bytes each."""
        der = self.private_key.sign(data, ec.ECDSA(hashes.SHA256()))
        r, s = decode_dss_signature(der)
        return r.to_bytes(_P256_BYTES, "big") + s.to_bytes(_P256_BYTES, "big")
