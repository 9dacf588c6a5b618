"""The order signing keys, kept OUTSIDE the database in ``SIHAT_ORDER_KEY_DIR`` (default
``SIHAT_VAR_DIR/keys/orders``)::

    <kid>.key.pem   Ed25519 private key, PKCS#8 encrypted with SIHAT_ORDER_KEY_PASSPHRASE (0600)
    <kid>.pub.pem   its public key (published by GET /api/v1/orders/keys)
    active          the kid that signs new orders

As with certificate keys: in demo mode a missing key is created on first use (and logged);
outside demo mode signing refuses with ``order_no_signing_key`` until an operator runs
``sihat orders keys init``. A rotation adds a key and makes it active; older public keys stay
published so orders signed with them still verify.
"""

from __future__ import annotations

import os
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from sihat.core import keydir
from sihat.orders.document import kid_of
from sihat.orders.settings import OrderSettings, get_settings

ACTIVE = keydir.ACTIVE


class KeyStoreError(Exception):
    """The key directory is missing, or a key cannot be opened."""


def create(settings: OrderSettings) -> str:
    """Create a new signing key and make it active; returns its kid."""
    root = settings.keys_path
    root.mkdir(parents=True, exist_ok=True)
    os.chmod(root, 0o700)
    key = Ed25519PrivateKey.generate()
    kid = kid_of(key.public_key())
    data = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(settings.key_passphrase.encode("utf-8")),
    )
    keydir.write_private(root / f"{kid}.key.pem", data)
    (root / f"{kid}.pub.pem").write_bytes(
        key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )
    keydir.activate(root, kid)
    return kid


def _ensure(settings: OrderSettings) -> Path:
    return keydir.ensure(
        settings.keys_path,
        demo=settings.demo,
        create=lambda: create(settings),
        missing="order_no_signing_key",
        what="order signing key",
        command="sihat orders keys init",
    )


def signing_key(settings: OrderSettings | None = None) -> Ed25519PrivateKey:
    """The active private key (created in demo mode; ``order_no_signing_key`` otherwise)."""
    settings = settings or get_settings()
    root = _ensure(settings)
    kid = (root / ACTIVE).read_text(encoding="utf-8").strip()
    try:
        key = serialization.load_pem_private_key(
            (root / f"{kid}.key.pem").read_bytes(), settings.key_passphrase.encode("utf-8")
        )
    except (OSError, ValueError, TypeError) as exc:
        raise KeyStoreError(f"cannot open order key {kid}: wrong passphrase or damaged") from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise KeyStoreError(f"order key {kid} is not an Ed25519 key")
    return key


def public_keys(settings: OrderSettings | None = None) -> dict[str, Ed25519PublicKey]:
    """Every published public key by kid (empty when no key was ever created)."""
    settings = settings or get_settings()
    root = settings.keys_path
    found: dict[str, Ed25519PublicKey] = {}
    if not root.is_dir():
        return found
    for path in sorted(root.glob("*.pub.pem")):
        public = serialization.load_pem_public_key(path.read_bytes())
        if isinstance(public, Ed25519PublicKey):
            found[kid_of(public)] = public
    return found
