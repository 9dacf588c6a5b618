"""Who may see a certificate, and the only way routes fetch one.

- an account holder: the certificates of their own person and of their current dependents;
- staff: a VACCINATOR or REGISTRATION_DESK at the centre (role scoped to that PPV) where the
  dose was given, to print it for the recipient.

Anyone else gets 404 ``not_found``, exactly as for a certificate that does not exist, so the
answer says nothing about other people's certificates.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from sqlalchemy import select
from sqlalchemy.orm import Session

from sihat.certificates.models import Certificate
from sihat.core import trail
from sihat.core.errors import Problem
from sihat.identity.access import people_of
from sihat.identity.models import Account, Person
from sihat.staff.models import StaffAccount
from sihat.staff.service import has_role
from sihat.vaccination.models import Dose

PRINTING_ROLES = ("VACCINATOR", "REGISTRATION_DESK")
Viewer = Account | StaffAccount


@dataclass(frozen=True)
class Held:
    """A certificate as its holder sees it."""

    certificate: Certificate
    person: Person
    relationship: str
    dose: Dose

    @property
    def path(self) -> str:
        return "/api/v1/certificates/" + quote(self.certificate.ci, safe="")


def held_by(session: Session, account: Account) -> list[Held]:
    """The valid certificates of the account's people, newest dose first."""
    people = people_of(session, account)
    rows = session.execute(
        select(Certificate, Dose)
        .join(Dose, Dose.id == Certificate.dose_id)
        .where(Certificate.person_id.in_(people), Certificate.status == "VALID")
        .order_by(Dose.administered_at.desc())
    ).all()
    return [Held(c, *people[c.person_id], d) for c, d in rows]


def _may_see(session: Session, viewer: Viewer, certificate: Certificate) -> Dose | None:
    dose = session.get(Dose, certificate.dose_id)
    if dose is None:
        return None
    if isinstance(viewer, Account):
        return dose if certificate.person_id in people_of(session, viewer) else None
    if any(has_role(viewer, role, "PPV", dose.ppv_code) for role in PRINTING_ROLES):
        return dose
    return None


def certificate_for(session: Session, viewer: Viewer, ci: str) -> Certificate:
    """The certificate ``ci`` if ``viewer`` may see it; 404 otherwise; 410 once revoked.

    A staff member's fetch is audited as a print at their centre."""
    certificate = session.scalar(select(Certificate).where(Certificate.ci == ci.strip()))
    dose = _may_see(session, viewer, certificate) if certificate is not None else None
    if certificate is None or dose is None:
        raise Problem("not_found", field="ci")
    if certificate.status != "VALID":
        raise Problem("certificate_revoked", field="ci")
    if isinstance(viewer, StaffAccount):
        trail.record(
            session,
            "certificates:certificate:printed",
            actor_type="staff",
            actor_id=viewer.id,
            target_type="certificate",
            target_id=certificate.id,
            ppv_code=dose.ppv_code,
        )
    return certificate
