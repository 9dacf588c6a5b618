"""``files.run`` on Apache Spark: the contract's folder in, the same two files out.

Spark reads and checks the CSV files, runs the statements of ``sql/casual_contacts.sql``
(``macros.statements``: the same text, each step a cached view) and keeps everything that grows
with the check-ins. What the outputs need is small (the cases, their visits in the infectious
window, the exposures): it comes back through Arrow into a DuckDB connection on the driver,
where the DuckDB engine's own ``engine.summary`` and ``files._write`` produce ``summary.json``
and ``exposures.csv``. So both engines share every line that formats an output.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import duckdb

from sihat.core import spark as core_spark
from sihat.tracing import engine, files, loader
from sihat.tracing.policy import Policy
from sihat.tracing.policy import load as load_policy
from sihat.tracing.progress import steps
from sihat.tracing.spark import loader as spark_loader
from sihat.tracing.spark import macros

# What comes back to the driver: what engine.summary and files._write read.
RESULTS = ("cases", "case_visits", "exposures")


def get_session(master: str | None = None) -> Any:
    """The process's Spark session (``core.spark``) on ``master``, default the setting
    ``SIHAT_SPARK_MASTER`` (``local[*]``)."""
    if master is None:
        from sihat.core.settings import get_settings

        master = get_settings().spark_master
    return core_spark.get_session(master, "sihat-tracing")


def run(
    folder: Path,
    out: Path,
    policy: Policy | None = None,
    show_progress: bool = False,
    master: str | None = None,
    timings: dict[str, float] | None = None,
) -> dict[str, Any]:
    """Compute the casual contacts of ``folder`` into ``out`` on Spark; summary.json's content.

    Raises ``BadInput`` (nothing written) as ``files.run`` does. ``timings``, when given,
    receives the seconds of each phase (load, compute, write)."""
    clock = timings if timings is not None else {}
    policy = policy or load_policy()
    spark = get_session(master)
    started = time.perf_counter()
    macros.install(spark)
    views: list[str] = [spec.table for spec in loader.FILES]
    con = duckdb.connect(":memory:")
    try:
        con.execute("SET enable_progress_bar = false").fetchall()
        with steps(len(loader.FILES) + len(engine.STEPS) + 1, show_progress) as advance:
            spark_loader.load(spark, folder, advance)
            clock["load_s"] = time.perf_counter() - started
            for name, (view, sql) in zip(engine.STEPS, macros.statements(policy), strict=True):
                views.append(view)
                spark.sql(sql)
                advance(name)
            for table in RESULTS:
                core_spark.to_duckdb(con, spark.table(table), table)
            summary = engine.summary(con, policy)
            clock["compute_s"] = time.perf_counter() - started - clock["load_s"]
            files._write(con, out, summary)
            advance("written")
            clock["write_s"] = time.perf_counter() - started - clock["load_s"] - clock["compute_s"]
    finally:
        con.close()
        spark.catalog.clearCache()  # the files' rows and the steps' (as the audit's engine)
        for view in reversed(views):
            spark.catalog.dropTempView(view)
    return summary
