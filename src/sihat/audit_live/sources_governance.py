"""Extract rows from the governance-side domains: data access (exports), security events,
vendor payments."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from sihat.audit import schema
from sihat.exports.models import ExportDownload, ExportRequest
from sihat.security.models import SecurityEvent
from sihat.staff.models import StaffRole
from sihat.vendors.models import VendorContract, VendorInvoice

Row = dict[str, Any]
BATCH = 5000

DATA_ACCESS_COLUMNS = schema.column_names(schema.DATA_ACCESS)
SECURITY_EVENT_COLUMNS = schema.column_names(schema.SECURITY_EVENTS)
PAYMENT_COLUMNS = schema.column_names(schema.PAYMENTS)
# The contract's attack kinds; sihat's finer kinds fold into them.
KINDS = {
    "AUTH_FAILURE": "BRUTE_FORCE",
    "RATE_LIMIT": "BRUTE_FORCE",
    "SQL_INJECTION": "SQL_INJECTION",
    "XSS": "XSS",
    "PATH_TRAVERSAL": "PATH_TRAVERSAL",
    "SCAN": "SCANNING",
    "BLOCKED": "DOS",
}


def _roles(session: Session) -> dict[str, str]:
    rows = session.execute(
        select(StaffRole.staff_id, StaffRole.role).where(StaffRole.revoked_at.is_(None))
    ).all()
    out: dict[str, str] = {}
    for staff_id, role in rows:
        out[staff_id] = role if staff_id not in out else f"{out[staff_id]},{role}"
    return out


def data_access(session: Session) -> Iterator[Row]:
    """Every download of an export: always through an approved request in sihat."""
    roles = _roles(session)
    query = select(ExportDownload, ExportRequest).join(
        ExportRequest, ExportRequest.id == ExportDownload.export_id
    )
    for download, request in session.execute(query.execution_options(yield_per=BATCH)):
        yield {
            "event_id": f"D{download.id}",
            "user_id": download.staff_id,
            "role": roles.get(download.staff_id),
            "action": "DOWNLOAD",
            "record_count": download.rows,
            "source_ip": download.ip,
            "occurred_at": download.downloaded_at,
            "request_id": request.id,
        }


def security_events(session: Session) -> Iterator[Row]:
    for event in session.scalars(select(SecurityEvent).execution_options(yield_per=BATCH)):
        yield {
            "occurred_at": event.first_at,
            "source_ip": event.source_ip,
            "kind": KINDS.get(event.kind, "OTHER"),
            "target": event.target,
            "blocked": event.blocked,
            "count": event.count,
        }


def _myr(sen: int | None) -> str | None:
    return None if sen is None else str(Decimal(sen) / 100)


def payments(session: Session) -> Iterator[Row]:
    query = select(VendorInvoice, VendorContract).join(
        VendorContract, VendorContract.id == VendorInvoice.contract_id
    )
    for invoice, contract in session.execute(query):
        yield {
            "payment_id": invoice.id,
            "vendor": contract.vendor,
            "service": contract.service,
            "contract_ref": contract.contract_ref,
            "invoice_no": invoice.invoice_no,
            "invoice_date": invoice.invoice_date,
            "amount_myr": _myr(invoice.amount_sen),
            "verified_by": invoice.verified_by,
            "verified_at": invoice.verified_at,
            "approved_by": invoice.approved_by,
            "approved_at": invoice.approved_at,
            "approver_limit_myr": _myr(invoice.approver_limit_sen),
            "paid_at": invoice.paid_at,
        }


APP_METRICS_COLUMNS = schema.column_names(schema.APP_METRICS)


def app_metrics(session: Session) -> Iterator[Row]:
    """Daily app use: check-ins (from the kept aggregates or the check-ins themselves),
    accounts at the end of each day, MyRisk status views that day and cases confirmed that
    day (Malaysia dates), and accounts that ever enabled MySJ Trace by the end of each day
    (``trace_users_cumulative``: an account's first device registration; revoking a device
    does not un-count it), accounts that ever completed a self-assessment (their own or a
    dependent's) by the end of each day, and that day's self-assessments started and completed
    and daily tasks due and done (``selfassess.metrics``)."""
    from sihat.bluetrace.devices import first_enabled_days
    from sihat.cases.models import Case
    from sihat.checkins.report import report_days
    from sihat.checkins.retention import figures_for
    from sihat.core import clock
    from sihat.identity.models import Account
    from sihat.risk.models import RiskView
    from sihat.selfassess import metrics as selfassess

    days = report_days(session)
    created = sorted(clock.malaysia_date(at) for at in session.scalars(select(Account.created_at)))
    views = {row.day: row.count for row in session.scalars(select(RiskView))}
    confirmed: dict[object, int] = {}
    for at in session.scalars(select(Case.confirmed_at).where(Case.confirmed_at.is_not(None))):
        day = clock.malaysia_date(at)  # type: ignore[arg-type]  # filtered to not None
        confirmed[day] = confirmed.get(day, 0) + 1
    enabled = first_enabled_days(session)
    assessed = selfassess.first_completions(session)
    completion = {d.day: d for d in selfassess.by_day(session, days[0], days[-1])} if days else {}
    index = tracing = users = 0
    for day in days:
        while index < len(created) and created[index] <= day:
            index += 1
        while tracing < len(enabled) and enabled[tracing] <= day:
            tracing += 1
        while users < len(assessed) and assessed[users] <= day:
            users += 1
        figures = completion.get(day)
        yield {
            "date": day,
            "checkins": figures_for(session, day).national[0],
            "registered_users_cumulative": index,
            "trace_users_cumulative": tracing,
            "myrisk_views": views.get(day, 0),
            "new_cases": confirmed.get(day, 0),
            "self_assessment_users_cumulative": users,
            "self_assessment_started": figures.started if figures else 0,
            "self_assessment_completed": figures.completed if figures else 0,
            "self_assessment_tasks_due": figures.tasks_due if figures else 0,
            "self_assessment_tasks_done": figures.tasks_done if figures else 0,
        }
