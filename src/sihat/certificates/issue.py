"""From a dose to a signed ``HC1:`` certificate. Pure: no database, no files.

``issue_certificate(dose, signer, settings)`` builds the ``eu_dcc_v1`` object, checks it
against the DCC schema strictly (formats and value sets), signs it with the document signer
and returns the code, valid ``settings.validity_days`` from now.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sihat.certificates import codec
from sihat.certificates.cosekeys import SigningKey
from sihat.certificates.names import icao_transliterate, new_uvci, uvci_valid
from sihat.certificates.schema import schema_errors
from sihat.certificates.schemas import DoseDescription, IssuedCertificateOut
from sihat.certificates.settings import CertificateSettings
from sihat.core import clock
from sihat.core.errors import Problem

DCC_VERSION = "1.3.0"
TARGET_COVID19 = "840539006"  # SNOMED CT, disease-agent-targeted value set


@dataclass(frozen=True)
class IssuedCertificate:
    code: str  # "HC1:..."
    ci: str
    kid: bytes
    issued_at: datetime
    expires: datetime
    dcc: dict[str, Any]

    def out(self) -> IssuedCertificateOut:
        return IssuedCertificateOut(
            ci=self.ci,
            kid=self.kid.hex(),
            issued_at=self.issued_at.isoformat(),
            expires=self.expires.isoformat(),
            code=self.code,
        )


def build_dcc(dose: DoseDescription, settings: CertificateSettings, ci: str) -> dict[str, Any]:
    name: dict[str, str] = {}
    if dose.family_name:
        name["fn"] = dose.family_name
    fnt = dose.family_name_standard or icao_transliterate(dose.family_name)
    if fnt:
        name["fnt"] = fnt
    if dose.given_name:
        name["gn"] = dose.given_name
    gnt = dose.given_name_standard or icao_transliterate(dose.given_name)
    if gnt:
        name["gnt"] = gnt
    codes = dose.codes
    return {
        "ver": DCC_VERSION,
        "nam": name,
        "dob": dose.dob,
        "v": [
            {
                "tg": TARGET_COVID19,
                "vp": codes["vp"],
                "mp": codes["mp"],
                "ma": codes["ma"],
                "dn": dose.dose_number,
                "sd": dose.total_doses,
                "dt": dose.vaccinated_on.isoformat(),
                "co": dose.country,
                "is": dose.issuer or settings.issuer,
                "ci": ci,
            }
        ],
    }


def issue_certificate(
    dose: DoseDescription, signer: SigningKey, settings: CertificateSettings
) -> IssuedCertificate:
    """Raises :class:`Problem` ``incomplete_dose`` (schema) or ``signer_must_rotate``."""
    ci = dose.ci or new_uvci(settings.country)
    if not uvci_valid(ci):
        raise Problem("incomplete_dose", field="ci", reason="ci is not a UVCI with a check")
    dcc = build_dcc(dose, settings, ci)
    problems = schema_errors(dcc, strict=True)
    if problems:
        raise Problem("incomplete_dose", field="dcc", reason="; ".join(problems))
    issued_at = clock.now().replace(microsecond=0)
    expires = issued_at + timedelta(days=settings.validity_days)
    if expires > signer.certificate.not_valid_after_utc:
        raise Problem("signer_must_rotate", kid=signer.kid.hex())
    code = codec.encode(dcc, signer, issuer=settings.country, issued_at=issued_at, expires=expires)
    return IssuedCertificate(code, ci, signer.kid, issued_at, expires, dcc)
