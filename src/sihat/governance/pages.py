"""Staff pages: change requests and approvals, the access review, the audit log."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from sihat.core import i18n
from sihat.core.trail import AuditEvent
from sihat.core.web import DB, page, refusal_context, render
from sihat.governance import auditlog, auditlog_view, requests, review
from sihat.governance.models import StaffRequest
from sihat.staff import nav
from sihat.staff.deps import StaffPage, gate
from sihat.staff.models import ROLES, SCOPE_TYPES, StaffAccount
from sihat.staff.names import names

router = APIRouter(prefix="/staff/governance", include_in_schema=False)

i18n.register(
    {
        "gov.requests": ("Permohonan perubahan kakitangan", "Staff change requests"),
        "gov.new": ("Permohonan baharu: tambah kakitangan", "New request: add a staff member"),
        "gov.reason": ("Sebab", "Reason"),
        "gov.role": ("Peranan", "Role"),
        "gov.scope": ("Skop", "Scope"),
        "gov.scope_code": ("Kod skop (cth. PPV-A)", "Scope code (e.g. PPV-A)"),
        "gov.approve": ("Lulus", "Approve"),
        "gov.reject": ("Tolak", "Reject"),
        "gov.none": ("Tiada permohonan menunggu.", "No pending requests."),
        "gov.approvals": ("Kelulusan", "Approvals"),
        "gov.executed": (
            "Dilaksanakan. Kod pengaktifan sekali guna:",
            "Carried out. One-time activation code:",
        ),
        "gov.review": ("Semakan akses", "Access review"),
        "gov.since": ("Sejak", "Since"),
        "gov.by": ("Diberi melalui", "Granted through"),
        "gov.auditlog": ("Log audit", "Audit log"),
        "gov.intact": ("Rantaian utuh", "Chain intact"),
        "gov.tampered": ("Rantaian DIUSIK", "Chain TAMPERED"),
        "gov.request": ("Permohonan", "Request"),
        "gov.requested_roles": ("Peranan dipohon", "Roles requested"),
        "gov.requester": ("Pemohon", "Requested by"),
        "gov.target": ("Kakitangan", "Staff member"),
        "gov.mine": (
            "Permohonan anda: orang lain meluluskan.",
            "Your request: someone else approves.",
        ),
        "gov.kind.CREATE": ("Tambah kakitangan", "Add a staff member"),
        "gov.kind.CHANGE_ROLES": ("Tukar peranan", "Change roles"),
        "gov.kind.TERMINATE": ("Tamatkan akaun", "Terminate the account"),
        "gov.kind.REACTIVATE": ("Aktifkan semula", "Reactivate"),
        "gov.kind.CANCEL_PPV_USER": ("Batal pengguna PPV", "Cancel a centre user"),
        "gov.status.PENDING": ("Menunggu", "Pending"),
        "gov.status.EXECUTED": ("Dilaksanakan", "Carried out"),
        "gov.status.REJECTED": ("Ditolak", "Rejected"),
        "gov.status.EXPIRED": ("Tamat tempoh", "Expired"),
        "gov.activation_hint": (
            "Berikan kod ini kepada kakitangan baharu secara bersemuka. Mereka mengaktifkan "
            "akaun di halaman ini:",
            "Give this code to the new staff member in person. They activate the account on "
            "this page:",
        ),
        "gov.when": ("Masa (waktu Malaysia)", "Time (Malaysia)"),
        "gov.action": ("Tindakan", "Action"),
        "gov.actor": ("Oleh", "By"),
        "gov.subject": ("Ke atas", "On"),
        "gov.ip": ("Alamat IP", "IP address"),
        "gov.full_name": ("Nama", "Name"),
        "gov.last_login": ("Log masuk terakhir", "Last login"),
        "gov.founder": ("Pengasas", "Founder"),
    }
)


REQUESTS = nav.link("/staff/governance/requests", "gov.requests", nav.holding("ADMIN"), 60)
REVIEW = nav.link(
    "/staff/governance/access-review", "gov.review", nav.holding("ADMIN", "AUDITOR"), 61
)
AUDIT_LOG = nav.link(
    "/staff/governance/audit-log", "gov.auditlog", nav.holding("AUDITOR", "SECURITY_OFFICER"), 62
)


def _requests_context(session: Session) -> dict[str, Any]:
    """The pending requests with who asked (the maker), on whom, and the roles asked for."""
    pending = requests.pending(session)
    ids = [r.maker_id for r in pending] + [r.target_staff_id for r in pending]
    return {"pending": pending, "staff_names": names(session, ids)}


REQUESTS_PAGE = page("governance/requests.html", pending=[], roles=ROLES, scopes=SCOPE_TYPES)


@router.get("/requests", response_class=HTMLResponse)
@REQUESTS_PAGE
def request_list(
    request: Request, session: Session = DB, staff: StaffAccount = gate(REQUESTS)
) -> Response:
    return render(
        request,
        "governance/requests.html",
        **_requests_context(session),
        roles=ROLES,
        scopes=SCOPE_TYPES,
        me=staff,
    )


@router.post("/requests", response_class=HTMLResponse)
@REQUESTS_PAGE
def make(
    request: Request,
    username: str = Form(...),
    full_name: str = Form(...),
    role: str = Form(...),
    scope_type: str = Form("NATIONAL"),
    scope_code: str = Form(""),
    reason: str = Form(...),
    session: Session = DB,
    staff: StaffAccount = StaffPage,
) -> Response:
    refusal_context(request, lambda: {**_requests_context(session), "me": staff})
    grant = {"role": role, "scope_type": scope_type, "scope_code": scope_code.strip() or None}
    requests.make_request(
        session,
        staff,
        "CREATE",
        reason=reason,
        payload={"username": username.strip(), "full_name": full_name, "grants": [grant]},
    )
    return RedirectResponse("/staff/governance/requests", status_code=303)


@router.post("/requests/{request_id}/decision", response_class=HTMLResponse)
@page("governance/decision.html")
def decide(
    request: Request,
    request_id: str,
    approve: bool = Form(True),
    session: Session = DB,
    staff: StaffAccount = StaffPage,
) -> Response:
    decided, code = requests.decide(session, staff, request_id, approve)
    return render(request, "governance/decision.html", decided=decided, code=code)


@router.get("/access-review", response_class=HTMLResponse)
@page("governance/review.html", rows=[], granted_by={}, when=str)
def access_review(
    request: Request, session: Session = DB, staff: StaffAccount = gate(REVIEW)
) -> Response:
    rows = review.access_review(session)
    granted = {r["granted_by"] for r in rows}
    makers = dict(
        session.execute(
            select(StaffRequest.id, StaffRequest.maker_id).where(StaffRequest.id.in_(granted))
        ).all()
    )
    who = names(session, makers.values())
    return render(
        request,
        "governance/review.html",
        rows=rows,
        granted_by={rid: who.get(maker, "") for rid, maker in makers.items()},
        when=auditlog_view.malaysia_time,
    )


@router.get("/audit-log", response_class=HTMLResponse)
@page("governance/auditlog.html", rows=[], report=None)
def audit_log(
    request: Request,
    session: Session = DB,
    staff: StaffAccount = gate(AUDIT_LOG),
) -> Response:
    events = session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(50)).all()
    return render(
        request,
        "governance/auditlog.html",
        rows=auditlog_view.rows(session, list(events)),
        report=auditlog.verify_database(session),
    )
