"""Bulk import of lab results from CSV (``docs/cases.md`` has the columns): every row is
checked and recorded in one savepoint; one refused row and the whole file is rolled back
(all-or-nothing per file). A specimen already recorded (in the database or earlier in the
file) is a duplicate, counted, not an error. Errors name the file, row (header = 1) and
column, in English and Malay."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from sihat.cases import service
from sihat.core.errors import Problem
from sihat.staff.models import StaffAccount

REQUIRED = (
    "specimen_id",
    "id_type",
    "id_number",
    "source",
    "sample_at",
    "category",
    "state",
    "district",
)
OPTIONAL = ("issuing_country", "onset_at", "isolated_at")


@dataclass
class ImportReport:
    file: str
    rows: int = 0
    created: int = 0
    duplicates: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)
    case_nos: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "rows": self.rows,
            "created": self.created if self.ok else 0,
            "duplicates": self.duplicates if self.ok else 0,
            "written": self.ok,
            "error_count": len(self.errors),
            "errors": self.errors[:200],
        }


def read(text: bytes | str) -> tuple[list[str], list[dict[str, str]]]:
    """The header and rows of a CSV file; ``case_csv_unreadable`` / ``case_csv_columns``."""
    try:
        decoded = text.decode("utf-8-sig") if isinstance(text, bytes) else text
        reader = csv.DictReader(io.StringIO(decoded, newline=""))
        header = [h.strip() for h in (reader.fieldnames or [])]
        reader.fieldnames = header
        rows = list(reader)
    except (UnicodeDecodeError, csv.Error):
        raise Problem("case_csv_unreadable", field="file") from None
    if not header:
        raise Problem("case_csv_unreadable", field="file")
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise Problem("case_csv_columns", field=",".join(missing), columns=", ".join(missing))
    return header, rows


def _result(row: dict[str, str]) -> service.LabResult:
    def value(column: str) -> str:
        return (row.get(column) or "").strip()

    category = value("category")
    if not category.isdigit():
        raise Problem("case_invalid_category", field="category")
    return service.LabResult(
        specimen_id=value("specimen_id"),
        id_type=value("id_type").upper(),
        id_number=value("id_number"),
        issuing_country=value("issuing_country") or None,
        source=value("source").upper(),
        sample_at=service.parse_required_time(value("sample_at"), "sample_at"),
        onset_at=service.parse_time(value("onset_at"), "onset_at"),
        isolated_at=service.parse_time(value("isolated_at"), "isolated_at"),
        category=int(category),
        state=value("state"),
        district=value("district"),
    )


def import_rows(
    session: Session,
    staff: StaffAccount | None,
    file: str,
    rows: list[dict[str, str]],
    *,
    on_row: Callable[[], None] = lambda: None,
) -> ImportReport:
    """Record every row, or none: a savepoint rolled back when any row is refused."""
    report = ImportReport(file=file)
    savepoint = session.begin_nested()
    for number, row in enumerate(rows, start=2):
        report.rows += 1
        try:
            recorded = service.record_result(session, staff, _result(row), channel="CSV")
        except Problem as problem:
            report.errors.append(
                {
                    "file": file,
                    "row": number,
                    "column": problem.field,
                    "code": problem.code,
                    "message": problem.detail_en,
                    "message_ms": problem.detail_ms,
                }
            )
        else:
            if recorded.created:
                report.created += 1
                report.case_nos.append(recorded.case.case_no)
            else:
                report.duplicates += 1
        on_row()
    if report.errors:
        savepoint.rollback()
        report.case_nos = []
    else:
        savepoint.commit()
    return report
