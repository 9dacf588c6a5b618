"""Spark results into the caller's DuckDB connection, through Arrow, with DuckDB's types.

Spark's timestamps are instants (Arrow ``timestamp[us, tz=UTC]``); the DuckDB engine's are
UTC wall-clock ``TIMESTAMP`` values. Dropping the zone keeps the value, so both engines
write the same text for the same moment.
"""

from __future__ import annotations

from typing import Any

import duckdb
import pyarrow as pa


def _without_zone(table: pa.Table) -> pa.Table:
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
