"""The simulator shapes its daily app metrics on the real MoH open data, found through
``core.refdata`` from anywhere, and says which files it read; missing data is an error."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from sihat.audit.simulate import rates
from sihat.core import refdata

REPO = Path(__file__).resolve().parents[2]
OPEN_FILES = [
    "data/open/moh/mysejahtera/checkin_malaysia.csv",
    "data/open/moh/epidemic/cases_malaysia.csv",
]


def test_simulate_extract_outside_the_repository_uses_the_real_open_data(tmp_path: Path) -> None:
    env = {
        k: v for k, v in os.environ.items() if k not in ("SIHAT_REFERENCE_DATA", "SIHAT_OPEN_DATA")
    }
    sihat = Path(sys.executable).parent / "sihat"
    assert not tmp_path.resolve().is_relative_to(REPO)
    done = subprocess.run(
        [str(sihat), "simulate", "extract", "--out", "x", "--seed", "2", "--scale", "0.0001",
         "--no-progress"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    expected = json.loads((tmp_path / "x" / "expected.json").read_text(encoding="utf-8"))
    assert expected["config"]["daily_shape_source"] == OPEN_FILES
    # The metrics follow the published series day by day (scaled), not a made-up wave.
    with (REPO / OPEN_FILES[0]).open(encoding="utf-8") as handle:
        published = [line.split(",")[:2] for line in handle.read().splitlines()[1:]]
    with (tmp_path / "x" / "app_metrics.csv").open(encoding="utf-8") as handle:
        written = [line.split(",")[:2] for line in handle.read().splitlines()[1:]]
    assert [d for d, _ in written] == [d for d, _ in published]
    assert [int(c) for _, c in written] == [round(int(c) * 0.0001) for _, c in published]


def test_reference_data_override_must_exist(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("SIHAT_REFERENCE_DATA", str(tmp_path / "nowhere"))
    with pytest.raises(refdata.ReferenceDataMissing, match="SIHAT_REFERENCE_DATA"):
        refdata.root()


def test_missing_open_data_file_is_an_error_not_a_fallback(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("SIHAT_REFERENCE_DATA", str(tmp_path))
    with pytest.raises(refdata.ReferenceDataMissing) as caught:
        rates.daily_series()
    assert "checkin_malaysia.csv" in str(caught.value)
    assert "SIHAT_REFERENCE_DATA" in str(caught.value)
