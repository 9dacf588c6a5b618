"""Load the contract's two CSV files into DuckDB, strictly (shared/spec/tracing.md section 1).

Each file is read once as text; one aggregate pass over the text finds the id columns that are
all plain whole numbers (typed BIGINT), the typed table is written once, one aggregate pass
finds the first bad row (missing required value, unreadable timestamp), then ids are checked
for repeats.
Any problem raises ``BadInput`` naming file, row (header = row 1) and column.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

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


def _stage(con: duckdb.DuckDBPyConnection, spec: FileSpec, path: Path) -> list[str]:
    header = read_header(path)
    for col in spec.columns:
        if col.required and col.name not in header:
            raise BadInput(spec.filename, 1, col.name, "required column missing")
    types = ", ".join(f"'{h.replace(chr(39), chr(39) * 2)}': 'VARCHAR'" for h in header)
    try:
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE raw_{spec.table} AS SELECT * FROM read_csv(?, "
            "header = true, auto_detect = false, delim = ',', quote = '\"', escape = '\"', "
            f"strict_mode = true, columns = {{{types}}})",
            [str(path)],
        )
    except duckdb.Error as exc:
        text = str(exc)
        line = re.search(r"\bLine: (\d+)", text)  # DuckDB counts the header as line 1
        # DuckDB's reason is the first paragraph after the "Original Line" one.
        lines = [part.strip() for part in text.splitlines()]
        reasons = [part for part in lines[1:] if part and not part.startswith("Original Line")]
        problem = "cannot be read as CSV: " + (reasons[0] if reasons else lines[0])
        raise BadInput(spec.filename, int(line.group(1)) if line else None, None, problem) from None
    return header


def _stored(col: Column) -> str:
    return col.name.removesuffix("_at") + "_us" if col.timestamp else col.name


def _materialise(
    con: duckdb.DuckDBPyConnection, spec: FileSpec, header: list[str], numbers: set[str]
) -> int:
    """The typed table: ids trimmed (empty = NULL; BIGINT for the ``numbers`` columns),
    timestamps as UTC microseconds, rows in the file's order (``preserve_insertion_order``, set
    by ``load``: ``_check`` reads the text beside the typed table row by row)."""
    select = ["CAST(rowid + 2 AS BIGINT) AS _row"]
    for col in spec.columns:
        src = _quote(col.name) if col.name in header else "CAST(NULL AS VARCHAR)"
        value = f"ts_us({src})" if col.timestamp else f"nullif(trim({src}), '')"
        if col.name in numbers:
            value = f"CAST({value} AS BIGINT)"
        select.append(f"{value} AS {_stored(col)}")
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {spec.table} AS SELECT {', '.join(select)} "
        f"FROM raw_{spec.table}"
    )
    row = con.execute(f"SELECT count(*) FROM {spec.table}").fetchall()
    return int(row[0][0])


def _check(con: duckdb.DuckDBPyConnection, spec: FileSpec, header: list[str]) -> None:
    """Raise on the first row (then first column) that is missing or unreadable.

    Reads the text (``r``) beside the typed table (``t``) row by row, so each value is parsed
    once: a timestamp is unreadable when its text is not empty but its typed value is NULL.
    """
    checks: list[tuple[Column, str]] = []
    for col in spec.columns:
        if col.name not in header:
            continue
        raw, typed = f"r.{_quote(col.name)}", f"t.{_stored(col)}"
        if col.required:
            checks.append((col, f"{typed} IS NULL"))
        elif col.timestamp:
            checks.append((col, f"{typed} IS NULL AND trim({raw}) <> ''"))
    parts = [f"min(CASE WHEN {cond} THEN t._row END)" for _, cond in checks]
    found = con.execute(
        f"SELECT {', '.join(parts)} FROM raw_{spec.table} AS r POSITIONAL JOIN {spec.table} AS t"
    ).fetchall()[0]
    bad = [(row, i) for i, row in enumerate(found) if row is not None]
    if not bad:
        return
    row, i = min(bad)
    col = checks[i][0]
    value = con.execute(
        f"SELECT {_quote(col.name)} FROM raw_{spec.table} WHERE rowid = ?", [row - 2]
    ).fetchall()
    text = value[0][0] if value else None
    if text is None or not text.strip():
        raise BadInput(spec.filename, int(row), col.name, "value missing (required)")
    raise BadInput(
        spec.filename, int(row), col.name, f"{text!r} is not a timestamp ({TIMESTAMP_FORM})"
    )


# An id written as a whole number, plainly: no sign, no leading zero, at most 18 digits (so it
# fits BIGINT and prints back as written).
_PLAIN_NUMBER = "regexp_full_match({v}, '0|[1-9][0-9]{{0,17}}')"
_GLANCE = 2048  # rows looked at first: most text id columns show a letter at once


def _number_ids(con: duckdb.DuckDBPyConnection, spec: FileSpec) -> set[str]:
    """The id columns whose every id is a plain whole number, read from the staged text, so
    that the typed table is written once with them as BIGINT.

    The output is the same (such an id prints as it was written, and ``id_number`` orders it
    as the number it is), and the joins, ties and sorts that follow compare numbers instead
    of text, as a hand-typed query would. A missing id is not looked at here (``_check``
    refuses it): it does not make a column text."""
    numeric = {col.name for col in spec.columns if not col.timestamp}
    for rows in (f"(SELECT * FROM raw_{spec.table} LIMIT {_GLANCE})", f"raw_{spec.table}"):
        if not numeric:
            break
        names = sorted(numeric)
        checks = ", ".join(
            "coalesce(bool_and("
            + _PLAIN_NUMBER.format(v=f"nullif(trim({_quote(n)}), '')")
            + "), false)"
            for n in names
        )
        found = con.execute(f"SELECT {checks} FROM {rows}").fetchall()[0]
        numeric = {n for n, yes in zip(names, found, strict=True) if yes}
    return numeric


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
        header = _stage(con, spec, folder / spec.filename)
        counts[spec.table] = _materialise(con, spec, header, _number_ids(con, spec))
        _check(con, spec, header)
        con.execute(f"DROP TABLE raw_{spec.table}")
        check_unique(con, spec.table, spec.id_column, spec.filename)
        if step is not None:
            step(spec.filename)
    _same_individuals(con)
    return counts
