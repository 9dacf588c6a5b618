"""Correcting a recorded dose, for the centre's vaccinators and supervisors (the staff who
may ask for amendments, ``approvals.may_request``): the centre's recent doses, then one
dose's record with its batch, time and dose number to correct and a reason. The request goes
to the approvals page, where another supervisor of the centre approves or rejects it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from sihat.core import clock, i18n
from sihat.core.errors import Problem
from sihat.core.web import DB, page, refusal_context, render
from sihat.identity.models import Person
from sihat.staff.models import StaffAccount
from sihat.vaccination import approvals, centres, corrections, stock
from sihat.vaccination.models import Amendment, Batch, Dose
from sihat.vaccination.pages import CentreStaff

router = APIRouter(include_in_schema=False)

i18n.register(
    {
        "corr.title": ("Betulkan rekod dos", "Correct a dose record"),
        "corr.intro": (
            "Pilih dos yang direkod dengan kelompok, masa atau nombor dos yang salah. "
            "Penyelia lain di pusat ini meluluskan pembetulan; rekod asal disimpan, dan "
            "sijil penerima dikeluarkan semula jika kandungannya berubah.",
            "Choose a dose recorded with the wrong batch, time or dose number. Another "
            "supervisor at this centre approves the correction; the original record is kept, "
            "and the recipient's certificate is issued again if what it says changes.",
        ),
        "corr.wrong_person": (
            "Dos direkod untuk orang yang salah? Minta pembatalan di halaman kelulusan.",
            "A dose recorded for the wrong person? Ask to void it on the approvals page.",
        ),
        "corr.recent": ("Dos terkini di pusat ini", "Recent doses at this centre"),
        "corr.when": ("Masa pemberian (waktu Malaysia)", "Given at (Malaysia time)"),
        "corr.vaccine": ("Vaksin", "Vaccine"),
        "corr.action": ("Tindakan", "Action"),
        "corr.correct": ("Betulkan", "Correct"),
        "corr.none": ("Tiada dos direkod di pusat ini lagi.", "No dose recorded here yet."),
        "corr.as_recorded": ("Seperti direkod", "As recorded"),
        "corr.should_read": ("Sepatutnya", "Should read"),
        "corr.submit": ("Hantar untuk kelulusan", "Send for approval"),
        "corr.back": ("Kembali ke senarai dos", "Back to the list of doses"),
        "corr.field.batch_id": ("Kelompok", "Batch"),
        "corr.field.product": ("Vaksin", "Vaccine"),
        "corr.field.dose_number": ("Nombor dos", "Dose number"),
        "corr.field.administered_at": ("Masa pemberian", "Given at"),
        "corr.open.PENDING": ("Pindaan menunggu kelulusan", "Amendment waiting for approval"),
        "corr.open.APPROVED": ("Sudah dipinda", "Already amended"),
        "corr.link": ("Betulkan rekod dos", "Correct a dose record"),
    }
)


def _open_amendments(session: Session, dose_ids: list[str]) -> dict[str, str]:
    """Dose id -> the status of its open amendment (waiting, or approved: superseded)."""
    if not dose_ids:
        return {}
    rows = session.execute(
        select(Amendment.dose_id, Amendment.status).where(
            Amendment.dose_id.in_(dose_ids), Amendment.status.in_(("PENDING", "APPROVED"))
        )
    )
    return {dose_id: status for dose_id, status in rows}


def _may(session: Session, staff: StaffAccount, code: str) -> None:
    if not approvals.may_request(session, staff, code):
        raise Problem("vaccinator_not_assigned", field="ppv_code")


def _list(session: Session, code: str) -> dict[str, Any]:
    recent = list(
        session.scalars(
            select(Dose).where(Dose.ppv_code == code).order_by(Dose.received_at.desc()).limit(30)
        )
    )
    return {
        "centre": centres.get_centre(session, code),
        "recent": [
            (d, session.get(Person, d.person_id), session.get(Batch, d.batch_id)) for d in recent
        ],
        "open": _open_amendments(session, [d.id for d in recent]),
        "product_name": corrections.product_name,
        "local": corrections.local,
    }


@router.get("/ppv/{code}/corrections", response_class=HTMLResponse)
@page("vaccination/mine.html", assignments=[])
def correction_list(
    code: str,
    request: Request,
    session: Session = DB,
    who: tuple[StaffAccount, list[str]] = CentreStaff,
) -> Response:
    staff, _roles = who
    _may(session, staff, code)
    return render(request, "vaccination/corrections.html", **_list(session, code))


def _form(session: Session, code: str, dose_id: str) -> dict[str, Any]:
    dose = corrections.dose_at(session, code, dose_id)
    batches = [b for b, q in stock.levels(session, code) if q > 0 or b.id == dose.batch_id]
    if all(b.id != dose.batch_id for b in batches):
        batches.insert(0, stock.get_batch(session, dose.batch_id))
    return {
        "centre": centres.get_centre(session, code),
        "dose": dose,
        "person": session.get(Person, dose.person_id),
        "batch": session.get(Batch, dose.batch_id),
        "batches": batches,
        "open": _open_amendments(session, [dose.id]).get(dose.id),
        "given": clock.as_utc(dose.administered_at)
        .astimezone(clock.MALAYSIA)
        .strftime("%Y-%m-%dT%H:%M"),
        "now": clock.now().astimezone(clock.MALAYSIA).strftime("%Y-%m-%dT%H:%M"),
        "product_name": corrections.product_name,
        "local": corrections.local,
    }


_FORM_PAGE = page("vaccination/correct.html", dose=None, batches=[])


@router.get("/ppv/{code}/doses/{dose_id}/correct", response_class=HTMLResponse)
@_FORM_PAGE
def correction_form(
    code: str,
    dose_id: str,
    request: Request,
    session: Session = DB,
    who: tuple[StaffAccount, list[str]] = CentreStaff,
) -> Response:
    staff, _roles = who
    _may(session, staff, code)
    return render(request, "vaccination/correct.html", **_form(session, code, dose_id))


@router.post("/ppv/{code}/doses/{dose_id}/correct", response_class=HTMLResponse)
@_FORM_PAGE
def correction_request(
    code: str,
    dose_id: str,
    request: Request,
    batch_id: str = Form(...),
    dose_number: int = Form(...),
    administered_at: str = Form(...),
    reason: str = Form(...),
    session: Session = DB,
    who: tuple[StaffAccount, list[str]] = CentreStaff,
) -> Response:
    staff, _roles = who
    typed = {"batch_id": batch_id, "dose_number": dose_number, "given": administered_at}
    refusal_context(request, lambda: _form(session, code, dose_id), typed=typed, reason=reason)
    try:
        local = datetime.fromisoformat(administered_at)
    except ValueError:
        raise Problem("invalid_input", field="administered_at") from None
    if local.tzinfo is None:
        local = local.replace(tzinfo=clock.MALAYSIA)
    wanted = corrections.Wanted(batch_id, dose_number, local)
    corrections.request_correction(session, staff, code, dose_id, wanted, reason)
    return RedirectResponse(f"/ppv/{code}/approvals#amendments", status_code=303)
