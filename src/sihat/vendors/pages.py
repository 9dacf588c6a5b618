"""The vendor payments page: invoices with their reconciliation and the next step each one
may take (verify, approve, pay), for the people allowed to take it."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from sihat.core import i18n
from sihat.core.errors import Problem
from sihat.core.web import DB, page, refusal_context, render
from sihat.staff import nav
from sihat.staff.deps import StaffPage, gate
from sihat.staff.models import StaffAccount
from sihat.staff.service import has_role
from sihat.vendors import payments

router = APIRouter(prefix="/staff/vendors", include_in_schema=False)

i18n.register(
    {
        "ven.title": ("Bayaran vendor", "Vendor payments"),
        "ven.invoice": ("Invois", "Invoice"),
        "ven.amount": ("Jumlah (RM)", "Amount (RM)"),
        "ven.expected": ("Jangkaan daripada meter (RM)", "Expected from metering (RM)"),
        "ven.units": ("Unit dibil / bermeter", "Units billed / metered"),
        "ven.status": ("Status", "Status"),
        "ven.verify": ("Sahkan", "Verify"),
        "ven.approve": ("Lulus", "Approve"),
        "ven.pay": ("Bayar", "Pay"),
        "ven.payment_ref": ("Rujukan bayaran", "Payment reference"),
        "ven.none": ("Tiada invois.", "No invoices."),
        "ven.next": ("Langkah seterusnya", "Next step"),
        "ven.status.RECONCILED": ("Sepadan dengan meter", "Matches the metering"),
        "ven.status.DISPUTED": ("Dipertikai: tidak sepadan", "Disputed: does not match"),
        "ven.status.VERIFIED": ("Disahkan", "Verified"),
        "ven.status.APPROVED": ("Diluluskan", "Approved"),
        "ven.status.PAID": ("Dibayar", "Paid"),
    }
)
PAYMENTS = nav.link("/staff/vendors/payments", "ven.title", nav.holding(*payments.READER_ROLES), 45)
STEPS = {"verify": "FINANCE_OFFICER", "approve": "PAYMENT_APPROVER", "pay": "FINANCE_OFFICER"}


def _ctx(session: Session, staff: StaffAccount) -> dict[str, Any]:
    return {
        "invoices": payments.invoices(session, staff),
        "steps": [s for s, role in STEPS.items() if has_role(staff, role)],
    }


@router.get("/payments", response_class=HTMLResponse)
@page("vendors/payments.html", invoices=[], steps=[])
def payments_page(
    request: Request, session: Session = DB, staff: StaffAccount = gate(PAYMENTS)
) -> Response:
    return render(request, "vendors/payments.html", **_ctx(session, staff))


@router.post("/invoices/{invoice_id}/{step}", response_class=HTMLResponse)
@page("vendors/payments.html")
def take_step(
    invoice_id: str,
    step: str,
    request: Request,
    payment_ref: str = Form(""),
    session: Session = DB,
    staff: StaffAccount = StaffPage,
) -> Response:
    refusal_context(request, lambda: _ctx(session, staff))
    if step == "verify":
        payments.verify(session, staff, invoice_id)
    elif step == "approve":
        payments.approve(session, staff, invoice_id)
    elif step == "pay":
        payments.pay(session, staff, invoice_id, payment_ref.strip() or "-")
    else:
        raise Problem("not_found")
    return RedirectResponse("/staff/vendors/payments", status_code=303)
