"""Export alerts: volume above the person's normal, several IPs, odd hours, refusals.

Alerts on downloads and requests are written in the same transaction as the action. Alerts
about a refusal (nothing else is written) are reported through ``core.alerts.report_refusal``
to the security buffer, which writes them after the request whatever its outcome: they reach
the table within the same second.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sihat.core import clock, context
from sihat.core.alerts import Refusal, report_refusal
from sihat.core.settings import get_settings
from sihat.exports.models import ExportAlert, ExportDownload

KINDS = {
    "ABOVE_CAP": "HIGH",
    "QUOTA_EXCEEDED": "HIGH",
    "SELF_APPROVAL": "HIGH",
    "MANY_IPS": "HIGH",
    "VOLUME_ABOVE_NORMAL": "HIGH",
    "ODD_HOURS": "MEDIUM",
}


def _alert(kind: str, subject: str, export_id: str | None, **details: Any) -> ExportAlert:
    return ExportAlert(
        raised_at=clock.now(),
        kind=kind,
        severity=KINDS[kind],
        subject=subject,
        export_id=export_id,
        details=details,
    )


def raise_now(
    session: Session, kind: str, subject: str, export_id: str | None, **details: Any
) -> ExportAlert:
    alert = _alert(kind, subject, export_id, **details)
    session.add(alert)
    return alert


def raise_outliving(kind: str, subject: str, **details: Any) -> None:
    """An alert about a refused action: written after the request, which rolls back."""
    ip = context.current().ip
    alert = _alert(kind, subject, None, ip=ip, **details)
    target = f"exports:{kind.lower()}"
    report_refusal(Refusal("EXPORT_REFUSED", ip, target, lambda: alert, {"staff": subject}))


def odd_hours(moment: datetime) -> bool:
    start, end = get_settings().export_office_hours
    hour = clock.as_utc(moment).astimezone(clock.MALAYSIA).hour
    return not start <= hour < end


def after_download(session: Session, download: ExportDownload) -> None:
    """Checked at every download, so an alert is raised the moment a pattern appears."""
    settings = get_settings()
    session.flush()
    staff_id, export_id, ip, now = download.staff_id, download.export_id, download.ip, clock.now()
    day = now - timedelta(hours=24)
    before = set(
        session.scalars(
            select(ExportDownload.ip).where(
                ExportDownload.staff_id == staff_id,
                ExportDownload.downloaded_at >= day,
                ExportDownload.id != download.id,
            )
        )
    )
    if ip not in before and len(before) + 1 >= settings.export_alert_ip_threshold:
        ips = sorted(before | {ip})
        raise_now(session, "MANY_IPS", staff_id, export_id, ips=ips, count=len(ips))
    today = _rows_since(session, staff_id, day)
    normal = _rows_since(session, staff_id, now - timedelta(days=31), day) / 30
    threshold = max(
        settings.export_alert_volume_factor * normal, settings.export_alert_volume_floor
    )
    if today > threshold >= today - download.rows:
        raise_now(
            session,
            "VOLUME_ABOVE_NORMAL",
            staff_id,
            export_id,
            rows_24h=today,
            normal_per_day=round(normal, 1),
        )
    if odd_hours(now):
        raise_now(session, "ODD_HOURS", staff_id, export_id, action="download", ip=ip)


def _rows_since(
    session: Session, staff_id: str, start: datetime, end: datetime | None = None
) -> int:
    query = select(func.coalesce(func.sum(ExportDownload.rows), 0)).where(
        ExportDownload.staff_id == staff_id, ExportDownload.downloaded_at >= start
    )
    if end is not None:
        query = query.where(ExportDownload.downloaded_at < end)
    return int(session.scalar(query) or 0)


def recent(session: Session, limit: int = 200) -> list[ExportAlert]:
    return list(
        session.scalars(
            select(ExportAlert).order_by(ExportAlert.raised_at.desc(), ExportAlert.id.desc())
        ).fetchmany(limit)
    )
