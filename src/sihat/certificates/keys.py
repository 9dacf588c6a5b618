"""The country signing CA (CSCA) and its document signers (DSC), kept in a key directory.

Layout of ``SIHAT_CERT_KEY_DIR``::

    csca.key.pem  csca.crt.pem            the CA: signs document-signer certificates only
    signers/<kid-hex>.key.pem / .crt.pem  document signers: sign health certificates
    keystore.json                         which signer is active, when each was created/retired

Private keys are PKCS#8 PEM encrypted with the passphrase from settings (files mode 0600).
A signer signs for ``signer_use_days`` and its X.509 validity lasts that plus a certificate's
lifetime, so every certificate it signed expires before it does; retired signers stay in the
trust list until they expire, which keeps old certificates verifiable after a rotation.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from sihat.certificates.cosekeys import SigningKey, kid_for
from sihat.certificates.settings import CertificateSettings
from sihat.certificates.trustlist import TrustList
from sihat.core import clock

DCC_KEY_USAGE = {
    "t": x509.ObjectIdentifier("1.3.6.1.4.1.1847.2021.1.1"),
    "v": x509.ObjectIdentifier("1.3.6.1.4.1.1847.2021.1.2"),
    "r": x509.ObjectIdentifier("1.3.6.1.4.1.1847.2021.1.3"),
}
INDEX = "keystore.json"


class KeyStoreError(Exception):
    """The key directory is missing, already initialised, or cannot be opened."""


def _name(settings: CertificateSettings, common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, settings.country),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, settings.organisation),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _write_private(path: Path, key: ec.EllipticCurvePrivateKey, passphrase: str) -> None:
    data = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(passphrase.encode("utf-8")),
    )
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)


def _read_private(path: Path, passphrase: str) -> ec.EllipticCurvePrivateKey:
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), passphrase.encode("utf-8"))
    except (ValueError, TypeError) as exc:
        raise KeyStoreError(f"cannot open {path.name}: wrong passphrase or damaged file") from exc
    if not isinstance(key, ec.EllipticCurvePrivateKey):
        raise KeyStoreError(f"{path.name} is not an EC private key")
    return key


def _write_cert(path: Path, cert: x509.Certificate) -> None:
    path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))


def _read_cert(path: Path) -> x509.Certificate:
    return x509.load_pem_x509_certificate(path.read_bytes())


def make_csca(settings: CertificateSettings, now: datetime) -> tuple[Any, x509.Certificate]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = _name(settings, f"CSCA {settings.country} sihat")
    public = key.public_key()
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=settings.csca_validity_days))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_key_usage(cert_sign=True), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .sign(key, hashes.SHA256())
    )
    return key, cert


def make_signer(
    settings: CertificateSettings,
    csca_key: ec.EllipticCurvePrivateKey,
    csca: x509.Certificate,
    now: datetime,
    types: tuple[str, ...] = ("v",),
) -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    not_after = min(now + timedelta(days=settings.signer_validity_days), csca.not_valid_after_utc)
    if not_after <= now + timedelta(days=settings.validity_days):
        # A signer must outlive the certificates it signs; its CSCA bounds it.
        raise KeyStoreError(
            f"the CSCA expires on {csca.not_valid_after_utc:%Y-%m-%d}, too soon to issue a "
            "document signer: create a new CSCA (`sihat certificate keys init` in a new "
            "SIHAT_CERT_KEY_DIR) and publish it before this one expires"
        )
    key = ec.generate_private_key(ec.SECP256R1())
    public = key.public_key()
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(settings, f"DSC {settings.country} sihat {now:%Y%m%d%H%M%S}"))
        .issuer_name(csca.subject)
        .public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_key_usage(cert_sign=False), critical=True)
        .add_extension(x509.ExtendedKeyUsage([DCC_KEY_USAGE[t] for t in types]), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(csca.public_key()),  # type: ignore[arg-type]
            critical=False,
        )
        .sign(csca_key, hashes.SHA256())
    )
    return key, cert


def _key_usage(*, cert_sign: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=not cert_sign,
        content_commitment=False,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=cert_sign,
        crl_sign=cert_sign,
        encipher_only=False,
        decipher_only=False,
    )


@dataclass
class SignerRecord:
    kid: str  # hex
    created: str
    retired: str | None = None


class KeyStore:
    """A key directory. Decrypted keys are held only in memory, only once asked for."""

    def __init__(self, settings: CertificateSettings) -> None:
        self.settings = settings
        self.root = Path(settings.key_dir)
        self._active: SigningKey | None = None

    # ------------------------------------------------------------ state
    @property
    def initialised(self) -> bool:
        return (self.root / INDEX).is_file()

    def _index(self) -> dict[str, Any]:
        if not self.initialised:
            raise KeyStoreError(f"no keys in {self.root}: run `sihat certificate keys init`")
        index: dict[str, Any] = json.loads((self.root / INDEX).read_text(encoding="utf-8"))
        return index

    def _save_index(self, index: dict[str, Any]) -> None:
        tmp = self.root / (INDEX + ".tmp")
        tmp.write_text(json.dumps(index, indent=2) + "\n", encoding="utf-8")
        tmp.replace(self.root / INDEX)

    def records(self) -> list[SignerRecord]:
        return [SignerRecord(**r) for r in self._index()["signers"]]

    def csca_certificate(self) -> x509.Certificate:
        return _read_cert(self.root / "csca.crt.pem")

    def signer_certificate(self, kid_hex: str) -> x509.Certificate:
        return _read_cert(self.root / "signers" / f"{kid_hex}.crt.pem")

    # ------------------------------------------------------------ changes
    def init(self) -> str:
        """Create the CSCA and the first signer; returns the signer's kid (hex)."""
        if self.initialised:
            raise KeyStoreError(f"{self.root} already holds keys; use `keys rotate`")
        (self.root / "signers").mkdir(parents=True, exist_ok=True)
        os.chmod(self.root, 0o700)
        csca_key, csca = make_csca(self.settings, clock.now())
        _write_private(self.root / "csca.key.pem", csca_key, self.settings.key_passphrase)
        _write_cert(self.root / "csca.crt.pem", csca)
        self._save_index({"version": 1, "country": self.settings.country, "signers": []})
        return self._add_signer(csca_key, csca)

    def rotate(self) -> str:
        """A new active signer; the previous one is retired but stays trusted until expiry."""
        self._index()  # refuses an uninitialised directory
        csca_key = _read_private(self.root / "csca.key.pem", self.settings.key_passphrase)
        return self._add_signer(csca_key, self.csca_certificate())

    def _add_signer(self, csca_key: ec.EllipticCurvePrivateKey, csca: x509.Certificate) -> str:
        now = clock.now()
        key, cert = make_signer(self.settings, csca_key, csca, now)
        kid_hex = kid_for(cert).hex()
        _write_private(
            self.root / "signers" / f"{kid_hex}.key.pem", key, self.settings.key_passphrase
        )
        _write_cert(self.root / "signers" / f"{kid_hex}.crt.pem", cert)
        index = self._index()
        stamp = now.isoformat()
        for record in index["signers"]:
            record["retired"] = record["retired"] or stamp
        index["signers"].append({"kid": kid_hex, "created": stamp, "retired": None})
        self._save_index(index)
        self._active = None
        return kid_hex

    # ------------------------------------------------------------ use
    def active_signer(self) -> SigningKey:
        if self._active is None:
            active = [r for r in self.records() if r.retired is None]
            if not active:
                raise KeyStoreError("no active document signer: run `keys rotate`")
            kid_hex = active[-1].kid
            key = _read_private(
                self.root / "signers" / f"{kid_hex}.key.pem", self.settings.key_passphrase
            )
            self._active = SigningKey(key, self.signer_certificate(kid_hex))
        return self._active

    def trusted_certificates(self, at: datetime | None = None) -> list[x509.Certificate]:
        """Every signer issued by this CSCA that has not expired at ``at``."""
        at = at or clock.now()
        records = self.records()  # refuses an uninitialised directory
        csca = self.csca_certificate()
        certs = []
        for record in records:
            cert = self.signer_certificate(record.kid)
            cert.verify_directly_issued_by(csca)
            if cert.not_valid_after_utc >= at:
                certs.append(cert)
        return certs

    def trust_list(self, at: datetime | None = None) -> TrustList:
        return TrustList.of(self.trusted_certificates(at), self.settings.country)
