"""``sihat audit run`` / ``sihat simulate extract`` from the command line, and the reports."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.audit.conftest import OPEN_PPV, dose, load_json, write_extract


def test_simulate_then_audit_with_json(cli: Any, tmp_path: Path) -> None:
    extract, out = tmp_path / "extract", tmp_path / "out"
    made = cli("simulate", "extract", "--out", extract, "--seed", "3", "--scale", "0.0001")
    assert made.exit_code == 0, made.stderr
    expected = load_json(extract / "expected.json")
    result = cli("audit", "run", extract, "--out", out, "--json", "--threshold-days", "30")
    assert result.exit_code == 1  # checked and found wrong
    printed = json.loads(result.stdout)
    assert printed == load_json(out / "summary.json")
    records = printed["findings"]["uploaded_before_vaccination"]["records"]
    assert records == expected["findings"]["uploaded_before_vaccination"]["records"]
    for key in printed["findings"]:
        assert (out / "exceptions" / f"{key}.csv").is_file(), key
    assert not any(p.name.startswith(".sihat-audit-") for p in tmp_path.iterdir())


def test_report_html_and_pdf(cli: Any, tmp_path: Path) -> None:
    extract, out = tmp_path / "extract", tmp_path / "out"
    cli("simulate", "extract", "--out", extract, "--seed", "4", "--scale", "0.0001")
    result = cli("audit", "run", extract, "--out", out, "--no-probable")
    assert result.exit_code == 1
    html = (out / "report.html").read_text(encoding="utf-8")
    summary = load_json(out / "summary.json")
    # The audit summary's sections, Malay first then English.
    order = ["RUMUSAN AUDIT", "OBJEKTIF PROGRAM", "PENCAPAIAN OUTPUT", "PENCAPAIAN KEBERHASILAN",
             "PENGURUSAN APLIKASI"]  # fmt: skip
    positions = [html.index(heading) for heading in order]
    assert positions == sorted(positions)
    assert html.index("RUMUSAN AUDIT") < html.index("Audit conclusion")
    early = summary["findings"]["uploaded_before_vaccination"]["records"]
    assert f"{early:,} rekod telah dimuat naik" in html
    assert f"{early:,} records were uploaded before" in html
    for key in summary["findings"]:
        assert f'href="exceptions/{key}.csv"' in html, key
    assert html.count("<svg") >= 3  # charts embedded
    pdf = (out / "report.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000


def test_exit_zero_when_nothing_wrong(cli: Any, tmp_path: Path) -> None:
    extract = write_extract(tmp_path / "x", {"vaccinations": [dose("V1")], "ppv": OPEN_PPV})
    result = cli("audit", "run", extract, "--out", tmp_path / "o")
    assert result.exit_code == 0
    assert "No findings" in result.stderr
    html = (tmp_path / "o" / "report.html").read_text(encoding="utf-8")
    assert "tidak menemui kelemahan" in html and "Tidak diuji" in html


def test_rerun_replaces_outputs(cli: Any, tmp_path: Path) -> None:
    extract = write_extract(tmp_path / "x", {"vaccinations": [dose("V1", batch_no="")]})
    out = tmp_path / "o"
    assert cli("audit", "run", extract, "--out", out).exit_code == 1
    write_extract(extract, {"vaccinations": [dose("V1")]})
    assert cli("audit", "run", extract, "--out", out).exit_code == 0
    lines = (out / "exceptions" / "incomplete_vaccination_records.csv").read_text().splitlines()
    assert len(lines) == 1  # header only
    # A malformed rerun leaves the previous complete outputs untouched.
    write_extract(extract, {"vaccinations": [{"dose_number": "1"}]})
    assert cli("audit", "run", extract, "--out", out).exit_code == 2
    assert load_json(out / "summary.json")["run"]["result"] == "clear"
