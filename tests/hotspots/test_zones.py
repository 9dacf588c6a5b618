"""Zones: colours at their thresholds, district counts over 14 days, and H3 cell counts equal to
a brute-force count of random points inside each cell's polygon."""

from __future__ import annotations

import random
from datetime import timedelta

import h3
import pytest

from sihat.core import clock
from sihat.hotspots import zones
from sihat.hotspots.policy import load
from tests.hotspots.conftest import case, make_world, premise, sight


@pytest.mark.parametrize(
    ("cases", "colour"),
    [(0, "green"), (1, "yellow"), (20, "yellow"), (21, "orange"), (40, "orange"), (41, "red")],
)
def test_colours_at_their_thresholds(cases: int, colour: str) -> None:
    assert load().colour(cases) == colour


def test_district_counts_over_fourteen_days(session, world) -> None:
    today = clock.today_my()
    for ago in (0, 13):
        case(session, world.people[0], sample_on=today - timedelta(days=ago))
    case(session, world.people[0], sample_on=today - timedelta(days=14))  # too old
    case(session, world.people[0], status="RETRACTED")
    case(session, world.people[0], state="Johor", district="Johor Bahru")
    found = {
        (d.state, d.district): (d.cases, d.colour) for d in zones.district_counts(session, today)
    }
    assert found[("Selangor", "Petaling")] == (2, "yellow")
    assert found[("Johor", "Johor Bahru")] == (1, "yellow")
    assert found[("Selangor", "Klang")] == (0, "green")
    assert sum(n for n, _ in found.values()) == 3


def inside(point: tuple[float, float], polygon: list[tuple[float, float]]) -> bool:
    """Ray casting in (lat, lng): is the point inside the polygon? (A cell is a few km wide, so
    its edges are straight lines to well under a metre.)"""
    lat, lng = point
    hit = False
    for (a_lat, a_lng), (b_lat, b_lng) in zip(polygon, polygon[1:] + polygon[:1], strict=True):
        if (a_lng > lng) != (b_lng > lng):
            cross = a_lat + (lng - a_lng) * (b_lat - a_lat) / (b_lng - a_lng)
            if lat < cross:
                hit = not hit
    return hit


def test_cell_counts_equal_a_brute_force_count_of_random_points(session) -> None:
    rng = random.Random(14)
    w = make_world(session, people=2)
    today = clock.today_my()
    points = [(3.0 + rng.random() * 0.25, 101.5 + rng.random() * 0.25) for _ in range(40)]
    for n, at in enumerate(points):
        shop = premise(session, w.owner, f"Premis {n}", at)
        sight(
            session, case(session, w.people[0]), shop, today - timedelta(days=n % 14), w.people[1]
        )
    counts = zones.cell_counts(session, today)
    assert sum(counts.values()) == len(points)
    res = load().zone_resolution
    candidates = {c for c in counts} | {
        n for c in counts for n in h3.grid_disk(c, 1)
    }  # brute force looks in the neighbours too: a wrong cell would show up
    brute = {
        cell: sum(1 for p in points if inside(p, list(h3.cell_to_boundary(cell))))
        for cell in candidates
    }
    assert {c: n for c, n in brute.items() if n} == counts
    assert all(h3.get_resolution(c) == res for c in counts)


def test_public_cells_hide_counts_below_k(session, world) -> None:
    today = clock.today_my()
    k = load().k
    crowded = premise(session, world.owner, "Pasar", (3.139, 101.687))
    quiet = premise(session, world.owner, "Kedai", (5.414, 100.329))  # Penang: another cell
    for _ in range(k):
        sight(session, case(session, world.people[0]), crowded, today, world.people[1])
    sight(session, case(session, world.people[0]), quiet, today, world.people[1])
    shown = {c.cell: (c.cases, c.colour) for c in zones.cells(session, today)}
    res = load().zone_resolution
    assert shown[h3.latlng_to_cell(3.139, 101.687, res)] == (k, "yellow")
    assert shown[h3.latlng_to_cell(5.414, 100.329, res)] == (None, "yellow")


def test_a_district_turns_red_at_forty_one_cases(session, world) -> None:
    from sihat.identity.models import Account
    from sihat.public import cards

    for _ in range(40):
        case(session, world.people[0])
    today = clock.today_my()
    me = session.get(Account, world.owner.id)
    petaling = [d for d in zones.district_counts(session, today) if d.district == "Petaling"]
    assert [(d.cases, d.colour) for d in petaling] == [(40, "orange")]
    assert cards.home(session, me).red_districts == 0
    case(session, world.people[0])
    petaling = [d for d in zones.district_counts(session, today) if d.district == "Petaling"]
    assert [(d.cases, d.colour) for d in petaling] == [(41, "red")]
    assert cards.home(session, me).red_districts == 1  # the citizen's hotspots card
