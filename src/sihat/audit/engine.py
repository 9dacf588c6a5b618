"""Run the audit tests on an extract: load once, run each SQL test, write the outputs atomically.

Everything is first written to a temporary folder beside ``out_dir``; only a run that
finished moves its files into ``out_dir`` (``summary.json`` last, with an atomic rename), so
a malformed extract leaves no partial summary behind.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Any

import duckdb

from sihat.audit import progress
from sihat.audit.findings import SUMMARISERS, Finding, load_findings
from sihat.audit.loader import LoadResult, load_extract
from sihat.audit.outputs import compute_outcomes, compute_outputs
from sihat.audit.parsing import install_macros
from sihat.audit.summary import AuditSummary
from sihat.core import clock, csvsafe, settings


@dataclass
class Parameters:
    threshold_days: int = 30
    bulk_threshold: int = 100_000
    probable_threshold: float = 0.9
    probable: bool = True

    def as_dict(self) -> dict[str, Any]:
        return {
            "threshold_days": self.threshold_days,
            "bulk_threshold": self.bulk_threshold,
            "probable_threshold": self.probable_threshold,
            "probable": self.probable,
        }


@dataclass
class RunResult:
    summary: dict[str, Any]
    exit_code: int
    timings: dict[str, float] = field(default_factory=dict)


# DuckDB's own memory: beyond it, large joins and sorts spill to the temporary directory, so
# the whole run (Python, Splink, the reports and DuckDB) stays under 2 GB on one machine.
MEMORY_LIMIT = "1GB"


def connect(
    memory_limit: str = MEMORY_LIMIT, temp_directory: Path | None = None
) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(":memory:")
    con.execute("SET memory_limit = ?", [memory_limit])
    if temp_directory is not None:
        con.execute("SET temp_directory = ?", [str(temp_directory)])
    con.execute("SET preserve_insertion_order = true")
    con.execute("SET enable_progress_bar = false")
    install_macros(con)
    return con


def run_findings(
    con: duckdb.DuckDBPyConnection,
    present: set[str],
    params: Parameters,
    bar: progress.Bar | None = None,
) -> tuple[dict[str, Any], list[Finding]]:
    """Run every certain test; each leaves its exception rows in table ``exc_<key>``."""
    con.execute(f"SET VARIABLE threshold_days = {int(params.threshold_days)}")
    con.execute(f"SET VARIABLE bulk_threshold = {int(params.bulk_threshold)}")
    results: dict[str, Any] = {}
    tests = load_findings()
    for test in tests:
        if set(test.requires) <= present:
            con.execute(f"CREATE OR REPLACE TABLE exc_{test.key} AS {test.sql}")
            results[test.key] = SUMMARISERS[test.key](con, f"exc_{test.key}", params.as_dict())
        else:
            results[test.key] = {"status": "not run"}
        if bar:
            bar.advance(test.key)
    return results, tests


def _test_catalogue(tests: list[Finding], findings: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {
            "key": t.key,
            "id": t.id,
            "title_ms": t.title_ms,
            "title_en": t.title_en,
            "sql_file": f"sihat/audit/tests_sql/{t.filename}",
            "requires": list(t.requires),
            "parameters": t.parameters,
            "definition": t.definition,
            "status": findings[t.key].get("status", "run"),
        }
        for t in tests
    ]


def _write_exceptions(
    con: duckdb.DuckDBPyConnection, findings: dict[str, Any], folder: Path
) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for key, result in findings.items():
        if result.get("status") == "not run":
            continue
        target = folder / f"{key}.csv"
        csvsafe.duckdb_copy(con, f"SELECT * FROM exc_{key}", str(target), "HEADER, DELIMITER ','")


def _move_into(staging: Path, out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    names = sorted(p.name for p in staging.iterdir() if p.name != "summary.json")
    for name in [*names, "summary.json"]:
        source, target = staging / name, out_dir / name
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target)
        os.replace(source, target)


def _run_duckdb(
    con: duckdb.DuckDBPyConnection,
    extract_dir: Path,
    params: Parameters,
    bars: progress.Bars,
    timings: dict[str, float],
) -> tuple[LoadResult, dict[str, Any], list[Finding]]:
    """Load, the certain tests and the probable duplicates, on DuckDB."""
    t0 = time.perf_counter()
    loaded = load_extract(con, extract_dir, on_file=bars.task("Memuat / Loading", 9).advance)
    timings["load_s"] = time.perf_counter() - t0
    present = set(loaded.files)
    t1 = time.perf_counter()
    findings, tests = run_findings(
        con, present, params, bars.task("Ujian / Tests", len(SUMMARISERS))
    )
    timings["certain_findings_s"] = time.perf_counter() - t1
    t2 = time.perf_counter()
    if params.probable and findings["duplicate_accounts"].get("status") != "not run":
        from sihat.audit.probable import find_probable

        result = find_probable(con, params.probable_threshold)
        findings["duplicate_accounts"]["probable"] = result.as_dict()
    timings["probable_s"] = time.perf_counter() - t2
    return loaded, findings, tests


def run_audit(
    extract_dir: Path,
    out_dir: Path,
    params: Parameters,
    *,
    show_progress: bool = True,
    memory_limit: str = MEMORY_LIMIT,
    temp_dir: Path | None = None,
    engine: str = "duckdb",
    spark_master: str | None = None,
) -> RunResult:
    """Audit ``extract_dir`` into ``out_dir``. Raises ``MalformedExtract`` on bad input.

    ``engine`` is ``duckdb`` (this process) or ``spark`` (``spark_master``, by default the
    ``SIHAT_SPARK_MASTER`` setting): the same tests, the same summary and exception files.
    DuckDB (which also summarises the Spark engine's rows) spills what exceeds
    ``memory_limit`` into a fresh folder under ``temp_dir`` (default: beside ``out_dir``),
    removed when the run ends."""
    started = clock.now()
    timings: dict[str, float] = {}
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".sihat-audit-", dir=out_dir.parent))
    spill = Path(tempfile.mkdtemp(prefix=".sihat-duckdb-", dir=temp_dir or out_dir.parent))
    con = connect(memory_limit, spill)
    try:
        with progress.bars(show_progress) as bars:
            if engine == "spark":
                from sihat.audit.spark.engine import run_on_spark

                master = spark_master or settings.get_settings().spark_master
                ran = run_on_spark(
                    con, extract_dir, params.as_dict(), bars, timings, master, time.perf_counter
                )
                loaded, findings, tests = ran.loaded, ran.findings, ran.tests
                outputs, outcomes, details = ran.outputs, ran.outcomes, ran.details
                engine_run = {"engine": "spark", "spark_version": ran.spark_version}
            else:
                loaded, findings, tests = _run_duckdb(con, extract_dir, params, bars, timings)
                present = set(loaded.files)
                outputs, outcomes = compute_outputs(con, present), compute_outcomes(con, present)
                from sihat.audit.report_data import report_details

                details = report_details(con, present, findings)
                engine_run = {"engine": "duckdb"}
        headlines = AuditSummary.from_summary({"findings": findings})
        summary: dict[str, Any] = {
            "findings": findings,
            "headlines": headlines.for_json(),
            "outputs": outputs,
            "outcomes": outcomes,
            "data_quality": loaded.data_quality,
        }
        _write_exceptions(con, findings, staging / "exceptions")
        found = headlines.result == "findings"
        summary["run"] = {
            "extract": str(extract_dir),
            "parameters": params.as_dict(),
            "input_files": {
                name: {"file": f.path.name, "rows": f.rows, "sha256": f.sha256}
                for name, f in loaded.files.items()
            },
            "absent_files": [f"{name}.csv" for name in loaded.absent],
            "sihat_version": version("sihat"),
            "duckdb_version": duckdb.__version__,
            **engine_run,
            "tests": _test_catalogue(tests, findings),
            "started_at": started.isoformat(),
            "finished_at": clock.now().isoformat(),
            "result": "findings" if found else "clear",
        }
        from sihat.audit.report import write_reports

        t3 = time.perf_counter()
        write_reports(summary, details, staging)
        timings["report_s"] = time.perf_counter() - t3
        summary["run"]["finished_at"] = clock.now().isoformat()
        text = json.dumps(summary, indent=2, ensure_ascii=False, default=str)
        (staging / "summary.json").write_text(text + "\n", encoding="utf-8")
        _move_into(staging, out_dir)
        return RunResult(summary, 1 if found else 0, timings)
    finally:
        con.close()
        shutil.rmtree(staging, ignore_errors=True)
        shutil.rmtree(spill, ignore_errors=True)
