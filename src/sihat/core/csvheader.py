"""The header row of a CSV file that an engine is about to hand to DuckDB, read alone and
checked (the audit's extract files and the tracing contract's files follow the same rules).

A bad byte further down the file is DuckDB's to report, with its row number; here only the
header: present, readable UTF-8 (a BOM is allowed), no column named twice. Names come back
stripped and lower-cased.
"""

from __future__ import annotations

import csv
from pathlib import Path


class HeaderProblem(Exception):
    """What is wrong with the header: ``row`` (1, or ``None`` for a missing file), the
    ``column`` concerned if any, and the ``problem`` in words. Engines re-raise it as their own
    input error, which names the file."""

    def __init__(self, row: int | None, column: str | None, problem: str) -> None:
        super().__init__(problem)
        self.row, self.column, self.problem = row, column, problem


def read_header(path: Path) -> list[str]:
    try:
        with path.open("rb") as handle:
            first = handle.readline()
    except FileNotFoundError:
        raise HeaderProblem(None, None, "file missing") from None
    if not first.strip():
        raise HeaderProblem(1, None, "empty file, no header row")
    try:
        header = next(csv.reader([first.decode("utf-8-sig")]))
    except (UnicodeDecodeError, csv.Error) as exc:
        raise HeaderProblem(1, None, f"unreadable header: {exc}") from None
    names = [h.strip().lower() for h in header]
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise HeaderProblem(1, name, "column appears twice in the header")
        seen.add(name)
    return names
