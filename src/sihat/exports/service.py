"""Controlled exports: request (maker), approve (checker), download (the maker, logged).

Who may do what (``sihat.staff`` roles, national or any scope):
- request an export: AUDITOR, HEALTH_OFFICER or ADMIN;
- approve or reject one: ADMIN or SECURITY_OFFICER, never the person who asked;
- download it: only the person who asked, once approved, before it expires, at most
  ``SIHAT_EXPORT_MAX_DOWNLOADS`` times;
- read alerts: SECURITY_OFFICER, ADMIN or AUDITOR.
A request above the row cap or the person's daily quota is refused before any data is read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sihat.core import clock, context, trail
from sihat.core.errors import Problem
from sihat.core.settings import get_settings
from sihat.exports import alerts, datasets, files
from sihat.exports.models import ExportDownload, ExportRequest
from sihat.staff.models import StaffAccount
from sihat.staff.service import has_role

REQUESTER_ROLES = ("AUDITOR", "HEALTH_OFFICER", "ADMIN")
APPROVER_ROLES = ("ADMIN", "SECURITY_OFFICER")
ALERT_READER_ROLES = ("SECURITY_OFFICER", "ADMIN", "AUDITOR")


def holds_any(staff: StaffAccount, roles: tuple[str, ...]) -> bool:
    return any(has_role(staff, r) for r in roles)


def _require_any(staff: StaffAccount, roles: tuple[str, ...]) -> None:
    if not holds_any(staff, roles):
        raise Problem("forbidden")


def _today_start() -> datetime:
    return datetime.combine(clock.today_my(), time(0), tzinfo=clock.MALAYSIA)


def rows_requested_today(session: Session, staff_id: str) -> int:
    total = session.scalar(
        select(func.coalesce(func.sum(ExportRequest.max_rows), 0)).where(
            ExportRequest.requested_by == staff_id,
            ExportRequest.requested_at >= _today_start(),
            ExportRequest.status != "REJECTED",
        )
    )
    return int(total or 0)


def request_export(
    session: Session,
    actor: StaffAccount,
    *,
    dataset: str,
    purpose: str,
    fields: list[str],
    filters: dict[str, Any],
    max_rows: int,
) -> ExportRequest:
    _require_any(actor, REQUESTER_ROLES)
    settings = get_settings()
    ds = datasets.get(dataset)
    unknown = [f for f in fields if f not in ds.fields]
    if unknown or not fields or len(set(fields)) != len(fields):
        raise Problem("export_unknown_field", field="fields", name=",".join(unknown))
    parsed = datasets.parse_filters(ds, filters)
    if max_rows > settings.export_row_cap:
        alerts.raise_outliving("ABOVE_CAP", actor.id, dataset=dataset, rows=max_rows)
        raise Problem("export_above_cap", field="max_rows", cap=settings.export_row_cap)
    used = rows_requested_today(session, actor.id)
    if used + max_rows > settings.export_daily_quota_rows:
        alerts.raise_outliving("QUOTA_EXCEEDED", actor.id, dataset=dataset, rows=max_rows)
        raise Problem(
            "export_quota_exceeded",
            field="max_rows",
            quota=settings.export_daily_quota_rows,
            left=max(0, settings.export_daily_quota_rows - used),
        )
    now = clock.now()
    row = ExportRequest(
        requested_by=actor.id,
        requested_at=now,
        purpose=purpose.strip(),
        dataset=dataset,
        fields=list(fields),
        filters=parsed,
        max_rows=max_rows,
        matched_rows=ds.count(session, parsed),
        status="PENDING",
        expires_at=now + timedelta(hours=settings.export_request_ttl_hours),
        marker=files.new_marker(),
        downloads=0,
    )
    session.add(row)
    session.flush()
    trail.record(
        session,
        "exports:request:created",
        actor_type="staff",
        actor_id=actor.id,
        target_type="export",
        target_id=row.id,
        dataset=dataset,
        max_rows=max_rows,
        fields=list(fields),
    )
    if alerts.odd_hours(now):
        alerts.raise_now(session, "ODD_HOURS", actor.id, row.id, action="request")
    return row


def visible_exports(session: Session, actor: StaffAccount, limit: int = 200) -> list[ExportRequest]:
    """Approvers see every request; anyone else only their own."""
    query = select(ExportRequest).order_by(ExportRequest.requested_at.desc()).limit(limit)
    if not holds_any(actor, APPROVER_ROLES):
        query = query.where(ExportRequest.requested_by == actor.id)
    return list(session.scalars(query))


def get_export(session: Session, actor: StaffAccount, export_id: str) -> ExportRequest:
    """The request, if the caller may see it (theirs, or they may approve); else not_found."""
    row = session.get(ExportRequest, export_id)
    if row is None or not (row.requested_by == actor.id or holds_any(actor, APPROVER_ROLES)):
        raise Problem("not_found")
    return row


def _decide(session: Session, actor: StaffAccount, export_id: str) -> ExportRequest:
    row = get_export(session, actor, export_id)
    _require_any(actor, APPROVER_ROLES)
    if row.requested_by == actor.id:
        alerts.raise_outliving("SELF_APPROVAL", actor.id, export=row.id)
        raise Problem("export_self_approval")
    if row.status != "PENDING":
        raise Problem("export_not_pending", state=row.status)
    if clock.now() >= row.expires_at:
        raise Problem("export_expired")
    return row


def approve(
    session: Session,
    actor: StaffAccount,
    export_id: str,
    *,
    allow_names: bool = False,
    allow_phones: bool = False,
    note: str | None = None,
) -> ExportRequest:
    row = _decide(session, actor, export_id)
    now = clock.now()
    ds = datasets.get(row.dataset)
    kinds = {ds.fields[f] for f in row.fields}
    row.status = "APPROVED"
    row.decided_by, row.decided_at, row.decision_note = actor.id, now, note
    row.allow_names = allow_names and "name" in kinds
    row.allow_phones = allow_phones and "phone" in kinds
    row.expires_at = now + timedelta(hours=get_settings().export_file_ttl_hours)
    trail.record(
        session,
        "exports:request:approved",
        actor_type="staff",
        actor_id=actor.id,
        target_type="export",
        target_id=row.id,
        allow_names=row.allow_names,
        allow_phones=row.allow_phones,
    )
    session.flush()
    return row


def reject(
    session: Session, actor: StaffAccount, export_id: str, note: str | None = None
) -> ExportRequest:
    row = _decide(session, actor, export_id)
    row.status = "REJECTED"
    row.decided_by, row.decided_at, row.decision_note = actor.id, clock.now(), note
    trail.record(
        session,
        "exports:request:rejected",
        actor_type="staff",
        actor_id=actor.id,
        target_type="export",
        target_id=row.id,
    )
    session.flush()
    return row


@dataclass(frozen=True)
class ExportFile:
    filename: str
    text: str
    rows: int


def download(session: Session, actor: StaffAccount, export_id: str) -> ExportFile:
    row = get_export(session, actor, export_id)
    if row.requested_by != actor.id:
        raise Problem("not_found")  # approvers see the request, never the data
    if row.status != "APPROVED":
        raise Problem("export_not_approved", state=row.status)
    if clock.now() >= row.expires_at:
        raise Problem("export_expired")
    if row.downloads >= get_settings().export_max_downloads:
        raise Problem("export_download_limit", limit=get_settings().export_max_downloads)
    ds = datasets.get(row.dataset)
    fields = files.output_fields(ds, row.fields, row.allow_names, row.allow_phones)
    text, count = files.write_csv(
        ds, row, fields, ds.rows(session, row.filters, limit=row.max_rows)
    )
    ctx = context.current()
    log = ExportDownload(
        export_id=row.id,
        staff_id=actor.id,
        downloaded_at=clock.now(),
        ip=ctx.ip or "-",
        user_agent=(ctx.user_agent or "")[:300] or None,
        rows=count,
    )
    session.add(log)
    row.downloads += 1
    trail.record(
        session,
        "exports:file:downloaded",
        actor_type="staff",
        actor_id=actor.id,
        target_type="export",
        target_id=row.id,
        rows=count,
        download=row.downloads,
    )
    alerts.after_download(session, log)
    stamp = clock.now().astimezone(clock.MALAYSIA).strftime("%Y%m%d")
    return ExportFile(f"sihat-{row.dataset}-{stamp}-{row.id[:8]}.csv", text, count)


def downloads_of(session: Session, export_id: str) -> list[ExportDownload]:
    return list(
        session.scalars(
            select(ExportDownload)
            .where(ExportDownload.export_id == export_id)
            .order_by(ExportDownload.id)
        )
    )


def pending_for(session: Session, actor: StaffAccount) -> list[ExportRequest]:
    if not holds_any(actor, APPROVER_ROLES):
        return []
    return list(
        session.scalars(
            select(ExportRequest)
            .where(ExportRequest.status == "PENDING", ExportRequest.requested_by != actor.id)
            .where(ExportRequest.expires_at > clock.now())
            .order_by(ExportRequest.requested_at)
        )
    )


def require_alert_reader(staff: StaffAccount) -> None:
    _require_any(staff, ALERT_READER_ROLES)
