"""The MyRisk policy file: versions chosen by date, durations, casual contacts."""

from __future__ import annotations

from datetime import date, timedelta

from sihat.risk.policy import load
from sihat.risk.statuses import CASUAL_CONTACT, CLOSE_CONTACT, CONFIRMED, STATUSES


def test_precedence_names_every_status_highest_first() -> None:
    policy = load()
    assert policy.precedence[0] == CONFIRMED and policy.precedence[-1] == "LOW_RISK"
    assert set(policy.precedence) == set(STATUSES)


def test_version_in_force_on_each_side_of_the_change() -> None:
    policy = load()
    old, new = policy.on(date(2022, 2, 28)), policy.on(date(2022, 3, 1))
    assert old.id != new.id
    assert old.casual_gets_status() and not new.casual_gets_status()
    assert 5 <= new.casual_watch_days <= 10 and 5 <= old.days[CASUAL_CONTACT] <= 10


def test_isolation_ten_days_seven_if_vaccinated_and_asymptomatic_from_march_2022() -> None:
    policy = load()
    old, new = policy.on(date(2022, 2, 28)), policy.on(date(2022, 3, 1))
    for status in (CONFIRMED, CLOSE_CONTACT):
        assert old.duration(status) == timedelta(days=10)
        assert old.duration(status, fully_vaccinated=True, symptomatic=False) == timedelta(10)
        assert new.duration(status) == timedelta(days=10)
        assert new.duration(status, fully_vaccinated=True, symptomatic=True) == timedelta(10)
        assert new.duration(status, fully_vaccinated=True, symptomatic=None) == timedelta(10)
        assert new.duration(status, fully_vaccinated=False, symptomatic=False) == timedelta(10)
        assert new.duration(status, fully_vaccinated=True, symptomatic=False) == timedelta(7)
