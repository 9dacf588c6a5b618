"""Malaysian days, and on PostgreSQL the day partitions of ``checkins``.

A Malaysian day (UTC+8, no daylight saving) runs from 16:00 UTC the day before to 16:00 UTC.
Partition ``checkins_dYYYYMMDD`` holds exactly that range, so purging a day is ``DROP TABLE``
of one partition. Partitions are created ahead (``sihat checkins partitions``, the writer at
start, and the writer again whenever a batch holds a day it has not seen). On SQLite, which
has no partitions, the same functions are no-ops and purge deletes by range.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

from sqlalchemy import Connection, text
from sqlalchemy.orm import Session

from sihat.core import clock

NAME = re.compile(r"^checkins_d(\d{8})$")


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """The UTC instants where Malaysian ``day`` starts and the next one starts."""
    start = datetime.combine(day, time(0), tzinfo=clock.MALAYSIA)
    return clock.as_utc(start), clock.as_utc(start + timedelta(days=1))


def name_of(day: date) -> str:
    return f"checkins_d{day:%Y%m%d}"


def is_partition(name: str | None) -> bool:
    """True for a day partition (Alembic's autogenerate must leave them alone)."""
    return bool(name and NAME.match(name))


def include_name(name: str | None, type_: str, _parent_names: object = None) -> bool:
    """Alembic ``include_name``: day partitions are made and dropped by the check-in service,
    so autogenerate must neither drop them nor their indexes (it reflects partitions as plain
    tables). Every other object is compared as usual."""
    return not (type_ == "table" and is_partition(name))


def _is_postgres(bind: Connection | Session) -> bool:
    return (
        bind.get_bind().dialect.name == "postgresql"
        if isinstance(bind, Session)
        else (bind.dialect.name == "postgresql")
    )


def existing(bind: Connection | Session) -> dict[date, str]:
    """Day partitions attached to ``checkins`` (empty on SQLite)."""
    if not _is_postgres(bind):
        return {}
    rows = bind.execute(
        text(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
            "JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = 'checkins'"
        )
    ).scalars()
    found = {}
    for name in rows:
        match = NAME.match(name)
        if match:
            found[datetime.strptime(match.group(1), "%Y%m%d").date()] = name
    return found


def ensure(bind: Connection | Session, days: Iterable[date]) -> list[date]:
    """Create the partitions of ``days`` that are missing; returns the days created."""
    if not _is_postgres(bind):
        return []
    have = existing(bind)
    created = []
    for day in sorted(set(days)):
        if day in have:
            continue
        start, end = day_bounds(day)
        bind.execute(
            text(
                f"CREATE TABLE IF NOT EXISTS {name_of(day)} PARTITION OF checkins "
                f"FOR VALUES FROM ('{start.isoformat()}') TO ('{end.isoformat()}')"
            )
        )
        created.append(day)
    return created


def ensure_ahead(bind: Connection | Session, ahead: int, behind: int = 1) -> list[date]:
    today = clock.today_my()
    return ensure(bind, [today + timedelta(days=d) for d in range(-behind, ahead + 1)])


def drop(bind: Connection | Session, day: date) -> bool:
    """Drop the day's partition (PostgreSQL). False when there is none."""
    if not _is_postgres(bind) or day not in existing(bind):
        return False
    bind.execute(text(f"DROP TABLE {name_of(day)}"))
    return True
