"""The audit's loading, tests, probable duplicates and figures on Spark.

Spark does what grows with the extract: reading and typing every file, the eleven SQL tests,
Splink's comparisons, the registrations by channel and the report's delay histogram. What a
test keeps (its exception rows) and the daily app metrics are small: they come back through
Arrow into the caller's DuckDB connection, where the DuckDB engine's own summarisers,
outcomes, report figures and CSV writer run unchanged. So the two engines share every line
that formats a figure, and differ only in where the rows are found.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from sihat.audit import progress
from sihat.audit.findings import SUMMARISERS, Finding, load_findings
from sihat.audit.loader import LoadResult
from sihat.audit.outputs import REGISTRATIONS_SQL, compute_outcomes
from sihat.audit.report_data import _bulk_details, _monthly_metrics
from sihat.audit.schema import CHANNELS
from sihat.audit.spark import macros
from sihat.audit.spark.loader import load_extract
from sihat.audit.spark.session import get_session
from sihat.core.spark import to_duckdb

# outputs.RECIPIENT_RESTRICTION without DuckDB's row values: Spark compares the two columns.
_RECIPIENTS = """
WHERE (id_type, id_key_number) IN (
    SELECT v.id_type, v.id_key_number FROM vaccinations AS v
    WHERE v.id_key_number IS NOT NULL)
"""

# report_data._delays, in Spark's dialect (macros.translate).
_DELAYS = macros.translate(
    "SELECT least(greatest(date_diff('day', vaccinated_at, uploaded_on), -10), 60) AS d, "
    "count(*) FROM vaccinations WHERE vaccinated_at IS NOT NULL AND uploaded_on IS NOT NULL "
    "GROUP BY d ORDER BY d"
)


@dataclass
class SparkRun:
    """What ``engine.run_audit`` needs from a run, whichever engine found it."""

    loaded: LoadResult
    findings: dict[str, Any]
    tests: list[Finding]
    outputs: dict[str, Any]
    outcomes: dict[str, Any]
    details: dict[str, Any]
    spark_version: str


def _findings(
    spark: Any, con: duckdb.DuckDBPyConnection, present: set[str], params: dict[str, Any],
    bar: progress.Bar,
) -> tuple[dict[str, Any], list[Finding]]:  # fmt: skip
    """Each test's exception rows, found by Spark, into DuckDB's ``exc_<key>``, summarised."""
    for name in ("threshold_days", "bulk_threshold"):
        spark.sql(f"DECLARE OR REPLACE VARIABLE {name} BIGINT DEFAULT {int(params[name])}")
    results: dict[str, Any] = {}
    tests = load_findings()
    for test in tests:
        if set(test.requires) <= present:
            to_duckdb(con, spark.sql(macros.translate(test.sql)), f"exc_{test.key}")
            results[test.key] = SUMMARISERS[test.key](con, f"exc_{test.key}", params)
        else:
            results[test.key] = {"status": "not run"}
        bar.advance(test.key)
    return results, tests


def _by_channel(spark: Any, restrict: str) -> dict[str, int]:
    counts = dict.fromkeys(CHANNELS, 0)
    for rank, n in spark.sql(REGISTRATIONS_SQL.format(restrict=restrict)).collect():
        counts[CHANNELS[int(rank)]] = int(n)
    return counts


def _outputs(spark: Any, present: set[str]) -> dict[str, Any]:
    """As ``outputs.compute_outputs``, counted by Spark."""
    not_run = {"status": "not run"}
    return {
        "registrations_by_channel": _by_channel(spark, "")
        if "registrations" in present
        else not_run,
        "recipients_by_channel": _by_channel(spark, _RECIPIENTS)
        if {"registrations", "vaccinations"} <= present
        else not_run,
    }


def _details(
    spark: Any, con: duckdb.DuckDBPyConnection, loaded: LoadResult, findings: dict[str, Any]
) -> dict[str, Any]:
    """As ``report_data.report_details``: small tables from DuckDB, the histogram from Spark."""
    present = set(loaded.files)
    details: dict[str, Any] = {}
    if findings.get("bulk_downloads", {}).get("status") != "not run":
        details["bulk"] = _bulk_details(con)
    if "app_metrics" in present:
        details["monthly"] = _monthly_metrics(con)
    if "vaccinations" in present:
        details["delays"] = [(int(d), int(n)) for d, n in spark.sql(_DELAYS).collect()]
        details["dose_records"] = loaded.files["vaccinations"].rows
    if "accounts" in present:
        details["accounts"] = loaded.files["accounts"].rows
    return details


def run_on_spark(
    con: duckdb.DuckDBPyConnection,
    extract_dir: Path,
    params: dict[str, Any],
    bars: progress.Bars,
    timings: dict[str, float],
    master: str,
    clock: Callable[[], float],
) -> SparkRun:
    """Load and audit ``extract_dir`` on Spark; the results land in ``con`` as DuckDB's do."""
    spark = get_session(master)
    macros.install(spark)
    t0 = clock()
    loaded = load_extract(spark, extract_dir, on_file=bars.task("Memuat / Loading", 9).advance)
    timings["load_s"] = clock() - t0
    present = set(loaded.files)
    t1 = clock()
    findings, tests = _findings(
        spark, con, present, params, bars.task("Ujian / Tests", len(SUMMARISERS))
    )
    timings["certain_findings_s"] = clock() - t1
    t2 = clock()
    if params["probable"] and findings["duplicate_accounts"].get("status") != "not run":
        from sihat.audit.spark.probable import find_probable

        result = find_probable(spark, con, params["probable_threshold"])
        findings["duplicate_accounts"]["probable"] = result.as_dict()
    timings["probable_s"] = clock() - t2
    if "app_metrics" in present:
        to_duckdb(con, spark.table("app_metrics"), "app_metrics")
    outputs = _outputs(spark, present)
    outcomes = compute_outcomes(con, present)
    details = _details(spark, con, loaded, findings)
    for name in loaded.files:
        spark.catalog.dropTempView(name)
    spark.catalog.clearCache()
    return SparkRun(loaded, findings, tests, outputs, outcomes, details, str(spark.version))
