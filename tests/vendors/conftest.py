"""Vendors: the people in a payment (finance officers, approvers) and a contract."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from sihat.vendors import payments
from sihat.vendors.models import VendorContract
from tests import factories
from tests.exports.conftest import add_staff


@pytest.fixture
def team(session) -> dict[str, factories.StaffPersona]:
    people = factories.staff_personas(session)
    add_staff(session, people, "finance", "FINANCE_OFFICER")
    add_staff(session, people, "finance2", "FINANCE_OFFICER")
    add_staff(session, people, "payer", "PAYMENT_APPROVER")
    add_staff(session, people, "junior", "PAYMENT_APPROVER")
    admin = people["admin"].account
    payments.set_limit(session, admin, people["payer"].account, Decimal("50000.00"))
    payments.set_limit(session, admin, people["junior"].account, Decimal("5.00"))
    return people


@pytest.fixture
def sms_contract(session, team) -> VendorContract:
    return payments.create_contract(
        session,
        team["admin"].account,
        contract_ref="KKM/SMS/2021/01",
        vendor="Telco Berhad",
        service="SMS",
        starts_on=date(2021, 1, 1),
        ends_on=date(2021, 12, 31),
        rate_myr=Decimal("0.035"),
        ceiling_myr=Decimal("100000.00"),
    )
