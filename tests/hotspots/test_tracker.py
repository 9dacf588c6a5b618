"""The Hotspot Tracker: Malaysia's bounds, the 1 km count against a brute-force distance count,
one answer per H3 cell, and k-anonymity: no single case (nor any k-1) can be located."""

from __future__ import annotations

import random
from datetime import timedelta

import h3
import pytest

from sihat.core import clock
from sihat.core.errors import Problem
from sihat.hotspots import tracker
from sihat.hotspots.policy import load
from tests.hotspots.conftest import KL, case, make_world, premise, sight


@pytest.mark.parametrize(
    ("lat", "lng", "field"),
    [
        (1.29, 103.85 + 16, "lng"),
        (0.4, 101.7, "lat"),
        (8.0, 101.7, "lat"),
        (3.1, 99.4, "lng"),
        (float("nan"), 101.7, "lat"),
    ],
)
def test_places_outside_malaysia_are_refused(session, lat, lng, field) -> None:
    with pytest.raises(Problem) as refused:
        tracker.nearby(session, lat, lng)
    assert (refused.value.code, refused.value.field) == ("hotspot_outside_malaysia", field)


def test_counts_agree_with_a_brute_force_distance_count(session) -> None:
    """Cells stand for both sides, so a case is counted when it is within the radius give or
    take two cells' radii; brute force by distance bounds every answer from both sides."""
    rng = random.Random(1)
    w = make_world(session, people=2)
    policy = load()
    today = clock.today_my()
    spots = [
        (KL[0] + rng.uniform(-0.03, 0.03), KL[1] + rng.uniform(-0.03, 0.03)) for _ in range(60)
    ]
    for n, at in enumerate(spots):
        shop = premise(session, w.owner, f"Premis {n}", at)
        sight(
            session, case(session, w.people[0]), shop, today - timedelta(days=n % 14), w.people[1]
        )
    # The farthest a point lies from its cell's centre, over the cells involved.
    slack = max(
        tracker.distance_km(h3.cell_to_latlng(c), corner)
        for at in spots
        for c in [h3.latlng_to_cell(*at, policy.tracker_resolution)]
        for corner in h3.cell_to_boundary(c)
    )
    checked = 0
    for _ in range(40):
        here = (KL[0] + rng.uniform(-0.03, 0.03), KL[1] + rng.uniform(-0.03, 0.03))
        cell = h3.latlng_to_cell(*here, policy.tracker_resolution)
        got = tracker.exact_count(session, cell, policy)
        surely = sum(
            1 for s in spots if tracker.distance_km(here, s) <= policy.radius_km - 2 * slack
        )
        maybe = sum(
            1 for s in spots if tracker.distance_km(here, s) <= policy.radius_km + 2 * slack
        )
        assert surely <= got <= maybe
        answer = tracker.nearby(session, *here)
        assert answer.cases == (got if got >= policy.k else None)
        checked += got >= policy.k
    assert checked  # some answers were numbers, not only "fewer than k"


def test_every_point_of_a_cell_gets_the_same_answer(session, world) -> None:
    today = clock.today_my()
    for n in range(8):
        at = (KL[0] + 0.002 * n, KL[1] + 0.001 * n)
        shop = premise(session, world.owner, f"Premis {n}", at)
        sight(session, case(session, world.people[0]), shop, today, world.people[1])
    res = load().tracker_resolution
    cell = h3.latlng_to_cell(*KL, res)
    rng = random.Random(7)
    answers = set()
    corners = h3.cell_to_boundary(cell)
    centre = h3.cell_to_latlng(cell)
    for _ in range(25):
        corner = corners[rng.randrange(len(corners))]
        t = rng.random() * 0.95
        point = (centre[0] + t * (corner[0] - centre[0]), centre[1] + t * (corner[1] - centre[1]))
        assert h3.latlng_to_cell(*point, res) == cell
        found = tracker.nearby(session, *point)
        answers.add((found.cell, found.cases))
    assert len(answers) == 1


def test_fewer_than_k_cases_are_never_located(session, world) -> None:
    """With k-1 cases (here all at one premise), every place in and around gets the same answer:
    "fewer than k". One more case makes the count appear, near them only."""
    policy = load()
    today = clock.today_my()
    shop = premise(session, world.owner, "Kedai", KL)
    for _ in range(policy.k - 1):
        sight(session, case(session, world.people[0]), shop, today, world.people[1])
    grid = [(KL[0] + dy * 0.004, KL[1] + dx * 0.004) for dy in range(-6, 7) for dx in range(-6, 7)]
    before = {tracker.nearby(session, *p).cases for p in grid}
    assert before == {None}
    assert tracker.nearby(session, *grid[0]).fewer_than == policy.k
    sight(session, case(session, world.people[0]), shop, today, world.people[1])
    after = {p: tracker.nearby(session, *p).cases for p in grid}
    assert set(after.values()) == {None, policy.k}
    assert after[KL] == policy.k


def test_old_and_retracted_cases_do_not_count(session, world) -> None:
    policy = load()
    today = clock.today_my()
    shop = premise(session, world.owner, "Kedai", KL)
    for _ in range(policy.k):
        sight(
            session,
            case(session, world.people[0]),
            shop,
            today - timedelta(days=13),
            world.people[1],
        )
    assert tracker.nearby(session, *KL).cases == policy.k
    sight(
        session, case(session, world.people[0]), shop, today - timedelta(days=14), world.people[1]
    )
    sight(session, case(session, world.people[0], status="RETRACTED"), shop, today, world.people[1])
    assert tracker.nearby(session, *KL).cases == policy.k
