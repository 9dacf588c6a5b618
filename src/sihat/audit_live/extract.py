"""``sihat audit extract``: write sihat's own database as an audit extract (the contract in
``shared/spec/audit-extract.md``), streaming, so ``sihat audit run`` audits the live system.

Each file has one writer that reads its source tables in batches. Identity numbers leave the
database only into the extract, which is itself personal data: write it where the auditor's
export approval says.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sihat.audit_live import sources
from sihat.audit_live import sources_governance as governance
from sihat.core import csvsafe

Row = dict[str, Any]


@dataclass(frozen=True)
class ExtractFile:
    name: str
    columns: tuple[str, ...]
    rows: Callable[[Session], Iterator[Row]]
    count: Callable[[Session], int]


def _fmt(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    return str(value)


def files() -> list[ExtractFile]:
    return [
        ExtractFile(
            "accounts.csv", sources.ACCOUNT_COLUMNS, sources.accounts, sources.count_of("accounts")
        ),
        ExtractFile(
            "registrations.csv",
            sources.REGISTRATION_COLUMNS,
            sources.registrations,
            sources.count_of("registrations"),
        ),
        ExtractFile(
            "ppv.csv", sources.PPV_COLUMNS, sources.ppv, sources.count_of("ppv_operating_periods")
        ),
        ExtractFile(
            "vaccinations.csv",
            sources.VACCINATION_COLUMNS,
            sources.vaccinations,
            sources.count_of("dose_records"),
        ),
        ExtractFile(
            "staff_events.csv",
            sources.STAFF_EVENT_COLUMNS,
            sources.staff_events,
            sources.count_of("audit_events"),
        ),
        ExtractFile(
            "data_access.csv",
            governance.DATA_ACCESS_COLUMNS,
            governance.data_access,
            sources.count_of("export_downloads"),
        ),
        ExtractFile(
            "security_events.csv",
            governance.SECURITY_EVENT_COLUMNS,
            governance.security_events,
            sources.count_of("security_events"),
        ),
        ExtractFile(
            "payments.csv",
            governance.PAYMENT_COLUMNS,
            governance.payments,
            sources.count_of("vendor_invoices"),
        ),
        ExtractFile(
            "app_metrics.csv",
            governance.APP_METRICS_COLUMNS,
            governance.app_metrics,
            sources.count_of("checkin_aggregates"),
        ),
    ]


def write_extract(
    session: Session, out: Path, progress: Callable[[str, int, int], None] | None = None
) -> dict[str, int]:
    """Write every file; returns rows written per file. Files are complete or absent."""
    out.mkdir(parents=True, exist_ok=True)
    written: dict[str, int] = {}
    for spec in files():
        total = spec.count(session)
        tmp = out / (spec.name + ".part")
        n = 0
        with tmp.open("w", newline="", encoding="utf-8") as handle:
            writer = csvsafe.DictWriter(handle, fieldnames=spec.columns, lineterminator="\n")
            writer.writeheader()
            for row in spec.rows(session):
                writer.writerow({k: _fmt(row.get(k)) for k in spec.columns})
                n += 1
                if progress and n % 1000 == 0:
                    progress(spec.name, n, total)
        tmp.replace(out / spec.name)
        written[spec.name] = n
        if progress:
            progress(spec.name, n, max(total, n))
    return written


def row_count(session: Session, table: Any) -> int:
    return int(session.scalar(select(func.count()).select_from(table)) or 0)
