"""Retention: a day's figures are computed from its individual check-ins and kept; then the
check-ins themselves are removed - on PostgreSQL by dropping the day's partition, on SQLite by
deleting the day's range. Individual check-ins live ``SIHAT_CHECKIN_RETENTION_DAYS`` (90).

The figures are exactly those of MoH's open data: per day ``checkins``, ``unique_ind``
(distinct people; a manual visitor counts by phone number) and ``unique_loc`` (distinct
premises), the same per state, and ``checkins`` per half-hour of the Malaysian day.
Services flush, never commit: the CLI commits one day at a time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import delete, func, literal_column, select
from sqlalchemy.orm import Session

from sihat.checkins import partitions
from sihat.checkins.models import CheckIn, CheckInAggregate, PurgedDay
from sihat.core import clock, trail
from sihat.core.settings import get_settings

NATIONAL = ""
WHOLE_DAY = -1


@dataclass
class Figures:
    """One Malaysian day: ``(checkins, unique_ind, unique_loc)`` nationally and per state,
    and check-ins per half-hour bucket."""

    day: date
    national: tuple[int, int, int] = (0, 0, 0)
    states: dict[str, tuple[int, int, int]] = field(default_factory=dict)
    buckets: list[int] = field(default_factory=lambda: [0] * 48)


def _bucket_expression(session: Session, day: date) -> object:
    """Seconds since the day's start, in half hours (integer division, never negative)."""
    start, _ = partitions.day_bounds(day)
    epoch = int(start.timestamp())
    if session.get_bind().dialect.name == "postgresql":
        sql = f"((CAST(EXTRACT(EPOCH FROM checked_in_at) AS BIGINT) - {epoch}) / 1800)"
    else:
        sql = f"((CAST(strftime('%s', checked_in_at) AS INTEGER) - {epoch}) / 1800)"
    return literal_column(sql)


def from_checkins(session: Session, day: date) -> Figures:
    """The day's figures computed from its individual check-ins."""
    start, end = partitions.day_bounds(day)
    in_day = (CheckIn.checked_in_at >= start, CheckIn.checked_in_at < end)
    counted = (
        func.count(),
        func.count(func.distinct(CheckIn.individual)),
        func.count(func.distinct(CheckIn.premise_id)),
    )
    figures = Figures(day)
    row = session.execute(select(*counted).where(*in_day)).one()
    figures.national = (int(row[0]), int(row[1]), int(row[2]))
    for state, n, ind, loc in session.execute(
        select(CheckIn.state, *counted).where(*in_day).group_by(CheckIn.state)
    ):
        figures.states[state] = (int(n), int(ind), int(loc))
    bucket = _bucket_expression(session, day)
    for b, n in session.execute(
        select(bucket, func.count()).where(*in_day).group_by(bucket)  # type: ignore[call-overload]
    ):
        figures.buckets[min(47, max(0, int(b)))] += int(n)
    return figures


def from_aggregates(session: Session, day: date) -> Figures | None:
    rows = session.scalars(select(CheckInAggregate).where(CheckInAggregate.day == day)).all()
    if not rows:
        return None
    figures = Figures(day)
    for r in rows:
        if r.state == NATIONAL and r.bucket == WHOLE_DAY:
            figures.national = (r.checkins, r.unique_ind, r.unique_loc)
        elif r.state == NATIONAL:
            figures.buckets[r.bucket] = r.checkins
        else:
            figures.states[r.state] = (r.checkins, r.unique_ind, r.unique_loc)
    return figures


def figures_for(session: Session, day: date) -> Figures:
    """Kept aggregates where the day was purged, otherwise computed from the check-ins."""
    return from_aggregates(session, day) or from_checkins(session, day)


def keep(session: Session, figures: Figures) -> None:
    """Store a day's figures as its aggregates (replacing any earlier computation)."""
    session.execute(delete(CheckInAggregate).where(CheckInAggregate.day == figures.day))
    now = clock.now()
    rows = [(NATIONAL, WHOLE_DAY, figures.national)]
    rows += [(NATIONAL, b, (n, 0, 0)) for b, n in enumerate(figures.buckets)]
    rows += [(state, WHOLE_DAY, values) for state, values in sorted(figures.states.items())]
    session.add_all(
        CheckInAggregate(
            day=figures.day,
            state=state,
            bucket=bucket,
            checkins=values[0],
            unique_ind=values[1],
            unique_loc=values[2],
            computed_at=now,
        )
        for state, bucket, values in rows
    )
    session.flush()


def cutoff(today: date | None = None) -> date:
    """The first day whose check-ins are still kept."""
    return (today or clock.today_my()) - timedelta(days=get_settings().checkin_retention_days)


def days_to_purge(session: Session, today: date | None = None) -> list[date]:
    """Days before the cutoff that still hold individual check-ins (or, on PostgreSQL, an
    empty partition)."""
    limit = cutoff(today)
    days = {d for d in partitions.existing(session) if d < limit}
    limit_start, _ = partitions.day_bounds(limit)
    cursor = None
    while True:  # hop from one day with check-ins to the next (one indexed query per day)
        query = select(func.min(CheckIn.checked_in_at)).where(CheckIn.checked_in_at < limit_start)
        if cursor is not None:
            query = query.where(CheckIn.checked_in_at >= cursor)
        first = session.scalar(query)
        if first is None:
            break
        day = clock.malaysia_date(first)
        days.add(day)
        cursor = partitions.day_bounds(day)[1]
    return sorted(days)


def purge_day(session: Session, day: date) -> int:
    """Keep the day's figures, then remove its check-ins. Returns how many were removed."""
    figures = from_checkins(session, day)
    removed = figures.national[0]
    if from_aggregates(session, day) is None:  # a day is aggregated once, from all its rows
        keep(session, figures)
    if not partitions.drop(session, day):
        start, end = partitions.day_bounds(day)
        session.execute(
            delete(CheckIn).where(CheckIn.checked_in_at >= start, CheckIn.checked_in_at < end)
        )
    found = session.get(PurgedDay, day)
    if found is None:
        session.add(PurgedDay(day=day, checkins=removed, purged_at=clock.now()))
    else:
        found.checkins += removed
        found.purged_at = clock.now()
    trail.record(
        session,
        "checkins:day:purged",
        actor_type="system",
        target_type="day",
        target_id=day.isoformat(),
        checkins=removed,
        unique_ind=figures.national[1],
    )
    session.flush()
    return removed
