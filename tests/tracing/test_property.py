"""The DuckDB engine equals a brute-force O(n²) reading of the contract on random small data."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sihat.tracing import files
from sihat.tracing.engine import casual_contacts
from sihat.tracing.policy import Policy
from tests.tracing import reference
from tests.tracing.conftest import read_output, write_folder

BASE = dt.datetime(2021, 8, 1, 8, 0)  # naive: Malaysia time
ZONES = [None, dt.UTC, dt.timezone(dt.timedelta(hours=8)), dt.timezone(dt.timedelta(hours=-3))]


@st.composite
def instants(draw: st.DrawFn, span_minutes: int = 6 * 60) -> dt.datetime:
    """A moment near BASE, on whole seconds or minutes (to hit the rounding edges), in a
    random zone (naive = Malaysia time)."""
    seconds = draw(st.integers(0, span_minutes * 60))
    if draw(st.booleans()):
        seconds -= seconds % 60
    moment = BASE + dt.timedelta(seconds=seconds)
    zone = draw(st.sampled_from(ZONES))
    if zone is None:
        return moment
    return moment.replace(tzinfo=dt.timezone(dt.timedelta(hours=8))).astimezone(zone)


PEOPLE = st.sampled_from(["a", "b", "c", "d", "e", "7", "10"])


@st.composite
def data(draw: st.DrawFn) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    visits = []
    for number in range(draw(st.integers(0, 14))):
        checked_in = draw(instants())
        kind = draw(st.sampled_from(["none", "same", "moved"]))
        out = None if kind == "none" else checked_in
        if kind == "moved":  # before or after the check-in
            out = checked_in + dt.timedelta(minutes=draw(st.integers(-30, 120)))
        visit_id = draw(st.sampled_from([str(number), f"v{number}", f"{number:03d}"]))
        visits.append(
            {
                "visit_id": f"{visit_id}-{number}" if visit_id.startswith("0") else visit_id,
                "individual": draw(PEOPLE),
                "premise_id": draw(st.sampled_from(["P", "Q"])),
                "checked_in_at": checked_in,
                "checked_out_at": out,
            }
        )
    cases = []
    for number in range(draw(st.integers(0, 3))):
        sample = draw(instants())
        cases.append(
            {
                "case_id": draw(st.sampled_from([f"K{number}", str(number)])),
                "individual": draw(PEOPLE),
                "sample_at": sample,
                "onset_at": draw(st.one_of(st.none(), instants())),
                "isolated_at": draw(st.one_of(st.none(), instants())),
            }
        )
    ids = [c["case_id"] for c in cases]
    cases = [c for i, c in enumerate(cases) if c["case_id"] not in ids[:i]]
    return visits, cases


POLICIES = st.builds(
    Policy,
    version=st.just("property"),
    infectious_days_before=st.integers(0, 2),
    default_isolation_hours=st.integers(0, 6),
    default_visit_minutes=st.integers(1, 90),
    linger_minutes=st.integers(0, 40),
    min_overlap_minutes=st.integers(0, 5),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data(), POLICIES)
def test_engine_equals_the_brute_force_reading(
    drawn: tuple[list[dict[str, Any]], list[dict[str, Any]]], policy: Policy
) -> None:
    visits, cases = drawn
    result = casual_contacts(visits, cases, policy)
    got = [
        (
            e.case_id,
            e.contact_individual,
            e.premise_id,
            e.case_visit_id,
            e.contact_visit_id,
            e.overlap_minutes,
            e.exposed_on,
        )
        for e in result.exposures
    ]
    assert got == reference.casual_contacts(visits, cases, policy)
    assert result.summary["exposures"] == len(got)
    assert result.summary["casual_contacts"] == len({row[1] for row in got})


def _text(value: dt.datetime | None) -> str | None:
    """A datetime as the CSV writes it: naive stays naive (Malaysia time), UTC as ``Z``."""
    if value is None:
        return None
    text = value.isoformat()
    return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data(), POLICIES)
def test_the_file_interface_equals_the_brute_force_reading(
    tmp_path_factory: pytest.TempPathFactory,
    drawn: tuple[list[dict[str, Any]], list[dict[str, Any]]],
    policy: Policy,
) -> None:
    visits, cases = drawn
    folder = tmp_path_factory.mktemp("property")
    write_folder(
        folder / "in",
        [{k: _text(v) if k.endswith("_at") else v for k, v in row.items()} for row in visits],
        [{k: _text(v) if k.endswith("_at") else v for k, v in row.items()} for row in cases],
    )
    files.run(folder / "in", folder / "out", policy)
    rows, summary = read_output(folder / "out")
    expected = reference.casual_contacts(visits, cases, policy)
    assert [tuple(r.values()) for r in rows] == [
        (*row[:5], str(row[5]), row[6].isoformat()) for row in expected
    ]
    assert summary["by_date"] == {
        day.isoformat(): len({r[1] for r in expected if r[6] == day})
        for day in sorted({r[6] for r in expected})
    }
