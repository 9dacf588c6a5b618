"""Import the national reference register from CSV, with a row-numbered error report.

Columns: ``id_type,id_number,full_name,date_of_birth,sex``. Valid rows are upserted by
identity key; invalid rows are reported with their row number and reason and not imported.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from sihat.core import clock, trail
from sihat.core.crypto import blind_index
from sihat.core.errors import Problem
from sihat.identity import documents
from sihat.identity.models import RegisterEntry

REQUIRED = ("id_type", "id_number", "full_name", "date_of_birth", "sex")


@dataclass
class ImportReport:
    rows: int = 0
    imported: int = 0
    updated: int = 0
    errors: list[dict[str, object]] = field(default_factory=list)


def _row_entry(row: dict[str, str], today: date) -> tuple[str, str, str, date, str]:
    checked = documents.check(
        row["id_type"],
        row["id_number"],
        today=today,
        issuing_country=row.get("issuing_country") or "MY",
    )
    try:
        born = date.fromisoformat(row["date_of_birth"].strip())
    except ValueError:
        raise Problem("invalid_input", field="date_of_birth") from None
    sex = row["sex"].strip().upper()
    if sex not in ("M", "F"):
        raise Problem("invalid_input", field="sex")
    documents.check_against(checked, born, sex)
    name = documents.normalise_name(row["full_name"])
    if not name:
        raise Problem("invalid_name", field="full_name")
    return checked.id_type, blind_index("id", checked.normalised), name, born, sex


def import_rows(
    session: Session,
    rows: Iterable[dict[str, str]],
    *,
    actor: str = "cli",
    on_row: Callable[[], None] | None = None,
    batch: int = 2000,
) -> ImportReport:
    report = ImportReport()
    today = clock.today_my()
    now = clock.now()
    pending: dict[tuple[str, str], tuple[str, date, str]] = {}

    def flush() -> None:
        hashes = [h for _, h in pending]
        existing = {
            (e.id_type, e.id_hash): e
            for e in session.scalars(select(RegisterEntry).where(RegisterEntry.id_hash.in_(hashes)))
        }
        for (id_type, id_hash), (name, born, sex) in pending.items():
            entry = existing.get((id_type, id_hash))
            if entry is None:
                session.add(
                    RegisterEntry(
                        id_type=id_type,
                        id_hash=id_hash,
                        name_normalised=name,
                        date_of_birth=born,
                        sex=sex,
                        imported_at=now,
                    )
                )
                report.imported += 1
            else:
                entry.name_normalised, entry.date_of_birth, entry.sex = name, born, sex
                entry.imported_at = now
                report.updated += 1
        session.flush()
        pending.clear()

    for number, row in enumerate(rows, start=2):  # row 1 is the header
        report.rows += 1
        try:
            id_type, id_hash, name, born, sex = _row_entry(row, today)
            pending[(id_type, id_hash)] = (name, born, sex)
        except Problem as problem:
            report.errors.append(
                {
                    "row": number,
                    "field": problem.field,
                    "code": problem.code,
                    "message": problem.detail_en,
                    "message_ms": problem.detail_ms,
                }
            )
        if len(pending) >= batch:
            flush()
        if on_row:
            on_row()
    if pending:
        flush()
    trail.record(
        session,
        "identity:register:imported",
        actor_type="system",
        actor_id=actor,
        rows=report.rows,
        imported=report.imported,
        updated=report.updated,
        errors=len(report.errors),
    )
    return report


@contextmanager
def read_csv(path: Path) -> Iterator[Iterable[dict[str, str]]]:
    """The rows of a register file; refuses a file without the required columns."""
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
        if missing:
            raise Problem("invalid_input", field=",".join(missing))
        yield reader
