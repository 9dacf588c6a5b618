"""The key store the running application signs and verifies with.

In demo mode (``SIHAT_DEMO=true``) the demo works out of the box: if
``SIHAT_CERT_KEY_DIR`` holds no keys when the first certificate is issued, they are created
(as ``sihat certificate keys init`` would) and the log says so; when the active signer is too
old to sign a full-length certificate, a new one is rotated in. Outside demo mode both are an
operator's decision, and issuing refuses with ``no_signing_key`` or ``signer_must_rotate``.

The store is cached per key directory and reopened when ``keystore.json`` changes (a
rotation by the CLI in another process), so the decrypted signer is not reloaded per dose.
"""

from __future__ import annotations

import fcntl
import threading
from pathlib import Path

from sihat.certificates import service
from sihat.certificates.issue import IssuedCertificate
from sihat.certificates.keys import INDEX, KeyStore, KeyStoreError
from sihat.certificates.schemas import DoseDescription
from sihat.certificates.settings import CertificateSettings, get_settings
from sihat.certificates.trustlist import TrustList
from sihat.core.errors import Problem
from sihat.core.logging import get_logger

log = get_logger("sihat.certificates")
_lock = threading.Lock()
_cache: dict[tuple[str, str], tuple[int, KeyStore]] = {}


def _index_stamp(root: Path) -> int:
    return (root / INDEX).stat().st_mtime_ns


def _init_demo_keys(settings: CertificateSettings) -> None:
    root = Path(settings.key_dir)
    root.mkdir(parents=True, exist_ok=True)
    with _lock, open(root / ".init.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)  # another process may be creating them too
        store = KeyStore(settings)
        if not store.initialised:
            kid = store.init()
            log.warning(
                "certificate signing keys created (demo mode)",
                key_dir=str(root.resolve()),
                kid=kid,
                hint="production: run `sihat certificate keys init` and keep the directory",
            )


def signing_store(settings: CertificateSettings | None = None) -> KeyStore:
    """The key store to issue with; creates demo keys, refuses ``no_signing_key`` otherwise."""
    settings = settings or get_settings()
    root = Path(settings.key_dir)
    if not (root / INDEX).is_file():
        if not settings.demo:
            raise Problem("no_signing_key")
        _init_demo_keys(settings)
    key = (str(root.resolve()), settings.key_passphrase)
    stamp = _index_stamp(root)
    with _lock:
        cached = _cache.get(key)
        if cached is not None and cached[0] == stamp:
            return cached[1]
        store = KeyStore(settings)
        _cache[key] = (stamp, store)
        return store


def issue(dose: DoseDescription, settings: CertificateSettings | None = None) -> IssuedCertificate:
    settings = settings or get_settings()
    store = signing_store(settings)
    try:
        return service.issue_for_dose(dose, store=store)
    except Problem as problem:
        if problem.code != "signer_must_rotate" or not settings.demo:
            raise
    with _lock:
        kid = store.rotate()
    log.warning("certificate document signer rotated (demo mode)", kid=kid)
    return service.issue_for_dose(dose, store=signing_store(settings))


def trust_list(settings: CertificateSettings | None = None) -> TrustList:
    """This installation's signers (empty before any key exists)."""
    store = KeyStore(settings or get_settings())
    try:
        return store.trust_list()
    except KeyStoreError:
        return TrustList()


def trust_list_document(settings: CertificateSettings | None = None) -> dict[str, object]:
    settings = settings or get_settings()
    return trust_list(settings).as_json(settings.country)
