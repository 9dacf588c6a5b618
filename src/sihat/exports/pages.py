"""Export pages: request, approve or reject, download; the alerts list."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from sihat.core import clock, i18n
from sihat.core.settings import get_settings
from sihat.core.web import DB, page, refusal_context, render
from sihat.exports import alerts, datasets, service
from sihat.staff import nav
from sihat.staff.deps import StaffPage, gate
from sihat.staff.models import StaffAccount
from sihat.staff.names import names

router = APIRouter(prefix="/staff/exports", include_in_schema=False)

i18n.register(
    {
        "exp.title": ("Eksport data peribadi", "Personal-data exports"),
        "exp.new": ("Permohonan eksport baharu", "New export request"),
        "exp.dataset": ("Set data", "Dataset"),
        "exp.purpose": ("Tujuan", "Purpose"),
        "exp.fields": ("Medan", "Fields"),
        "exp.filters": ("Penapis (pilihan)", "Filters (optional)"),
        "exp.choose": ("Pilih set data", "Choose a dataset"),
        "exp.any": ("Semua", "Any"),
        "exp.yes": ("Ya", "Yes"),
        "exp.no": ("Tidak", "No"),
        "exp.caps": ("Had dan peraturan", "Limits and rules"),
        "exp.cap_rows": (
            "Sehingga {cap} baris bagi setiap permohonan.",
            "Up to {cap} rows per request.",
        ),
        "exp.cap_quota": (
            "Sehingga {quota} baris sehari bagi setiap orang; baki anda hari ini: {left}.",
            "Up to {quota} rows a day per person; you have {left} left today.",
        ),
        "exp.cap_approval": (
            "Orang lain (pentadbir atau pegawai keselamatan) mesti meluluskan dalam {hours} jam.",
            "Someone else (an administrator or security officer) must approve within "
            "{hours} hours.",
        ),
        "exp.cap_download": (
            "Fail boleh dimuat turun {times} kali dalam {hours} jam selepas kelulusan; setiap "
            "muat turun dilog dan muat turun luar biasa memberi amaran kepada pegawai keselamatan.",
            "The file may be downloaded {times} times within {hours} hours of approval; every "
            "download is logged and unusual downloads alert the security officers.",
        ),
        "exp.sens.identity": ("sentiasa bertopeng", "always masked"),
        "exp.sens.name": ("hanya jika pelulus membenarkan", "only if the approver allows"),
        "exp.sens.phone": ("hanya jika pelulus membenarkan", "only if the approver allows"),
        "exp.sens.plain": ("", ""),
        "exp.field.as_dependent": ("Didaftar sebagai tanggungan", "Registered as a dependent"),
        "exp.field.birth_year": ("Tahun lahir", "Year of birth"),
        "exp.field.channel": ("Saluran", "Channel"),
        "exp.field.comorbidity": ("Komorbiditi", "Comorbidity"),
        "exp.field.created_at": ("Tarikh dicipta", "Created on"),
        "exp.field.district": ("Daerah", "District"),
        "exp.field.full_name": ("Nama penuh", "Full name"),
        "exp.field.id_number": ("Nombor pengenalan", "Identity number"),
        "exp.field.id_type": ("Jenis dokumen", "Document type"),
        "exp.field.mysj_id": ("ID MySJ", "MySJ ID"),
        "exp.field.phone": ("Nombor telefon", "Phone number"),
        "exp.field.priority_phase": ("Fasa keutamaan", "Priority phase"),
        "exp.field.registered_at": ("Tarikh daftar", "Registered on"),
        "exp.field.sex": ("Jantina", "Sex"),
        "exp.field.state": ("Negeri", "State"),
        "exp.field.status": ("Status", "Status"),
        "exp.field.verified": ("Identiti disahkan", "Identity verified"),
        "exp.field.registered_from": ("Didaftar dari", "Registered from"),
        "exp.field.registered_to": ("Didaftar hingga", "Registered to"),
        "exp.field.created_from": ("Dicipta dari", "Created from"),
        "exp.field.created_to": ("Dicipta hingga", "Created to"),
        "exp.state.PENDING": ("Menunggu kelulusan", "Waiting for approval"),
        "exp.state.APPROVED": ("Diluluskan", "Approved"),
        "exp.state.REJECTED": ("Ditolak", "Rejected"),
        "exp.alert.ABOVE_CAP": ("Melebihi had baris", "Above the row cap"),
        "exp.alert.QUOTA_EXCEEDED": ("Melebihi kuota harian", "Daily quota exceeded"),
        "exp.alert.SELF_APPROVAL": ("Cuba meluluskan sendiri", "Tried to approve own request"),
        "exp.alert.ODD_HOURS": ("Di luar waktu pejabat", "Outside office hours"),
        "exp.alert.MANY_IPS": (
            "Muat turun dari banyak alamat IP",
            "Downloads from many IP addresses",
        ),
        "exp.alert.VOLUME_ABOVE_NORMAL": ("Jumlah luar biasa tinggi", "Unusually high volume"),
        "exp.sev.HIGH": ("Tinggi", "High"),
        "exp.sev.MEDIUM": ("Sederhana", "Medium"),
        "exp.when": ("Masa (waktu Malaysia)", "Time (Malaysia)"),
        "exp.severity": ("Tahap", "Severity"),
        "exp.kind": ("Jenis", "Kind"),
        "exp.who": ("Siapa", "Who"),
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


def dataset_title(name: str, lang: str) -> str:
    found = datasets.REGISTRY.get(name)
    if found is None:
        return name
    return found.title_en if lang == "en" else found.title_ms


def _when(moment: datetime | None) -> str:
    if moment is None:
        return ""
    return clock.as_utc(moment).astimezone(clock.MALAYSIA).strftime("%Y-%m-%d %H:%M")


async def form_filters(request: Request) -> dict[str, str | bool]:
    """The filter inputs of the request form (``filter.<name>``), empty ones left out; a
    yes/no filter arrives as ``true``/``false``."""
    form = await request.form()
    out: dict[str, str | bool] = {}
    for key, value in form.multi_items():
        if key.startswith("filter.") and isinstance(value, str) and value.strip():
            v = value.strip()
            out[key.removeprefix("filter.")] = {"true": True, "false": False}.get(v, v)
    return out


def _list_context(session: Session, staff: StaffAccount, chosen: str = "") -> dict[str, Any]:
    settings = get_settings()
    used = service.rows_requested_today(session, staff.id)
    return {
        "staff": staff,
        "exports": service.visible_exports(session, staff),
        "datasets": list(datasets.REGISTRY.values()),
        "chosen": datasets.REGISTRY.get(chosen),
        "title": dataset_title,
        "may_request": service.holds_any(staff, service.REQUESTER_ROLES),
        "caps": {
            "cap": f"{settings.export_row_cap:,}",
            "quota": f"{settings.export_daily_quota_rows:,}",
            "left": f"{max(0, settings.export_daily_quota_rows - used):,}",
            "hours": settings.export_request_ttl_hours,
            "times": settings.export_max_downloads,
            "file_hours": settings.export_file_ttl_hours,
        },
    }


@router.get("", response_class=HTMLResponse)
@page(
    "exports/list.html",
    exports=[],
    datasets=[],
    chosen=None,
    may_request=False,
    caps=None,
    title=dataset_title,
)
def export_list(
    request: Request, dataset: str = "", session: Session = DB, staff: StaffAccount = gate(EXPORTS)
) -> Response:
    return render(request, "exports/list.html", **_list_context(session, staff, dataset))


@router.post("", response_class=HTMLResponse)
@page("exports/list.html")
def export_create(
    request: Request,
    dataset: str = Form(...),
    purpose: str = Form(...),
    fields: list[str] = Form([]),
    max_rows: int = Form(...),
    filters: dict[str, str | bool] = Depends(form_filters),
    session: Session = DB,
    staff: StaffAccount = StaffPage,
) -> Response:
    refusal_context(request, lambda: _list_context(session, staff, dataset))
    row = service.request_export(
        session,
        staff,
        dataset=dataset,
        purpose=purpose,
        fields=fields,
        filters=filters,
        max_rows=max_rows,
    )
    return RedirectResponse(f"/staff/exports/{row.id}", status_code=303)


@router.get("/alerts", response_class=HTMLResponse)
@page("exports/alerts.html", alerts=[], staff_names={}, when=_when)
def alert_list(
    request: Request, session: Session = DB, staff: StaffAccount = gate(ALERTS)
) -> Response:
    found = alerts.recent(session)
    return render(
        request,
        "exports/alerts.html",
        alerts=found,
        staff_names=names(session, (a.subject for a in found)),
        when=_when,
    )


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
        when=_when,
        title=dataset_title,
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
@page("exports/detail.html", downloads=[], when=lambda m: "", title=dataset_title)
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
