"""Helpers for the tracing tests: write the contract's two CSV files and run the engine."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from sihat.tracing import files
from sihat.tracing.policy import Policy

VISITS = ["visit_id", "individual", "premise_id", "checked_in_at", "checked_out_at"]
CASES = ["case_id", "individual", "sample_at", "onset_at", "isolated_at"]


def write_csv(path: Path, header: list[str], rows: list[dict[str, Any]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: "" if v is None else v for k, v in row.items()})


def write_folder(folder: Path, visits: list[dict[str, Any]], cases: list[dict[str, Any]]) -> Path:
    write_csv(folder / "visits.csv", VISITS, visits)
    write_csv(folder / "cases.csv", CASES, cases)
    return folder


def read_output(out: Path) -> tuple[list[dict[str, str]], dict[str, Any]]:
    with (out / "exposures.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return rows, json.loads((out / "summary.json").read_text(encoding="utf-8"))


def trace(
    tmp_path: Path,
    visits: list[dict[str, Any]],
    cases: list[dict[str, Any]],
    policy: Policy | None = None,
) -> tuple[list[dict[str, str]], dict[str, Any]]:
    """Run the file interface on these rows; return exposures.csv's rows and summary.json."""
    folder = write_folder(tmp_path / "in", visits, cases)
    files.run(folder, tmp_path / "out", policy)
    return read_output(tmp_path / "out")
