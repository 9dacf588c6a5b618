"""The Hotspot Tracker: how many confirmed cases were sighted within ``radius_km`` of a place
in the last ``tracker_days`` days, without placing any case more precisely than an H3 cell.

Both sides are cells: the place asked becomes its H3 cell (resolution ``tracker_resolution``),
each case's premise becomes its cell, and a case counts when the centres of the two cells are
within the radius. So the answer is the same for every point of a cell, and moving the point
inside a cell learns nothing. Counts below ``k`` are answered as "fewer than k" (including 0),
so one case, or any few, never change an answer: no single case can be located."""

from __future__ import annotations

import math
from dataclasses import dataclass

import h3
from sqlalchemy.orm import Session

from sihat.core import clock
from sihat.core.errors import Problem
from sihat.hotspots.policy import Policy, load
from sihat.hotspots.premises import window
from sihat.hotspots.sightings import placed

# Malaysia's bounds, as the premise coordinates are validated (checkins.schemas.PremiseIn).
SOUTH, NORTH, WEST, EAST = 0.5, 7.5, 99.5, 119.5
EARTH_KM = 6371.0088


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle (haversine) distance between two (lat, lng) points."""
    lat1, lng1, lat2, lng2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lng2 - lng1) / 2) ** 2
    )
    return 2 * EARTH_KM * math.asin(math.sqrt(h))


@dataclass(frozen=True)
class Nearby:
    cell: str  # the cell of the place asked
    cases: int | None  # None: fewer than ``fewer_than``
    fewer_than: int
    radius_km: float
    days: int
    policy_version: str


def check_place(lat: float, lng: float) -> None:
    if not (math.isfinite(lat) and SOUTH <= lat <= NORTH):
        raise Problem("hotspot_outside_malaysia", field="lat")
    if not (math.isfinite(lng) and WEST <= lng <= EAST):
        raise Problem("hotspot_outside_malaysia", field="lng")


def near_cells(cell: str, policy: Policy) -> set[str]:
    """The cells whose centres are within the radius of this cell's centre."""
    centre = h3.cell_to_latlng(cell)
    edge = h3.average_hexagon_edge_length(policy.tracker_resolution, unit="km")
    rings = math.ceil(policy.radius_km / edge) + 1
    return {
        c
        for c in h3.grid_disk(cell, rings)
        if distance_km(centre, h3.cell_to_latlng(c)) <= policy.radius_km
    }


def exact_count(session: Session, cell: str, policy: Policy) -> int:
    """The true count behind an answer (for the tests; never shown as such)."""
    wanted = near_cells(cell, policy)
    lat, lng = h3.cell_to_latlng(cell)
    # A box around the centre wide enough for every wanted cell (degrees of latitude are
    # 111 km; longitude's shrink with cos(lat), at most by 0.99 inside Malaysia).
    edge = h3.average_hexagon_edge_length(policy.tracker_resolution, unit="km")
    margin = (policy.radius_km + 2 * edge) / 110.0
    box = (lat - margin, lng - margin, lat + margin, lng + margin)
    first, last = window(clock.today_my(), policy.tracker_days)
    return len(
        {
            p.case_id
            for p in placed(session, first, last, box)
            if h3.latlng_to_cell(p.latitude, p.longitude, policy.tracker_resolution) in wanted
        }
    )


def nearby(session: Session, lat: float, lng: float, policy: Policy | None = None) -> Nearby:
    policy = policy or load()
    check_place(lat, lng)
    cell = h3.latlng_to_cell(lat, lng, policy.tracker_resolution)
    n = exact_count(session, cell, policy)
    return Nearby(
        cell,
        n if n >= policy.k else None,
        policy.k,
        policy.radius_km,
        policy.tracker_days,
        policy.version,
    )
