"""Load the contract's two CSV files into Spark, refused exactly as ``tracing/loader.py`` does.

Each file is read as text (every column a string; the header checked first by the same
``read_header``), its records numbered as DuckDB numbers them (the header is row 1:
``core.spark.row_numbers``), typed with the DuckDB loader's expressions (ids trimmed, empty =
missing; ``ts_us`` for timestamps, ``macros.py``), and checked in one pass per file: the first
malformed record, the first missing or unreadable value (row, then column), repeated ids. The
problems are the DuckDB loader's, word for word; the typed rows are kept (``persist``) as the
temporary views ``visits`` and ``cases`` that the SQL reads.

Files are read line by line, so Spark can split a large file between executors: a quoted
value with a line break inside is refused as malformed CSV (DuckDB's loader accepts it). Spark
decodes a byte that is not UTF-8 as U+FFFD, so a record holding U+FFFD is refused as not UTF-8
(DuckDB's loader accepts a U+FFFD that is written as such).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sihat.core.spark import row_numbers
from sihat.tracing.errors import BadInput
from sihat.tracing.loader import FILES, TIMESTAMP_FORM, Column, FileSpec, read_header

_RAW = "raw__"  # a column's text, beside its typed value during the checks
_BAD = "_malformed"  # the record's text when Spark could not split it into the header's columns


def _quote(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"


def _stored(col: Column) -> str:
    return col.name.removesuffix("_at") + "_us" if col.timestamp else col.name


def _read(spark: Any, spec: FileSpec, path: Path) -> tuple[Any, dict[str, str], int]:
    """The file's records as text, numbered; the raw column of each header name."""
    from pyspark.sql.types import StringType, StructField, StructType

    header = read_header(path)
    for col in spec.columns:
        if col.required and col.name not in header:
            raise BadInput(spec.filename, 1, col.name, "required column missing")
    fields = [StructField(f"{_RAW}{i}", StringType()) for i in range(len(header))]
    text = spark.read.csv(
        str(path), schema=StructType([*fields, StructField(_BAD, StringType())]),
        header=True, enforceSchema=True, mode="PERMISSIVE", columnNameOfCorruptRecord=_BAD,
        sep=",", quote='"', escape='"', encoding="UTF-8", multiLine=False,
    )  # fmt: skip
    return (
        text.withColumn("_row", row_numbers(text)),
        {h: f"{_RAW}{i}" for i, h in enumerate(header)},
        len(header),
    )


def _typed(frame: Any, spec: FileSpec, raws: dict[str, str]) -> Any:
    """The text beside the typed columns (``ts_us`` for instants, ids trimmed, '' = NULL)."""
    select = ["*"]
    for col in spec.columns:
        src = _quote(raws[col.name]) if col.name in raws else "CAST(NULL AS STRING)"
        value = f"ts_us({src})" if col.timestamp else f"nullif(trim({src}), '')"
        select.append(f"{value} AS {_stored(col)}")
    return frame.selectExpr(*select)


def _line(raws: dict[str, str]) -> str:
    """The record's text: as read when Spark could not split it, else its values rejoined."""
    return f"coalesce({_BAD}, concat_ws(',', {', '.join(_quote(r) for r in raws.values())}))"


def _malformed(raws: dict[str, str]) -> str:
    """Spark could not split the record, or decoded a byte that is not UTF-8 (U+FFFD)."""
    return f"instr({_line(raws)}, '\ufffd') > 0 OR {_BAD} IS NOT NULL"


