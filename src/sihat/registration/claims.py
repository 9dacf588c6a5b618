"""Who at a counter may do what with an unproven identity claim (``identity.claims`` holds
the rules of the claim itself): registration desks, hotline operators and supervisors find
and read claims; a registration desk or supervisor, who sees the person's document, asks to
link or refuses; a supervisor who did not ask approves the link. Claims are not tied to a
place (a person may go to any counter), so a grant of these roles at any scope counts."""

from __future__ import annotations

from sqlalchemy.orm import Session

from sihat.core.errors import Problem
from sihat.identity import claims
from sihat.identity.models import IdentityClaim
from sihat.staff.models import StaffAccount
from sihat.staff.service import active_roles, has_role

READERS = ("REGISTRATION_DESK", "HOTLINE_OPERATOR", "SUPERVISOR")
COUNTER = ("REGISTRATION_DESK", "SUPERVISOR")
APPROVERS = ("SUPERVISOR",)


def holds(staff: StaffAccount, roles: tuple[str, ...]) -> bool:
    return any(
        has_role(staff, grant.role, grant.scope_type, grant.scope_code)
        for grant in active_roles(staff)
        if grant.role in roles
    )


def reader(session: Session, staff: StaffAccount) -> bool:
    """The gate of the counter page (``staff.nav`` shows the link to exactly these)."""
    return holds(staff, READERS)


def _require(staff: StaffAccount, roles: tuple[str, ...]) -> None:
    if not holds(staff, roles):
        raise Problem("forbidden")


def find(
    session: Session, staff: StaffAccount, *, phone: str, id_type: str, id_number: str
) -> list[IdentityClaim]:
    _require(staff, READERS)
    return claims.find(session, phone=phone, id_type=id_type, id_number=id_number)


def awaiting_approval(session: Session, staff: StaffAccount) -> list[IdentityClaim]:
    return claims.awaiting_approval(session) if holds(staff, APPROVERS) else []


def propose_link(
    session: Session, staff: StaffAccount, claim_id: str, *, document_seen: bool
) -> IdentityClaim:
    _require(staff, COUNTER)
    return claims.propose_link(session, staff.id, claim_id, document_seen=document_seen)


def approve_link(session: Session, staff: StaffAccount, claim_id: str) -> IdentityClaim:
    _require(staff, APPROVERS)
    return claims.approve_link(session, staff.id, claim_id)


def refuse(session: Session, staff: StaffAccount, claim_id: str, reason: str) -> IdentityClaim:
    _require(staff, COUNTER)
    return claims.refuse(session, staff.id, claim_id, reason)
