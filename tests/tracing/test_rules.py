"""A golden test for each rule of the contract (shared/spec/tracing.md section 1), through its
file interface: the CSV text in, exposures.csv and summary.json out."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sihat.tracing.policy import Policy, load
from tests.tracing.conftest import trace

DAY = "2021-08-01"


def visit(vid: Any, who: str, where: str, at: str, out: str | None = None) -> dict[str, Any]:
    """A visit on DAY unless ``at`` holds a date; times are Malaysia time."""
    return {
        "visit_id": vid,
        "individual": who,
        "premise_id": where,
        "checked_in_at": at if "-" in at[:10] else f"{DAY}T{at}",
        "checked_out_at": None if out is None else (out if "-" in out[:10] else f"{DAY}T{out}"),
    }


def case(
    cid: str, who: str, sample: str, onset: str | None = None, isolated: str | None = None
) -> dict[str, Any]:
    return {
        "case_id": cid,
        "individual": who,
        "sample_at": sample,
        "onset_at": onset,
        "isolated_at": isolated,
    }


CASE_A = case("K1", "A", "2021-08-02T09:00:00")  # window 2021-07-31 09:00 .. 2021-08-03 09:00


def contacts(rows: list[dict[str, str]]) -> dict[str, int]:
    return {r["contact_individual"]: int(r["overlap_minutes"]) for r in rows}


def test_touching_intervals_overlap_by_zero(tmp_path: Path) -> None:
    rows, summary = trace(
        tmp_path,
        [
            visit(1, "A", "P", "10:00:00", "10:30:00"),  # exposes [10:00, 11:00) with linger
            visit(2, "B", "P", "11:00:00", "11:30:00"),  # starts as exposure ends
            visit(3, "C", "P", "09:00:00", "10:00:00"),  # ends as the case arrives
            visit(4, "D", "P", "10:59:00", "11:30:00"),  # one minute inside
        ],
        [CASE_A],
    )
    assert contacts(rows) == {"D": 1}
    assert summary["casual_contacts"] == 1


def test_overlap_rounds_to_the_nearest_minute_halves_up(tmp_path: Path) -> None:
    rows, _ = trace(
        tmp_path,
        [
            visit(1, "A", "P", "10:00:00", "10:30:00"),  # exposure ends 11:00
            visit(2, "B", "P", "10:54:15", "12:00:00"),  # 5 min 45 s -> 6
            visit(3, "C", "P", "10:54:45", "12:00:00"),  # 5 min 15 s -> 5
            visit(4, "D", "P", "10:59:30", "12:00:00"),  # 30 s -> 1
            visit(5, "E", "P", "10:59:31", "12:00:00"),  # 29 s -> 0: not an exposure
        ],
        [CASE_A],
    )
    assert contacts(rows) == {"B": 6, "C": 5, "D": 1}


def test_a_visit_ends_at_the_next_check_in_anywhere_or_after_the_default(tmp_path: Path) -> None:
    rows, _ = trace(
        tmp_path,
        [
            visit(1, "A", "P", "10:00:00"),  # ends 10:10 (A checks in at Q): exposes to 10:40
            visit(2, "A", "Q", "10:10:00"),
            visit(3, "B", "P", "10:35:00", "11:00:00"),  # 5 minutes of [10:00, 10:40)
            visit(4, "C", "P", "10:00:00"),  # ends 10:20 at C's next check-in at R
            visit(5, "C", "R", "10:20:00"),
            visit(6, "D", "P", "10:00:00"),  # no check-out, no next check-in: 60 minutes
        ],
        [CASE_A],
    )
    assert contacts(rows) == {"B": 5, "C": 20, "D": 40}


def test_checked_out_at_counts_only_when_later_than_the_check_in(tmp_path: Path) -> None:
    rows, _ = trace(
        tmp_path,
        [
            visit(1, "A", "P", "10:00:00", "09:00:00"),  # earlier: ignored, [10:00, 11:00)
            visit(2, "B", "P", "11:20:00", "12:00:00"),  # 10 minutes of [10:00, 11:30)
            visit(3, "C", "P", "08:00:00", "12:00:00"),  # later check-out beats C's next visit
            visit(4, "C", "Q", "08:05:00"),
            visit(5, "D", "P", "11:25:00", "11:25:00"),  # same as check-in: ignored, 5 minutes
        ],
        [CASE_A],
    )
    assert contacts(rows) == {"B": 10, "C": 90, "D": 5}


def test_the_case_lingers_for_the_policy_minutes(tmp_path: Path) -> None:
    visits = [
        visit(1, "A", "P", "10:00:00", "10:30:00"),
        visit(2, "B", "P", "10:40:00", "11:30:00"),  # 20 minutes of the linger
    ]
    rows, _ = trace(tmp_path / "default", visits, [CASE_A])
    assert contacts(rows) == {"B": 20}
    no_linger = Policy(version="test-no-linger", linger_minutes=0)
    rows, summary = trace(tmp_path / "none", visits, [CASE_A], no_linger)
    assert rows == []
    assert summary["policy_version"] == "test-no-linger"


def test_case_visits_are_cut_to_the_infectious_window(tmp_path: Path) -> None:
    # sample 2021-08-10 12:00, no onset: window [2021-08-08 12:00, 2021-08-11 12:00).
    rows, summary = trace(
        tmp_path,
        [
            visit(1, "A", "P", "2021-08-08T11:00:00", "2021-08-08T12:30:00"),  # cut to 12:00
            visit(2, "B", "P", "2021-08-08T11:00:00", "2021-08-08T12:20:00"),  # 20 min, not 80
            visit(3, "A", "Q", "2021-08-07T10:00:00"),  # before the window
            visit(4, "C", "Q", "2021-08-07T10:00:00"),
        ],
        [case("K1", "A", "2021-08-10T12:00:00")],
    )
    assert contacts(rows) == {"B": 20}
    assert summary["case_visits"] == 1


def test_isolated_at_ends_the_window_else_the_default_isolation(tmp_path: Path) -> None:
    visits = [
        visit(1, "A", "P", "2021-08-11T08:00:00"),  # inside [.., 2021-08-11 09:00)
        visit(2, "A", "Q", "2021-08-11T09:00:00"),  # at the end of the window: outside
        visit(3, "B", "P", "2021-08-11T08:00:00"),
        visit(4, "C", "Q", "2021-08-11T09:00:00"),
    ]
    rows, summary = trace(tmp_path / "default", visits, [case("K1", "A", "2021-08-10T09:00:00")])
    assert contacts(rows) == {"B": 60}
    assert summary["case_visits"] == 1
    isolated = case("K1", "A", "2021-08-10T09:00:00", isolated="2021-08-10T20:00:00")
    rows, summary = trace(tmp_path / "isolated", visits, [isolated])
    assert rows == [] and summary["case_visits"] == 0


def test_the_window_starts_before_onset_when_given_else_before_sample(tmp_path: Path) -> None:
    visits = [
        visit(1, "A", "P", "2021-08-04T10:00:00"),
        visit(2, "B", "P", "2021-08-04T10:00:00"),
    ]
    rows, _ = trace(tmp_path / "sample", visits, [case("K1", "A", "2021-08-10T09:00:00")])
    assert rows == []
    onset = case("K1", "A", "2021-08-10T09:00:00", onset="2021-08-05T10:00:00")
    rows, _ = trace(tmp_path / "onset", visits, [onset])  # window from 2021-08-03 10:00
    assert contacts(rows) == {"B": 60}


def test_someone_already_a_case_is_not_a_contact(tmp_path: Path) -> None:
    rows, summary = trace(
        tmp_path,
        [
            visit(1, "A", "P", "10:00:00"),
            visit(2, "B", "P", "10:00:00"),  # B's sample at 10:00: already a case
            visit(3, "C", "P", "10:00:00"),  # C's sample later: a contact
        ],
        [
            CASE_A,
            case("K2", "B", f"{DAY}T10:00:00"),
            case("K3", "C", f"{DAY}T10:00:01"),
        ],
    )
    by_case = {(r["case_id"], r["contact_individual"]) for r in rows}
    assert ("K1", "B") not in by_case
    assert ("K1", "C") in by_case
    assert ("K2", "A") in by_case  # A's own sample (08-02) came after this visit
    assert summary["cases"] == 3


def test_the_case_itself_is_not_its_own_contact(tmp_path: Path) -> None:
    rows, _ = trace(
        tmp_path,
        [
            visit(1, "A", "P", "10:00:00", "10:30:00"),
            visit(2, "A", "P", "10:20:00", "10:50:00"),  # the case again, overlapping
            visit(3, "B", "P", "10:00:00", "10:10:00"),
        ],
        [CASE_A],
    )
    assert [(r["contact_individual"], r["overlap_minutes"]) for r in rows] == [("B", "10")]


def test_one_row_per_contact_largest_overlap_then_earliest_then_smallest_id(
    tmp_path: Path,
) -> None:
    rows, summary = trace(
        tmp_path,
        [
            visit(1, "A", "P", "10:00:00", "10:30:00"),  # exposes [10:00, 11:00)
            visit(2, "A", "Q", "12:00:00", "12:30:00"),  # exposes [12:00, 13:00)
            # B: 10 minutes at P, 20 at Q: the larger wins.
            visit(20, "B", "P", "10:50:00", "11:30:00"),
            visit(21, "B", "Q", "12:40:00", "13:30:00"),
            # C: 10 minutes twice: the earlier check-in wins (though its id is larger).
            visit(31, "C", "Q", "12:50:00", "13:30:00"),
            visit(33, "C", "P", "10:50:00", "11:10:00"),
            # D: same overlap, same check-in: the smallest id wins (9 < 10 as numbers).
            visit(10, "D", "P", "10:40:00", "11:00:00"),
            visit(9, "D", "P", "10:40:00", "11:00:00"),
        ],
        [CASE_A],
    )
    chosen = {r["contact_individual"]: (r["contact_visit_id"], r["overlap_minutes"]) for r in rows}
    assert chosen == {"B": ("21", "20"), "C": ("33", "10"), "D": ("9", "20")}
    assert summary["exposures"] == 3 and summary["case_visits"] == 2


def test_offsets_and_z_are_instants_naive_is_malaysia_time(tmp_path: Path) -> None:
    rows, _ = trace(
        tmp_path,
        [
            visit(1, "A", "P", "2021-08-01T10:00:00", "2021-08-01T10:30:00"),
            visit(2, "B", "P", "2021-08-01T02:50:00Z", "2021-08-01T03:00:00Z"),  # 10:50 MY
            visit(3, "C", "P", "2021-08-01T10:40:00+08:00", "2021-08-01 11:00:00+08:00"),
            visit(4, "D", "P", "2021-08-01T03:55:00+01:00", "2021-08-01T04:00:00+0100"),
            visit(5, "E", "P", "2021-08-01T10:50:00Z", "2021-08-01T11:00:00Z"),  # 18:50 MY
        ],
        [CASE_A],
    )
    assert contacts(rows) == {"B": 10, "C": 20, "D": 5}


def test_exposed_on_is_the_malaysia_date_and_by_date_counts_distinct_contacts(
    tmp_path: Path,
) -> None:
    rows, summary = trace(
        tmp_path,
        [
            visit(1, "A", "P", "2021-08-01T00:00:00", "2021-08-01T00:30:00"),
            visit(2, "B", "P", "2021-07-31T16:10:00Z"),  # 2021-08-01 00:10 in Malaysia
            visit(3, "X", "Q", "2021-08-01T20:00:00"),
            visit(4, "B", "Q", "2021-08-01T20:00:00"),  # B again, for a second case, same day
            visit(5, "C", "Q", "2021-08-01T20:05:00"),
            visit(6, "A", "R", "2021-08-02T08:00:00"),
            visit(7, "D", "R", "2021-08-02T08:05:00"),
        ],
        [CASE_A, case("K2", "X", "2021-08-02T10:00:00")],
    )
    on = {(r["case_id"], r["contact_individual"]): r["exposed_on"] for r in rows}
    assert on == {
        ("K1", "B"): "2021-08-01",
        ("K1", "D"): "2021-08-02",
        ("K2", "B"): "2021-08-01",
        ("K2", "C"): "2021-08-01",
    }
    assert [(r["case_id"], r["contact_individual"]) for r in rows] == sorted(on)
    assert summary == {
        "policy_version": load().version,
        "cases": 2,
        "case_visits": 3,
        "exposures": 4,
        "casual_contacts": 3,
        "by_date": {"2021-08-01": 2, "2021-08-02": 1},
    }


def test_ids_print_as_written_and_order_as_numbers_before_text(tmp_path: Path) -> None:
    """Case ids here are all plain numbers (the loader types them as numbers), contacts are
    mixed, and a visit id with a leading zero stays text: the output shows each id as it was
    written, numbers in numeric order first."""
    rows, _ = trace(
        tmp_path,
        [
            visit("010", "A", "P", "10:00:00", "10:30:00"),
            visit("7", "10", "P", "10:10:00", "10:20:00"),
            visit("8", "9", "P", "10:10:00", "10:20:00"),
            visit("9", "b", "P", "10:10:00", "10:20:00"),
            visit("11", "X", "Q", "2021-08-02T08:00:00", "2021-08-02T08:30:00"),
            visit("12", "9", "Q", "2021-08-02T08:00:00", "2021-08-02T08:30:00"),
        ],
        [case("10", "A", "2021-08-02T09:00:00"), case("2", "X", "2021-08-02T10:00:00")],
    )
    assert [(r["case_id"], r["contact_individual"], r["case_visit_id"]) for r in rows] == [
        ("2", "9", "11"),
        ("10", "9", "010"),
        ("10", "10", "010"),
        ("10", "b", "010"),
    ]
