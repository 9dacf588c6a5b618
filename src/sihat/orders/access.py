"""Which orders and alerts an officer may see: the case register's district scope
(``sihat.cases.access``) applied to an order's state and district. An order outside the
officer's area is ``not_found``, as if it did not exist."""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, false, or_, select, true
from sqlalchemy.orm import InstrumentedAttribute, Session

from sihat.cases import access as case_access
from sihat.core.errors import Problem
from sihat.orders.models import Order
from sihat.staff import service as staff_service
from sihat.staff.models import StaffAccount


def area(
    staff: StaffAccount, state: InstrumentedAttribute[str], district: InstrumentedAttribute[str]
) -> ColumnElement[bool]:
    """A filter on a table's ``state``/``district`` columns for the officer's area."""
    role = case_access.ROLE
    if staff_service.has_role(staff, role):
        return true()
    parts: list[ColumnElement[bool]] = []
    for r in staff_service.active_roles(staff):
        if r.role != role or not staff_service.has_role(staff, role, r.scope_type, r.scope_code):
            continue
        if r.scope_type == "STATE":
            parts.append(state == r.scope_code)
        elif r.scope_type == "DISTRICT" and r.scope_code and "/" in r.scope_code:
            in_state, in_district = r.scope_code.split("/", 1)
            parts.append(and_(state == in_state, district == in_district))
    return or_(*parts) if parts else false()


def get_order(session: Session, staff: StaffAccount, order_id: str) -> Order:
    """The order, if the caller is a health officer over its district; ``not_found`` else."""
    case_access.require_officer(staff)
    found = session.scalar(
        select(Order).where(Order.id == order_id, area(staff, Order.state, Order.district))
    )
    if found is None:
        raise Problem("not_found")
    return found
