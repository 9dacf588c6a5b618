"""Vaccination routes: products, centres, batches and stock, appointments, walk-ins, AEFI.
Dose routes are in :mod:`sihat.vaccination.api_doses` and included here."""

from __future__ import annotations

from fastapi import APIRouter, Depends, status
from sqlalchemy.orm import Session

from sihat.core.errors import Problem
from sihat.core.web import DB
from sihat.identity import access
from sihat.identity.api import identity_input
from sihat.identity.deps import Caller, current_caller
from sihat.registration.service import Facts
from sihat.staff.deps import current_staff
from sihat.staff.models import StaffAccount
from sihat.vaccination import (
    aefi,
    api_doses,
    appointments,
    centres,
    closing,
    stock,
    vaccines,
    walkins,
)
from sihat.vaccination.models import Appointment, Assignment, Centre
from sihat.vaccination.schemas import (
    AefiIn,
    AefiOut,
    AllocateIn,
    AppointmentOut,
    AssignmentIn,
    AssignmentOut,
    BatchIn,
    BatchOut,
    CapacityIn,
    CentreIn,
    CentreOut,
    CloseIn,
    PeriodOut,
    ProductOut,
    ReceiveIn,
    ReopenIn,
    RescheduleIn,
    StockOut,
    TransferIn,
    WalkInIn,
    WalkInOut,
)

router = APIRouter(prefix="/api/v1/vaccination", tags=["vaccination"])
router.include_router(api_doses.router)
Staff = Depends(current_staff)


@router.get("/products", response_model=list[ProductOut])
def products() -> list[ProductOut]:
    return [ProductOut(**p.__dict__) for p in vaccines.load().products.values()]


def centre_out(session: Session, centre: Centre) -> CentreOut:
    return CentreOut(
        code=centre.code,
        name=centre.name,
        type=centre.type,
        state=centre.state,
        district=centre.district,
        periods=[
            PeriodOut(opens_on=p.opens_on, closes_on=p.closes_on)
            for p in centres.periods(session, centre.code)
        ],
    )


@router.post("/centres", response_model=CentreOut, status_code=status.HTTP_201_CREATED)
def create_centre(body: CentreIn, session: Session = DB, staff: StaffAccount = Staff) -> CentreOut:
    centre = centres.create_centre(session, staff, centres.CentreInput(**body.model_dump()))
    return centre_out(session, centre)


@router.get("/centres/{code}", response_model=CentreOut)
def get_centre(code: str, session: Session = DB, _staff: StaffAccount = Staff) -> CentreOut:
    return centre_out(session, centres.get_centre(session, code))


@router.post("/centres/{code}/close", response_model=CentreOut)
def close_centre(
    code: str, body: CloseIn, session: Session = DB, staff: StaffAccount = Staff
) -> CentreOut:
    closing.close_centre(session, staff, code, body.last_day, body.reason)
    return centre_out(session, centres.get_centre(session, code))


@router.post("/centres/{code}/reopen", response_model=CentreOut)
def reopen_centre(
    code: str, body: ReopenIn, session: Session = DB, staff: StaffAccount = Staff
) -> CentreOut:
    centres.reopen_centre(session, staff, code, body.opens_on)
    return centre_out(session, centres.get_centre(session, code))


@router.put("/centres/{code}/capacity", status_code=status.HTTP_204_NO_CONTENT)
def set_capacity(
    code: str, body: CapacityIn, session: Session = DB, staff: StaffAccount = Staff
) -> None:
    centres.set_capacity(session, staff, code, body.product, body.daily)


def assignment_out(a: Assignment) -> AssignmentOut:
    return AssignmentOut(
        id=a.id,
        ppv_code=a.ppv_code,
        staff_id=a.staff_id,
        role=a.role,
        started_at=a.started_at,
        ended_at=a.ended_at,
    )


@router.post("/centres/{code}/assignments", response_model=AssignmentOut, status_code=201)
def assign(
    code: str, body: AssignmentIn, session: Session = DB, staff: StaffAccount = Staff
) -> AssignmentOut:
    member = session.get(StaffAccount, body.staff_id)
    if member is None:
        raise Problem("not_centre_staff", field="staff_id")
    return assignment_out(centres.assign(session, staff, code, member, body.role))


@router.post("/batches", response_model=BatchOut, status_code=status.HTTP_201_CREATED)
def create_batch(body: BatchIn, session: Session = DB, staff: StaffAccount = Staff) -> BatchOut:
    batch = stock.create_batch(session, staff, body.product, body.lot, body.expires_on)
    return BatchOut(id=batch.id, product=batch.product, lot=batch.lot, expires_on=batch.expires_on)


