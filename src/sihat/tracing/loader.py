"""Load the contract's two CSV files into DuckDB, strictly (shared/spec/tracing.md section 1).

Each file is read once, as text typed on the way into its table: ids trimmed (BIGINT when they
are all plain whole numbers, as its first rows suggest and the whole file confirms), timestamps
as UTC microseconds, and per row the position of its first missing or unreadable value. One
look at that column finds the first bad row; then ids are checked for repeats.
Any problem raises ``BadInput`` naming file, row (header = row 1) and column.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from sihat.core import csvheader
from sihat.tracing import macros
from sihat.tracing.engine import check_unique
from sihat.tracing.errors import BadInput


@dataclass(frozen=True)
class Column:
    name: str
    timestamp: bool = False
    required: bool = True


@dataclass(frozen=True)
class FileSpec:
    table: str
    columns: tuple[Column, ...]

    @property
    def filename(self) -> str:
        return f"{self.table}.csv"

    @property
    def id_column(self) -> str:
        return self.columns[0].name


FILES = (
    FileSpec(
        "visits",
        (
            Column("visit_id"),
            Column("individual"),
            Column("premise_id"),
            Column("checked_in_at", timestamp=True),
            Column("checked_out_at", timestamp=True, required=False),
        ),
    ),
    FileSpec(
        "cases",
        (
            Column("case_id"),
            Column("individual"),
            Column("sample_at", timestamp=True),
            Column("onset_at", timestamp=True, required=False),
            Column("isolated_at", timestamp=True, required=False),
        ),
    ),
)
TIMESTAMP_FORM = "ISO 8601, e.g. 2021-08-01T09:30:00 (Malaysia time) or 2021-08-01T01:30:00Z"


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def read_header(path: Path) -> list[str]:
    """The header row, read alone and checked (``core.csvheader``)."""
    try:
        return csvheader.read_header(path)
    except csvheader.HeaderProblem as bad:
        raise BadInput(path.name, bad.row, bad.column, bad.problem) from None


def _source(header: list[str]) -> str:
    """The file as text, strictly: every column VARCHAR, nothing guessed (``?`` is the path)."""
    types = ", ".join(f"'{h.replace(chr(39), chr(39) * 2)}': 'VARCHAR'" for h in header)
    return (
        "read_csv(?, header = true, auto_detect = false, delim = ',', quote = '\"', "
        f"escape = '\"', strict_mode = true, columns = {{{types}}})"
    )


def _read(con: duckdb.DuckDBPyConnection, spec: FileSpec, path: Path, sql: str) -> list[Any]:
    """Run ``sql`` on the file (``_source``); a file DuckDB cannot read as CSV is bad input."""
    try:
        return con.execute(sql, [str(path)]).fetchall()
    except duckdb.Error as exc:
        text = str(exc)
        line = re.search(r"\bLine: (\d+)", text)  # DuckDB counts the header as line 1
        # DuckDB's reason is the first paragraph after the "Original Line" one.
        lines = [part.strip() for part in text.splitlines()]
        reasons = [part for part in lines[1:] if part and not part.startswith("Original Line")]
        problem = "cannot be read as CSV: " + (reasons[0] if reasons else lines[0])
        raise BadInput(spec.filename, int(line.group(1)) if line else None, None, problem) from None


def _header(spec: FileSpec, path: Path) -> list[str]:
    header = read_header(path)
    for col in spec.columns:
        if col.required and col.name not in header:
            raise BadInput(spec.filename, 1, col.name, "required column missing")
    return header


def _stored(col: Column) -> str:
    return col.name.removesuffix("_at") + "_us" if col.timestamp else col.name


def _text(col: Column, header: list[str]) -> str:
    """The column's text: ids trimmed (empty = NULL), timestamps as written."""
    src = _quote(col.name) if col.name in header else "CAST(NULL AS VARCHAR)"
    return src if col.timestamp else f"nullif(trim({src}), '')"


# An id written as a whole number, plainly: no sign, no leading zero, at most 18 digits (so it
# fits BIGINT and prints back as written).
_PLAIN_NUMBER = "regexp_full_match({v}, '0|[1-9][0-9]{{0,17}}')"
_GLANCE = 2048  # rows looked at first: most text id columns show a letter at once


def _glance_numbers(
    con: duckdb.DuckDBPyConnection, spec: FileSpec, path: Path, header: list[str]
) -> set[str]:
    """The id columns whose first rows are all plain whole numbers (the typed table is written
    with them as BIGINT, and any later id that is not one makes ``_write`` try again)."""
    names = [col.name for col in spec.columns if not col.timestamp]
    checks = ", ".join(
        f"coalesce(bool_and({_PLAIN_NUMBER.format(v=_text(Column(n), header))}), false)"
        for n in names
    )
    found = _read(
        con, spec, path, f"SELECT {checks} FROM (SELECT * FROM {_source(header)} LIMIT {_GLANCE})"
    )[0]
    return {n for n, yes in zip(names, found, strict=True) if yes}


