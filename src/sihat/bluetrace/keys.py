"""The TempID keys (AES-256), kept OUTSIDE the database in ``SIHAT_TRACE_KEY_DIR`` (default
``SIHAT_VAR_DIR/keys/trace``)::

    <kid>.key.json  {"kid", "created_at", "salt", "wrapped"}: the key sealed with AES-256-GCM
                    under a scrypt key of SIHAT_TRACE_KEY_PASSPHRASE (0600)
    active          the kid that encrypts new TempIDs

Rotation from day one: ``sihat trace keys rotate`` adds a key and makes it active. New TempIDs
always use the active key; decryption tries the active key first, then every older key still
in its retention window (retired when the next key was made, kept ``key_retention_days``), so a
phone's 14 days of encounters stay readable across a rotation. In demo mode a missing key is
made on first use (and logged); otherwise ``trace_no_key`` until an operator runs
``sihat trace keys init``.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from sihat.bluetrace.settings import TraceSettings, get_settings
from sihat.core import clock, keydir

ACTIVE = keydir.ACTIVE


class KeyStoreError(Exception):
    """A key file cannot be opened (wrong passphrase or damaged)."""


@dataclass(frozen=True)
class TraceKey:
    kid: str
    created_at: datetime
    retired_at: datetime | None  # when the next key was made; None for the newest
    secret: bytes

    def aead(self) -> AESGCM:
        return AESGCM(self.secret)


def _wrapping_key(passphrase: str, salt: bytes) -> bytes:
    return Scrypt(salt=salt, length=32, n=2**14, r=8, p=1).derive(passphrase.encode("utf-8"))


def create(settings: TraceSettings) -> str:
    """A new key, made active; returns its kid."""
    root = settings.keys_path
    root.mkdir(parents=True, exist_ok=True)
    os.chmod(root, 0o700)
    kid = secrets.token_hex(4)
    salt, nonce = os.urandom(16), os.urandom(12)
    wrapped = AESGCM(_wrapping_key(settings.key_passphrase, salt)).encrypt(
        nonce, AESGCM.generate_key(bit_length=256), kid.encode()
    )
    body = {
        "kid": kid,
        "created_at": clock.now().isoformat(),
        "salt": base64.b64encode(salt).decode(),
        "wrapped": base64.b64encode(nonce + wrapped).decode(),
    }
    keydir.write_private(root / f"{kid}.key.json", json.dumps(body).encode("utf-8"))
    keydir.activate(root, kid)
    _cache.clear()
    return kid


def _ensure(settings: TraceSettings) -> Path:
    return keydir.ensure(
        settings.keys_path,
        demo=settings.demo,
        create=lambda: create(settings),
        missing="trace_no_key",
        what="TempID key",
        command="sihat trace keys init",
    )


_cache: dict[tuple[str, str, float, str], bytes] = {}


def _unwrap(path: Path, body: dict[str, str], passphrase: str) -> bytes:
    sealed_with = hashlib.sha256(passphrase.encode("utf-8")).hexdigest()
    stamp = (str(path), body["kid"], path.stat().st_mtime, sealed_with)
    if stamp not in _cache:  # scrypt is slow on purpose: once per key file per process
        raw = base64.b64decode(body["wrapped"])
        try:
            _cache[stamp] = AESGCM(
                _wrapping_key(passphrase, base64.b64decode(body["salt"]))
            ).decrypt(raw[:12], raw[12:], body["kid"].encode())
        except InvalidTag as exc:
            raise KeyStoreError(f"cannot open TempID key {body['kid']}: wrong passphrase") from exc
    return _cache[stamp]


def listing(settings: TraceSettings | None = None) -> list[dict[str, object]]:
    """Every key's kid, dates and whether it is active (no key material)."""
    settings = settings or get_settings()
    root = settings.keys_path
    if not root.is_dir():
        return []
    active = (root / ACTIVE).read_text().strip() if (root / ACTIVE).is_file() else None
    rows = []
    for path in root.glob("*.key.json"):
        body = json.loads(path.read_text(encoding="utf-8"))
        rows.append({"kid": body["kid"], "created_at": body["created_at"]})
    rows.sort(key=lambda r: (str(r["created_at"]), str(r["kid"])))
    for row, after in zip(rows, [*rows[1:], None], strict=True):
        row["retired_at"] = after["created_at"] if after else None
        row["active"] = row["kid"] == active
    return rows


def all_keys(settings: TraceSettings | None = None) -> list[TraceKey]:
    """Every key, newest first (the active one made in demo mode when missing)."""
    settings = settings or get_settings()
    root = _ensure(settings)
    found = []
    for row in listing(settings):
        kid = str(row["kid"])
        path = root / f"{kid}.key.json"
        body = json.loads(path.read_text(encoding="utf-8"))
        retired = row["retired_at"]
        found.append(
            TraceKey(
                kid,
                datetime.fromisoformat(str(row["created_at"])),
                datetime.fromisoformat(str(retired)) if retired else None,
                _unwrap(path, body, settings.key_passphrase),
            )
        )
    found.reverse()
    return found


def active_key(settings: TraceSettings | None = None) -> TraceKey:
    """The key that encrypts new TempIDs."""
    settings = settings or get_settings()
    root = _ensure(settings)
    kid = (root / ACTIVE).read_text(encoding="utf-8").strip()
    for key in all_keys(settings):
        if key.kid == kid:
            return key
    raise KeyStoreError(f"the active TempID key {kid} is missing")


def decrypting_keys(settings: TraceSettings | None = None) -> list[TraceKey]:
    """The active key first, then the retired keys still in their retention window."""
    settings = settings or get_settings()
    active = active_key(settings)
    keep = timedelta(days=settings.key_retention_days)
    now = clock.now()
    older = [
        k
        for k in all_keys(settings)
        if k.kid != active.kid and (k.retired_at is None or k.retired_at + keep >= now)
    ]
    return [active, *older]
