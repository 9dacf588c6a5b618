"""The officer's MySJ Trace page: the district's cases with contacts awaiting confirmation;
find a case, issue an upload code (shown once), see the handshake PINs of the case's phones,
its uploads, and its Bluetooth close contacts, confirming or dismissing the pending ones. A
person sees the result on the MyRisk card (``/risk``): CLOSE_CONTACT with the reason "MySJ
Trace found you near a positive case"."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sihat.bluetrace import authz, contacts, words
from sihat.bluetrace.models import TraceContact, TraceDevice, TraceUpload
from sihat.cases import access as case_access
from sihat.cases.deps import OfficerPage
from sihat.cases.models import Case
from sihat.core import clock, i18n
from sihat.core.ratelimit import Limiter
from sihat.core.web import DB, limiter, page, refusal_context, render
from sihat.identity import documents
from sihat.identity.models import Account, Person
from sihat.staff.models import StaffAccount

router = APIRouter(include_in_schema=False)
i18n.register(words.TEXT)


def fmt(moment: datetime | None) -> str:
    if moment is None:
        return "—"
    return clock.as_utc(moment).astimezone(clock.MALAYSIA).strftime("%d/%m/%Y %H:%M")


def _context(session: Session, staff: StaffAccount, case_no: str = "") -> dict[str, Any]:
    case = None
    if case_no:
        case = session.scalar(
            select(Case).where(Case.case_no == case_no.strip(), case_access.area(staff))
        )
    found: dict[str, Any] = {
        "area": case_access.area_label(staff),
        "case_no": case_no,
        "case": case,
        "pins": [],
        "uploads": [],
        "contacts": [],
        "waiting": [],
    }
    if case is None:
        found["waiting"] = session.execute(
            select(Case.case_no, func.count(TraceContact.id))
            .join(TraceContact, TraceContact.case_id == Case.id)
            .where(TraceContact.status == "PENDING", case_access.area(staff))
            .group_by(Case.case_no)
            .order_by(Case.case_no)
            .limit(200)
        ).all()
        return found
    found["pins"] = list(
        session.scalars(
            select(TraceDevice.pin)
            .join(Account, Account.id == TraceDevice.account_id)
            .where(Account.person_id == case.person_id, TraceDevice.revoked_at.is_(None))
            .order_by(TraceDevice.registered_at)
        )
    )
    found["uploads"] = list(
        session.scalars(
            select(TraceUpload)
            .where(TraceUpload.case_id == case.id)
            .order_by(TraceUpload.received_at)
        )
    )
    found["contacts"] = session.execute(
        select(TraceContact, Person)
        .join(Person, Person.id == TraceContact.person_id)
        .where(TraceContact.case_id == case.id)
        .order_by(TraceContact.found_at, TraceContact.id)
    ).all()
    return found


_EMPTY: dict[str, Any] = {
    "case": None,
    "case_no": "",
    "pins": [],
    "uploads": [],
    "contacts": [],
    "waiting": [],
    "issued": None,
    "fmt": fmt,
    "mask": documents.mask,
}


@router.get("/staff/trace", response_class=HTMLResponse)
@page("bluetrace/officer.html", **_EMPTY)
def officer_page(
    request: Request, case_no: str = "", session: Session = DB, staff: StaffAccount = OfficerPage
) -> Response:
    return render(
        request,
        "bluetrace/officer.html",
        issued=None,
        fmt=fmt,
        mask=documents.mask,
        **_context(session, staff, case_no),
    )


@router.post("/staff/trace/codes", response_class=HTMLResponse)
@page("bluetrace/officer.html", **_EMPTY)
def issue_code(
    request: Request,
    case_id: str = Form(""),
    case_no: str = Form(""),
    session: Session = DB,
    staff: StaffAccount = OfficerPage,
    lim: Limiter = Depends(limiter),
) -> Response:
    refusal_context(request, lambda: _context(session, staff, case_no))
    issued = authz.issue_code(session, staff, case_id, lim)
    response = render(
        request,
        "bluetrace/officer.html",
        issued=issued,
        fmt=fmt,
        mask=documents.mask,
        **_context(session, staff, case_no),
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@router.post("/staff/trace/contacts/{contact_id}/confirm", response_class=HTMLResponse)
@page("bluetrace/officer.html", **_EMPTY)
def confirm(
    contact_id: str,
    request: Request,
    case_no: str = Form(""),
    session: Session = DB,
    staff: StaffAccount = OfficerPage,
) -> Response:
    refusal_context(request, lambda: _context(session, staff, case_no))
    contacts.confirm(session, staff, contact_id)
    return RedirectResponse(f"/staff/trace?case_no={quote(case_no)}", status_code=303)


@router.post("/staff/trace/contacts/{contact_id}/dismiss", response_class=HTMLResponse)
@page("bluetrace/officer.html", **_EMPTY)
def dismiss(
    contact_id: str,
    request: Request,
    case_no: str = Form(""),
    session: Session = DB,
    staff: StaffAccount = OfficerPage,
) -> Response:
    refusal_context(request, lambda: _context(session, staff, case_no))
    contacts.dismiss(session, staff, contact_id)
    return RedirectResponse(f"/staff/trace?case_no={quote(case_no)}", status_code=303)
