"""Vendor routes: contracts, approval limits, invoices and their payment steps, usage."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Depends, Query, status
from sqlalchemy.orm import Session

from sihat.core.errors import Problem
from sihat.core.web import DB
from sihat.staff.deps import current_staff
from sihat.staff.models import StaffAccount
from sihat.vendors import metering, payments
from sihat.vendors.models import VendorInvoice
from sihat.vendors.schemas import (
    ContractIn,
    ContractOut,
    InvoiceIn,
    InvoiceOut,
    LimitIn,
    PayIn,
    Service,
    UsageOut,
)

router = APIRouter(prefix="/api/v1/vendors", tags=["vendors"])


def invoice_out(row: VendorInvoice) -> InvoiceOut:
    return InvoiceOut.model_validate(row, from_attributes=True)


@router.post("/contracts", response_model=ContractOut, status_code=status.HTTP_201_CREATED)
def create_contract(
    body: ContractIn, session: Session = DB, staff: StaffAccount = Depends(current_staff)
) -> ContractOut:
    row = payments.create_contract(session, staff, **body.model_dump())
    return ContractOut.model_validate(row, from_attributes=True)


@router.put("/approvers/{staff_id}/limit", status_code=status.HTTP_204_NO_CONTENT)
def set_limit(
    staff_id: str,
    body: LimitIn,
    session: Session = DB,
    staff: StaffAccount = Depends(current_staff),
) -> None:
    approver = session.get(StaffAccount, staff_id)
    if approver is None:
        raise Problem("not_found")
    payments.set_limit(session, staff, approver, body.limit_myr)


@router.post("/invoices", response_model=InvoiceOut, status_code=status.HTTP_201_CREATED)
def receive_invoice(
    body: InvoiceIn, session: Session = DB, staff: StaffAccount = Depends(current_staff)
) -> InvoiceOut:
    return invoice_out(payments.receive_invoice(session, staff, **body.model_dump()))


@router.get("/invoices", response_model=list[InvoiceOut])
def list_invoices(
    session: Session = DB, staff: StaffAccount = Depends(current_staff)
) -> list[InvoiceOut]:
    return [invoice_out(r) for r in payments.invoices(session, staff)]


@router.get("/invoices/{invoice_id}", response_model=InvoiceOut)
def get_invoice(
    invoice_id: str, session: Session = DB, staff: StaffAccount = Depends(current_staff)
) -> InvoiceOut:
    return invoice_out(payments.get_invoice(session, staff, invoice_id))


@router.post("/invoices/{invoice_id}/verify", response_model=InvoiceOut)
def verify(
    invoice_id: str, session: Session = DB, staff: StaffAccount = Depends(current_staff)
) -> InvoiceOut:
    return invoice_out(payments.verify(session, staff, invoice_id))


@router.post("/invoices/{invoice_id}/approve", response_model=InvoiceOut)
def approve(
    invoice_id: str, session: Session = DB, staff: StaffAccount = Depends(current_staff)
) -> InvoiceOut:
    return invoice_out(payments.approve(session, staff, invoice_id))


@router.post("/invoices/{invoice_id}/pay", response_model=InvoiceOut)
def pay(
    invoice_id: str,
    body: PayIn,
    session: Session = DB,
    staff: StaffAccount = Depends(current_staff),
) -> InvoiceOut:
    return invoice_out(payments.pay(session, staff, invoice_id, body.payment_ref))


@router.get("/usage", response_model=UsageOut)
def usage(
    service: Service = Query(...),
    first: date = Query(...),
    last: date = Query(...),
    session: Session = DB,
    staff: StaffAccount = Depends(current_staff),
) -> UsageOut:
    payments.require_reader(staff)
    if service == "SMS":
        metering.meter_delivered_sms(session)
    by_day = metering.usage_by_day(session, service, first, last)
    return UsageOut(
        service=service, first=first, last=last, units=sum(by_day.values()), by_day=by_day
    )
