"""The centre's stock and approvals pages.

Stock: every centre role (and administrators, auditors) sees the levels and the movements;
administrators and the centre's supervisors record doses received, transferred to another
centre and discarded. Approvals: vaccinators and supervisors ask for a late-entry window or an
amendment of a dose record; a supervisor other than the requester approves."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from sihat.core import clock, i18n
from sihat.core.errors import Problem
from sihat.core.web import DB, page, refusal_context, render
from sihat.staff.deps import StaffPage
from sihat.staff.models import StaffAccount
from sihat.staff.names import names
from sihat.vaccination import approvals, centres, corrections, stock, vaccines
from sihat.vaccination.models import Batch, Centre, Dose
from sihat.vaccination.pages import CentreStaff

router = APIRouter(include_in_schema=False)

i18n.register(
    {
        "ppv.approvals": ("Kelulusan lewat & pindaan", "Late entries & amendments"),
        "stock.title": ("Stok pusat", "Centre stock"),
        "stock.levels": ("Baki mengikut kelompok", "Left by batch"),
        "stock.product": ("Produk", "Product"),
        "stock.lot": ("Lot", "Lot"),
        "stock.expires": ("Luput", "Expires"),
        "stock.left": ("Baki (dos)", "Left (doses)"),
        "stock.none": ("Tiada stok.", "No stock."),
        "stock.movements": ("Pergerakan stok", "Stock movements"),
        "stock.when": ("Masa (waktu Malaysia)", "Time (Malaysia)"),
        "stock.kind": ("Jenis", "Kind"),
        "stock.quantity": ("Kuantiti (dos)", "Quantity (doses)"),
        "stock.by": ("Oleh", "By"),
        "stock.kind.RECEIVED": ("Diterima", "Received"),
        "stock.kind.TRANSFER_OUT": ("Dipindah keluar ke", "Transferred out to"),
        "stock.kind.TRANSFER_IN": ("Dipindah masuk dari", "Transferred in from"),
        "stock.kind.DISCARDED": ("Dibuang", "Discarded"),
        "stock.receive": ("Terima stok", "Receive stock"),
        "stock.transfer": ("Pindah ke pusat lain", "Transfer to another centre"),
        "stock.discard": ("Buang dos", "Discard doses"),
        "stock.batch": ("Kelompok", "Batch"),
        "stock.target": ("Pusat penerima", "Receiving centre"),
        "stock.reason": (
            "Sebab (cth. vial pecah, rantaian sejuk)",
            "Reason (e.g. broken vial, cold chain)",
        ),
        "stock.handlers": (
            "Hanya penyelia pusat ini dan pentadbir merekod penerimaan, pemindahan dan pembuangan.",
            "Only this centre's supervisors and administrators record receipts, transfers and "
            "discards.",
        ),
        "appr.late": ("Kemasukan lewat", "Late entries"),
        "appr.late_new": ("Minta kebenaran kemasukan lewat", "Ask to enter doses late"),
        "appr.first_day": ("Hari pertama", "First day"),
        "appr.last_day": ("Hari terakhir", "Last day"),
        "appr.reason": ("Sebab (sekurang-kurangnya 10 aksara)", "Reason (at least 10 characters)"),
        "appr.requested_by": ("Dipohon oleh", "Requested by"),
        "appr.status": ("Status", "Status"),
        "appr.pending": ("Menunggu kelulusan", "Waiting for approval"),
        "appr.approved_by": ("Diluluskan oleh", "Approved by"),
        "appr.approve": ("Lulus", "Approve"),
        "appr.reject": ("Tolak", "Reject"),
        "appr.amendments": ("Pindaan rekod dos", "Dose record amendments"),
        "appr.amend_new": ("Minta pembatalan rekod dos", "Ask to void a dose record"),
        "appr.dose": ("Rekod dos", "Dose record"),
        "appr.kind.CORRECT": ("Pembetulan", "Correction"),
        "appr.kind.VOID": ("Pembatalan", "Void"),
        "appr.state.PENDING": ("Menunggu kelulusan", "Waiting for approval"),
        "appr.state.APPROVED": ("Diluluskan", "Approved"),
        "appr.state.REJECTED": ("Ditolak", "Rejected"),
        "appr.none": ("Tiada.", "None."),
        "appr.supervisor_only": (
            "Penyelia lain di pusat ini meluluskan permintaan anda.",
            "Another supervisor at this centre approves your requests.",
        ),
    }
)


def _when(moment: Any) -> str:
    return moment.astimezone(clock.MALAYSIA).strftime("%Y-%m-%d %H:%M") if moment else ""


def _stock(session: Session, staff: StaffAccount, code: str) -> dict[str, Any]:
    products = vaccines.load().products
    moves = stock.movements(session, code)
    batches = {b.id: b for b in session.scalars(select(Batch).order_by(Batch.expires_on))}
    levels = stock.levels(session, code)
    return {
        "centre": centres.get_centre(session, code),
        "levels": [(b, q, products[b.product].name) for b, q in levels],
        "moves": moves,
        "batches": batches,
        "product_name": {k: p.name for k, p in products.items()},
        "staff_names": names(session, (m.by for m in moves)),
        "may_handle": stock.may_handle(staff, code),
        "receivable": [b for b in batches.values() if b.expires_on >= clock.today_my()],
        "held": [(b, q) for b, q in levels if q > 0],
        "others": list(
            session.scalars(select(Centre.code).where(Centre.code != code).order_by(Centre.code))
        ),
        "when": _when,
    }


@router.get("/ppv/{code}/stock", response_class=HTMLResponse)
@page("vaccination/mine.html", assignments=[])
def stock_page(
    code: str, request: Request, session: Session = DB, staff: StaffAccount = StaffPage
) -> Response:
    stock.check_may_view(session, staff, code)
    return render(request, "vaccination/stock.html", **_stock(session, staff, code))


@router.post("/ppv/{code}/stock/{action}", response_class=HTMLResponse)
@page(
    "vaccination/stock.html",
    levels=[],
    moves=[],
    batches={},
    staff_names={},
    receivable=[],
    held=[],
)
def stock_action(
    code: str,
    action: str,
    request: Request,
    batch_id: str = Form(...),
    quantity: int = Form(...),
    target: str = Form(""),
    reason: str = Form(""),
    session: Session = DB,
    staff: StaffAccount = StaffPage,
) -> Response:
    refusal_context(request, lambda: _stock(session, staff, code))
    if action == "receive":
        stock.receive(session, staff, code, batch_id, quantity)
    elif action == "transfer":
        stock.transfer(session, staff, code, target, batch_id, quantity)
    elif action == "discard":
        stock.discard(session, staff, code, batch_id, quantity, reason)
    else:
        raise Problem("not_found")
    return RedirectResponse(f"/ppv/{code}/stock", status_code=303)


def _approvals(session: Session, staff: StaffAccount, code: str) -> dict[str, Any]:
    late = approvals.late_entries(session, code)
    amend = approvals.amendments(session, code)
    ids = [e.requested_by for e in late] + [e.approved_by for e in late]
    ids += [a.requested_by for a, _d in amend] + [a.decided_by for a, _d in amend]
    recent = session.scalars(
        select(Dose).where(Dose.ppv_code == code).order_by(Dose.received_at.desc()).limit(30)
    )
    return {
        "centre": centres.get_centre(session, code),
        "late": late,
        "amend": amend,
        "changes": {a.id: corrections.described(session, a, d) for a, d in amend},
        "staff_names": names(session, ids),
        "me": staff.id,
        "supervisor": approvals.may_approve(session, staff, code),
        "recent": list(recent),
        "today": clock.today_my().isoformat(),
        "when": _when,
    }


@router.get("/ppv/{code}/approvals", response_class=HTMLResponse)
@page("vaccination/mine.html", assignments=[])
def approvals_page(
    code: str,
    request: Request,
    session: Session = DB,
    who: tuple[StaffAccount, list[str]] = CentreStaff,
) -> Response:
    staff, _roles = who
    if not approvals.may_request(session, staff, code):
        raise Problem("vaccinator_not_assigned", field="ppv_code")
    return render(request, "vaccination/approvals.html", **_approvals(session, staff, code))


_APPROVALS_PAGE = page(
    "vaccination/approvals.html", late=[], amend=[], staff_names={}, recent=[], supervisor=False
)


@router.post("/ppv/{code}/late-entries", response_class=HTMLResponse)
@_APPROVALS_PAGE
def late_entry_request(
    code: str,
    request: Request,
    first_day: date = Form(...),
    last_day: date = Form(...),
    reason: str = Form(...),
    session: Session = DB,
    staff: StaffAccount = StaffPage,
) -> Response:
    refusal_context(request, lambda: _approvals(session, staff, code))
    approvals.request_late_entry(session, staff, code, first_day, last_day, reason)
    return RedirectResponse(f"/ppv/{code}/approvals", status_code=303)


@router.post("/ppv/{code}/late-entries/{entry_id}/approve", response_class=HTMLResponse)
@_APPROVALS_PAGE
def late_entry_approve(
    code: str,
    entry_id: str,
    request: Request,
    session: Session = DB,
    staff: StaffAccount = StaffPage,
) -> Response:
    refusal_context(request, lambda: _approvals(session, staff, code))
    approvals.approve_late_entry(session, staff, entry_id)
    return RedirectResponse(f"/ppv/{code}/approvals", status_code=303)


@router.post("/ppv/{code}/amendments", response_class=HTMLResponse)
@_APPROVALS_PAGE
def amendment_request(
    code: str,
    request: Request,
    dose_id: str = Form(...),
    reason: str = Form(...),
    session: Session = DB,
    staff: StaffAccount = StaffPage,
) -> Response:
    refusal_context(request, lambda: _approvals(session, staff, code))
    approvals.request_amendment(session, staff, dose_id, "VOID", {}, reason)
    return RedirectResponse(f"/ppv/{code}/approvals", status_code=303)


@router.post("/ppv/{code}/amendments/{amendment_id}/decide", response_class=HTMLResponse)
@_APPROVALS_PAGE
def amendment_decide(
    code: str,
    amendment_id: str,
    request: Request,
    approve: bool = Form(...),
    session: Session = DB,
    staff: StaffAccount = StaffPage,
) -> Response:
    refusal_context(request, lambda: _approvals(session, staff, code))
    approvals.decide_amendment(session, staff, amendment_id, approve)
    return RedirectResponse(f"/ppv/{code}/approvals", status_code=303)
