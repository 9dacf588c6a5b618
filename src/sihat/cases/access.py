"""Who may see and act on which case: a HEALTH_OFFICER with no scope (national) sees every
case; one scoped to a state (``STATE``, ``Selangor``) or a district (``DISTRICT``,
``Selangor/Petaling``) sees only the cases there. Every other caller gets ``forbidden`` at the
door, and a case outside the officer's area is ``not_found`` (as if it did not exist)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, and_, false, or_, select, true
from sqlalchemy.orm import InstrumentedAttribute, Session

from sihat.cases.models import Case, CaseRetraction
from sihat.core.errors import Problem
from sihat.staff import service as staff_service
from sihat.staff.models import StaffAccount

ROLE = "HEALTH_OFFICER"


def district_code(state: str, district: str) -> str:
    """The ``scope_code`` of a district scope."""
    return f"{state}/{district}"


def is_officer(staff: StaffAccount) -> bool:
    return any(
        staff_service.has_role(staff, ROLE, r.scope_type, r.scope_code)
        for r in staff_service.active_roles(staff)
        if r.role == ROLE
    )


def require_officer(staff: StaffAccount) -> None:
    if not is_officer(staff):
        raise Problem("forbidden")


def covers(staff: StaffAccount, state: str, district: str) -> bool:
    """True when the officer has authority over this district (national covers all)."""
    return staff_service.has_role(
        staff, ROLE, "DISTRICT", district_code(state, district)
    ) or staff_service.has_role(staff, ROLE, "STATE", state)


def area(staff: StaffAccount) -> ColumnElement[bool]:
    """A filter on :class:`Case` for the cases this officer may see."""
    return area_of(staff, Case.state, Case.district)


def area_of(
    staff: StaffAccount, state: InstrumentedAttribute[Any], district: InstrumentedAttribute[Any]
) -> ColumnElement[bool]:
    """A filter on any table's ``state``/``district`` columns for the officer's area (national:
    everything; none: nothing)."""
    if staff_service.has_role(staff, ROLE):
        return true()
    parts: list[ColumnElement[bool]] = []
    for r in staff_service.active_roles(staff):
        if r.role != ROLE or not staff_service.has_role(staff, ROLE, r.scope_type, r.scope_code):
            continue
        if r.scope_type == "STATE":
            parts.append(state == r.scope_code)
        elif r.scope_type == "DISTRICT" and r.scope_code and "/" in r.scope_code:
            in_state, in_district = r.scope_code.split("/", 1)
            parts.append(and_(state == in_state, district == in_district))
    return or_(*parts) if parts else false()


def area_label(staff: StaffAccount) -> str:
    """The officer's area in words: ``*`` for national, else the scope codes."""
    if staff_service.has_role(staff, ROLE):
        return "*"
    return ", ".join(
        r.scope_code or "*" for r in staff_service.active_roles(staff) if r.role == ROLE
    )


def get_case(session: Session, staff: StaffAccount, case_id: str) -> Case:
    """The case, if the caller is a health officer with authority over its district;
    ``not_found`` otherwise."""
    require_officer(staff)
    case = session.scalar(select(Case).where(Case.id == case_id, area(staff)))
    if case is None:
        raise Problem("not_found")
    return case


def get_retraction(session: Session, staff: StaffAccount, request_id: str) -> CaseRetraction:
    """A retraction request about a case the officer may see; ``not_found`` otherwise."""
    require_officer(staff)
    found = session.scalar(
        select(CaseRetraction)
        .join(Case, Case.id == CaseRetraction.case_id)
        .where(CaseRetraction.id == request_id, area(staff))
    )
    if found is None:
        raise Problem("not_found")
    return found
