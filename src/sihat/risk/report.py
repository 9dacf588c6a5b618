"""``trace_malaysia.csv`` in MoH's schema (``data/open/moh/mysejahtera/trace_malaysia.csv``):
``date,casual_contacts,hide_large,hide_small``.

``casual_contacts`` on a date: the distinct people whose casual-contact exposure was recorded
(and so notified) that Malaysia day. ``hide_large`` / ``hide_small`` count the day's large and
small hotspot premises (HIDE), given by the hotspots domain above this one through
:func:`count_hotspots_with` (wired in ``sihat.bootstrap``); without it they stay empty, as in
MoH's file before HIDE began. Every date from the first to the last recorded exposure has a row
(0 on a quiet day).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from sihat.core import clock, csvsafe
from sihat.risk.models import Exposure

COLUMNS = ("date", "casual_contacts", "hide_large", "hide_small")


class HotspotCounts(Protocol):
    def __call__(self, session: Session, first: date, last: date) -> dict[date, tuple[int, int]]:
        """(large, small) hotspot premises on each day from ``first`` to ``last``."""
        ...


_hotspots: list[HotspotCounts] = []


def count_hotspots_with(counts: HotspotCounts) -> None:
    """Where the ``hide_*`` columns come from (one source; set again, it replaces)."""
    _hotspots[:] = [counts]


def daily_casual_contacts(session: Session) -> dict[date, int]:
    people: dict[date, set[str]] = defaultdict(set)
    rows = session.execute(
        select(Exposure.person_id, Exposure.created_at).where(Exposure.kind == "CASUAL")
    )
    for person_id, created_at in rows:
        people[clock.malaysia_date(created_at)].add(person_id)
    return {day: len(who) for day, who in people.items()}


def trace_rows(session: Session, until: date | None = None) -> list[dict[str, object]]:
    counts = daily_casual_contacts(session)
    if not counts:
        return []
    day, last = min(counts), until or max(counts)
    hide = _hotspots[0](session, day, last) if _hotspots and day <= last else {}
    rows: list[dict[str, object]] = []
    while day <= last:
        row: dict[str, object] = {"date": day.isoformat(), "casual_contacts": counts.get(day, 0)}
        if day in hide:
            row["hide_large"], row["hide_small"] = hide[day]
        rows.append(row)
        day += timedelta(days=1)
    return rows


def write_trace(session: Session, out: Path, until: date | None = None) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    path = out / "trace_malaysia.csv"
    tmp = path.with_suffix(".csv.tmp")
    with tmp.open("w", newline="", encoding="utf-8") as handle:
        writer = csvsafe.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n", restval="")
        writer.writeheader()
        writer.writerows(trace_rows(session, until))
    tmp.replace(path)
    return path
