"""Enforcement: a person under a home surveillance order who checks in anywhere raises one
alert to the order's district. Found by a scheduled job that reads recent check-ins of people
with an order in force, so the check-in writer stays untouched; the unique ``checkin_id``
makes it exactly one alert per offending check-in however often the job runs (and if two
runs race, the second insert does nothing)."""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy import and_, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from sihat.checkins.models import CheckIn
from sihat.core import clock, trail
from sihat.core.db import is_sqlite
from sihat.orders.models import Order, OrderAlert
from sihat.orders.settings import OrderSettings, get_settings


def scan(session: Session, settings: OrderSettings | None = None) -> int:
    """Raise the alerts not raised yet for check-ins in the look-back window made while the
    person's HSO was in force; returns how many were new."""
    settings = settings or get_settings()
    now = clock.now()
    since = now - timedelta(hours=settings.scan_lookback_hours)
    found = session.execute(
        select(
            CheckIn.id,
            CheckIn.checked_in_at,
            CheckIn.premise_id,
            Order.id,
            Order.person_id,
            Order.state,
            Order.district,
        )
        .join(Order, Order.person_id == CheckIn.person_id)
        .outerjoin(OrderAlert, OrderAlert.checkin_id == CheckIn.id)
        .where(
            CheckIn.checked_in_at >= since,
            CheckIn.checked_in_at <= now,
            Order.kind == "HSO",
            CheckIn.checked_in_at >= Order.valid_from,
            or_(
                and_(Order.ended_at.is_(None), Order.valid_until > CheckIn.checked_in_at),
                Order.ended_at > CheckIn.checked_in_at,
            ),
            OrderAlert.id.is_(None),
        )
    ).all()
    rows = [
        {
            "id": str(uuid.uuid4()),
            "checkin_id": checkin_id,
            "checked_in_at": at,
            "premise_id": premise_id,
            "order_id": order_id,
            "person_id": person_id,
            "state": state,
            "district": district,
            "raised_at": now,
        }
        for checkin_id, at, premise_id, order_id, person_id, state, district in found
    ]
    if not rows:
        return 0
    insert = sqlite.insert if is_sqlite(session) else postgresql.insert
    result = session.execute(
        insert(OrderAlert)
        .values(rows)
        .on_conflict_do_nothing(index_elements=[OrderAlert.checkin_id])
        .returning(OrderAlert.id)
    )
    new = len(result.all())
    if new:
        trail.record(session, "orders:alerts:raised", actor_type="system", alerts=new)
    return new