@router.post("/centres/{code}/stock", status_code=status.HTTP_204_NO_CONTENT)
def receive(code: str, body: ReceiveIn, session: Session = DB, staff: StaffAccount = Staff) -> None:
    stock.receive(session, staff, code, body.batch_id, body.quantity)


@router.post("/centres/{code}/stock/transfers", status_code=status.HTTP_204_NO_CONTENT)
def transfer(
    code: str, body: TransferIn, session: Session = DB, staff: StaffAccount = Staff
) -> None:
    stock.transfer(session, staff, code, body.to_ppv, body.batch_id, body.quantity)


@router.get("/centres/{code}/stock", response_model=list[StockOut])
def levels(code: str, session: Session = DB, staff: StaffAccount = Staff) -> list[StockOut]:
    stock.check_may_view(session, staff, code)
    return [
        StockOut(batch_id=b.id, product=b.product, lot=b.lot, expires_on=b.expires_on, quantity=q)
        for b, q in stock.levels(session, code)
    ]


def appointment_out(a: Appointment) -> AppointmentOut:
    return AppointmentOut(
        id=a.id,
        person_id=a.person_id,
        ppv_code=a.ppv_code,
        product=a.product,
        dose_number=a.dose_number,
        day=a.day,
        status=a.status,
        source=a.source,
    )


@router.post("/appointments/allocate", response_model=list[AppointmentOut])
def allocate(
    body: AllocateIn, session: Session = DB, staff: StaffAccount = Staff
) -> list[AppointmentOut]:
    offered = appointments.allocate(session, staff, body.ppv_code, body.product, body.day)
    return [appointment_out(a) for a in offered]


def _people_of(session: Session, caller: Caller) -> list[str]:
    return list(access.people_of(session, caller.account))


@router.get("/appointments/me", response_model=list[AppointmentOut])
def my_appointments(
    session: Session = DB, caller: Caller = Depends(current_caller)
) -> list[AppointmentOut]:
    rows = appointments.appointments_of(session, _people_of(session, caller))
    return [appointment_out(a) for a in rows]


@router.post("/appointments/{appointment_id}/accept", response_model=AppointmentOut)
def accept(
    appointment_id: str, session: Session = DB, caller: Caller = Depends(current_caller)
) -> AppointmentOut:
    people = _people_of(session, caller)
    return appointment_out(appointments.accept(session, people, appointment_id, caller.account.id))


@router.post("/appointments/{appointment_id}/cancel", response_model=AppointmentOut)
def cancel(
    appointment_id: str, session: Session = DB, caller: Caller = Depends(current_caller)
) -> AppointmentOut:
    people = _people_of(session, caller)
    return appointment_out(appointments.cancel(session, people, appointment_id, caller.account.id))


@router.post("/appointments/{appointment_id}/reschedule", response_model=AppointmentOut)
def reschedule(
    appointment_id: str,
    body: RescheduleIn,
    session: Session = DB,
    caller: Caller = Depends(current_caller),
) -> AppointmentOut:
    people = _people_of(session, caller)
    moved = appointments.reschedule(session, people, appointment_id, body.day, caller.account.id)
    return appointment_out(moved)


@router.post("/walk-ins", response_model=WalkInOut, status_code=status.HTTP_201_CREATED)
def walk_in(body: WalkInIn, session: Session = DB, staff: StaffAccount = Staff) -> WalkInOut:
    """Registration desk: register a walk-in (or outreach) and queue them for the vaccinator."""
    registration, appointment = walkins.walk_in(
        session,
        staff,
        body.ppv_code,
        body.channel,
        identity_input(body.identity),
        Facts(**body.facts.model_dump()),
        body.product,
        phone=body.phone,
    )
    return WalkInOut(
        person_id=registration.person_id,
        registration_id=registration.id,
        channel=registration.channel,
        appointment=appointment_out(appointment),
    )


def aefi_out(event: aefi.AdverseEvent) -> AefiOut:
    return AefiOut(
        id=event.id,
        dose_id=event.dose_id,
        channel=event.channel,
        serious=event.serious,
        reported_on=event.reported_on,
    )


@router.post("/aefi/me", response_model=AefiOut, status_code=status.HTTP_201_CREATED)
def report_aefi_self(
    body: AefiIn, session: Session = DB, caller: Caller = Depends(current_caller)
) -> AefiOut:
    """The recipient (or their guardian) reports an adverse event after a dose."""
    event = aefi.report_by_recipient(session, caller.account, **body.model_dump())
    return aefi_out(event)


@router.post("/aefi", response_model=AefiOut, status_code=status.HTTP_201_CREATED)
def report_aefi_staff(body: AefiIn, session: Session = DB, staff: StaffAccount = Staff) -> AefiOut:
    """Centre staff or a health officer reports an adverse event (NPRA channel)."""
    return aefi_out(aefi.report_by_staff(session, staff, **body.model_dump()))
