"""Apache Spark plumbing shared by the engines that run on it (the audit, casual contacts).

``get_session``: one session for the process, on the master from the settings, with the
settings every result depends on. ``row_numbers``: a CSV record's row in its file, as DuckDB
numbers it. ``to_duckdb``: a Spark result into a DuckDB table through Arrow, with DuckDB's
types. PySpark and PyArrow are imported only when called (the extra ``sihat[spark]``).

``local[*]`` (every core of this machine) by default; ``SIHAT_SPARK_MASTER`` (or an engine's
``--spark-master``) names a cluster, e.g. ``spark://host:7077`` or ``yarn``. A session that
already exists in this process (a test's, a notebook's) is reused; the settings the results
depend on are set on it every time.
"""

from __future__ import annotations

from typing import Any

import duckdb

# What the results depend on: UTC for every timestamp (offsets in the data are applied by the
# engines' own functions), and NULL rather than an error for a value that does not convert (as
# DuckDB's TRY_CAST), so that a bad value is reported by the engine, not a failed run.
RUNTIME_CONF = {
    "spark.sql.session.timeZone": "UTC",
    "spark.sql.ansi.enabled": "false",
}

# The timestamp text both engines read (shared/spec: ISO date and time, an optional offset; none
# written = Malaysia, +08:00), in Java's regular expressions: anchored, ending with ``\z``
# (Java's ``$`` also matches before a final line break).
TS_PATTERN = (
    r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?"  # date and time
    r"\s*(Z|z|[+-]\d{2}(:?\d{2})?)?\z"  # optional offset
)
TS_OFFSET = r"(Z|z|[+-]\d{2}(:?\d{2})?)\z"
# A Spark SQL function: the offset of a timestamp's text in minutes east of UTC; none written =
# Malaysia (+480). The engines' timestamp functions call it.
OFFSET_MINUTES = rf"""offset_minutes(s STRING) RETURNS INT RETURN
        CASE
          WHEN regexp_extract(s, r'{TS_OFFSET}', 0) = '' THEN 480
          WHEN upper(regexp_extract(s, r'{TS_OFFSET}', 0)) = 'Z' THEN 0
          ELSE (CASE WHEN regexp_extract(s, r'([+-])\d{{2}}(:?\d{{2}})?\z', 1) = '-'
                     THEN -1 ELSE 1 END)
               * (CAST(regexp_extract(s, r'[+-](\d{{2}})(:?(\d{{2}}))?\z', 1) AS INT) * 60
                  + coalesce(try_cast(nullif(regexp_extract(s, r'[+-]\d{{2}}:?(\d{{2}})\z', 1), '')
                                      AS INT), 0))
        END"""


def get_session(master: str = "local[*]", app_name: str = "sihat", **conf: str) -> Any:
    """The active Spark session, or a new one on ``master``; ``conf`` only applies to a new one."""
    from pyspark.sql import SparkSession

    builder = (
        SparkSession.builder.master(master)
        .appName(app_name)
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.extraJavaOptions", "-Duser.timezone=UTC")
        .config("spark.executor.extraJavaOptions", "-Duser.timezone=UTC")
    )
    for key, value in {**RUNTIME_CONF, **conf}.items():
        builder = builder.config(key, value)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    for key, value in RUNTIME_CONF.items():
        spark.conf.set(key, value)
    return spark


def row_numbers(text: Any) -> Any:
    """Each record's row in the file read as ``text`` (header = 1), without leaving the JVM.

    ``monotonically_increasing_id`` is the partition's number times 2**33 plus the record's
    place in its partition; the partitions are consecutive pieces of the file, so a record's
    row is the records of the partitions before its own, plus its place, plus 2.
    """
    from pyspark.sql import functions as F

    if text.rdd.getNumPartitions() == 1:
        return (F.monotonically_increasing_id() + 2).cast("long")
    counts = dict(text.select(F.spark_partition_id().alias("p")).groupBy("p").count().collect())
    offsets, total = [], 0
    for part in sorted(counts):
        offsets += [F.lit(part), F.lit(total)]
        total += int(counts[part])
    mid = F.monotonically_increasing_id()
    part = F.shiftright(mid, 33)
    place = mid - F.shiftleft(part, 33)
    before = F.element_at(F.create_map(*offsets), part.cast("int")) if offsets else F.lit(0)
    return (before + place + 2).cast("long")


def _without_zone(table: Any) -> Any:
    """Spark's timestamps are instants (Arrow ``timestamp[us, tz=UTC]``); DuckDB's engines keep
    UTC wall-clock ``TIMESTAMP`` values. Dropping the zone keeps the value, so both write the
    same text for the same moment."""
    import pyarrow as pa

    fields = [
        pa.field(f.name, pa.timestamp(f.type.unit))
        if pa.types.is_timestamp(f.type) and f.type.tz is not None
        else pa.field(f.name, f.type)
        for f in table.schema
    ]
    return table.cast(pa.schema(fields))


def to_duckdb(con: duckdb.DuckDBPyConnection, frame: Any, name: str) -> int:
    """Collect the Spark ``frame`` (in its order) into DuckDB table ``name``; its row count."""
    table = _without_zone(frame.toArrow())
    con.register("spark_arrow", table)
    try:
        con.execute(f"CREATE OR REPLACE TABLE {name} AS SELECT * FROM spark_arrow")
    finally:
        con.unregister("spark_arrow")
    return int(table.num_rows)
