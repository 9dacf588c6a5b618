"""Certificates of dose records: issued with the dose, revoked and replaced with its amendment.

Called through :mod:`sihat.certificates.listeners` when vaccination records a dose or
decides an amendment, in the same transaction; flushes, never commits. A refusal here (no
signing key in production, a dose the DCC cannot describe) refuses the dose too, so no dose
is saved without its certificate.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from sihat.certificates import signing
from sihat.certificates.models import Certificate, Revocation
from sihat.certificates.schemas import DoseDescription, vaccine_codes
from sihat.certificates.trustlist import RevocationList, ci_hash
from sihat.core import clock, trail
from sihat.core.errors import Problem
from sihat.identity.models import Person
from sihat.vaccination import vaccines
from sihat.vaccination.models import Dose

NAME_MAX = 80  # DCC schema: fn/fnt at most 80 characters


def _brand(product: str) -> str:
    for brand, codes in vaccine_codes().items():
        if codes["mp"] == product:
            return brand
    raise Problem("unknown_vaccine", field="product")


def _name(full_name: str) -> str:
    """The name as written (Malaysian names are not split into family and given names)."""
    name = " ".join(full_name.split())
    if len(name) > NAME_MAX:
        name = name[: NAME_MAX + 1].rsplit(" ", 1)[0][:NAME_MAX]
    return name


def describe(session: Session, dose: Dose) -> DoseDescription:
    person = session.get(Person, dose.person_id)
    if person is None or person.date_of_birth is None:
        raise Problem("incomplete_dose", field="person_id", reason="no date of birth")
    try:
        return DoseDescription(
            family_name=_name(person.full_name),
            dob=person.date_of_birth.isoformat(),
            vaccine=_brand(dose.product),
            dose_number=dose.dose_number,
            series_doses=vaccines.load().product(dose.product).primary_doses,
            vaccinated_on=dose.administered_on,
        )
    except ValueError as exc:  # pydantic: a name with no Latin letters, a future date, ...
        raise Problem("incomplete_dose", field="dose_id", reason=str(exc)[:200]) from exc


def issue_for_dose_record(session: Session, dose: Dose) -> Certificate:
    issued = signing.issue(describe(session, dose))
    row = Certificate(
        ci=issued.ci,
        dose_id=dose.id,
        person_id=dose.person_id,
        kid=issued.kid.hex(),
        issued_at=issued.issued_at,
        expires_at=issued.expires,
        status="VALID",
        code=issued.code,
    )
    session.add(row)
    session.flush()
    trail.record(
        session,
        "certificates:certificate:issued",
        actor_type="system",
        target_type="certificate",
        target_id=row.id,
        dose_id=dose.id,
        kid=row.kid,
    )
    return row


def valid_certificates(session: Session, dose_id: str) -> list[Certificate]:
    query = select(Certificate).where(Certificate.dose_id == dose_id, Certificate.status == "VALID")
    return list(session.scalars(query.order_by(Certificate.issued_at)))


def revoke(
    session: Session, certificate: Certificate, reason: str, replaced_by: Certificate | None = None
) -> Revocation:
    certificate.status = "REVOKED"
    certificate.replaced_by = replaced_by.id if replaced_by else None
    row = Revocation(ci_hash=ci_hash(certificate.ci), revoked_at=clock.now(), reason=reason)
    session.add(row)
    session.flush()
    trail.record(
        session,
        "certificates:certificate:revoked",
        actor_type="system",
        target_type="certificate",
        target_id=certificate.id,
        reason=reason,
        replaced_by=certificate.replaced_by,
    )
    return row


def on_dose_amended(session: Session, old_dose: Dose, new_dose: Dose) -> Certificate:
    """A correction that changes what the certificate says (the vaccine, dose number or
    date): issue the replacement first (a failure leaves the old certificate standing), then
    revoke every certificate of the old record. One that does not (a batch of the same
    vaccine, the time on the same day): the certificate in the holder's hands stays valid and
    now belongs to the corrected record, so that voiding that record later revokes it."""
    kept = valid_certificates(session, old_dose.id)
    unchanged = old_dose.person_id == new_dose.person_id and (
        describe(session, old_dose) == describe(session, new_dose)
    )
    if kept and unchanged:
        for certificate in kept:
            certificate.dose_id = new_dose.id
            trail.record(
                session,
                "certificates:certificate:carried",
                actor_type="system",
                target_type="certificate",
                target_id=certificate.id,
                dose_id=new_dose.id,
                replaced_dose_id=old_dose.id,
            )
        session.flush()
        return kept[-1]
    replacement = issue_for_dose_record(session, new_dose)
    for certificate in valid_certificates(session, old_dose.id):
        revoke(session, certificate, "AMENDED", replaced_by=replacement)
    return replacement


def on_dose_voided(session: Session, dose: Dose) -> list[Certificate]:
    revoked = valid_certificates(session, dose.id)
    for certificate in revoked:
        revoke(session, certificate, "VOIDED")
    return revoked


class StoredRevocations(RevocationList):
    """The revocation list as stored: asks the database for the one ``ci`` in hand."""

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session

    def is_revoked(self, ci: str) -> bool:
        query = select(exists().where(Revocation.ci_hash == ci_hash(ci)))
        return bool(self.session.scalar(query))


def revocation_list(session: Session) -> RevocationList:
    return RevocationList(set(session.scalars(select(Revocation.ci_hash))))


def revocation_document(session: Session) -> dict[str, Any]:
    return revocation_list(session).as_json()
