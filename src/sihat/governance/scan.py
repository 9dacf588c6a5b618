"""Find changes to sensitive rows that the application did not make, and raise an alert
for each new one."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from sihat.core import clock, trail
from sihat.core.alerts import raise_alert
from sihat.core.txmark import AppTxMarker, is_genuine
from sihat.governance.models import RowChange


@dataclass
class ScanResult:
    flagged: list[dict[str, Any]]
    new_alerts: int
    stray_markers: int

    @property
    def clean(self) -> bool:
        return not self.flagged and not self.stray_markers


def _row(c: RowChange) -> dict[str, Any]:
    return {
        "id": c.id,
        "table": c.table_name,
        "operation": c.operation,
        "row_id": c.row_id,
        "changed_at": c.changed_at,
        "db_user": c.db_user,
        "txid": c.txid,
        "reason": "no application marker" if not c.app_token else "forged marker",
    }


def scan(session: Session, include_alerted: bool = True) -> ScanResult:
    flagged, new_alerts = [], 0
    rows = session.scalars(select(RowChange).order_by(RowChange.id)).all()
    for change in rows:
        if is_genuine(change.app_token):
            continue
        if change.alerted_at is None:
            raise_alert(
                session,
                "out_of_band_change",
                severity="critical",
                subject_type=change.table_name,
                subject_id=change.row_id,
                operation=change.operation,
                changed_at=change.changed_at,
                db_user=change.db_user,
                row_change_id=change.id,
            )
            change.alerted_at = clock.now()
            new_alerts += 1
            flagged.append(_row(change))
        elif include_alerted:
            flagged.append(_row(change))
    # A committed SQLite marker would make outside changes look like the application's.
    own = session.info.get("sihat_marker_token")
    stray = len(session.scalars(select(AppTxMarker).where(AppTxMarker.token != own)).all())
    if new_alerts or stray:
        trail.record(
            session,
            "governance:scan:flagged",
            actor_type="system",
            new_alerts=new_alerts,
            stray_markers=stray,
        )
    return ScanResult(flagged, new_alerts, stray)
