"""Contracts, invoices reconciled against metered usage, and payment in order.

Who does what (``sihat.staff`` roles):
- a contract is registered by an ADMIN; approval limits are set by an ADMIN for someone else
  who holds PAYMENT_APPROVER;
- an invoice is received and reconciled by a FINANCE_OFFICER (a mismatch beyond the
  tolerance is kept as DISPUTED and can never be verified);
- verify: a FINANCE_OFFICER; approve: a PAYMENT_APPROVER within their limit, not the
  verifier; pay: a FINANCE_OFFICER who did not approve it (a person holding both roles
  still cannot approve what they verified, nor pay what they approved).
Every step out of order, over the limit or without a contract is refused with its own code,
and a refusal writes nothing.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sihat.core import clock, trail
from sihat.core.db import add_unique
from sihat.core.errors import Problem
from sihat.core.settings import get_settings
from sihat.staff.models import StaffAccount
from sihat.staff.service import has_role
from sihat.vendors import metering
from sihat.vendors.models import ApprovalLimit, VendorContract, VendorInvoice

READER_ROLES = ("FINANCE_OFFICER", "PAYMENT_APPROVER", "AUDITOR", "ADMIN")


def sen(amount: Decimal) -> int:
    return int((amount * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _require(staff: StaffAccount, *roles: str) -> None:
    if not any(has_role(staff, r) for r in roles):
        raise Problem("forbidden")


def _record(session: Session, action: str, actor: StaffAccount, row: object, **d: object) -> None:
    trail.record(
        session,
        action,
        actor_type="staff",
        actor_id=actor.id,
        target_type=type(row).__name__,
        target_id=getattr(row, "id", None) or getattr(row, "staff_id", None),
        **d,
    )


def create_contract(
    session: Session,
    actor: StaffAccount,
    *,
    contract_ref: str,
    vendor: str,
    service: str,
    starts_on: date,
    ends_on: date,
    rate_myr: Decimal,
    ceiling_myr: Decimal,
) -> VendorContract:
    _require(actor, "ADMIN")
    if ends_on < starts_on or rate_myr < 0 or ceiling_myr <= 0:
        raise Problem("vendor_bad_contract")
    row = VendorContract(
        contract_ref=contract_ref,
        vendor=vendor,
        service=service,
        starts_on=starts_on,
        ends_on=ends_on,
        rate_sen_per_1000=int((rate_myr * 100_000).quantize(Decimal(1), ROUND_HALF_UP)),
        ceiling_sen=sen(ceiling_myr),
        created_by=actor.id,
        created_at=clock.now(),
    )
    add_unique(session, row, "vendor_contract_exists", "contract_ref")
    _record(session, "vendors:contract:created", actor, row, service=service)
    return row


def set_limit(
    session: Session, actor: StaffAccount, approver: StaffAccount, limit_myr: Decimal
) -> ApprovalLimit:
    _require(actor, "ADMIN")
    if approver.id == actor.id:
        raise Problem("payment_same_person")
    if not has_role(approver, "PAYMENT_APPROVER"):
        raise Problem("payment_no_authority", field="staff_id")
    row = session.get(ApprovalLimit, approver.id) or ApprovalLimit(staff_id=approver.id)
    row.limit_sen, row.set_by, row.set_at = sen(limit_myr), actor.id, clock.now()
    session.add(row)
    session.flush()
    _record(session, "vendors:limit:set", actor, row, limit_sen=row.limit_sen)
    return row


def expected_sen(contract: VendorContract, units: int) -> int:
    return int(
        (Decimal(units) * contract.rate_sen_per_1000 / 1000).quantize(Decimal(1), ROUND_HALF_UP)
    )


def within_tolerance(amount: int, expected: int) -> bool:
    settings = get_settings()
    allowed = max(
        expected * settings.vendor_invoice_tolerance_pct / 100,
        settings.vendor_invoice_tolerance_myr * 100,
    )
    return abs(amount - expected) <= allowed


def receive_invoice(
    session: Session,
    actor: StaffAccount,
    *,
    contract_ref: str,
    invoice_no: str,
    invoice_date: date,
    period_start: date,
    period_end: date,
    units: int,
    amount_myr: Decimal,
) -> VendorInvoice:
    _require(actor, "FINANCE_OFFICER")
    contract = session.scalar(
        select(VendorContract).where(VendorContract.contract_ref == contract_ref)
    )
    if contract is None or period_start < contract.starts_on or period_end > contract.ends_on:
        raise Problem("vendor_no_contract", field="contract_ref")
    if period_end < period_start or invoice_date < period_end or invoice_date > clock.today_my():
        raise Problem("invoice_bad_dates", field="invoice_date")
    amount = sen(amount_myr)
    billed = session.scalar(
        select(func.coalesce(func.sum(VendorInvoice.amount_sen), 0)).where(
            VendorInvoice.contract_id == contract.id, VendorInvoice.status != "DISPUTED"
        )
    )
    if int(billed or 0) + amount > contract.ceiling_sen:
        raise Problem("vendor_over_ceiling", field="amount_myr")
    if contract.service == "SMS":
        metering.meter_delivered_sms(session)
    metered = metering.metered_units(session, contract.service, period_start, period_end)
    expected = expected_sen(contract, metered)
    ok = within_tolerance(amount, expected) and within_tolerance(
        expected_sen(contract, units), expected
    )
    row = VendorInvoice(
        contract_id=contract.id,
        invoice_no=invoice_no,
        invoice_date=invoice_date,
        period_start=period_start,
        period_end=period_end,
        units_billed=units,
        amount_sen=amount,
        metered_units=metered,
        expected_sen=expected,
        status="RECONCILED" if ok else "DISPUTED",
        received_by=actor.id,
        received_at=clock.now(),
    )
    add_unique(session, row, "invoice_duplicate", "invoice_no")
    _record(session, "vendors:invoice:received", actor, row, status=row.status)
    return row


def get_invoice(session: Session, actor: StaffAccount, invoice_id: str) -> VendorInvoice:
    row = session.get(VendorInvoice, invoice_id)
    if row is None or not any(has_role(actor, r) for r in READER_ROLES):
        raise Problem("not_found")
    return row


def invoices(session: Session, actor: StaffAccount, limit: int = 200) -> list[VendorInvoice]:
    _require(actor, *READER_ROLES)
    query = select(VendorInvoice).order_by(VendorInvoice.received_at.desc()).limit(limit)
    return list(session.scalars(query))


def verify(session: Session, actor: StaffAccount, invoice_id: str) -> VendorInvoice:
    row = get_invoice(session, actor, invoice_id)
    _require(actor, "FINANCE_OFFICER")
    if row.status in ("VERIFIED", "APPROVED", "PAID"):
        raise Problem("payment_step_done")
    if row.status != "RECONCILED":
        raise Problem("invoice_not_reconciled")
    row.status, row.verified_by, row.verified_at = "VERIFIED", actor.id, clock.now()
    _record(session, "vendors:payment:verified", actor, row)
    session.flush()
    return row


def approve(session: Session, actor: StaffAccount, invoice_id: str) -> VendorInvoice:
    row = get_invoice(session, actor, invoice_id)
    _require(actor, "PAYMENT_APPROVER")
    if row.status in ("APPROVED", "PAID"):
        raise Problem("payment_step_done")
    if row.status != "VERIFIED":
        raise Problem("payment_not_verified")
    if row.verified_by == actor.id:
        raise Problem("payment_same_person")
    limit = session.get(ApprovalLimit, actor.id)
    if limit is None:
        raise Problem("payment_no_authority")
    if row.amount_sen > limit.limit_sen:
        raise Problem("payment_over_limit")
    row.status, row.approved_by, row.approved_at = "APPROVED", actor.id, clock.now()
    row.approver_limit_sen = limit.limit_sen
    _record(session, "vendors:payment:approved", actor, row, limit_sen=limit.limit_sen)
    session.flush()
    return row


def pay(session: Session, actor: StaffAccount, invoice_id: str, payment_ref: str) -> VendorInvoice:
    row = get_invoice(session, actor, invoice_id)
    _require(actor, "FINANCE_OFFICER")
    if row.status == "PAID":
        raise Problem("payment_step_done")
    if row.status != "APPROVED":
        raise Problem("payment_not_approved")
    if actor.id == row.approved_by:
        raise Problem("payment_same_person")
    row.status, row.paid_by, row.paid_at, row.payment_ref = (
        "PAID",
        actor.id,
        clock.now(),
        payment_ref,
    )
    _record(session, "vendors:payment:paid", actor, row)
    session.flush()
    return row


def require_reader(staff: StaffAccount) -> None:
    _require(staff, *READER_ROLES)
