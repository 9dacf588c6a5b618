"""Premise hotspots (HIDE): the rule of policies/hotspots.toml at its boundaries, the window,
distinct and confirmed cases only, the ranking, and the daily counts of trace_malaysia.csv."""

from __future__ import annotations

import csv
import dataclasses
from datetime import timedelta
from pathlib import Path

import pytest

from sihat.core import clock
from sihat.hotspots import premises
from sihat.hotspots.policy import load
from sihat.risk.report import write_trace
from tests.hotspots.conftest import case, cases_at, premise, sight


@pytest.mark.parametrize(
    ("cases", "level"),
    [(0, None), (1, None), (2, "SMALL"), (4, "SMALL"), (5, "LARGE"), (9, "LARGE")],
)
def test_the_rule_at_its_boundaries(session, world, cases: int, level: str | None) -> None:
    today = clock.today_my()
    shop = premise(session, world.owner)
    cases_at(session, world, shop, cases, today)
    found = premises.hotspots(session, today)
    assert [(h.premise_id, h.cases, h.level) for h in found] == (
        [(shop.id, cases, level)] if level else []
    )
    status = premises.status_of(session, shop.id, today)
    assert (status.cases, status.level) == (cases, level)


def test_the_window_is_seven_days_ending_on_the_day(session, world) -> None:
    today = clock.today_my()
    shop = premise(session, world.owner)
    cases_at(session, world, shop, 1, today - timedelta(days=6))  # the window's first day
    cases_at(session, world, shop, 1, today - timedelta(days=7))  # one day too old
    assert premises.status_of(session, shop.id, today).cases == 1
    cases_at(session, world, shop, 1, today)
    assert premises.status_of(session, shop.id, today).level == "SMALL"
    # Tomorrow the case of six days ago has left the window.
    assert premises.status_of(session, shop.id, today + timedelta(days=1)).level is None


def test_one_case_seen_twice_counts_once_and_only_confirmed_cases_count(session, world) -> None:
    today = clock.today_my()
    shop = premise(session, world.owner)
    once = case(session, world.people[0])
    sight(session, once, shop, today, world.contact(1))
    sight(session, once, shop, today - timedelta(days=1), world.contact(2))
    for status in ("PROVISIONAL", "RETRACTED"):
        cases_at(session, world, shop, 1, today, status=status)
    assert premises.status_of(session, shop.id, today).cases == 1
    assert premises.hotspots(session, today) == []


def test_ranked_by_cases_then_most_recent(session, world) -> None:
    today = clock.today_my()
    big = premise(session, world.owner, "Pasar Besar")
    old = premise(session, world.owner, "Kedai Lama")
    new = premise(session, world.owner, "Kedai Baru")
    cases_at(session, world, big, 5, today - timedelta(days=3))
    cases_at(session, world, old, 2, today - timedelta(days=5))
    cases_at(session, world, new, 2, today - timedelta(days=1))
    found = premises.hotspots(session, today)
    assert [(h.name, h.level) for h in found] == [
        ("Pasar Besar", "LARGE"),
        ("Kedai Baru", "SMALL"),
        ("Kedai Lama", "SMALL"),
    ]


def test_a_new_policy_file_changes_the_rule_without_code(session, world) -> None:
    today = clock.today_my()
    shop = premise(session, world.owner)
    cases_at(session, world, shop, 3, today)
    stricter = dataclasses.replace(load(), small_min=3, large_min=3, version="test")
    assert premises.status_of(session, shop.id, today, stricter).level == "LARGE"
    assert premises.status_of(session, shop.id, today).level == "SMALL"


def test_daily_counts_equal_the_hotspots_of_each_day(session, world) -> None:
    today = clock.today_my()
    shops = [premise(session, world.owner, f"Kedai {n}") for n in range(4)]
    plan = {0: [0, 0, 3, 9], 1: [1, 1], 2: [2, 2, 2, 2, 2, 4], 3: [5]}  # premise: days ago
    for n, days in plan.items():
        for ago in days:
            cases_at(session, world, shops[n], 1, today - timedelta(days=ago))
    first = today - timedelta(days=12)
    counts = premises.daily_counts(session, first, today)
    for offset in range(13):
        day = first + timedelta(days=offset)
        levels = [h.level for h in premises.hotspots(session, day)]
        assert counts[day] == (levels.count("LARGE"), levels.count("SMALL")), day


def test_trace_malaysia_gets_the_hide_columns(session, world, tmp_path: Path) -> None:
    today = clock.today_my()
    shop = premise(session, world.owner)
    small = premise(session, world.owner, "Kedai Kecil")
    with clock.frozen(clock.now() - timedelta(days=1)):  # traced yesterday: the file's first row
        cases_at(session, world, shop, 5, today - timedelta(days=1))
        cases_at(session, world, small, 2, today - timedelta(days=1))
    path = write_trace(session, tmp_path, today)
    with path.open(newline="", encoding="utf-8") as handle:
        rows = {r["date"]: r for r in csv.DictReader(handle)}
    yesterday = (today - timedelta(days=1)).isoformat()
    assert list(rows) == [yesterday, today.isoformat()]
    assert (rows[yesterday]["hide_large"], rows[yesterday]["hide_small"]) == ("1", "1")
    assert (rows[today.isoformat()]["hide_large"], rows[today.isoformat()]["hide_small"]) == (
        "1",
        "1",
    )


def test_a_policy_file_with_thresholds_out_of_order_is_refused() -> None:
    from sihat.hotspots.policy import parse

    text = (
        'version = "x"\n[premises]\nwindow_days = 7\nsmall_min_cases = 5\nlarge_min_cases = 2\n'
        "[zones]\nwindow_days = 14\nh3_resolution = 7\nred = 41\norange = 21\nyellow = 1\n"
        "[tracker]\nradius_km = 1.0\nwindow_days = 14\nh3_resolution = 8\nk = 5\n"
    )
    with pytest.raises(ValueError, match="out of order"):
        parse(text)
    assert parse(text.replace("= 5\nlarge_min_cases = 2", "= 2\nlarge_min_cases = 5")).k == 5
