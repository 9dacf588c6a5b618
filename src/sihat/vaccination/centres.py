"""Vaccination centres (PPV): operating periods, capacity and who works there.

Administrators (national) create, close and reopen centres, set capacity and assign staff.
A staff member records or approves at a centre only while holding the staff role over it
*and* a current assignment there. Closing a centre (``closing.close_centre``) ends every
assignment and cancels every open appointment after its last day, each recorded in the
audit log.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from sihat.core import clock, geo, trail
from sihat.core.db import add_unique
from sihat.core.errors import Problem
from sihat.staff.models import StaffAccount
from sihat.staff.service import has_role, require_role
from sihat.vaccination import vaccines
from sihat.vaccination.models import (
    CENTRE_ROLES,
    CENTRE_TYPES,
    Assignment,
    Capacity,
    Centre,
    OperatingPeriod,
)


@dataclass(frozen=True)
class CentreInput:
    code: str
    name: str
    type: str
    state: str
    district: str
    opens_on: date
    latitude: float | None = None
    longitude: float | None = None


def get_centre(session: Session, code: str) -> Centre:
    centre = session.get(Centre, code)
    if centre is None:
        raise Problem("not_found", field="ppv_code")
    return centre


def create_centre(session: Session, actor: StaffAccount, data: CentreInput) -> Centre:
    require_role(actor, "ADMIN")
    if data.type not in CENTRE_TYPES:
        raise Problem("invalid_input", field="type")
    if data.state not in geo.state_names():
        raise Problem("invalid_input", field="state")
    centre = Centre(
        code=data.code.strip().upper(),
        name=data.name.strip(),
        type=data.type,
        state=data.state,
        district=data.district.strip(),
        latitude=data.latitude,
        longitude=data.longitude,
        created_at=clock.now(),
        created_by=actor.id,
    )
    add_unique(session, centre, "ppv_exists", "code")
    session.add(OperatingPeriod(ppv_code=centre.code, opens_on=data.opens_on, opened_by=actor.id))
    trail.record(
        session,
        "vaccination:centre:created",
        actor_type="staff",
        actor_id=actor.id,
        target_type="ppv",
        target_id=centre.code,
        opens_on=data.opens_on.isoformat(),
    )
    session.flush()
    return centre


def periods(session: Session, code: str) -> list[OperatingPeriod]:
    query = select(OperatingPeriod).where(OperatingPeriod.ppv_code == code)
    return list(session.scalars(query.order_by(OperatingPeriod.opens_on)))


def is_operating(session: Session, code: str, day: date) -> bool:
    return any(
        p.opens_on <= day and (p.closes_on is None or day <= p.closes_on)
        for p in periods(session, code)
    )


def reopen_centre(
    session: Session, actor: StaffAccount, code: str, opens_on: date
) -> OperatingPeriod:
    require_role(actor, "ADMIN")
    get_centre(session, code)
    existing = periods(session, code)
    if any(p.closes_on is None or p.closes_on >= opens_on for p in existing):
        raise Problem("ppv_period_invalid", field="opens_on")
    period = OperatingPeriod(ppv_code=code, opens_on=opens_on, opened_by=actor.id)
    session.add(period)
    trail.record(
        session,
        "vaccination:centre:reopened",
        actor_type="staff",
        actor_id=actor.id,
        target_type="ppv",
        target_id=code,
        opens_on=opens_on.isoformat(),
    )
    session.flush()
    return period


def set_capacity(
    session: Session, actor: StaffAccount, code: str, product: str, daily: int
) -> Capacity:
    require_role(actor, "ADMIN")
    get_centre(session, code)
    vaccines.load().product(product)
    if daily < 0:
        raise Problem("invalid_input", field="daily")
    row = session.scalar(
        select(Capacity).where(Capacity.ppv_code == code, Capacity.product == product)
    )
    if row is None:
        row = Capacity(ppv_code=code, product=product, daily=daily)
        session.add(row)
    row.daily = daily
    trail.record(
        session,
        "vaccination:capacity:set",
        actor_type="staff",
        actor_id=actor.id,
        target_type="ppv",
        target_id=code,
        product=product,
        daily=daily,
    )
    session.flush()
    return row


def current_assignments(
    session: Session, code: str, staff_id: str | None = None
) -> list[Assignment]:
    query = select(Assignment).where(Assignment.ppv_code == code, Assignment.ended_at.is_(None))
    if staff_id is not None:
        query = query.where(Assignment.staff_id == staff_id)
    return list(session.scalars(query))


def assign(
    session: Session, actor: StaffAccount, code: str, staff: StaffAccount, role: str
) -> Assignment:
    require_role(actor, "ADMIN")
    get_centre(session, code)
    if role not in CENTRE_ROLES or not has_role(staff, role, "PPV", code):
        raise Problem("not_centre_staff", field="staff_id")
    if not is_operating(session, code, clock.today_my()):
        raise Problem("ppv_not_operating", ppv_code=code, day=clock.today_my().isoformat())
    for existing in current_assignments(session, code, staff.id):
        if existing.role == role:
            return existing
    assignment = Assignment(
        ppv_code=code, staff_id=staff.id, role=role, started_at=clock.now(), started_by=actor.id
    )
    session.add(assignment)
    session.flush()
    trail.record(
        session,
        "vaccination:assignment:started",
        actor_type="staff",
        actor_id=actor.id,
        target_type="staff",
        target_id=staff.id,
        ppv_code=code,
        role=role,
    )
    return assignment


def end_assignment(
    session: Session, actor: StaffAccount, assignment: Assignment, reason: str
) -> None:
    assignment.ended_at = clock.now()
    assignment.ended_by = actor.id
    assignment.end_reason = reason
    trail.record(
        session,
        "vaccination:assignment:ended",
        actor_type="staff",
        actor_id=actor.id,
        target_type="staff",
        target_id=assignment.staff_id,
        ppv_code=assignment.ppv_code,
        role=assignment.role,
        reason=reason,
    )


def works_at(session: Session, staff: StaffAccount, code: str, role: str) -> bool:
    """The staff role over the centre and a current assignment there, in that role."""
    if not has_role(staff, role, "PPV", code):
        return False
    return any(a.role == role for a in current_assignments(session, code, staff.id))


def assigned_at(session: Session, staff: StaffAccount, code: str, moment: datetime) -> bool:
    """A vaccinator now, who was assigned to the centre at ``moment`` (an offline dose
    uploaded after the centre closed still counts; a dose after the assignment ended does
    not)."""
    if not has_role(staff, "VACCINATOR", "PPV", code):
        return False
    found = session.scalar(
        select(Assignment.id)
        .where(
            Assignment.ppv_code == code,
            Assignment.staff_id == staff.id,
            Assignment.role == "VACCINATOR",
            Assignment.started_at <= moment,
            or_(Assignment.ended_at.is_(None), Assignment.ended_at > moment),
        )
        .limit(1)
    )
    return found is not None


def centres_of(session: Session, staff: StaffAccount) -> list[Assignment]:
    query = select(Assignment).where(Assignment.staff_id == staff.id, Assignment.ended_at.is_(None))
    return list(session.scalars(query.order_by(Assignment.ppv_code)))


def roles_at(session: Session, staff: StaffAccount) -> dict[str, list[str]]:
    """Each centre where the staff member works now, with the roles they hold there (the staff
    role over the centre *and* a current assignment in it, as :func:`works_at`)."""
    out: dict[str, list[str]] = {}
    for a in centres_of(session, staff):
        if a.role in CENTRE_ROLES and has_role(staff, a.role, "PPV", a.ppv_code):
            out.setdefault(a.ppv_code, []).append(a.role)
    return out
