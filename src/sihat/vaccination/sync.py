"""Offline and outreach upload: a centre's device sends the doses it captured without a
network, each with a client-generated id and the device's clock.

Each record is decided on its own, in its own savepoint: accepted (a new record), duplicate
(its client id was already recorded: the same batch uploaded twice creates nothing twice),
or refused with its code. The rules are the online rules, counted from the administration
time and the moment the server receives the upload (never from the device's clock).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from sihat.core import clock, trail
from sihat.core.errors import Problem
from sihat.staff.models import StaffAccount
from sihat.vaccination import doses


@dataclass(frozen=True)
class Result:
    client_id: str
    status: str  # accepted, duplicate, refused
    dose_id: str | None = None
    code: str | None = None
    detail_en: str | None = None
    detail_ms: str | None = None
    field: str | None = None


def upload(
    session: Session,
    staff: StaffAccount,
    records: list[doses.DoseInput],
    *,
    device_id: str,
    device_sent_at: datetime | None = None,
) -> list[Result]:
    received_at = clock.now()
    results: list[Result] = []
    for data in records:
        if not data.client_id:
            raise Problem("invalid_input", field="client_id")
        try:
            with session.begin_nested():
                dose, created = doses.record(
                    session, staff, data, source="OFFLINE", received_at=received_at
                )
        except Problem as problem:
            results.append(
                Result(
                    data.client_id,
                    "refused",
                    code=problem.code,
                    detail_en=problem.detail_en,
                    detail_ms=problem.detail_ms,
                    field=problem.field,
                )
            )
            continue
        results.append(Result(data.client_id, "accepted" if created else "duplicate", dose.id))
    offset = None
    if device_sent_at is not None and device_sent_at.tzinfo is not None:
        offset = round((received_at - device_sent_at).total_seconds())
    trail.record(
        session,
        "vaccination:upload:received",
        actor_type="staff",
        actor_id=staff.id,
        target_type="device",
        target_id=device_id[:64],
        records=len(records),
        accepted=sum(r.status == "accepted" for r in results),
        duplicates=sum(r.status == "duplicate" for r in results),
        refused=sum(r.status == "refused" for r in results),
        device_clock_offset_s=offset,
    )
    return results
