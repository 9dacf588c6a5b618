"""Staff pages: change requests and approvals, the access review, the audit log."""

from __future__ import annotations

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from sihat.core import i18n
from sihat.core.trail import AuditEvent
from sihat.core.web import DB, page, refusal_context, render
from sihat.governance import auditlog, requests, review
from sihat.staff.deps import StaffPage, staff_page
from sihat.staff.models import ROLES, SCOPE_TYPES, StaffAccount

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
    }
)


REQUESTS_PAGE = page("governance/requests.html", pending=[], roles=ROLES, scopes=SCOPE_TYPES)


@router.get("/requests", response_class=HTMLResponse)
@REQUESTS_PAGE
def request_list(
    request: Request, session: Session = DB, staff: StaffAccount = staff_page("ADMIN")
) -> Response:
    return render(
        request,
        "governance/requests.html",
        pending=requests.pending(session),
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
    refusal_context(request, lambda: {"pending": requests.pending(session), "me": staff})
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
@page("governance/review.html", rows=[])
def access_review(
    request: Request, session: Session = DB, staff: StaffAccount = staff_page("ADMIN", "AUDITOR")
) -> Response:
    return render(request, "governance/review.html", rows=review.access_review(session))


@router.get("/audit-log", response_class=HTMLResponse)
@page("governance/auditlog.html", events=[], report=None)
def audit_log(
    request: Request,
    session: Session = DB,
    staff: StaffAccount = staff_page("AUDITOR", "SECURITY_OFFICER"),
) -> Response:
    events = session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(50)).all()
    return render(
        request, "governance/auditlog.html", events=events, report=auditlog.verify_database(session)
    )
