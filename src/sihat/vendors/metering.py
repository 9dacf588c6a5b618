"""Metering: one usage row per delivered SMS, and what a period adds up to.

SMS are metered from the outbox, on this side, from the gateway's delivery receipts: every
SMS a receipt marked DELIVERED becomes one usage row of as many units as it has billable
segments (GSM-7 160/153 characters, UCS-2 70/67; ``notifications.segments``), at its
``delivered_at`` (source ``outbox``, ref = the message id). A message sent but never
receipted, failed or expired is not billable. The notifications domain needs no hook and a
message is never counted twice (``uq_vendor_usage_source_ref``).

sihat calls no maps, places or geocoding service (places and districts are local data in
``core/geo``), so there is nothing of that kind to meter: a MAPS_API invoice reconciles
against zero and is DISPUTED (docs/vendors.md).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from sihat.core import clock
from sihat.notifications.models import OutboxMessage
from sihat.vendors.models import VendorUsage


def meter_delivered_sms(session: Session, batch: int = 5000) -> int:
    """Meter every delivered SMS not metered yet; returns how many messages were added."""
    added = 0
    while True:
        rows = session.execute(
            select(OutboxMessage.id, OutboxMessage.delivered_at, OutboxMessage.segments)
            .outerjoin(
                VendorUsage,
                and_(VendorUsage.source == "outbox", VendorUsage.ref == OutboxMessage.id),
            )
            .where(
                OutboxMessage.channel == "sms",
                OutboxMessage.status == "DELIVERED",
                VendorUsage.id.is_(None),
            )
            .limit(batch)
        ).all()
        for message_id, delivered_at, parts in rows:
            session.add(
                VendorUsage(
                    service="SMS",
                    operation="sms_segment",
                    occurred_at=delivered_at or clock.now(),
                    units=parts or 1,
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
