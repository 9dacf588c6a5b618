"""Load an extract's CSV files into DuckDB, each file read once, validated as the spec says.

For each file: the text is read once into a staging table of strings, one aggregate pass checks
every required column (first bad row) and counts bad values in optional columns, then one
``CREATE TABLE ... AS SELECT`` writes the typed table and the staging table is dropped.
Row numbers in messages count the header as row 1, as a spreadsheet shows them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from sihat.audit.parsing import expected_form, parse_expr, quote
from sihat.audit.schema import FILES, ID_TYPES_DIGITS, FileSpec
from sihat.core import csvheader


class MalformedExtract(Exception):
    """A file that cannot be audited: the run stops, nothing is reported as a finding."""

    def __init__(self, file: str, row: int | None, column: str | None, problem: str) -> None:
        self.file, self.row, self.column, self.problem = file, row, column, problem
        where = file + (f", row {row}" if row is not None else "")
        where += f", column {column}" if column else ""
        super().__init__(f"{where}: {problem}")

    def as_dict(self) -> dict[str, Any]:
        return {"file": self.file, "row": self.row, "column": self.column, "problem": self.problem}


@dataclass
class LoadedFile:
    name: str
    path: Path
    rows: int
    sha256: str


@dataclass
class LoadResult:
    files: dict[str, LoadedFile]  # present files only
    absent: list[str]
    data_quality: dict[str, dict[str, Any]]


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_header(path: Path) -> list[str]:
    """The header row, read alone and checked (``core.csvheader``)."""
    try:
        return csvheader.read_header(path)
    except csvheader.HeaderProblem as bad:
        raise MalformedExtract(path.name, bad.row, bad.column, bad.problem) from None


def _stage(con: duckdb.DuckDBPyConnection, spec: FileSpec, path: Path) -> list[str]:
    header = read_header(path)
    for col in spec.columns:
        if col.required and col.name not in header:
            raise MalformedExtract(spec.filename, 1, col.name, "required column missing")
    columns = "{" + ", ".join(f"'{h.replace(chr(39), chr(39) * 2)}': 'VARCHAR'" for h in header)
    columns += "}"
    sql = (
        f"CREATE OR REPLACE TEMP TABLE raw_{spec.name} AS SELECT * FROM read_csv(?, "
        f"header = true, auto_detect = false, delim = ',', quote = '\"', escape = '\"', "
        f"strict_mode = true, columns = {columns})"
    )
    try:
        con.execute(sql, [str(path)])
    except duckdb.Error as exc:
        message = str(exc).splitlines()[0]
        problem = f"cannot be read as CSV: {message}"
        raise MalformedExtract(spec.filename, None, None, problem) from None
    return header


def _src(header: list[str], name: str) -> str:
    return quote(name) if name in header else "CAST(NULL AS VARCHAR)"


def _check(
    con: duckdb.DuckDBPyConnection, spec: FileSpec, header: list[str]
) -> dict[str, dict[str, Any]]:
    """Raise on the first bad required value; return counts of bad optional values.

    Reads the text (``r``) beside the typed table (``t``) row by row (a positional join), so
    each value is parsed only once: a value is bad when its text is not empty but its typed
    value is NULL.
    """
    parts: list[str] = []
    for i, col in enumerate(spec.columns):
        if col.name not in header:
            continue
        raw, typed = f"r.{quote(col.name)}", f"t.{quote(col.name)}"
        if col.required:
            parts.append(f"min(CASE WHEN {typed} IS NULL THEN t._row END) AS r{i}")
        else:
            flag = f"{raw} IS NOT NULL AND trim({raw}) <> '' AND {typed} IS NULL"
            parts.append(f"count(*) FILTER ({flag}) AS n{i}, min(CASE WHEN {flag} THEN t._row END)")
    if not parts:
        return {}
    result = con.execute(
        f"SELECT {', '.join(parts)} FROM raw_{spec.name} AS r POSITIONAL JOIN {spec.name} AS t"
    ).fetchall()[0]
    quality: dict[str, dict[str, Any]] = {}
    position = 0
    for col in (c for c in spec.columns if c.name in header):
        if col.required:
            row = result[position]
            position += 1
            if row is not None:
                value = con.execute(
                    f"SELECT {quote(col.name)} FROM raw_{spec.name} WHERE rowid = ?", [row - 2]
                ).fetchall()[0][0]
                shown = "empty" if value is None or not value.strip() else repr(value)
                raise MalformedExtract(
                    spec.filename,
                    int(row),
                    col.name,
                    f"value {shown} is not valid ({expected_form(col)})",
                )
        else:
            count, rowid = result[position], result[position + 1]
            position += 2
            if count:
                quality[f"{spec.filename}:{col.name}"] = {
                    "rows": int(count),
                    "first_row": int(rowid),
                    "expected": expected_form(col),
                    "treated_as": "missing",
                }
    return quality


def _check_unique(con: duckdb.DuckDBPyConnection, spec: FileSpec) -> None:
    for col in spec.columns:
        if not col.unique:
            continue
        c = quote(col.name)
        dup = con.execute(
            f"SELECT max(_row) FROM {spec.name} WHERE {c} IN ("
            f"SELECT {c} FROM {spec.name} GROUP BY {c} HAVING count(*) > 1 LIMIT 1)"
        ).fetchall()[0][0]
        if dup is not None:
            raise MalformedExtract(
                spec.filename, int(dup), col.name, "value repeats an earlier row (unique)"
            )


def _materialise(con: duckdb.DuckDBPyConnection, spec: FileSpec, header: list[str]) -> int:
    select = ["CAST(rowid + 2 AS BIGINT) AS _row"]
    for col in spec.columns:
        select.append(f"{parse_expr(col, _src(header, col.name))} AS {quote(col.name)}")
    if spec.identity:
        select.append(
            f"norm_id({_src(header, 'id_type')}, {_src(header, 'id_number')}) AS id_key_number"
        )
    if spec.name == "accounts":
        select.append(f"norm_name({_src(header, 'full_name')}) AS name_norm")
    if spec.name == "vaccinations":
        select.append(f"my_date(ts_utc({_src(header, 'uploaded_at')})) AS uploaded_on")
    con.execute(
        f"CREATE OR REPLACE TABLE {spec.name} AS SELECT {', '.join(select)} "
        f"FROM raw_{spec.name} ORDER BY rowid"
    )
    return int(con.execute(f"SELECT count(*) FROM {spec.name}").fetchall()[0][0])


def _check_identity_numbers(
    con: duckdb.DuckDBPyConnection, spec: FileSpec
) -> dict[str, dict[str, Any]]:
    """MyKad-family numbers must have 12 digits; others are reported, still used as keys."""
    types = ", ".join(f"'{t}'" for t in ID_TYPES_DIGITS)
    count, first = con.execute(
        f"SELECT count(*), min(_row) FROM {spec.name} WHERE id_type IN ({types}) "
        "AND id_number IS NOT NULL AND length(coalesce(id_key_number, '')) <> 12"
    ).fetchall()[0]
    if not count:
        return {}
    return {
        f"{spec.filename}:id_number": {
            "rows": int(count),
            "first_row": int(first),
            "expected": "12 digits for MYKAD, MYPR, MYKAS, MYTENTERA",
            "treated_as": "kept: grouped by its digits as entered",
        }
    }


def load_extract(
    con: duckdb.DuckDBPyConnection,
    extract_dir: Path,
    on_file: Callable[[str], None] | None = None,
) -> LoadResult:
    """Load every present file of ``extract_dir``; raise :class:`MalformedExtract` on bad input."""
    if not extract_dir.is_dir():
        raise MalformedExtract(str(extract_dir), None, None, "extract folder does not exist")
    files: dict[str, LoadedFile] = {}
    absent: list[str] = []
    quality: dict[str, dict[str, Any]] = {}
    for spec in FILES:
        path = extract_dir / spec.filename
        if not path.is_file():
            absent.append(spec.name)
            if on_file:
                on_file(spec.name)
            continue
        header = _stage(con, spec, path)
        rows = _materialise(con, spec, header)
        quality.update(_check(con, spec, header))
        _check_unique(con, spec)
        con.execute(f"DROP TABLE raw_{spec.name}")
        if spec.identity:
            quality.update(_check_identity_numbers(con, spec))
        files[spec.name] = LoadedFile(spec.name, path, rows, sha256_of(path))
        if on_file:
            on_file(spec.name)
    return LoadResult(files, absent, quality)
