"""The one error of the tracing engine: input it cannot use (exit status 2 on the command line)."""

from __future__ import annotations

from typing import Any


class BadInput(Exception):
    """Input that stops the run before anything is written: names file, row and column.

    Rows count the header as row 1, as a spreadsheet shows them.
    """

    def __init__(self, file: str, row: int | None, column: str | None, problem: str) -> None:
        self.file, self.row, self.column, self.problem = file, row, column, problem
        where = file + (f", row {row}" if row is not None else "")
        where += f", column {column}" if column else ""
        super().__init__(f"{where}: {problem}")

    def as_dict(self) -> dict[str, Any]:
        return {"file": self.file, "row": self.row, "column": self.column, "problem": self.problem}
