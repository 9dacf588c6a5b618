"""Export pages: request, approve or reject, download; the alerts list."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from sihat.core import i18n
from sihat.core.web import DB, page, refusal_context, render
from sihat.exports import alerts, datasets, service
from sihat.staff import nav
from sihat.staff.deps import StaffPage, gate
from sihat.staff.models import StaffAccount

router = APIRouter(prefix="/staff/exports", include_in_schema=False)

i18n.register(
    {
        "exp.title": ("Eksport data peribadi", "Personal-data exports"),
        "exp.new": ("Permohonan eksport baharu", "New export request"),
        "exp.dataset": ("Set data", "Dataset"),
        "exp.purpose": ("Tujuan", "Purpose"),
        "exp.fields": ("Medan (dipisah koma)", "Fields (comma-separated)"),
        "exp.filters": ("Penapis (cth. state=Selangor)", "Filters (e.g. state=Selangor)"),
        "exp.max_rows": ("Bilangan baris maksimum", "Maximum rows"),
        "exp.mine": ("Permohonan", "Requests"),
        "exp.status": ("Status", "Status"),
        "exp.approve": ("Lulus", "Approve"),
        "exp.reject": ("Tolak", "Reject"),
        "exp.allow_names": ("Benarkan nama", "Allow names"),
        "exp.allow_phones": ("Benarkan nombor telefon", "Allow phone numbers"),
        "exp.download": ("Muat turun CSV", "Download CSV"),
        "exp.downloads": ("Muat turun", "Downloads"),
        "exp.expires": ("Tamat tempoh", "Expires"),
        "exp.alerts": ("Amaran eksport", "Export alerts"),
        "exp.none": ("Tiada.", "None."),
        "exp.rules": (
            "Nombor pengenalan sentiasa bertopeng; nama dan telefon hanya jika diluluskan.",
            "Identity numbers are always masked; names and phones only when approved.",
        ),
    }
)

EXPORTS = nav.link(
    "/staff/exports",
    "exp.title",
    nav.holding(*service.REQUESTER_ROLES, *service.APPROVER_ROLES),
    40,
)
ALERTS = nav.link(
    "/staff/exports/alerts", "exp.alerts", nav.holding(*service.ALERT_READER_ROLES), 41
)


def _parse_filters(text: str) -> dict[str, str | bool]:
    out: dict[str, str | bool] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        key, _, value = part.partition("=")
        v = value.strip()
        out[key.strip()] = {"true": True, "false": False}.get(v.lower(), v)
    return out


def _list_context(session: Session, staff: StaffAccount) -> dict[str, Any]:
    return {
        "staff": staff,
        "exports": service.visible_exports(session, staff),
        "datasets": datasets.REGISTRY.values(),
    }


@router.get("", response_class=HTMLResponse)
def export_list(
    request: Request, session: Session = DB, staff: StaffAccount = gate(EXPORTS)
) -> Response:
    return render(request, "exports/list.html", **_list_context(session, staff))


@router.post("", response_class=HTMLResponse)
@page("exports/list.html")
def export_create(
    request: Request,
    dataset: str = Form(...),
    purpose: str = Form(...),
    fields: str = Form(...),
    filters: str = Form(""),
    max_rows: int = Form(...),
    session: Session = DB,
    staff: StaffAccount = StaffPage,
) -> Response:
    refusal_context(request, lambda: _list_context(session, staff))
    row = service.request_export(
        session,
        staff,
        dataset=dataset,
        purpose=purpose,
        fields=[f.strip() for f in fields.split(",") if f.strip()],
        filters=_parse_filters(filters),
        max_rows=max_rows,
    )
    return RedirectResponse(f"/staff/exports/{row.id}", status_code=303)


@router.get("/alerts", response_class=HTMLResponse)
def alert_list(
    request: Request, session: Session = DB, staff: StaffAccount = gate(ALERTS)
) -> Response:
    return render(request, "exports/alerts.html", alerts=alerts.recent(session))


def _detail(request: Request, session: Session, staff: StaffAccount, export_id: str) -> Response:
    row = service.get_export(session, staff, export_id)
    return render(
        request,
        "exports/detail.html",
        export=row,
        can_decide=row.status == "PENDING"
        and row.requested_by != staff.id
        and service.holds_any(staff, service.APPROVER_ROLES),
        can_download=row.status == "APPROVED" and row.requested_by == staff.id,
        downloads=service.downloads_of(session, row.id),
    )


@router.get("/{export_id}", response_class=HTMLResponse)
def export_detail(
    export_id: str,
    request: Request,
    session: Session = DB,
    staff: StaffAccount = StaffPage,
) -> Response:
    return _detail(request, session, staff, export_id)


@router.post("/{export_id}/decide", response_class=HTMLResponse)
@page("exports/detail.html", downloads=[])
def export_decide(
    export_id: str,
    request: Request,
    decision: str = Form(...),
    allow_names: bool = Form(False),
    allow_phones: bool = Form(False),
    session: Session = DB,
    staff: StaffAccount = StaffPage,
) -> Response:
    refusal_context(request, lambda: {"export": service.get_export(session, staff, export_id)})
    if decision == "approve":
        service.approve(
            session, staff, export_id, allow_names=allow_names, allow_phones=allow_phones
        )
    else:
        service.reject(session, staff, export_id)
    return RedirectResponse(f"/staff/exports/{export_id}", status_code=303)


@router.get("/{export_id}/download")
def export_download(
    export_id: str, session: Session = DB, staff: StaffAccount = StaffPage
) -> Response:
    found = service.download(session, staff, export_id)
    return Response(
        found.text,
        media_type="text/csv; charset=utf-8",
        headers={
            "content-disposition": f'attachment; filename="{found.filename}"',
            "cache-control": "no-store",
        },
    )
