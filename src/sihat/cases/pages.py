"""Officer pages: the case list (filtered, area-scoped), recording a result, CSV import with
its row errors, a case with its visits in the infectious window, confirmation and retraction
(request, approve, reject)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from sihat.cases import access, imports, retractions, service, visits, words
from sihat.cases.deps import OfficerPage
from sihat.cases.models import SOURCES, STATUSES
from sihat.core import bodylimit, clock, geo, i18n
from sihat.core.errors import Problem
from sihat.core.web import DB, page, refusal_context, render
from sihat.identity import documents
from sihat.staff.models import StaffAccount

bodylimit.allow("/staff/cases/import", "upload_max_body_bytes")  # a lab's CSV file
router = APIRouter(prefix="/staff/cases", include_in_schema=False)
i18n.register(words.TEXT)


def fmt(moment: datetime | None, pattern: str = "%Y-%m-%d %H:%M") -> str:
    """A stored instant as Malaysia time, for people."""
    return (
        ""
        if moment is None
        else clock.as_utc(moment).astimezone(service.MALAYSIA).strftime(pattern)
    )


def _date(raw: str | None) -> date | None:
    try:
        return date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


def _list_context(
    session: Session, staff: StaffAccount, status: str = "", since: str = "", until: str = ""
) -> dict[str, Any]:
    return {
        "staff": staff,
        "area": access.area_label(staff),
        "cases": service.list_cases(
            session,
            staff,
            status=status or None,
            sampled_from=_date(since),
            sampled_to=_date(until),
        ),
        "pending": retractions.pending(session, staff),
        "statuses": STATUSES,
        "sources": SOURCES,
        "id_types": documents.ID_TYPES,
        "districts": geo.districts(),
        "chosen": {"status": status, "since": since, "until": until},
        "default_place": access.area_label(staff).split(", ")[0],
    }


@router.get("", response_class=HTMLResponse)
@page("cases/list.html", cases=[], pending=[], statuses=STATUSES, sources=SOURCES, fmt=fmt)
def case_list(
    request: Request,
    status: str = "",
    since: str = "",
    until: str = "",
    session: Session = DB,
    staff: StaffAccount = OfficerPage,
) -> Response:
    return render(
        request, "cases/list.html", fmt=fmt, **_list_context(session, staff, status, since, until)
    )


@router.post("", response_class=HTMLResponse)
@page("cases/list.html", cases=[], pending=[], statuses=STATUSES, sources=SOURCES, fmt=fmt)
def case_record(
    request: Request,
    specimen_id: str = Form(""),
    id_type: str = Form(""),
    id_number: str = Form(""),
    issuing_country: str = Form(""),
    source: str = Form(""),
    sample_at: str = Form(""),
    onset_at: str = Form(""),
    isolated_at: str = Form(""),
    category: str = Form(""),
    place: str = Form(""),
    session: Session = DB,
    staff: StaffAccount = OfficerPage,
) -> Response:
    refusal_context(
        request,
        lambda: _list_context(session, staff),
        form={
            "specimen_id": specimen_id,
            "id_type": id_type,
            "id_number": id_number,
            "issuing_country": issuing_country,
            "source": source,
            "sample_at": sample_at,
            "onset_at": onset_at,
            "isolated_at": isolated_at,
            "category": category,
            "place": place,
        },
    )
    state, _, district = place.partition("/")
    if not category.isdigit():
        raise Problem("case_invalid_category", field="category")
    result = service.LabResult(
        specimen_id=specimen_id.strip(),
        id_type=id_type.strip().upper(),
        id_number=id_number.strip(),
        issuing_country=issuing_country.strip() or None,
        source=source,
        sample_at=service.parse_required_time(sample_at, "sample_at"),
        onset_at=service.parse_time(onset_at, "onset_at"),
        isolated_at=service.parse_time(isolated_at, "isolated_at"),
        category=int(category),
        state=state,
        district=district,
    )
    recorded = service.record_result(session, staff, result, channel="PAGE")
    return RedirectResponse(f"/staff/cases/{recorded.case.id}", status_code=303)


@router.get("/import", response_class=HTMLResponse)
def import_form(request: Request, staff: StaffAccount = OfficerPage) -> Response:
    return render(request, "cases/import.html", report=None, columns=_columns())


def _columns() -> list[str]:
    return [*imports.REQUIRED, *imports.OPTIONAL]


@router.post("/import", response_class=HTMLResponse)
@page("cases/import.html", report=None)
async def import_upload(
    request: Request,
    file: UploadFile = File(...),
    session: Session = DB,
    staff: StaffAccount = OfficerPage,
) -> Response:
    refusal_context(request, columns=_columns())
    data = await file.read()
    name = file.filename or "upload.csv"
    _header, rows = imports.read(data)
    report = imports.import_rows(session, staff, name, rows)
    return render(
        request,
        "cases/import.html",
        status_code=200 if report.ok else 422,
        report=report,
        columns=_columns(),
    )


def _detail_context(
    session: Session, staff: StaffAccount, case_id: str, *, with_visits: bool = True
) -> dict[str, Any]:
    """The case page's data. A refusal page is rendered after its transaction is rolled back,
    so it would lose the audit event of a visits read: it shows the case without its visits."""
    if with_visits:
        found = visits.case_visits(session, staff, case_id)
        case, extra = found.case, {"found": found}
    else:
        case, extra = access.get_case(session, staff, case_id), {}
    return {
        "case": case,
        "requests": retractions.of_case(session, case.id),
        "staff": staff,
        **extra,
    }


@router.get("/{case_id}", response_class=HTMLResponse)
@page("cases/detail.html", fmt=fmt)
def case_detail(
    case_id: str, request: Request, session: Session = DB, staff: StaffAccount = OfficerPage
) -> Response:
    return render(request, "cases/detail.html", fmt=fmt, **_detail_context(session, staff, case_id))


@router.post("/{case_id}/confirm", response_class=HTMLResponse)
@page("cases/detail.html", fmt=fmt)
def case_confirm(
    case_id: str, request: Request, session: Session = DB, staff: StaffAccount = OfficerPage
) -> Response:
    refusal_context(request, lambda: _detail_context(session, staff, case_id, with_visits=False))
    service.confirm(session, staff, case_id)
    return RedirectResponse(f"/staff/cases/{case_id}", status_code=303)


@router.post("/{case_id}/retract", response_class=HTMLResponse)
@page("cases/detail.html", fmt=fmt)
def case_retract(
    case_id: str,
    request: Request,
    reason: str = Form(""),
    session: Session = DB,
    staff: StaffAccount = OfficerPage,
) -> Response:
    refusal_context(request, lambda: _detail_context(session, staff, case_id, with_visits=False))
    retractions.request(session, staff, case_id, reason)
    return RedirectResponse(f"/staff/cases/{case_id}", status_code=303)


@router.post("/retractions/{request_id}", response_class=HTMLResponse)
@page("cases/detail.html", fmt=fmt)
def retraction_decide(
    request_id: str,
    request: Request,
    decision: str = Form(""),
    session: Session = DB,
    staff: StaffAccount = OfficerPage,
) -> Response:
    row = access.get_retraction(session, staff, request_id)
    case_id = row.case_id
    refusal_context(request, lambda: _detail_context(session, staff, case_id, with_visits=False))
    if decision not in ("approve", "reject"):
        raise Problem("invalid_input", field="decision")
    retractions.decide(session, staff, request_id, approve=decision == "approve")
    return RedirectResponse(f"/staff/cases/{case_id}", status_code=303)
