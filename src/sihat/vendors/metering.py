"""Metering: one usage row per vendor call or delivered SMS, and what a period adds up to.

SMS are metered from the outbox, on this side: every message the outbox marked SENT becomes
one usage row (source ``outbox``, ref = the message id, at its ``sent_at``), so the
notifications domain needs no hook and a message is never counted twice
(``uq_vendor_usage_source_ref``). Maps and geocoding calls are metered by the caller with
:func:`meter_call` at the moment of the call.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from sihat.core import clock
from sihat.notifications.models import OutboxMessage
from sihat.vendors.models import SERVICES, VendorUsage


def meter_call(
    session: Session, service: str, operation: str, *, ref: str | None = None, units: int = 1
) -> VendorUsage:
    if service not in SERVICES:
        raise ValueError(f"unknown vendor service {service!r}")
    usage = VendorUsage(
        service=service,
        operation=operation[:30],
        occurred_at=clock.now(),
        units=units,
        source="call",
        ref=ref,
    )
    session.add(usage)
    return usage


def meter_delivered_sms(session: Session, batch: int = 5000) -> int:
    """Meter every delivered SMS not metered yet; returns how many were added."""
    added = 0
    while True:
        rows = session.execute(
            select(OutboxMessage.id, OutboxMessage.sent_at)
            .outerjoin(
                VendorUsage,
                and_(VendorUsage.source == "outbox", VendorUsage.ref == OutboxMessage.id),
            )
            .where(
                OutboxMessage.channel == "sms",
                OutboxMessage.status == "SENT",
                VendorUsage.id.is_(None),
            )
            .limit(batch)
        ).all()
        for message_id, sent_at in rows:
            session.add(
                VendorUsage(
                    service="SMS",
                    operation="sms",
                    occurred_at=sent_at or clock.now(),
                    units=1,
                    source="outbox",
                    ref=message_id,
                )
            )
        session.flush()
        added += len(rows)
        if len(rows) < batch:
            return added


def _start(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=clock.MALAYSIA)


def metered_units(session: Session, service: str, first: date, last: date) -> int:
    """Units metered for ``service`` on Malaysia days ``first`` to ``last`` inclusive."""
    total = session.scalar(
        select(func.coalesce(func.sum(VendorUsage.units), 0)).where(
            VendorUsage.service == service,
            VendorUsage.occurred_at >= _start(first),
            VendorUsage.occurred_at < _start(last + timedelta(days=1)),
        )
    )
    return int(total or 0)


def usage_by_day(session: Session, service: str, first: date, last: date) -> dict[date, int]:
    rows = session.execute(
        select(VendorUsage.occurred_at, VendorUsage.units).where(
            VendorUsage.service == service,
            VendorUsage.occurred_at >= _start(first),
            VendorUsage.occurred_at < _start(last + timedelta(days=1)),
        )
    ).all()
    out: dict[date, int] = {}
    for at, units in rows:
        day = clock.malaysia_date(at)
        out[day] = out.get(day, 0) + units
    return dict(sorted(out.items()))
