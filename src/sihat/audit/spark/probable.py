"""Probable duplicate accounts with Splink on Spark: the DuckDB engine's model, run by Spark.

The input (``probable.INPUT_SQL``) is translated from DuckDB's SQL to Spark's by sqlglot (the
SQL translator Splink itself uses), and the model is ``probable.splink_settings``: the two
engines cannot drift apart. Splink's comparisons run in Spark; the pairs it keeps are few,
so they are rounded and ordered by the caller's DuckDB connection with the DuckDB engine's
own statement, which makes the probabilities byte-identical.
"""

from __future__ import annotations

from typing import Any

import duckdb

from sihat.audit import probable
from sihat.audit.probable import INPUT_SQL, ProbableResult, _clusters, splink_settings
from sihat.core.spark import to_duckdb


def input_sql(table: str = "accounts") -> str:
    """``probable.INPUT_SQL``'s ``SELECT`` in Spark's dialect."""
    import sqlglot
    from sqlglot import expressions as exp

    create = sqlglot.parse_one(INPUT_SQL.format(table=table), read="duckdb")
    select = create.expression if isinstance(create, exp.Create) else create
    return str(select.sql(dialect="spark"))


def _comparisons_bound(spark: Any, keys: tuple[tuple[str, ...], ...]) -> int:
    """As ``probable.comparisons_bound``: each key's block sizes, choose two, summed."""
    total = 0
    for key in keys:
        present = " AND ".join(f"{k} IS NOT NULL" for k in key)
        total += int(
            spark.sql(
                f"SELECT coalesce(sum(c * (c - 1) div 2), 0) FROM (SELECT count(*) AS c "
                f"FROM probable_input WHERE {present} GROUP BY {', '.join(key)})"
            ).collect()[0][0]
        )
    return total


def find_probable(
    spark: Any, con: duckdb.DuckDBPyConnection, threshold: float = 0.9
) -> ProbableResult:
    """Pairs of accounts under different identity keys with match probability >= threshold."""
    from splink import Linker
    from splink.backends.spark import SparkAPI

    frame = spark.sql(input_sql()).persist()
    n = int(frame.count())
    if n < 2:
        frame.unpersist()
        return ProbableResult(threshold, n)
    frame.createOrReplaceTempView("probable_input")
    extra = {}
    keys = getattr(probable, "BLOCKING_KEYS", None)  # the DuckDB engine's since its blocking
    if keys is not None:  # became keys (branch dupes): the same bound, counted by Spark
        extra["comparisons_bound"] = _comparisons_bound(spark, keys)
    # "persist" keeps Splink's intermediate tables in the executors' memory and disk: no
    # shared folder is needed on a cluster.
    db_api = SparkAPI(spark_session=spark, break_lineage_method="persist")
    linker = Linker(db_api.register("probable_input"), splink_settings(n), log_level=None)
    predictions = linker.inference.predict(
        threshold_match_probability=threshold, warning_mode="never"
    )
    kept = spark.sql(
        "SELECT unique_id_l, unique_id_r, id_key_l, id_key_r, match_probability "
        f"FROM {predictions.physical_name}"
    )
    to_duckdb(con, kept, "probable_pairs")
    rows = con.execute(
        "SELECT least(unique_id_l, unique_id_r), greatest(unique_id_l, unique_id_r), "
        "round(match_probability, 6) FROM probable_pairs "
        "WHERE id_key_l <> id_key_r ORDER BY 1, 2"
    ).fetchall()
    con.execute("DROP TABLE probable_pairs")
    linker.table_management.delete_tables_created_by_splink_from_db()
    frame.unpersist()
    pairs = [(str(a), str(b), float(p)) for a, b, p in rows]
    return ProbableResult(threshold, n, pairs=pairs, clusters=_clusters(pairs), **extra)