def _write(
    con: duckdb.DuckDBPyConnection,
    spec: FileSpec,
    path: Path,
    header: list[str],
    numbers: set[str],
) -> set[str]:
    """The typed table, from one read of the file: ids trimmed (BIGINT for ``numbers``),
    timestamps as UTC microseconds, rows in the file's order (``preserve_insertion_order``, set
    by ``load``: row = rowid + 2). ``_bad`` is the 1-based position in ``spec.columns`` of the
    row's first missing or unreadable value (``_check``); ``_text_<id>`` marks a ``numbers`` id
    that is not a plain number. Returns those ids (then the table is to be written again with
    them as text)."""
    inner, outer, bad = [], [], []
    for i, col in enumerate(spec.columns, start=1):
        text, stored = _text(col, header), _stored(col)
        if col.timestamp:
            inner.append(f"ts_us({text}) AS {stored}")
        elif col.name in numbers:
            plain = _PLAIN_NUMBER.format(v=text)
            inner.append(f"CASE WHEN {plain} THEN CAST({text} AS BIGINT) END AS {stored}")
            inner.append(f"{text} IS NOT NULL AND NOT {plain} AS _text_{col.name}")
            outer.append(f"_text_{col.name}")
        else:
            inner.append(f"{text} AS {stored}")
        outer.append(stored)
        if col.required:
            bad.append(f"WHEN {stored} IS NULL THEN {i}")
        elif col.timestamp and col.name in header:
            inner.append(f"{text} AS _raw_{stored}")
            bad.append(f"WHEN {stored} IS NULL AND trim(_raw_{stored}) <> '' THEN {i}")
    _read(
        con,
        spec,
        path,
        f"CREATE OR REPLACE TEMP TABLE {spec.table} AS SELECT {', '.join(outer)}, "
        f"CAST(CASE {' '.join(bad)} END AS TINYINT) AS _bad "
        f"FROM (SELECT {', '.join(inner)} FROM {_source(header)})",
    )
    if not numbers:
        return set()
    names = sorted(numbers)
    flags = ", ".join(f"bool_or(_text_{n})" for n in names)
    found = con.execute(f"SELECT {flags} FROM {spec.table}").fetchall()[0]
    return {n for n, text in zip(names, found, strict=True) if text}


def _check(con: duckdb.DuckDBPyConnection, spec: FileSpec, path: Path, header: list[str]) -> None:
    """Raise on the first row (then first column) that is missing or unreadable."""
    found = con.execute(
        f"SELECT min(rowid), arg_min(_bad, rowid) FROM {spec.table} WHERE _bad IS NOT NULL"
    ).fetchall()
    if not found or found[0][0] is None:
        return
    row, col = int(found[0][0]) + 2, spec.columns[int(found[0][1]) - 1]
    value = _read(
        con,
        spec,
        path,
        f"SELECT {_quote(col.name)} FROM {_source(header)} LIMIT 1 OFFSET {row - 2}",
    )
    text = value[0][0] if value else None
    if text is None or not text.strip():
        raise BadInput(spec.filename, row, col.name, "value missing (required)")
    raise BadInput(spec.filename, row, col.name, f"{text!r} is not a timestamp ({TIMESTAMP_FORM})")


def _retype(
    con: duckdb.DuckDBPyConnection, table: str, columns: set[str], to: str = "BIGINT"
) -> None:
    names = [row[0] for row in con.execute(f"DESCRIBE {table}").fetchall()]
    select = ", ".join(f"CAST({n} AS {to}) AS {n}" if n in columns else n for n in names)
    con.execute(f"CREATE OR REPLACE TEMP TABLE {table} AS SELECT {select} FROM {table}")


def _same_individuals(con: duckdb.DuckDBPyConnection) -> None:
    """``individual`` is one id space in both files: numbers only when numbers in both."""
    types = {
        table: con.execute(
            "SELECT data_type FROM information_schema.columns "
            "WHERE table_name = ? AND column_name = 'individual'",
            [table],
        ).fetchall()[0][0]
        for table in ("visits", "cases")
    }
    if len(set(types.values())) > 1:
        for table, data_type in types.items():
            if data_type != "VARCHAR":
                _retype(con, table, {"individual"}, "VARCHAR")


def load(
    con: duckdb.DuckDBPyConnection, folder: Path, step: Callable[[str], None] | None = None
) -> dict[str, int]:
    """``visits`` and ``cases`` tables from ``folder``'s CSV files; rows read per file.
    ``step(name)`` is called after each file."""
    macros.install(con)
    con.execute("SET preserve_insertion_order = true").fetchall()
    if not folder.is_dir():
        raise BadInput(str(folder), None, None, "input folder not found")
    counts: dict[str, int] = {}
    for spec in FILES:
        path = folder / spec.filename
        header = _header(spec, path)
        numbers = _glance_numbers(con, spec, path, header)
        text = _write(con, spec, path, header, numbers)
        if text:  # an id column that looked like numbers at first is text after all
            _write(con, spec, path, header, numbers - text)
        _check(con, spec, path, header)
        check_unique(con, spec.table, spec.id_column, spec.filename, row="rowid + 2")
        counts[spec.table] = int(con.execute(f"SELECT count(*) FROM {spec.table}").fetchall()[0][0])
        if step is not None:
            step(spec.filename)
    _same_individuals(con)
    return counts
