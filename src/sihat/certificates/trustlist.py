"""Offline trust material: the document-signer trust list and the revocation list.

Trust list JSON (published at a public URL and by ``sihat certificate keys trust-list``)::

    {"version": 1, "issued": "...Z", "country": "MY",
     "certificates": [{"kid": "<base64>", "certificate": "<base64 DER>", "country": "MY",
                       "not_before": "...Z", "not_after": "...Z"}]}

Revocation list JSON: ``{"version": 1, "issued": "...Z", "hash": "sha256(ci)",
"revoked": ["<hex sha-256 of the upper-cased ci>", ...]}``. Publishing hashes lets anyone
check a certificate in hand without the list revealing identifiers.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from cryptography import x509

from sihat.certificates.cosekeys import certificate_der, kid_for, load_certificate
from sihat.core import clock


def _iso(moment: datetime) -> str:
    return clock.as_utc(moment).isoformat().replace("+00:00", "Z")


@dataclass(frozen=True)
class TrustedSigner:
    kid: bytes
    certificate: x509.Certificate
    country: str

    def as_json(self) -> dict[str, str]:
        cert = self.certificate
        return {
            "kid": base64.b64encode(self.kid).decode(),
            "certificate": base64.b64encode(certificate_der(cert)).decode(),
            "country": self.country,
            "not_before": _iso(cert.not_valid_before_utc),
            "not_after": _iso(cert.not_valid_after_utc),
        }


@dataclass
class TrustList:
    signers: dict[bytes, TrustedSigner] = field(default_factory=dict)

    @classmethod
    def of(cls, certificates: Iterable[x509.Certificate], country: str = "MY") -> TrustList:
        trust = cls()
        for cert in certificates:
            trust.add(cert, country)
        return trust

    def add(self, certificate: x509.Certificate, country: str) -> None:
        kid = kid_for(certificate)
        self.signers[kid] = TrustedSigner(kid, certificate, country)

    def get(self, kid: bytes | None) -> TrustedSigner | None:
        return self.signers.get(kid) if kid is not None else None

    def as_json(self, country: str) -> dict[str, Any]:
        return {
            "version": 1,
            "issued": _iso(clock.now()),
            "country": country,
            "certificates": [s.as_json() for s in self.signers.values()],
        }

    @classmethod
    def from_json(cls, document: dict[str, Any]) -> TrustList:
        """Each entry's kid is recomputed from its certificate and must match."""
        trust = cls()
        for entry in document.get("certificates", []):
            cert = load_certificate(entry["certificate"].encode())
            kid = kid_for(cert)
            if "kid" in entry and base64.b64decode(entry["kid"]) != kid:
                raise ValueError(f"trust list entry kid {entry['kid']} does not match its cert")
            trust.signers[kid] = TrustedSigner(kid, cert, str(entry.get("country", "")))
        return trust

    @classmethod
    def load(cls, path: Path) -> TrustList:
        return cls.from_json(json.loads(path.read_text(encoding="utf-8")))


def ci_hash(ci: str) -> str:
    return hashlib.sha256(ci.strip().upper().encode("utf-8")).hexdigest()


@dataclass
class RevocationList:
    hashes: set[str] = field(default_factory=set)

    def revoke(self, ci: str) -> str:
        digest = ci_hash(ci)
        self.hashes.add(digest)
        return digest

    def is_revoked(self, ci: str) -> bool:
        return ci_hash(ci) in self.hashes

    def as_json(self) -> dict[str, Any]:
        return {
            "version": 1,
            "issued": _iso(clock.now()),
            "hash": "sha256(upper(ci))",
            "revoked": sorted(self.hashes),
        }

    @classmethod
    def from_json(cls, document: dict[str, Any]) -> RevocationList:
        revoked = document.get("revoked", [])
        if not all(isinstance(h, str) and len(h) == 64 for h in revoked):
            raise ValueError("revocation list entries must be hex SHA-256 digests")
        return cls({h.lower() for h in revoked})

    @classmethod
    def load(cls, path: Path) -> RevocationList:
        return cls.from_json(json.loads(path.read_text(encoding="utf-8")))