def _aggregates(spec: FileSpec, raws: dict[str, str]) -> list[str]:
    """Every figure the checks need, computed by one pass over the file."""
    parts = ["count(*) AS n_rows", f"min(CASE WHEN {_malformed(raws)} THEN _row END) AS malformed"]
    for i, col in enumerate(spec.columns):
        if col.name not in raws:
            continue
        raw, typed = _quote(raws[col.name]), _stored(col)
        if col.required:
            parts.append(f"min(CASE WHEN {typed} IS NULL THEN _row END) AS bad{i}")
        elif col.timestamp:
            condition = f"{typed} IS NULL AND trim({raw}) <> ''"
            parts.append(f"min(CASE WHEN {condition} THEN _row END) AS bad{i}")
    ident = _stored(spec.columns[0])
    parts.append(f"count({ident}) - count(DISTINCT {ident}) AS repeats")
    return parts


def _not_csv(line: str, columns: int) -> str:
    """Why a record Spark could not split is not CSV, in the DuckDB loader's words."""
    if "\ufffd" in line:
        return "Invalid unicode (byte sequence mismatch) detected. This file is not utf-8 encoded."
    try:
        found = len(next(csv.reader(io.StringIO(line), strict=True)))
    except csv.Error:
        return "Value with unterminated quote found."
    return f"Expected Number of Columns: {columns} Found: {found}"


def _check(spark: Any, spec: FileSpec, both: Any, raws: dict[str, str], columns: int) -> int:
    """Raise on the first problem, as the DuckDB loader finds it; the file's record count."""
    result = both.selectExpr(*_aggregates(spec, raws)).collect()[0]
    if result["malformed"] is not None:
        row = int(result["malformed"])
        line = both.where(f"_row = {row}").selectExpr(_line(raws)).collect()[0][0]
        problem = "cannot be read as CSV: " + _not_csv(line, columns)
        raise BadInput(spec.filename, row, None, problem)
    bad = [
        (int(result[f"bad{i}"]), i)
        for i, col in enumerate(spec.columns)
        if col.name in raws and (col.required or col.timestamp) and result[f"bad{i}"] is not None
    ]
    if bad:
        row, i = min(bad)
        col = spec.columns[i]
        text = both.where(f"_row = {row}").select(_quote(raws[col.name])).collect()[0][0]
        if text is None or not text.strip():
            raise BadInput(spec.filename, row, col.name, "value missing (required)")
        problem = f"{text!r} is not a timestamp ({TIMESTAMP_FORM})"
        raise BadInput(spec.filename, row, col.name, problem)
    if result["repeats"]:
        ident = _stored(spec.columns[0])
        row = spark.sql(
            f"SELECT min(_row) FROM (SELECT _row, row_number() OVER "
            f"(PARTITION BY {ident} ORDER BY _row) AS n FROM {spec.table}) WHERE n > 1"
        ).collect()[0][0]
        raise BadInput(
            spec.filename, int(row), spec.id_column, "value repeats an earlier row (must be unique)"
        )
    return int(result["n_rows"])


def load(spark: Any, folder: Path, step: Callable[[str], None] | None = None) -> dict[str, int]:
    """The temporary views ``visits`` and ``cases`` from ``folder``'s CSV files (persisted);
    rows read per file. ``step(name)`` is called after each file."""
    from py4j.protocol import Py4JJavaError
    from pyspark.errors import PySparkException

    if not folder.is_dir():
        raise BadInput(str(folder), None, None, "input folder not found")
    counts: dict[str, int] = {}
    for spec in FILES:
        frame, raws, columns = _read(spark, spec, folder / spec.filename)
        both = _typed(frame, spec, raws).persist()
        both.createOrReplaceTempView(spec.table)
        try:
            counts[spec.table] = _check(spark, spec, both, raws, columns)
        except (PySparkException, Py4JJavaError) as exc:
            both.unpersist()
            message = str(exc).strip().splitlines()[0][:300]
            raise BadInput(spec.filename, None, None, f"cannot be read as CSV: {message}") from None
        except BadInput:
            both.unpersist()
            raise
        typed = ["_row", *(_stored(col) for col in spec.columns)]
        both.select(*typed).createOrReplaceTempView(spec.table)
        if step is not None:
            step(spec.filename)
    return counts
