"""Security primitives: password hashing, field encryption, blind indexes, tokens, TOTP.

Identity and phone numbers are stored encrypted (AES-256-GCM) and found by a keyed hash
(HMAC-SHA-256 "blind index"), so a database dump alone reveals neither.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from functools import lru_cache

import pyotp
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import String
from sqlalchemy.types import TypeDecorator

from sihat.core import clock
from sihat.core.settings import get_settings


@lru_cache(maxsize=2)
def _hasher(profile: str) -> PasswordHasher:
    if profile == "fast":
        return PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1)
    return PasswordHasher()


def hash_password(password: str) -> str:
    return _hasher(get_settings().argon2_profile).hash(password)


def verify_password(stored: str, password: str) -> bool:
    """Parameters are read from the stored hash, so hashes of either profile verify."""
    try:
        return _hasher(get_settings().argon2_profile).verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


@lru_cache(maxsize=2)
def _dummy_hash(profile: str) -> str:
    return _hasher(profile).hash("not-a-real-password")


def burn_password_check(password: str) -> None:
    """Spend the same time as a real check, so unknown users cannot be told apart by timing."""
    verify_password(_dummy_hash(get_settings().argon2_profile), password)


def _derive(secret: str, purpose: bytes) -> bytes:
    return HKDF(algorithm=SHA256(), length=32, salt=b"sihat", info=purpose).derive(secret.encode())


@lru_cache(maxsize=8)
def _aead(secret: str) -> AESGCM:
    return AESGCM(_derive(secret, b"field-encryption-v1"))


@lru_cache(maxsize=8)
def _index_key(secret: str) -> bytes:
    return _derive(secret, b"blind-index-v1")


def encrypt(plaintext: str) -> str:
    nonce = secrets.token_bytes(12)
    sealed = _aead(get_settings().data_key).encrypt(nonce, plaintext.encode(), None)
    return "v1." + base64.urlsafe_b64encode(nonce + sealed).decode()


def decrypt(token: str) -> str:
    if not token.startswith("v1."):
        raise ValueError("unknown ciphertext version")
    raw = base64.urlsafe_b64decode(token[3:])
    return _aead(get_settings().data_key).decrypt(raw[:12], raw[12:], None).decode()


def blind_index(kind: str, value: str) -> str:
    """Keyed hash of a normalised value; equal inputs give equal outputs, nothing else leaks."""
    key = _index_key(get_settings().lookup_key)
    return hmac.new(key, f"{kind}\x1f{value}".encode(), hashlib.sha256).hexdigest()


def new_token(nbytes: int = 32) -> str:
    return secrets.token_urlsafe(nbytes)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_numeric_code(digits: int = 6) -> str:
    return f"{secrets.randbelow(10**digits):0{digits}d}"


def constant_time_equal(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())


def new_totp_secret() -> str:
    return pyotp.random_base32()


def totp_step(secret: str, code: str, *, at: float | None = None) -> int | None:
    """The time step (RFC 6238 counter) whose code ``code`` is, within one step either side
    of ``at``; None when it matches none. A caller that remembers the last step it accepted
    makes each code single-use."""
    totp = pyotp.TOTP(secret)
    now = int(at if at is not None else clock.now().timestamp())
    current = now // totp.interval
    for step in (current - 1, current, current + 1):
        if constant_time_equal(totp.generate_otp(step), code):
            return step
    return None


class Encrypted(TypeDecorator[str]):
    """A text column stored encrypted with the data key."""

    impl = String
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: object) -> str | None:
        return None if value is None else encrypt(value)

    def process_result_value(self, value: str | None, dialect: object) -> str | None:
        return None if value is None else decrypt(value)
