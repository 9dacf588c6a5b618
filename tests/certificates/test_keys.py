"""CSCA and document signers: created, encrypted at rest, rotated, published."""

from __future__ import annotations

import base64
import hashlib
import json
import stat

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from pydantic import ValidationError

from sihat.certificates.keys import DCC_KEY_USAGE, KeyStore, KeyStoreError
from sihat.certificates.settings import DEMO_PASSPHRASE, CertificateSettings
from sihat.certificates.trustlist import TrustList

from .conftest import PASSPHRASE


def test_private_keys_are_encrypted_pkcs8_readable_only_by_owner(store: KeyStore) -> None:
    key_files = [store.root / "csca.key.pem", *(store.root / "signers").glob("*.key.pem")]
    assert len(key_files) == 2
    for path in key_files:
        data = path.read_bytes()
        assert data.startswith(b"-----BEGIN ENCRYPTED PRIVATE KEY-----")
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        with pytest.raises(TypeError):
            serialization.load_pem_private_key(data, None)
        with pytest.raises(ValueError):
            serialization.load_pem_private_key(data, b"wrong passphrase!")
        assert serialization.load_pem_private_key(data, PASSPHRASE.encode())


def test_a_wrong_passphrase_cannot_rotate(store: KeyStore, settings: CertificateSettings) -> None:
    wrong = settings.model_copy(update={"key_passphrase": "another-passphrase-999"})
    with pytest.raises(KeyStoreError, match="wrong passphrase"):
        KeyStore(wrong).rotate()
    with pytest.raises(KeyStoreError, match="wrong passphrase"):
        KeyStore(wrong).active_signer()


def test_signer_certificate_profile(store: KeyStore) -> None:
    csca = store.csca_certificate()
    signer = store.active_signer()
    cert = signer.certificate
    cert.verify_directly_issued_by(csca)
    assert csca.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    assert not cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    eku = cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    assert list(eku) == [DCC_KEY_USAGE["v"]]
    assert eku[0].dotted_string == "1.3.6.1.4.1.1847.2021.1.2"
    assert cert.extensions.get_extension_for_class(x509.KeyUsage).value.digital_signature
    public_key = cert.public_key()
    assert isinstance(public_key, ec.EllipticCurvePublicKey)
    assert public_key.curve.name == "secp256r1"
    der = cert.public_bytes(serialization.Encoding.DER)
    assert signer.kid == hashlib.sha256(der).digest()[:8]
    lifetime = cert.not_valid_after_utc - cert.not_valid_before_utc
    assert lifetime.days >= store.settings.signer_use_days + store.settings.validity_days


def test_init_twice_is_refused_and_rotate_needs_init(settings: CertificateSettings) -> None:
    with pytest.raises(KeyStoreError, match="keys init"):
        KeyStore(settings).rotate()
    store = KeyStore(settings)
    store.init()
    with pytest.raises(KeyStoreError, match="already holds keys"):
        KeyStore(settings).init()


def test_a_csca_near_its_end_refuses_to_issue_a_signer(store: KeyStore) -> None:
    from datetime import timedelta

    from sihat.core import clock

    files = sorted(p.name for p in (store.root / "signers").iterdir())
    csca_end = store.csca_certificate().not_valid_after_utc
    late = csca_end - timedelta(days=store.settings.validity_days)
    with clock.frozen(late), pytest.raises(KeyStoreError, match="create a new CSCA"):
        store.rotate()
    assert sorted(p.name for p in (store.root / "signers").iterdir()) == files
    with clock.frozen(late - timedelta(days=2)):
        store.rotate()  # still long enough for one signer and its certificates


def test_rotation_retires_the_old_signer_and_switches_the_active_one(store: KeyStore) -> None:
    first = store.active_signer().kid.hex()
    second = store.rotate()
    records = store.records()
    assert [r.kid for r in records] == [first, second]
    assert records[0].retired is not None and records[1].retired is None
    assert store.active_signer().kid.hex() == second
    assert KeyStore(store.settings).active_signer().kid.hex() == second


def test_trust_list_json_publishes_every_signer_and_round_trips(store: KeyStore) -> None:
    store.rotate()
    document = json.loads(json.dumps(store.trust_list().as_json("MY")))
    assert document["country"] == "MY" and len(document["certificates"]) == 2
    for entry in document["certificates"]:
        der = base64.b64decode(entry["certificate"])
        assert base64.b64decode(entry["kid"]) == hashlib.sha256(der).digest()[:8]
        assert entry["country"] == "MY" and entry["not_before"] < entry["not_after"]
    assert set(TrustList.from_json(document).signers) == set(store.trust_list().signers)


def test_a_trust_list_entry_whose_kid_does_not_match_its_certificate_is_refused(
    store: KeyStore,
) -> None:
    document = store.trust_list().as_json("MY")
    document["certificates"][0]["kid"] = base64.b64encode(b"\x00" * 8).decode()
    with pytest.raises(ValueError, match="does not match"):
        TrustList.from_json(document)


def test_demo_passphrase_is_refused_outside_demo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SIHAT_DEMO", "false")
    monkeypatch.delenv("SIHAT_CERT_KEY_PASSPHRASE", raising=False)
    with pytest.raises(ValidationError, match="demo passphrase"):
        CertificateSettings()
    monkeypatch.setenv("SIHAT_CERT_KEY_PASSPHRASE", "a-real-production-secret")
    assert CertificateSettings().demo is False
    monkeypatch.setenv("SIHAT_DEMO", "true")
    monkeypatch.setenv("SIHAT_CERT_KEY_PASSPHRASE", DEMO_PASSPHRASE)
    assert CertificateSettings().key_passphrase == DEMO_PASSPHRASE
