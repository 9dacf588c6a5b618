"""Cases API for health officers: record a lab result, read a case and its visits, confirm,
and retract through maker-checker. Refusals are problem+json with the codes in ``codes.py``."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date

from fastapi import APIRouter, Depends, Response, status
from sqlalchemy.orm import Session

from sihat.cases import access, retractions, service, visits
from sihat.cases.models import Case, CaseRetraction
from sihat.cases.schemas import (
    CaseIn,
    CaseOut,
    CaseVisitsOut,
    PremiseVisitsOut,
    RetractionIn,
    RetractionOut,
)
from sihat.core import clock
from sihat.core.web import DB
from sihat.staff.deps import current_staff
from sihat.staff.models import StaffAccount

router = APIRouter(prefix="/api/v1/cases", tags=["cases"])


def case_out(case: Case, duplicate: bool = False) -> CaseOut:
    return CaseOut(
        id=case.id,
        case_no=case.case_no,
        source=case.source,
        specimen_id=case.specimen_id,
        sample_at=clock.as_utc(case.sample_at),
        onset_at=clock.as_utc(case.onset_at) if case.onset_at else None,
        isolated_at=clock.as_utc(case.isolated_at) if case.isolated_at else None,
        category=case.category,
        state=case.state,
        district=case.district,
        status=case.status,
        duplicate=duplicate,
    )


def retraction_out(row: CaseRetraction) -> RetractionOut:
    return RetractionOut.model_validate(row, from_attributes=True)


@router.post(
    "",
    response_model=CaseOut,
    status_code=status.HTTP_201_CREATED,
    responses={200: {"model": CaseOut, "description": "The specimen was already recorded"}},
)
def record_case(
    body: CaseIn,
    response: Response,
    session: Session = DB,
    staff: StaffAccount = Depends(current_staff),
) -> CaseOut:
    """201 with the new case; 200 with ``duplicate: true`` when the specimen was recorded."""
    data = body.model_dump()
    for column in ("sample_at", "onset_at", "isolated_at"):
        if data[column] is not None:
            data[column] = service.parse_time(data[column].isoformat(), column)
    data["id_type"], data["source"] = data["id_type"].upper(), data["source"].upper()
    recorded = service.record_result(session, staff, service.LabResult(**data), channel="API")
    if not recorded.created:
        response.status_code = status.HTTP_200_OK
    return case_out(recorded.case, duplicate=not recorded.created)


@router.get("", response_model=list[CaseOut])
def list_cases(
    status: str | None = None,
    sampled_from: date | None = None,
    sampled_to: date | None = None,
    session: Session = DB,
    staff: StaffAccount = Depends(current_staff),
) -> list[CaseOut]:
    """The caller's cases (their area), newest sample first; Malaysia sample dates."""
    found = service.list_cases(
        session, staff, status=status, sampled_from=sampled_from, sampled_to=sampled_to
    )
    return [case_out(c) for c in found]


@router.get("/{case_id}", response_model=CaseOut)
def get_case(
    case_id: str, session: Session = DB, staff: StaffAccount = Depends(current_staff)
) -> CaseOut:
    return case_out(access.get_case(session, staff, case_id))


@router.get("/{case_id}/visits", response_model=CaseVisitsOut)
def case_visits(
    case_id: str, session: Session = DB, staff: StaffAccount = Depends(current_staff)
) -> CaseVisitsOut:
    found = visits.case_visits(session, staff, case_id)
    return CaseVisitsOut(
        case_id=found.case.id,
        window_start=found.window[0],
        window_end=found.window[1],
        visits=found.visit_count,
        premises=[PremiseVisitsOut(**asdict(p)) for p in found.premises],
    )


@router.post("/{case_id}/confirm", response_model=CaseOut)
def confirm_case(
    case_id: str, session: Session = DB, staff: StaffAccount = Depends(current_staff)
) -> CaseOut:
    return case_out(service.confirm(session, staff, case_id))


@router.post(
    "/{case_id}/retractions", response_model=RetractionOut, status_code=status.HTTP_201_CREATED
)
def request_retraction(
    case_id: str,
    body: RetractionIn,
    session: Session = DB,
    staff: StaffAccount = Depends(current_staff),
) -> RetractionOut:
    return retraction_out(retractions.request(session, staff, case_id, body.reason))


@router.post("/retractions/{request_id}/approve", response_model=RetractionOut)
def approve_retraction(
    request_id: str, session: Session = DB, staff: StaffAccount = Depends(current_staff)
) -> RetractionOut:
    return retraction_out(retractions.decide(session, staff, request_id, approve=True))


@router.post("/retractions/{request_id}/reject", response_model=RetractionOut)
def reject_retraction(
    request_id: str, session: Session = DB, staff: StaffAccount = Depends(current_staff)
) -> RetractionOut:
    return retraction_out(retractions.decide(session, staff, request_id, approve=False))
