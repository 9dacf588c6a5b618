"""One Spark session for the audit: the master from the settings, UTC, DuckDB's arithmetic.

``local[*]`` (every core of this machine) by default; ``SIHAT_SPARK_MASTER`` (or
``--spark-master``) names a cluster, e.g. ``spark://host:7077`` or ``yarn``. A session that
already exists in this process (a test's, a notebook's) is reused; the settings the results
depend on are set on it every time.
"""

from __future__ import annotations

from typing import Any

# What the results depend on: UTC for every timestamp (the extract's offsets are applied by
# ts_utc), and NULL rather than an error for a value that does not convert (as DuckDB's
# TRY_CAST), so that a bad optional value is a data-quality entry, not a failed run.
RUNTIME_CONF = {
    "spark.sql.session.timeZone": "UTC",
    "spark.sql.ansi.enabled": "false",
}


def get_session(master: str = "local[*]", **conf: str) -> Any:
    """The active Spark session, or a new one on ``master``; ``conf`` only applies to a new one."""
    from pyspark.sql import SparkSession
    from splink.backends.spark import similarity_jar_location

    builder = (
        SparkSession.builder.master(master)
        .appName("sihat-audit")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.extraJavaOptions", "-Duser.timezone=UTC")
        .config("spark.executor.extraJavaOptions", "-Duser.timezone=UTC")
        # Splink's Jaro-Winkler and Damerau-Levenshtein for the probable duplicates.
        .config("spark.jars", similarity_jar_location())
    )
    for key, value in {**RUNTIME_CONF, **conf}.items():
        builder = builder.config(key, value)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    for key, value in RUNTIME_CONF.items():
        spark.conf.set(key, value)
    return spark
