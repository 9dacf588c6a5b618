"""Vendor payments: metered usage, reconciliation, verify -> approve -> pay, in order only."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from sihat.core import clock
from sihat.core.errors import Problem
from sihat.core.trail import AuditEvent
from sihat.vendors import metering, payments
from sihat.vendors.models import VendorInvoice, VendorUsage
from tests import factories

NOW = datetime(2021, 7, 5, 2, 0, tzinfo=UTC)


def send_sms(session, n: int, at: datetime) -> None:
    """``n`` one-segment SMS delivered (receipted) at ``at``."""
    with clock.frozen(at):
        factories.delivered_sms(session, n)


def invoice(session, team, **change):
    body = {
        "contract_ref": "KKM/SMS/2021/01",
        "invoice_no": "INV-2021-06",
        "invoice_date": date(2021, 7, 1),
        "period_start": date(2021, 6, 1),
        "period_end": date(2021, 6, 30),
        "units": 200,
        "amount_myr": Decimal("7.00"),
    }
    return payments.receive_invoice(session, team["finance"].account, **{**body, **change})


def writes(session) -> tuple[int, int]:
    return (
        int(session.scalar(select(func.count()).select_from(VendorInvoice))),
        int(session.scalar(select(func.count()).select_from(AuditEvent))),
    )


def test_sms_metered_from_the_outbox_once(session) -> None:
    send_sms(session, 5, datetime(2021, 6, 10, 4, 0, tzinfo=UTC))
    assert metering.meter_delivered_sms(session) == 5
    assert metering.meter_delivered_sms(session) == 0
    assert metering.metered_units(session, "SMS", date(2021, 6, 1), date(2021, 6, 30)) == 5
    assert session.scalar(select(func.count()).select_from(VendorUsage)) == 5


def test_payment_in_order(session, team, sms_contract) -> None:
    send_sms(session, 200, datetime(2021, 6, 15, 4, 0, tzinfo=UTC))
    with clock.frozen(NOW):
        row = invoice(session, team)
        assert (row.status, row.metered_units, row.expected_sen) == ("RECONCILED", 200, 700)
        payments.verify(session, team["finance"].account, row.id)
        payments.approve(session, team["payer"].account, row.id)
        payments.pay(session, team["finance"].account, row.id, "EFT-0001")
    assert row.status == "PAID" and row.approver_limit_sen == 5_000_000
    actions = session.scalars(
        select(AuditEvent.action).where(AuditEvent.target_id == row.id).order_by(AuditEvent.id)
    ).all()
    assert actions == [
        "vendors:invoice:received",
        "vendors:payment:verified",
        "vendors:payment:approved",
        "vendors:payment:paid",
    ]


def refused(session, code: str, step, *args) -> None:
    before = writes(session)
    with pytest.raises(Problem) as caught:
        step(session, *args)
    assert caught.value.code == code
    assert writes(session) == before


def test_steps_out_of_order_or_over_the_limit_are_refused(session, team, sms_contract) -> None:
    send_sms(session, 200, datetime(2021, 6, 15, 4, 0, tzinfo=UTC))
    fin, fin2 = team["finance"].account, team["finance2"].account
    payer, junior = team["payer"].account, team["junior"].account
    with clock.frozen(NOW):
        row = invoice(session, team)
        refused(session, "payment_not_verified", payments.approve, payer, row.id)
        refused(session, "payment_not_approved", payments.pay, fin, row.id, "EFT-1")
        refused(session, "forbidden", payments.verify, payer, row.id)
        payments.verify(session, fin, row.id)
        refused(session, "payment_step_done", payments.verify, fin2, row.id)
        refused(session, "payment_not_approved", payments.pay, fin, row.id, "EFT-1")
        refused(session, "payment_over_limit", payments.approve, junior, row.id)
        refused(session, "forbidden", payments.approve, fin2, row.id)
        payments.approve(session, payer, row.id)
        refused(session, "payment_step_done", payments.approve, payer, row.id)
        payments.pay(session, fin2, row.id, "EFT-1")
        refused(session, "payment_step_done", payments.pay, fin, row.id, "EFT-2")


def test_one_person_never_does_two_steps(session, team, sms_contract) -> None:
    from sihat.governance import requests

    both, _ = requests.onboard(
        session,
        team["admin"].account,
        [team["approver"].account, team["carol"].account],
        username="both",
        full_name="Finance And Approver",
        grants=[{"role": "FINANCE_OFFICER"}, {"role": "PAYMENT_APPROVER"}],
        password=factories.STAFF_PASSWORD,
    )
    payments.set_limit(session, team["admin"].account, both, Decimal("1000.00"))
    send_sms(session, 200, datetime(2021, 6, 15, 4, 0, tzinfo=UTC))
    with clock.frozen(NOW):
        mine = invoice(session, team)
        payments.verify(session, both, mine.id)
        refused(session, "payment_same_person", payments.approve, both, mine.id)
        other = invoice(session, team, invoice_no="INV-B")
        payments.verify(session, team["finance"].account, other.id)
        payments.approve(session, both, other.id)
        refused(session, "payment_same_person", payments.pay, both, other.id, "EFT-9")
        with pytest.raises(Problem) as caught:
            payments.set_limit(session, team["admin"].account, team["admin"].account, Decimal(1))
        assert caught.value.code == "payment_same_person"


def test_invoices_without_contract_over_ceiling_or_not_matching(
    session, team, sms_contract
) -> None:
    send_sms(session, 200, datetime(2021, 6, 15, 4, 0, tzinfo=UTC))
    with clock.frozen(NOW):
        for change, code in (
            ({"contract_ref": "NO/SUCH/REF"}, "vendor_no_contract"),
            ({"period_start": date(2020, 12, 1)}, "vendor_no_contract"),
            ({"amount_myr": Decimal("100000.01")}, "vendor_over_ceiling"),
            ({"invoice_date": date(2021, 6, 20)}, "invoice_bad_dates"),
            ({"invoice_date": date(2021, 8, 1)}, "invoice_bad_dates"),
        ):
            before = writes(session)
            with pytest.raises(Problem) as caught:
                invoice(session, team, **change)
            assert caught.value.code == code and writes(session) == before
        padded = invoice(session, team, amount_myr=Decimal("70.00"), units=2000)
        assert padded.status == "DISPUTED" and padded.expected_sen == 700
        refused(
            session, "invoice_not_reconciled", payments.verify, team["finance"].account, padded.id
        )
        close = invoice(session, team, invoice_no="INV-2", amount_myr=Decimal("7.50"))
        assert close.status == "RECONCILED"  # within RM1.00
        before = writes(session)
        with pytest.raises(Problem) as caught:
            invoice(session, team, invoice_no="INV-2")
        assert caught.value.code == "invoice_duplicate" and writes(session) == before
        usage = metering.metered_units(session, "SMS", date(2021, 6, 1), date(2021, 6, 30))
        assert usage == 200
        assert clock.now() - NOW < timedelta(seconds=1)


def test_reconciled_against_delivered_segments_not_messages_sent(
    session, team, sms_contract
) -> None:
    """60 one-segment SMS and 20 two-segment (UCS-2) SMS delivered, 20 failed: 100 billable
    segments. An invoice for 100 is RECONCILED; one for all 140 segments sent is DISPUTED."""
    from sihat.notifications import receipts
    from sihat.notifications.service import deliver_pending, queue_sms
    from tests.notifications import sms

    with clock.frozen(datetime(2021, 6, 20, 4, 0, tzinfo=UTC)):
        plain = [
            sms(queue_sms(session, f"+6012{i:07d}", "registration", channel="WEB"))
            for i in range(80)
        ]
        wide = [
            sms(queue_sms(session, f"+6013{i:07d}", "registration", channel="Kaunter ✓ " * 5))
            for i in range(20)
        ]
        session.flush()
        assert {m.segments for m in plain} == {1} and {m.segments for m in wide} == {2}
        deliver_pending(session)
        receipts.apply(
            session,
            [{"reference": m.id, "status": "DELIVERED"} for m in plain[:60] + wide]
            + [{"reference": m.id, "status": "FAILED"} for m in plain[60:]],
        )
    with clock.frozen(NOW):
        honest = invoice(session, team, units=100, amount_myr=Decimal("3.50"))
        inflated = invoice(
            session, team, invoice_no="INV-2021-06B", units=140, amount_myr=Decimal("4.90")
        )
    assert (honest.status, honest.metered_units) == ("RECONCILED", 100)
    assert (inflated.status, inflated.metered_units) == ("DISPUTED", 100)
