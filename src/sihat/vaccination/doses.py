"""Dose records: entered by a vaccinator assigned to the centre, complete, checked, and never
changed afterwards.

Every rule is checked before anything is written; the stock decrement and the insert then
run in one savepoint, so a refusal (including ``out_of_stock`` found by the atomic update)
leaves no trace. The order of the checks is the order of :func:`check`.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from sihat.core import clock, hooks, trail
from sihat.core.errors import Problem
from sihat.core.settings import get_settings
from sihat.identity import access
from sihat.identity.models import Account, Person
from sihat.registration.policy import age_group, age_on
from sihat.staff.models import StaffAccount
from sihat.staff.service import has_role
from sihat.vaccination import centres, events, stock, vaccines
from sihat.vaccination.models import Amendment, Batch, Centre, Dose, LateEntry


@dataclass(frozen=True)
class DoseInput:
    person_id: str
    dose_number: int
    product: str
    batch_id: str
    ppv_code: str
    administered_at: datetime
    client_id: str | None = None
    device_time: datetime | None = None
    late_entry_id: str | None = None


@dataclass(frozen=True)
class Checked:
    centre: Centre
    person: Person
    batch: Batch
    day: date
    slot: int
    age_group: str


def effective_doses(session: Session, person_id: str, exclude: str | None = None) -> list[Dose]:
    """The person's doses that count: not replaced or voided by an approved amendment."""
    superseded = select(Amendment.dose_id).where(Amendment.status == "APPROVED")
    query = select(Dose).where(Dose.person_id == person_id, Dose.id.not_in(superseded))
    if exclude is not None:
        query = query.where(Dose.id != exclude)
    return list(session.scalars(query.order_by(Dose.dose_number, Dose.administered_at)))


def check(
    session: Session,
    staff: StaffAccount,
    data: DoseInput,
    received_at: datetime,
    *,
    assignment_rule: bool = True,
    late_rule: bool = True,
    exclude: str | None = None,
) -> Checked:
    """Every rule, in order; raises the first refusal. Writes nothing.

    Time rules first (future, late entry), then the centre (operating that day, the
    vaccinator assigned there at the administration time), the person, the batch, the
    dose sequence and age; stock is taken afterwards, atomically, by :func:`record`."""
    settings = get_settings()
    if data.administered_at.tzinfo is None or data.dose_number < 1:
        raise Problem("invalid_input", field="administered_at")
    given = clock.as_utc(data.administered_at)
    if given > received_at + timedelta(seconds=settings.clock_skew_seconds):
        raise Problem("administered_in_future", field="administered_at")
    if late_rule:
        _late_entry(session, data, given, received_at)
    day = clock.malaysia_date(given)
    centre = session.get(Centre, data.ppv_code)
    if centre is None:
        raise Problem("vaccinator_not_assigned", field="ppv_code")
    if not centres.is_operating(session, centre.code, day):
        raise Problem(
            "ppv_not_operating", field="administered_at", ppv_code=centre.code, day=str(day)
        )
    if assignment_rule and not centres.assigned_at(session, staff, centre.code, given):
        raise Problem("vaccinator_not_assigned", field="ppv_code")
    person = session.scalar(select(Person).where(Person.id == data.person_id).with_for_update())
    if person is None:
        raise Problem("person_not_found", field="person_id")
    if person.date_of_birth is None:
        raise Problem("date_of_birth_required", field="person_id")
    policy = vaccines.load()
    policy.product(data.product)
    batch = session.get(Batch, data.batch_id)
    if (
        batch is None
        or batch.product != data.product
        or not stock.holds(session, centre.code, batch.id)
    ):
        raise Problem("batch_not_at_ppv", field="batch_id")
    if batch.expires_on < day:
        raise Problem(
            "batch_expired", field="batch_id", lot=batch.lot, expires_on=str(batch.expires_on)
        )
    previous = [
        vaccines.Given(d.dose_number, d.product, d.administered_on)
        for d in effective_doses(session, person.id, exclude)
    ]
    slot = policy.next_slot(previous, data.dose_number, data.product, day)
    policy.check_age(data.product, age_on(person.date_of_birth, day))
    return Checked(centre, person, batch, day, slot, age_group(person.date_of_birth, day))


