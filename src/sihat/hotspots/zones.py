"""Zones: confirmed cases of the last ``zone_days`` days per district (the case's own district,
every district of ``core.geo`` listed, 0 = green) and per H3 cell (the cells of the premises
with coordinates where the cases were sighted), coloured by the policy's thresholds.

A cell's count below the tracker's ``k`` is published as "fewer than k" (``cases`` None): a
colour says a case was somewhere in a cell of about 5 km², never more."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

import h3
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sihat.cases.models import Case
from sihat.core import geo
from sihat.hotspots.policy import Policy, load
from sihat.hotspots.premises import window
from sihat.hotspots.sightings import placed
from sihat.risk.exposures import start_of


@dataclass(frozen=True)
class District:
    state: str
    district: str
    cases: int
    colour: str


@dataclass(frozen=True)
class Cell:
    cell: str
    cases: int | None  # None: fewer than k
    colour: str
    boundary: list[tuple[float, float]]  # (lat, lng) corners


def district_counts(session: Session, day: date, policy: Policy | None = None) -> list[District]:
    """Every district, in the order of ``core.geo``, then any other a case names."""
    policy = policy or load()
    first, last = window(day, policy.zone_days)
    counted = {
        (state, district): int(n)
        for state, district, n in session.execute(
            select(Case.state, Case.district, func.count(Case.id))
            .where(
                Case.status == "CONFIRMED",
                Case.sample_at >= start_of(first),
                Case.sample_at < start_of(last + timedelta(days=1)),
            )
            .group_by(Case.state, Case.district)
        )
    }
    keys = [(s, d) for s, names in geo.districts().items() for d in names]
    keys += sorted(k for k in counted if k not in set(keys))
    return [
        District(s, d, counted.get((s, d), 0), policy.colour(counted.get((s, d), 0)))
        for s, d in keys
    ]


def cell_counts(session: Session, day: date, policy: Policy | None = None) -> dict[str, int]:
    """Distinct confirmed cases per H3 cell (the exact counts, for the officer and the tests)."""
    policy = policy or load()
    first, last = window(day, policy.zone_days)
    cases: dict[str, set[str]] = defaultdict(set)
    for p in placed(session, first, last):
        cases[h3.latlng_to_cell(p.latitude, p.longitude, policy.zone_resolution)].add(p.case_id)
    return {cell: len(who) for cell, who in cases.items()}


def cells(session: Session, day: date, policy: Policy | None = None) -> list[Cell]:
    """The public cells: counts below k hidden, each with its boundary to draw."""
    policy = policy or load()
    out = []
    for cell, n in sorted(cell_counts(session, day, policy).items()):
        shown = n if n >= policy.k else None
        boundary = [(round(a, 6), round(b, 6)) for a, b in h3.cell_to_boundary(cell)]
        out.append(Cell(cell, shown, policy.colour(n), boundary))
    return out
