"""Appointments: registered people allocated to centre slots by priority phase and locality,
within each centre's daily capacity per vaccine; accepted, rescheduled or cancelled by the
person; the next dose offered at the product's interval; no-shows released.

A slot is taken with one conditional UPDATE (``booked < capacity``), like stock, so two
allocations cannot overfill a day. Each change is audited and notifies the person's phone
(their own account, or their guardian's) through the outbox.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import case, select, update
from sqlalchemy.orm import Session

from sihat.core import clock, trail
from sihat.core.db import try_add
from sihat.core.errors import Problem
from sihat.identity import service as identity
from sihat.identity.models import Account, Person
from sihat.notifications import service as notifications
from sihat.notifications import texts
from sihat.registration.models import Registration
from sihat.registration.policy import age_on
from sihat.staff.models import StaffAccount
from sihat.staff.service import require_role
from sihat.vaccination import vaccines
from sihat.vaccination.centres import get_centre, is_operating
from sihat.vaccination.models import Appointment, Capacity, Dose, SlotBooking

OPEN = ("OFFERED", "ACCEPTED")
NEXT_DOSE_SEARCH_DAYS = 14
for _name, _ms, _en in (
    (
        "appointment_offered",
        "sihat: temu janji vaksin {day} di {ppv}. Terima melalui aplikasi.",
        "sihat: vaccination appointment {day} at {ppv}. Accept it in the app.",
    ),
    (
        "appointment_accepted",
        "sihat: temu janji {day} di {ppv} disahkan.",
        "sihat: appointment {day} at {ppv} confirmed.",
    ),
    (
        "appointment_rescheduled",
        "sihat: temu janji dipinda ke {day} di {ppv}.",
        "sihat: appointment moved to {day} at {ppv}.",
    ),
    (
        "appointment_cancelled",
        "sihat: temu janji {day} di {ppv} dibatalkan.",
        "sihat: appointment {day} at {ppv} cancelled.",
    ),
    (
        "appointment_no_show",
        "sihat: anda tidak hadir {day} di {ppv}; tempat dilepaskan.",
        "sihat: you missed {day} at {ppv}; the place was released.",
    ),
):
    texts.define(_name, _ms, _en)


def _notify(session: Session, appointment: Appointment, template: str) -> None:
    account = identity.active_account_of(session, appointment.person_id)
    if account is None:
        link = identity.current_guardianship(session, appointment.person_id)
        account = session.get(Account, link.guardian_account_id) if link else None
    if account is not None:
        notifications.queue_sms(
            session,
            account.phone,
            template,
            day=appointment.day.isoformat(),
            ppv=appointment.ppv_code,
        )


def _change(
    session: Session,
    appointment: Appointment,
    status: str,
    actor: tuple[str, str | None],
    template: str | None,
    reason: str | None = None,
) -> None:
    was_open = appointment.status in OPEN
    appointment.status = status
    appointment.updated_at = clock.now()
    appointment.end_reason = reason
    freed = status in ("CANCELLED", "NO_SHOW")
    if was_open and freed and appointment.source != "WALKIN":
        release_slot(session, appointment.ppv_code, appointment.product, appointment.day)
    trail.record(
        session,
        f"vaccination:appointment:{status.lower()}",
        actor_type=actor[0],
        actor_id=actor[1],
        target_type="appointment",
        target_id=appointment.id,
        ppv_code=appointment.ppv_code,
        day=appointment.day.isoformat(),
        reason=reason,
    )
    if template:
        _notify(session, appointment, template)


def book_slot(session: Session, code: str, product: str, day: date) -> bool:
    """Take one place if the day is below capacity (atomically)."""
    if not is_operating(session, code, day):
        return False
    capacity = (
        select(Capacity.daily)
        .where(Capacity.ppv_code == code, Capacity.product == product)
        .scalar_subquery()
    )
    where = (SlotBooking.ppv_code == code, SlotBooking.product == product, SlotBooking.day == day)
    taken = session.execute(
        update(SlotBooking)
        .where(*where, SlotBooking.booked < capacity)
        .values(booked=SlotBooking.booked + 1)
        .execution_options(synchronize_session=False)
    )
    if taken.rowcount:  # type: ignore[attr-defined]
        return True
    if session.scalar(select(SlotBooking.id).where(*where)) is not None:
        return False
    # A concurrent booking may create the row first; either way it exists now.
    try_add(session, SlotBooking(ppv_code=code, product=product, day=day, booked=0))
    return book_slot(session, code, product, day)


def release_slot(session: Session, code: str, product: str, day: date) -> None:
    session.execute(
        update(SlotBooking)
        .where(
            SlotBooking.ppv_code == code,
            SlotBooking.product == product,
            SlotBooking.day == day,
            SlotBooking.booked > 0,
        )
        .values(booked=SlotBooking.booked - 1)
        .execution_options(synchronize_session=False)
    )


def _new(
    session: Session, person_id: str, code: str, product: str, dose: int, day: date, source: str
) -> Appointment:
    now = clock.now()
    appointment = Appointment(
        person_id=person_id,
        ppv_code=code,
        product=product,
        dose_number=dose,
        day=day,
        status="ACCEPTED" if source == "WALKIN" else "OFFERED",
        source=source,
        created_at=now,
        updated_at=now,
    )
    session.add(appointment)
    session.flush()
    return appointment


def allocate(
    session: Session, actor: StaffAccount, code: str, product: str, day: date
) -> list[Appointment]:
    """Offer the day's free places to the highest-priority registrants nearest the centre:
    same state only, same district first, then priority phase, then registration time."""
    require_role(actor, "ADMIN")
    if day < clock.today_my():
        raise Problem("allocation_day_past", field="day")
    centre = get_centre(session, code)
    rule = vaccines.load().product(product)
    busy = select(Appointment.person_id).where(Appointment.status.in_(OPEN))
    dosed = select(Dose.person_id)
    candidates = session.execute(
        select(Registration.person_id, Person.date_of_birth)
        .join(Person, Person.id == Registration.person_id)
        .where(
            Registration.state == centre.state,
            Registration.person_id.not_in(busy),
            Registration.person_id.not_in(dosed),
        )
        .order_by(
            case((Registration.district == centre.district, 0), else_=1),
            Registration.priority_phase,
            Registration.registered_at,
        )
        .limit(5000)
    )
    offered: list[Appointment] = []
    for person_id, born in candidates:
        if born is None or age_on(born, day) < rule.min_age:
            continue
        if not book_slot(session, code, product, day):
            break
        appointment = _new(session, person_id, code, product, 1, day, "ALLOCATED")
        _change(session, appointment, "OFFERED", ("staff", actor.id), "appointment_offered")
        offered.append(appointment)
    return offered


def appointments_of(session: Session, person_ids: list[str]) -> list[Appointment]:
    query = select(Appointment).where(Appointment.person_id.in_(person_ids))
    return list(session.scalars(query.order_by(Appointment.day)))


def _open_one(session: Session, person_ids: list[str], appointment_id: str) -> Appointment:
    appointment = session.get(Appointment, appointment_id)
    if appointment is None or appointment.person_id not in person_ids:
        raise Problem("not_found")
    if appointment.status not in OPEN:
        raise Problem("appointment_closed")
    return appointment


def accept(session: Session, person_ids: list[str], appointment_id: str, by: str) -> Appointment:
    appointment = _open_one(session, person_ids, appointment_id)
    _change(session, appointment, "ACCEPTED", ("account", by), "appointment_accepted")
    return appointment


def cancel(session: Session, person_ids: list[str], appointment_id: str, by: str) -> Appointment:
    appointment = _open_one(session, person_ids, appointment_id)
    _change(session, appointment, "CANCELLED", ("account", by), "appointment_cancelled", "person")
    return appointment


def reschedule(
    session: Session, person_ids: list[str], appointment_id: str, day: date, by: str
) -> Appointment:
    """Move to another day at the same centre: the new place is taken before the old one is
    released, so a full day refuses and leaves the appointment as it was."""
    old = _open_one(session, person_ids, appointment_id)
    if day <= clock.today_my() or not book_slot(session, old.ppv_code, old.product, day):
        raise Problem("slot_full", field="day")
    _change(session, old, "CANCELLED", ("account", by), None, "rescheduled")
    new = _new(session, old.person_id, old.ppv_code, old.product, old.dose_number, day, old.source)
    _change(session, new, "ACCEPTED", ("account", by), "appointment_rescheduled")
    return new


def cancel_after(
    session: Session, actor: StaffAccount, code: str, last_day: date, reason: str
) -> int:
    rows = session.scalars(
        select(Appointment).where(
            Appointment.ppv_code == code, Appointment.day > last_day, Appointment.status.in_(OPEN)
        )
    ).all()
    for appointment in rows:
        _change(
            session, appointment, "CANCELLED", ("staff", actor.id), "appointment_cancelled", reason
        )
    return len(rows)


def release_no_shows(session: Session, before: date) -> int:
    """Open appointments on days before ``before`` become NO_SHOW; their places are freed."""
    rows = session.scalars(
        select(Appointment).where(Appointment.day < before, Appointment.status.in_(OPEN))
    ).all()
    for appointment in rows:
        _change(session, appointment, "NO_SHOW", ("system", None), "appointment_no_show", "no_show")
    return len(rows)


def walk_in(
    session: Session, person_id: str, code: str, product: str, dose_number: int
) -> Appointment:
    """The registration desk hands a walk-in to the vaccinators: an accepted appointment for
    today, outside the booked capacity (the person is already here)."""
    appointment = _new(session, person_id, code, product, dose_number, clock.today_my(), "WALKIN")
    _change(session, appointment, "ACCEPTED", ("system", None), None, None)
    return appointment


def queue(session: Session, code: str, day: date) -> list[Appointment]:
    query = select(Appointment).where(
        Appointment.ppv_code == code, Appointment.day == day, Appointment.status == "ACCEPTED"
    )
    return list(session.scalars(query.order_by(Appointment.created_at)))


def dose_given(session: Session, dose: Dose) -> None:
    """The person's open appointment is attended (others cancelled), and the next primary
    dose is offered at the product's interval, at the same centre, within capacity."""
    open_rows = session.scalars(
        select(Appointment).where(
            Appointment.person_id == dose.person_id, Appointment.status.in_(OPEN)
        )
    ).all()
    for appointment in open_rows:
        here = appointment.ppv_code == dose.ppv_code
        status, reason = ("ATTENDED", None) if here else ("CANCELLED", "vaccinated_elsewhere")
        _change(session, appointment, status, ("system", None), None, reason)
    if dose.slot != 1:
        return
    daily = session.scalar(
        select(Capacity.daily).where(
            Capacity.ppv_code == dose.ppv_code, Capacity.product == dose.product
        )
    )
    if not daily:  # the centre gives no booked places for this product
        return
    interval = vaccines.load().product(dose.product).interval_days
    first = dose.administered_on + timedelta(days=interval)
    for offset in range(NEXT_DOSE_SEARCH_DAYS):
        day = first + timedelta(days=offset)
        if book_slot(session, dose.ppv_code, dose.product, day):
            appointment = _new(
                session,
                dose.person_id,
                dose.ppv_code,
                dose.product,
                dose.dose_number + 1,
                day,
                "NEXT_DOSE",
            )
            _change(session, appointment, "OFFERED", ("system", None), "appointment_offered")
            return
