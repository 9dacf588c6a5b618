"""Premise hotspots (HIDE): each day, the premises where at least ``small_min`` distinct
confirmed cases were sighted in the ``premise_days`` days ending that day, ranked; and their
daily counts for ``trace_malaysia.csv``'s ``hide_large`` / ``hide_small``."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from sihat.checkins.models import Premise
from sihat.hotspots.policy import Policy, load
from sihat.hotspots.sightings import sightings


@dataclass(frozen=True)
class Hotspot:
    premise_id: str
    name: str
    state: str
    district: str
    cases: int
    level: str  # LARGE, SMALL
    last_seen: date


def window(day: date, days: int) -> tuple[date, date]:
    return day - timedelta(days=days - 1), day


def _cases_by_premise(
    session: Session, day: date, policy: Policy
) -> dict[str, tuple[set[str], date]]:
    first, last = window(day, policy.premise_days)
    found: dict[str, tuple[set[str], date]] = {}
    for s in sightings(session, first, last):
        cases, seen = found.get(s.premise_id, (set(), s.day))
        cases.add(s.case_id)
        found[s.premise_id] = (cases, max(seen, s.day))
    return found


def hotspots(session: Session, day: date, policy: Policy | None = None) -> list[Hotspot]:
    """The day's hotspot premises, the most cases first (then the most recent, then by name)."""
    policy = policy or load()
    found = {
        pid: (len(cases), seen)
        for pid, (cases, seen) in _cases_by_premise(session, day, policy).items()
        if policy.level(len(cases))
    }
    if not found:
        return []
    out = []
    for premise in session.scalars(select(Premise).where(Premise.id.in_(list(found)))):
        cases, seen = found[premise.id]
        level = policy.level(cases)
        assert level is not None
        out.append(
            Hotspot(premise.id, premise.name, premise.state, premise.district, cases, level, seen)
        )
    out.sort(key=lambda h: (-h.cases, -h.last_seen.toordinal(), h.name, h.premise_id))
    return out


@dataclass(frozen=True)
class PremiseStatus:
    cases: int
    level: str | None  # LARGE, SMALL, or None: not a hotspot
    window_days: int
    policy_version: str


def status_of(
    session: Session, premise_id: str, day: date, policy: Policy | None = None
) -> PremiseStatus:
    """One premise's status on a day (for its owner: a count and a level, never who)."""
    policy = policy or load()
    cases, _ = _cases_by_premise(session, day, policy).get(premise_id, (set(), day))
    return PremiseStatus(len(cases), policy.level(len(cases)), policy.premise_days, policy.version)


def daily_counts(
    session: Session, first: date, last: date, policy: Policy | None = None
) -> dict[date, tuple[int, int]]:
    """(large, small) hotspot premises on each day from ``first`` to ``last``, read in one
    query (the windows overlap)."""
    policy = policy or load()
    by_day: dict[date, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for s in sightings(session, window(first, policy.premise_days)[0], last):
        by_day[s.day][s.premise_id].add(s.case_id)
    out: dict[date, tuple[int, int]] = {}
    day = first
    while day <= last:
        cases: dict[str, set[str]] = defaultdict(set)
        for offset in range(policy.premise_days):
            for pid, who in by_day.get(day - timedelta(days=offset), {}).items():
                cases[pid] |= who
        levels = [policy.level(len(who)) for who in cases.values()]
        out[day] = (levels.count("LARGE"), levels.count("SMALL"))
        day += timedelta(days=1)
    return out
