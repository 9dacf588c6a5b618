"""Load an extract's CSV files into Spark, validated exactly as ``audit/loader.py`` does.

Each file is read as text (every column a string, the header checked first by the same
``read_header``), numbered by record (the header is row 1, as in the DuckDB loader;
``core.spark.row_numbers``), typed with the same ``parsing.parse_expr`` (its macros are
Spark functions, ``macros.py``), checked in the same order with the same messages, and kept
(``persist``) as a temporary view of the file's name, which the test SQL reads.

Files are read line by line, so Spark can split a large file between executors: a quoted
value with a line break inside is refused as malformed CSV (DuckDB's loader accepts it).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from sihat.audit.loader import LoadedFile, LoadResult, MalformedExtract, read_header, sha256_of
from sihat.audit.parsing import expected_form, parse_expr
from sihat.audit.schema import FILES, ID_TYPES_DIGITS, FileSpec
from sihat.audit.spark.macros import quote
from sihat.core.spark import row_numbers

_RAW = "raw__"  # prefix of a column's text beside its typed value during the checks


def _read(spark: Any, spec: FileSpec, path: Path) -> tuple[Any, list[str]]:
    from pyspark.sql.types import StringType, StructField, StructType

    header = read_header(path)
    for col in spec.columns:
        if col.required and col.name not in header:
            raise MalformedExtract(spec.filename, 1, col.name, "required column missing")
    schema = StructType([StructField(f"{_RAW}{i}", StringType()) for i in range(len(header))])
    text = spark.read.csv(
        str(path), schema=schema, header=True, enforceSchema=True, mode="FAILFAST",
        sep=",", quote='"', escape='"', encoding="UTF-8", multiLine=False,
    )  # fmt: skip
    frame = text.withColumn("_row", row_numbers(text))
    names = {h: f"{_RAW}{i}" for i, h in enumerate(header)}
    return frame, [names.get(c.name, "") for c in spec.columns] + [
        names.get("id_type", ""),
        names.get("id_number", ""),
        names.get("full_name", ""),
        names.get("uploaded_at", ""),
    ]


def _src(raw: str) -> str:
    return quote(raw) if raw else "CAST(NULL AS STRING)"


def _typed(spark: Any, spec: FileSpec, frame: Any, raws: list[str]) -> Any:
    """Text beside typed values: ``raw__i`` columns, then ``_row`` and the typed columns."""
    select = ["*"]
    for col, raw in zip(spec.columns, raws, strict=False):
        select.append(f"{parse_expr(col, _src(raw))} AS {quote(col.name)}")
    id_type, id_number, full_name, uploaded_at = raws[len(spec.columns) :]
    if spec.identity:
        select.append(f"norm_id({_src(id_type)}, {_src(id_number)}) AS id_key_number")
    if spec.name == "accounts":
        select.append(f"norm_name({_src(full_name)}) AS name_norm")
    if spec.name == "vaccinations":
        select.append(f"my_date(ts_utc({_src(uploaded_at)})) AS uploaded_on")
    return frame.selectExpr(*select)


def _aggregates(spec: FileSpec, raws: list[str]) -> list[str]:
    """Every figure the checks need, computed by one pass over the file."""
    parts = ["count(*) AS n_rows"]
    for i, (col, raw) in enumerate(zip(spec.columns, raws, strict=False)):
        typed = quote(col.name)
        if raw and col.required:
            parts.append(f"min(CASE WHEN {typed} IS NULL THEN _row END) AS r{i}")
        elif raw:
            flag = f"{quote(raw)} IS NOT NULL AND trim({quote(raw)}) <> '' AND {typed} IS NULL"
            parts.append(f"count_if({flag}) AS n{i}")
            parts.append(f"min(CASE WHEN {flag} THEN _row END) AS f{i}")
        if col.unique:
            parts.append(f"count({typed}) - count(DISTINCT {typed}) AS u{i}")
    if spec.identity:
        types = ", ".join(f"'{t}'" for t in ID_TYPES_DIGITS)
        bad = (
            f"id_type IN ({types}) AND id_number IS NOT NULL "
            "AND length(coalesce(id_key_number, '')) <> 12"
        )
        parts += [f"count_if({bad}) AS id_n", f"min(CASE WHEN {bad} THEN _row END) AS id_f"]
    return parts


def _check(
    spark: Any, spec: FileSpec, both: Any, raws: list[str], result: Any
) -> dict[str, dict[str, Any]]:
    """As the DuckDB loader's checks, in its order: the first bad required value, bad optional
    values (``data_quality``), repeated unique values, MyKad-family numbers not of 12 digits."""
    quality: dict[str, dict[str, Any]] = {}
    for i, (col, raw) in enumerate(zip(spec.columns, raws, strict=False)):
        if raw and col.required and result[f"r{i}"] is not None:
            row = int(result[f"r{i}"])
            value = both.where(f"_row = {row}").select(quote(raw)).collect()[0][0]
            shown = "empty" if value is None or not value.strip() else repr(value)
            raise MalformedExtract(
                spec.filename, row, col.name, f"value {shown} is not valid ({expected_form(col)})"
            )
        if raw and not col.required and result[f"n{i}"]:
            quality[f"{spec.filename}:{col.name}"] = {
                "rows": int(result[f"n{i}"]),
                "first_row": int(result[f"f{i}"]),
                "expected": expected_form(col),
                "treated_as": "missing",
            }
    for i, col in enumerate(spec.columns):
        if col.unique and result[f"u{i}"]:
            c = quote(col.name)
            dup = spark.sql(
                f"SELECT max(_row) FROM {spec.name} WHERE {c} IN ("
                f"SELECT {c} FROM {spec.name} GROUP BY {c} HAVING count(*) > 1 LIMIT 1)"
            ).collect()[0][0]
            raise MalformedExtract(
                spec.filename, int(dup), col.name, "value repeats an earlier row (unique)"
            )
    if spec.identity and result["id_n"]:
        quality[f"{spec.filename}:id_number"] = {
            "rows": int(result["id_n"]),
            "first_row": int(result["id_f"]),
            "expected": "12 digits for MYKAD, MYPR, MYKAS, MYTENTERA",
            "treated_as": "kept: grouped by its digits as entered",
        }
    return quality


def _load_file(spark: Any, spec: FileSpec, path: Path) -> tuple[int, dict[str, dict[str, Any]]]:
    from py4j.protocol import Py4JJavaError
    from pyspark.errors import PySparkException

    try:
        frame, raws = _read(spark, spec, path)
        both = _typed(spark, spec, frame, raws).persist()
        result = both.selectExpr(*_aggregates(spec, raws)).collect()[0]
    except (PySparkException, Py4JJavaError) as exc:
        message = str(exc).strip().splitlines()[0][:300]
        raise MalformedExtract(
            spec.filename, None, None, f"cannot be read as CSV: {message}"
        ) from None
    both.drop(*[c for c in frame.columns if c.startswith(_RAW)]).createOrReplaceTempView(spec.name)
    return int(result["n_rows"]), _check(spark, spec, both, raws, result)


def load_extract(
    spark: Any, extract_dir: Path, on_file: Callable[[str], None] | None = None
) -> LoadResult:
    """Load every present file as a Spark view; raise :class:`MalformedExtract` on bad input."""
    if not extract_dir.is_dir():
        raise MalformedExtract(str(extract_dir), None, None, "extract folder does not exist")
    files: dict[str, LoadedFile] = {}
    absent: list[str] = []
    quality: dict[str, dict[str, Any]] = {}
    for spec in FILES:
        path = extract_dir / spec.filename
        if not path.is_file():
            absent.append(spec.name)
            spark.catalog.dropTempView(spec.name)
        else:
            rows, found = _load_file(spark, spec, path)
            quality.update(found)
            files[spec.name] = LoadedFile(spec.name, path, rows, sha256_of(path))
        if on_file:
            on_file(spec.name)
    return LoadResult(files, absent, quality)
