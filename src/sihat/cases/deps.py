"""Who is calling the case pages: a logged-in staff member who is a health officer (national,
or scoped to a state or district); the area check itself is in ``access``. The case register
and the orders page are in the staff menu of exactly the people this gate lets in."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from sihat.cases import access
from sihat.staff import nav
from sihat.staff.deps import gate
from sihat.staff.models import StaffAccount


def is_officer(session: Session, staff: StaffAccount) -> bool:
    return access.is_officer(staff)


CASES = nav.link("/staff/cases", "case.title", is_officer, order=20)
ORDERS = nav.link("/staff/orders", "orders.title", is_officer, order=21)

OfficerPage: Any = gate(CASES)
OrdersPage: Any = gate(ORDERS)
