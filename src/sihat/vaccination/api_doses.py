"""Dose routes: record one dose, upload an offline batch, late-entry approvals, amendments."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Response, status
from sqlalchemy.orm import Session

from sihat.core.web import DB
from sihat.staff.deps import current_staff
from sihat.staff.models import StaffAccount
from sihat.vaccination import approvals, doses, sync
from sihat.vaccination.models import Amendment, Dose, LateEntry
from sihat.vaccination.schemas import (
    AmendmentIn,
    AmendmentOut,
    DoseIn,
    DoseOut,
    LateEntryIn,
    LateEntryOut,
    UploadIn,
    UploadOut,
    UploadResult,
)

router = APIRouter()  # included by sihat.vaccination.api under /api/v1/vaccination
Staff = Depends(current_staff)


def dose_out(dose: Dose, created: bool = True) -> DoseOut:
    return DoseOut(
        id=dose.id,
        client_id=dose.client_id,
        person_id=dose.person_id,
        dose_number=dose.dose_number,
        slot=dose.slot,
        product=dose.product,
        batch_id=dose.batch_id,
        ppv_code=dose.ppv_code,
        vaccinator_id=dose.vaccinator_id,
        administered_at=dose.administered_at,
        received_at=dose.received_at,
        source=dose.source,
        created=created,
    )


def dose_input(body: DoseIn) -> doses.DoseInput:
    return doses.DoseInput(**body.model_dump(exclude={"device_time"}))


@router.post(
    "/doses",
    response_model=DoseOut,
    status_code=status.HTTP_201_CREATED,
    responses={200: {"model": DoseOut, "description": "Already recorded (same client id)"}},
)
def record_dose(
    body: DoseIn, response: Response, session: Session = DB, staff: StaffAccount = Staff
) -> DoseOut:
    """Record a dose given at a centre where the caller is an assigned vaccinator."""
    dose, created = doses.record(session, staff, dose_input(body))
    if not created:
        response.status_code = status.HTTP_200_OK
    return dose_out(dose, created)


@router.post("/doses/upload", response_model=UploadOut)
def upload(body: UploadIn, session: Session = DB, staff: StaffAccount = Staff) -> UploadOut:
    """An offline batch: each record accepted, duplicate (already recorded) or refused."""
    records = [
        doses.DoseInput(**r.model_dump(exclude={"device_time"}), device_time=r.device_time)
        for r in body.records
    ]
    results = sync.upload(
        session, staff, records, device_id=body.device_id, device_sent_at=body.device_sent_at
    )
    return UploadOut(
        accepted=sum(r.status == "accepted" for r in results),
        duplicates=sum(r.status == "duplicate" for r in results),
        refused=sum(r.status == "refused" for r in results),
        results=[UploadResult(**r.__dict__) for r in results],
    )


@router.get("/doses/{dose_id}", response_model=DoseOut)
def get_dose(dose_id: str, session: Session = DB, staff: StaffAccount = Staff) -> DoseOut:
    return dose_out(doses.dose_for(session, staff, dose_id))


def late_out(entry: LateEntry) -> LateEntryOut:
    return LateEntryOut(
        id=entry.id,
        ppv_code=entry.ppv_code,
        first_day=entry.first_day,
        last_day=entry.last_day,
        requested_by=entry.requested_by,
        approved_by=entry.approved_by,
        valid_until=entry.valid_until,
    )


@router.post("/late-entries", response_model=LateEntryOut, status_code=201)
def request_late_entry(
    body: LateEntryIn, session: Session = DB, staff: StaffAccount = Staff
) -> LateEntryOut:
    entry = approvals.request_late_entry(
        session, staff, body.ppv_code, body.first_day, body.last_day, body.reason
    )
    return late_out(entry)


@router.post("/late-entries/{entry_id}/approve", response_model=LateEntryOut)
def approve_late_entry(
    entry_id: str, session: Session = DB, staff: StaffAccount = Staff
) -> LateEntryOut:
    return late_out(approvals.approve_late_entry(session, staff, entry_id))


def amendment_out(amendment: Amendment) -> AmendmentOut:
    return AmendmentOut(
        id=amendment.id,
        dose_id=amendment.dose_id,
        kind=amendment.kind,
        status=amendment.status,
        requested_by=amendment.requested_by,
        decided_by=amendment.decided_by,
        replacement_id=amendment.replacement_id,
    )


@router.post("/doses/{dose_id}/amendments", response_model=AmendmentOut, status_code=201)
def request_amendment(
    dose_id: str, body: AmendmentIn, session: Session = DB, staff: StaffAccount = Staff
) -> AmendmentOut:
    amendment = approvals.request_amendment(
        session, staff, dose_id, body.kind, body.changes, body.reason
    )
    return amendment_out(amendment)


@router.post("/amendments/{amendment_id}/approve", response_model=AmendmentOut)
def approve_amendment(
    amendment_id: str, session: Session = DB, staff: StaffAccount = Staff
) -> AmendmentOut:
    return amendment_out(approvals.decide_amendment(session, staff, amendment_id, True))


@router.post("/amendments/{amendment_id}/reject", response_model=AmendmentOut)
def reject_amendment(
    amendment_id: str, session: Session = DB, staff: StaffAccount = Staff
) -> AmendmentOut:
    return amendment_out(approvals.decide_amendment(session, staff, amendment_id, False))
