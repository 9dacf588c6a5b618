"""Entry points for the rest of sihat (API routes, the dose-record domain, jobs).

Plain data in, plain data out; no database here. The dose-record domain will:

- call :func:`issue_for_dose` when a dose is completed and store ``ci`` with the dose;
- call :func:`reissue_for_amended_dose` when a dose is amended (revokes the old ``ci``,
  issues a replacement) and :func:`revoke` when a dose is removed;
- persist the :class:`RevocationList` (e.g. a table of ``ci_hash``) and publish
  :meth:`RevocationList.as_json` next to :func:`trust_list_document`.

``POST /api/v1/certificates/verify`` is a thin route over :func:`verify_code`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sihat.certificates.issue import IssuedCertificate, issue_certificate
from sihat.certificates.keys import KeyStore, KeyStoreError
from sihat.certificates.pdf import certificate_pdf
from sihat.certificates.qr import qr_png, read_qr
from sihat.certificates.schemas import DoseDescription
from sihat.certificates.settings import CertificateSettings, get_settings
from sihat.certificates.trustlist import RevocationList, TrustList
from sihat.certificates.verify import Verification, verify
from sihat.core.errors import Problem


def _store(settings: CertificateSettings | None, store: KeyStore | None) -> KeyStore:
    return store or KeyStore(settings or get_settings())


def issue_for_dose(
    dose: DoseDescription,
    settings: CertificateSettings | None = None,
    store: KeyStore | None = None,
) -> IssuedCertificate:
    store = _store(settings, store)
    try:
        signer = store.active_signer()
    except KeyStoreError as exc:
        raise Problem("no_signing_key") from exc
    return issue_certificate(dose, signer, store.settings)


def revoke(ci: str, revocations: RevocationList) -> str:
    """Adds ``ci`` to the list; returns the published hash."""
    return revocations.revoke(ci)


def reissue_for_amended_dose(
    old_ci: str,
    dose: DoseDescription,
    revocations: RevocationList,
    settings: CertificateSettings | None = None,
    store: KeyStore | None = None,
) -> IssuedCertificate:
    """Issue first (so a failure leaves the old certificate standing), then revoke the old."""
    replacement = issue_for_dose(dose.model_copy(update={"ci": None}), settings, store)
    revoke(old_ci, revocations)
    return replacement


def holder_files(certificate: IssuedCertificate) -> dict[str, bytes]:
    """What the holder downloads: the QR image and the bilingual PDF."""
    return {
        "qr.png": qr_png(certificate.code),
        "certificate.pdf": certificate_pdf(certificate.code, certificate.dcc, certificate.expires),
    }


def trust_list_document(
    settings: CertificateSettings | None = None, store: KeyStore | None = None
) -> dict[str, Any]:
    store = _store(settings, store)
    return store.trust_list().as_json(store.settings.country)


def verify_code(
    code: str,
    trust: TrustList | None = None,
    revocations: RevocationList | None = None,
    at: datetime | None = None,
    settings: CertificateSettings | None = None,
) -> Verification:
    """Verify against ``trust`` (default: this installation's own signers)."""
    if trust is None:
        trust = _store(settings, None).trust_list()
    return verify(code, trust, revocations, at)


def verify_qr_image(
    png: bytes,
    trust: TrustList | None = None,
    revocations: RevocationList | None = None,
    at: datetime | None = None,
) -> Verification:
    """Raises ``DecodeError('bad_qr')`` when the image holds no readable QR code."""
    return verify_code(read_qr(png), trust, revocations, at)
