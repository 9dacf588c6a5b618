"""A visitor's own visits: check-out, the list of recent visits, and closing visits that were
never checked out once the default visit length has passed. Services flush, never commit."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from sihat.checkins.batch import instant_of
from sihat.checkins.models import CHECKINS, CheckIn, Premise
from sihat.core import clock
from sihat.core.errors import Problem
from sihat.core.settings import get_settings
from sihat.identity.models import Account


def _visit_of(session: Session, account: Account, visit_id: uuid.UUID) -> CheckIn:
    """A visit the account made (for itself or a dependent); ``not_found`` otherwise. The id
    carries its instant, so only that day's partition is searched."""
    try:
        at = instant_of(visit_id)
        since, until = at - timedelta(milliseconds=1), at + timedelta(milliseconds=2)
    except (ValueError, OverflowError, OSError):  # a crafted id: no instant, so no visit
        raise Problem("not_found") from None
    visit = session.scalar(
        select(CheckIn).where(
            CheckIn.id == visit_id,
            CheckIn.checked_in_at >= since,
            CheckIn.checked_in_at < until,
        )
    )
    if visit is None or visit.account_id != account.id or visit.method != "QR":
        raise Problem("not_found")
    return visit


def check_out(session: Session, account: Account, visit_id: uuid.UUID) -> CheckIn:
    visit = _visit_of(session, account, visit_id)
    now = clock.now()
    if visit.checked_out_at is not None and visit.checked_out_at <= now:
        raise Problem("already_checked_out")
    visit.checked_out_at = max(now, visit.checked_in_at)
    visit.closed_by = "VISITOR"
    session.flush()
    return visit


@dataclass(frozen=True)
class MyVisit:
    visit: CheckIn
    premise_name: str


def visits_of(session: Session, account: Account, days: int = 14) -> list[MyVisit]:
    """The visits this account checked in (itself and its dependents), newest first."""
    since = clock.now() - timedelta(days=days)
    rows = session.execute(
        select(CheckIn, Premise.name)
        .join(Premise, Premise.id == CheckIn.premise_id)
        .where(
            CheckIn.account_id == account.id,
            CheckIn.method == "QR",
            CheckIn.checked_in_at >= since,
        )
        .order_by(CheckIn.checked_in_at.desc())
        .limit(200)
    )
    return [MyVisit(visit, name) for visit, name in rows]


def is_open(visit: CheckIn, now: datetime | None = None) -> bool:
    now = now or clock.now()
    if visit.checked_out_at is not None:
        return visit.checked_out_at > now
    span = timedelta(minutes=get_settings().checkin_visit_minutes)
    return visit.checked_in_at + span > now


def close_expired(session: Session, lookback_days: int = 2) -> int:
    """Give every visit left open past the default length its end time (``DEFAULT``).

    Only the last ``lookback_days`` are scanned, so each run touches one or two partitions."""
    now = clock.now()
    span = timedelta(minutes=get_settings().checkin_visit_minutes)
    table = CHECKINS
    expired = session.execute(
        select(table.c.id, table.c.checked_in_at).where(
            table.c.checked_out_at.is_(None),
            table.c.checked_in_at >= now - timedelta(days=lookback_days),
            table.c.checked_in_at <= now - span,
        )
    ).all()
    if expired:
        session.execute(
            update(table)
            .where(table.c.id == bindparam("b_id"), table.c.checked_in_at == bindparam("b_at"))
            .values(checked_out_at=bindparam("b_out"), closed_by="DEFAULT"),
            [{"b_id": i, "b_at": at, "b_out": clock.as_utc(at) + span} for i, at in expired],
        )
    return len(expired)