def _late_entry(session: Session, data: DoseInput, given: datetime, received: datetime) -> None:
    settings = get_settings()
    delay = received - given
    if delay > timedelta(days=settings.late_entry_max_days):
        raise Problem(
            "late_entry_too_old", field="administered_at", days=settings.late_entry_max_days
        )
    if delay <= timedelta(hours=settings.late_entry_hours):
        return
    approval = session.get(LateEntry, data.late_entry_id) if data.late_entry_id else None
    day = clock.malaysia_date(given)
    if (
        approval is None
        or approval.ppv_code != data.ppv_code
        or approval.approved_at is None
        or approval.valid_until is None
        or approval.valid_until < received
        or not approval.first_day <= day <= approval.last_day
    ):
        raise Problem(
            "late_entry_needs_approval", field="late_entry_id", hours=settings.late_entry_hours
        )


def by_client_id(session: Session, client_id: str) -> Dose | None:
    return session.scalar(select(Dose).where(Dose.client_id == client_id))


def record(
    session: Session,
    staff: StaffAccount,
    data: DoseInput,
    *,
    source: str = "ONLINE",
    received_at: datetime | None = None,
) -> tuple[Dose, bool]:
    """Record one dose. Returns ``(dose, created)``; a known ``client_id`` returns the
    dose already recorded under it (offline uploads are retried)."""
    received_at = received_at or clock.now()
    if not data.client_id:
        data = replace(data, client_id=str(uuid.uuid4()))
    assert data.client_id is not None
    existing = by_client_id(session, data.client_id)
    if existing is not None:
        return _same_or_conflict(existing, data), False
    checked = check(session, staff, data, received_at)
    try:
        with session.begin_nested():
            stock.take(session, checked.centre.code, checked.batch.id)
            dose = _insert(session, staff.id, data, checked, source, received_at)
    except IntegrityError:
        # The same client id arrived on another connection at the same moment.
        winner = by_client_id(session, data.client_id)
        if winner is None:
            raise
        return _same_or_conflict(winner, data), False
    after_recorded(session, staff, dose)
    return dose, True


def _same_or_conflict(existing: Dose, data: DoseInput) -> Dose:
    if existing.person_id != data.person_id or existing.dose_number != data.dose_number:
        raise Problem("conflict", field="client_id")
    return existing


def _insert(
    session: Session,
    vaccinator_id: str,
    data: DoseInput,
    checked: Checked,
    source: str,
    received_at: datetime,
) -> Dose:
    dose = Dose(
        client_id=data.client_id,
        person_id=checked.person.id,
        dose_number=data.dose_number,
        slot=checked.slot,
        product=data.product,
        batch_id=checked.batch.id,
        ppv_code=checked.centre.code,
        vaccinator_id=vaccinator_id,
        administered_at=clock.as_utc(data.administered_at),
        administered_on=checked.day,
        received_at=received_at,
        device_time=data.device_time,
        source=source,
        late_entry_id=data.late_entry_id if data.late_entry_id else None,
        state=checked.centre.state,
        age_group=checked.age_group,
        policy_version=vaccines.load().version,
    )
    session.add(dose)
    session.flush()
    return dose


def after_recorded(session: Session, staff: StaffAccount, dose: Dose) -> None:
    from sihat.vaccination import appointments

    trail.record(
        session,
        "vaccination:dose:recorded",
        actor_type="staff",
        actor_id=staff.id,
        target_type="dose",
        target_id=dose.id,
        ppv_code=dose.ppv_code,
        source=dose.source,
        late_entry_id=dose.late_entry_id,
    )
    appointments.dose_given(session, dose)
    hooks.emit(events.DOSE_RECORDED, session, dose=dose)


def get_dose(session: Session, dose_id: str) -> Dose:
    dose = session.get(Dose, dose_id)
    if dose is None:
        raise Problem("not_found", field="dose_id")
    return dose


# Who may see a dose (one rule for reading it and for reporting an adverse event on it):
# the recipient or their current guardian; a vaccinator, supervisor or registration desk
# assigned to the dose's centre; a health officer (who reports to the regulator) anywhere.
CENTRE_ROLES = ("VACCINATOR", "SUPERVISOR", "REGISTRATION_DESK")
ANYWHERE_ROLES = ("HEALTH_OFFICER",)


def dose_for(session: Session, viewer: Account | StaffAccount, dose_id: str) -> Dose:
    """The dose ``dose_id`` if ``viewer`` may see it; 404 ``not_found`` otherwise, exactly as
    for a dose that does not exist."""
    dose = session.get(Dose, dose_id)
    if dose is None:
        raise Problem("not_found")
    if isinstance(viewer, Account):
        access.acting_for(session, viewer, dose.person_id)
        return dose
    if any(has_role(viewer, role) for role in ANYWHERE_ROLES) or any(
        centres.works_at(session, viewer, dose.ppv_code, role) for role in CENTRE_ROLES
    ):
        return dose
    raise Problem("not_found")
