"""The engine on a simulated extract recovers every planted count and flags no look-alike."""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path
from typing import Any

import pytest

from sihat.audit.engine import Parameters, run_audit
from sihat.audit.simulate import SimulationConfig, simulate
from sihat.audit.simulate.plan import AUDIT, dup_sizes


@pytest.fixture(scope="module")
def simulated(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], dict[str, Any]]:
    root = tmp_path_factory.mktemp("sim")
    expected = simulate(root / "extract", SimulationConfig(seed=7, scale=0.0004),
                        show_progress=False)  # fmt: skip
    result = run_audit(root / "extract", root / "out", Parameters(), show_progress=False)
    return expected, {**result.summary, "_out": str(root / "out"), "_exit": result.exit_code}


def test_every_planted_count_recovered(simulated: tuple[dict[str, Any], dict[str, Any]]) -> None:
    expected, summary = simulated
    for key, counts in expected["findings"].items():
        got = {k: v for k, v in summary["findings"][key].items() if k != "probable"}
        assert got == counts, key
    assert summary["outputs"] == expected["outputs"]
    assert {k: v["rows"] for k, v in summary["data_quality"].items()} == expected["data_quality"]
    outcomes, want = summary["outcomes"], expected["outcomes"]
    assert outcomes["checkins_total"] == want["checkins_total"]
    assert outcomes["trace_users"] == want["trace_users"]
    assert outcomes["self_assessment_pct"] == want["self_assessment_pct"]
    assert outcomes["myrisk_cases_correlation"] == pytest.approx(want["myrisk_cases_correlation"],
                                                                 abs=2e-4)  # fmt: skip
    files = summary["run"]["input_files"]
    assert {name: f["rows"] for name, f in files.items()} == expected["rows"]
    assert summary["_exit"] == 1


def test_every_finding_is_planted(simulated: tuple[dict[str, Any], dict[str, Any]]) -> None:
    expected, _ = simulated
    findings = expected["findings"]
    for key in ("vaccinated_after_ppv_closed", "vaccinated_outside_ppv_period", "unknown_ppv",
                "uploaded_before_vaccination", "unreasonable_upload_delay"):  # fmt: skip
        assert findings[key]["records"] > 0, key
    assert findings["duplicate_accounts"]["individuals"] > 0
    assert findings["incomplete_vaccination_records"]["records"] > 0
    assert findings["staff_changes_outside_app"]["events"] > 0
    assert findings["irregular_payments"]["payments"] > 0
    assert findings["intrusion_attempts"]["attempts"] > 0
    assert len(findings["bulk_downloads"]["accounts"]) == 3


def _exception_ids(out: str, key: str, column: str) -> set[str]:
    with (Path(out) / "exceptions" / f"{key}.csv").open(encoding="utf-8", newline="") as handle:
        return {row[column] for row in csv.DictReader(handle)}


def test_no_lookalike_is_flagged(simulated: tuple[dict[str, Any], dict[str, Any]]) -> None:
    expected, summary = simulated
    looks = expected["lookalike_ids"]
    dose_looks = {rid for kind, ids in looks.items() if kind in _DOSE_LOOKS for rid in ids}
    assert len(dose_looks) >= len(_DOSE_LOOKS)
    for key in ("incomplete_vaccination_records", "vaccinated_after_ppv_closed",
                "vaccinated_outside_ppv_period", "unknown_ppv", "uploaded_before_vaccination",
                "unreasonable_upload_delay"):  # fmt: skip
        assert not dose_looks & _exception_ids(summary["_out"], key, "record_id"), key
    flagged = _exception_ids(summary["_out"], "duplicate_accounts", "mysj_id")
    for kind in ("dup_inactive", "dup_unverified", "dup_no_dose"):
        assert looks[kind], kind
        assert not {m for pair in looks[kind] for m in pair} & flagged, kind
    pairs = {tuple(p[:2]) for p in summary["findings"]["duplicate_accounts"]["probable"]["pairs"]}
    for kind in ("namesake", "twin"):
        assert looks[kind], kind
        assert not {tuple(p) for p in looks[kind]} & pairs, kind


_DOSE_LOOKS = (
    "on_closed_day",
    "on_opened_day",
    "delay_at_threshold",
    "tz_same_day_upload",
    "tz_delay_edge",
    "reopened_second_period",
    "upload_earlier_same_day",
)


def test_probable_duplicates_found(simulated: tuple[dict[str, Any], dict[str, Any]]) -> None:
    expected, summary = simulated
    planted = {tuple(p) for p in expected["probable_planted_pairs"]}
    found = {tuple(p[:2]) for p in summary["findings"]["duplicate_accounts"]["probable"]["pairs"]}
    assert planted and planted <= found
    assert len(found - planted) <= max(2, len(planted) // 10)


def test_same_seed_same_extract(tmp_path: Path) -> None:
    config = SimulationConfig(seed=11, scale=0.0001)
    simulate(tmp_path / "a", config, show_progress=False)
    simulate(tmp_path / "b", config, show_progress=False)
    for path in sorted((tmp_path / "a").iterdir()):
        twin = tmp_path / "b" / path.name
        assert (
            hashlib.sha256(path.read_bytes()).digest() == hashlib.sha256(twin.read_bytes()).digest()
        ), path.name


@pytest.mark.parametrize(("individuals", "accounts"), [(1543, 3108), (4, 9), (10, 70)])
def test_dup_sizes_sum_exactly(individuals: int, accounts: int) -> None:
    import random

    sizes = dup_sizes(individuals, accounts, random.Random(1))
    assert len(sizes) == individuals and sum(sizes) == accounts
    assert all(2 <= s <= 7 for s in sizes)


@pytest.mark.audit_slow
def test_audit_numbers_full_size(tmp_path: Path) -> None:
    """The Auditor-General's own figures, planted and recovered exactly (about a minute)."""
    expected = simulate(tmp_path / "x", SimulationConfig(seed=1, audit_numbers=True),
                        show_progress=False)  # fmt: skip
    summary = run_audit(tmp_path / "x", tmp_path / "o", Parameters(), show_progress=False).summary
    f = summary["findings"]
    assert f["duplicate_accounts"]["individuals"] == AUDIT["dup_individuals"]
    assert f["duplicate_accounts"]["accounts"] == AUDIT["dup_accounts"]
    assert f["incomplete_vaccination_records"]["records"] == AUDIT["incomplete"]
    assert f["vaccinated_after_ppv_closed"]["records"] == AUDIT["after_closed"]
    assert f["unreasonable_upload_delay"]["records"] == AUDIT["late"]
    assert f["uploaded_before_vaccination"]["records"] == AUDIT["early"]
    assert f["bulk_downloads"]["accounts"][0]["records"] == AUDIT["bulk_records"]
    assert f["bulk_downloads"]["accounts"][0]["distinct_ips"] == 5
    assert f["intrusion_attempts"]["attempts"] == AUDIT["intrusions"]
    for key, counts in expected["findings"].items():
        assert {k: v for k, v in f[key].items() if k != "probable"} == counts, key
