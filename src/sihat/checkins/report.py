"""Open data in MoH's MySejahtera format: ``checkin_malaysia.csv``, ``checkin_malaysia_time.csv``
and ``checkin_state.csv``, with the same columns in the same order and the same meaning
(``checkins``, ``unique_ind``, ``unique_loc``; half-hour buckets ``0``..``47`` of the Malaysian
day). Complete days only (up to yesterday), every day from the first with data, purged days
from their kept aggregates - so a file written before a purge and one written after are equal.

State names and order follow MoH's file, which spells Kuala Lumpur ``W.P. KualaLumpur`` and
lists the 16 states alphabetically on every date, with zeros where nobody checked in.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sihat.checkins.models import CheckIn, CheckInAggregate
from sihat.checkins.retention import Figures, figures_for
from sihat.core import clock, csvsafe, geo

FILES = ("checkin_malaysia.csv", "checkin_malaysia_time.csv", "checkin_state.csv")
MOH_STATE_NAMES = {"W.P. Kuala Lumpur": "W.P. KualaLumpur"}
HEADERS = {
    "checkin_malaysia.csv": ["date", "checkins", "unique_ind", "unique_loc"],
    "checkin_malaysia_time.csv": ["date", *[str(i) for i in range(48)]],
    "checkin_state.csv": ["date", "state", "checkins", "unique_ind", "unique_loc"],
}


def moh_state(name: str) -> str:
    return MOH_STATE_NAMES.get(name, name)


def report_days(session: Session, until: date | None = None) -> list[date]:
    """Every day from the first with check-ins or aggregates to ``until`` (yesterday)."""
    last = until or clock.today_my() - timedelta(days=1)
    firsts = []
    first_kept = session.scalar(select(func.min(CheckInAggregate.day)))
    if first_kept is not None:
        firsts.append(first_kept)
    first_raw = session.scalar(select(func.min(CheckIn.checked_in_at)))
    if first_raw is not None:
        firsts.append(clock.malaysia_date(first_raw))
    if not firsts:
        return []
    first = min(firsts)
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def rows(figures: list[Figures]) -> dict[str, list[list[object]]]:
    states = sorted(moh_state(s) for s in geo.state_names())
    out: dict[str, list[list[object]]] = {name: [] for name in FILES}
    for f in figures:
        day = f.day.isoformat()
        out["checkin_malaysia.csv"].append([day, *f.national])
        out["checkin_malaysia_time.csv"].append([day, *f.buckets])
        per_state = {moh_state(s): v for s, v in f.states.items()}
        for state in states:
            out["checkin_state.csv"].append([day, state, *per_state.get(state, (0, 0, 0))])
    return out


def write(session: Session, out_dir: Path, until: date | None = None) -> dict[str, int]:
    """Write the three files; returns the number of data rows in each."""
    out_dir.mkdir(parents=True, exist_ok=True)
    figures = [figures_for(session, day) for day in report_days(session, until)]
    counts = {}
    for name, body in rows(figures).items():
        with (out_dir / name).open("w", newline="") as handle:
            writer = csvsafe.writer(handle, lineterminator="\n")
            writer.writerow(HEADERS[name])
            writer.writerows(body)
        counts[name] = len(body)
    return counts
