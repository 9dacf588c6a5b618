"""``trace_malaysia.csv`` in MoH's schema (``data/open/moh/mysejahtera/trace_malaysia.csv``):
``date,casual_contacts,hide_large,hide_small``.

``casual_contacts`` on a date: the distinct people whose casual-contact exposure was recorded
(and so notified) that Malaysia day. ``hide_large`` / ``hide_small`` count HIDE premises
predicted at risk; they stay empty until hotspots exist, as in MoH's file before HIDE began.
Every date from the first to the last recorded exposure has a row (0 on a quiet day).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from sihat.core import clock, csvsafe
from sihat.risk.models import Exposure

COLUMNS = ("date", "casual_contacts", "hide_large", "hide_small")


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
    rows = []
    while day <= last:
        rows.append({"date": day.isoformat(), "casual_contacts": counts.get(day, 0)})
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
