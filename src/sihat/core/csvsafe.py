"""The one CSV writer of the platform: every CSV file sihat writes (exports, open data, the
audit extract and its exception files, the tracing contract's output, import error reports)
goes through here, so that a value typed by a member of the public cannot become a live
formula when a member of staff opens the file in a spreadsheet.

OWASP's CSV injection guidance: a cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return is prefixed with a single quote, which spreadsheets show as text. A cell that is
a plain number (``-12``, ``+60123456789``, ``-0.5``, ``1e-3``) cannot hold a formula and is left
as it is, so numeric columns, dates, ids and timestamps keep their exact bytes.

``tests/core/test_csvsafe.py`` fails if any module writes CSV any other way.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import IO, Any

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def neutralise(value: Any) -> Any:
    """The value as it may safely appear in a cell (non-strings are returned unchanged)."""
    if isinstance(value, str) and value.startswith(TRIGGERS) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


class Writer:
    """``csv.writer`` whose every cell is neutralised."""

    def __init__(self, handle: IO[str], **options: Any) -> None:
        self._writer = csv.writer(handle, **options)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([neutralise(v) for v in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


class DictWriter(csv.DictWriter):  # type: ignore[type-arg]
    """``csv.DictWriter`` whose every cell is neutralised (the header too)."""

    def __init__(self, handle: IO[str], fieldnames: Sequence[str], **options: Any) -> None:
        super().__init__(handle, fieldnames, **options)
        self.writer = Writer(handle, **_writer_options(options))  # type: ignore[assignment]


def _writer_options(options: Mapping[str, Any]) -> dict[str, Any]:
    skip = {"restval", "extrasaction"}
    return {k: v for k, v in options.items() if k not in skip}


def writer(handle: IO[str], **options: Any) -> Writer:
    return Writer(handle, **options)


def duckdb_select(columns: Sequence[tuple[str, str]]) -> str:
    """A DuckDB select list that neutralises the text columns of ``(name, type)`` pairs (as
    ``DESCRIBE`` gives them); other columns are written by DuckDB exactly as before."""
    parts = []
    for name, kind in columns:
        quoted = '"' + name.replace('"', '""') + '"'
        if kind.upper().startswith("VARCHAR"):
            parts.append(
                # a cheap look at the first character before any pattern: = + - @ tab CR
                # all sort below '.' or between '=' and 'A'
                f"CASE WHEN ({quoted} < '.' OR ({quoted} >= '=' AND {quoted} < 'A')) "
                f"AND regexp_matches({quoted}, '^[=+\\-@\\t\\r]') "
                f"AND NOT regexp_full_match({quoted}, '{_NUMBER.pattern}') "
                f"THEN '''' || {quoted} ELSE {quoted} END AS {quoted}"
            )
        else:
            parts.append(quoted)
    return ", ".join(parts)


def duckdb_copy(con: Any, query: str, target: str, options: str) -> None:
    """``COPY (query) TO target (options)`` on a DuckDB connection, text cells neutralised."""
    columns = [(row[0], row[1]) for row in con.execute(f"DESCRIBE {query}").fetchall()]
    con.execute(f"COPY (SELECT {duckdb_select(columns)} FROM ({query})) TO ? ({options})", [target])
