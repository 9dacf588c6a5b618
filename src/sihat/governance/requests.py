"""Maker-checker for staff changes: one person asks, another with authority over the scope
approves, then the system carries it out. High-risk changes need two approvers besides the
maker. Requests expire; a decision is made once; execution happens once."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from sihat.core import clock, trail
from sihat.core.db import add_unique
from sihat.core.errors import Problem
from sihat.core.logging import get_logger
from sihat.core.settings import get_settings
from sihat.governance.models import REQUEST_KINDS, StaffApproval, StaffRequest
from sihat.staff import service as staff
from sihat.staff.models import HIGH_RISK_ROLES, StaffAccount

log = get_logger("sihat.governance")


def _grants(payload: dict[str, Any]) -> list[staff.RoleGrant]:
    """Role grants from a request's JSON payload (``expires_at`` as ISO 8601)."""
    grants = []
    for g in payload.get("grants", []):
        try:
            expires = g.get("expires_at")
            grants.append(
                staff.RoleGrant(
                    g["role"],
                    g.get("scope_type", "NATIONAL"),
                    g.get("scope_code"),
                    clock.as_utc(datetime.fromisoformat(expires)) if expires else None,
                    g.get("allowed_networks"),
                )
            )
        except (KeyError, TypeError, ValueError):
            raise Problem("invalid_role", field="grants") from None
    return grants


def _scope(grants: list[staff.RoleGrant]) -> tuple[str, str | None]:
    scopes = {(g.scope_type, g.scope_code) for g in grants}
    return scopes.pop() if len(scopes) == 1 else ("NATIONAL", None)


def _invalid(reason: str) -> Problem:
    return Problem("invalid_request", reason=reason)


def make_request(
    session: Session,
    maker: StaffAccount,
    kind: str,
    *,
    reason: str,
    target_staff_id: str | None = None,
    payload: dict[str, Any] | None = None,
) -> StaffRequest:
    payload = dict(payload or {})
    if kind not in REQUEST_KINDS:
        raise _invalid("unknown kind")
    if not reason.strip():
        raise _invalid("a reason is required")
    target = session.get(StaffAccount, target_staff_id) if target_staff_id else None
    if kind != "CREATE" and target is None:
        raise Problem("not_found", field="target_staff_id")
    grants = _grants(payload)
    staff.check_grants(grants)
    high_risk = any(g.role in HIGH_RISK_ROLES for g in grants)
    if kind == "CREATE":
        if not payload.get("username") or not payload.get("full_name") or not grants:
            raise _invalid("username, full name and at least one role")
        scope = _scope(grants)
    elif kind == "CHANGE_ROLES":
        if not grants:
            raise _invalid("at least one role")
        scope = _scope(grants + _current(target))
    elif kind == "CANCEL_PPV_USER":
        if not payload.get("ppv_code"):
            raise _invalid("the centre code")
        scope = ("PPV", str(payload["ppv_code"]))
    else:
        scope = _scope(_current(target))
    if target is not None:
        high_risk |= any(r.role in HIGH_RISK_ROLES for r in target.roles if r.revoked_at is None)
    staff.require_role(maker, "ADMIN", *scope)
    now = clock.now()
    request = StaffRequest(
        kind=kind,
        target_staff_id=target.id if target else None,
        payload=payload,
        reason=reason.strip(),
        scope_type=scope[0],
        scope_code=scope[1],
        approvals_required=2 if high_risk else 1,
        status="PENDING",
        maker_id=maker.id,
        created_at=now,
        expires_at=now + timedelta(hours=get_settings().staff_request_ttl_hours),
    )
    session.add(request)
    session.flush()
    trail.record(
        session,
        "governance:request:made",
        actor_type="staff",
        actor_id=maker.id,
        target_type="staff_request",
        target_id=request.id,
        kind=kind,
        approvals_required=request.approvals_required,
    )
    return request


def _current(target: StaffAccount | None) -> list[staff.RoleGrant]:
    if target is None:
        return []
    return [staff.RoleGrant(r.role, r.scope_type, r.scope_code) for r in staff.active_roles(target)]


def decide(
    session: Session, approver: StaffAccount, request_id: str, approve: bool = True
) -> tuple[StaffRequest, str | None]:
    """Record one decision; carry the request out once enough distinct people approved.
    Returns the request and, when a new account was created, its one-time activation code."""
    query = select(StaffRequest).where(StaffRequest.id == request_id)
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update()
    request = session.scalar(query)
    if request is None:
        raise Problem("not_found")
    try:
        _check_decider(session, approver, request)
    except Problem as problem:
        log.warning(
            "staff request decision refused",
            code=problem.code,
            request=request.id,
            approver=approver.id,
        )
        raise
    decision = StaffApproval(
        request_id=request.id,
        approver_id=approver.id,
        decision="APPROVE" if approve else "REJECT",
        decided_at=clock.now(),
    )
    add_unique(session, decision, "already_decided")
    trail.record(
        session,
        f"governance:request:{'approved' if approve else 'rejected'}",
        actor_type="staff",
        actor_id=approver.id,
        target_type="staff_request",
        target_id=request.id,
    )
    if not approve:
        request.status, request.decided_at = "REJECTED", clock.now()
        return request, None
    approvals = session.scalars(
        select(StaffApproval.approver_id).where(
            StaffApproval.request_id == request.id, StaffApproval.decision == "APPROVE"
        )
    ).all()
    if len(set(approvals)) < request.approvals_required:
        return request, None
    return request, _execute(session, request)


def _check_decider(session: Session, approver: StaffAccount, request: StaffRequest) -> None:
    if request.status != "PENDING":
        raise Problem("request_not_pending")
    if clock.now() >= request.expires_at:
        raise Problem("request_expired")
    if approver.id in (request.maker_id, request.target_staff_id):
        raise Problem("self_approval")
    if not staff.has_role(approver, "ADMIN", request.scope_type, request.scope_code):
        raise Problem("approver_lacks_authority")


def _execute(session: Session, request: StaffRequest) -> str | None:
    claimed = session.execute(
        update(StaffRequest)
        .where(StaffRequest.id == request.id, StaffRequest.status == "PENDING")
        .values(status="EXECUTED", decided_at=clock.now())
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        raise Problem("request_not_pending")
    session.refresh(request)
    target = session.get(StaffAccount, request.target_staff_id) if request.target_staff_id else None
    grants = _grants(request.payload)
    code = None
    if request.kind == "CREATE":
        _created, code = staff.apply_create(
            session,
            username=request.payload["username"],
            full_name=request.payload["full_name"],
            grants=grants,
            request_id=request.id,
        )
    elif request.kind == "CHANGE_ROLES" and target is not None:
        staff.apply_set_roles(session, target, grants, request.id)
    elif request.kind == "TERMINATE" and target is not None:
        staff.apply_status(session, target, "TERMINATED", request.id)
    elif request.kind == "REACTIVATE" and target is not None:
        staff.apply_status(session, target, "ACTIVE", request.id)
        if grants:
            staff.apply_set_roles(session, target, grants, request.id)
    elif request.kind == "CANCEL_PPV_USER" and target is not None:
        staff.apply_cancel_ppv_user(session, target, request.payload["ppv_code"], request.id)
    trail.record(
        session,
        "governance:request:executed",
        actor_type="system",
        target_type="staff_request",
        target_id=request.id,
        kind=request.kind,
    )
    return code


def pending(session: Session) -> list[StaffRequest]:
    return list(
        session.scalars(
            select(StaffRequest)
            .where(StaffRequest.status == "PENDING")
            .order_by(StaffRequest.created_at)
        )
    )


def onboard(
    session: Session,
    maker: StaffAccount,
    approvers: list[StaffAccount],
    *,
    username: str,
    full_name: str,
    grants: list[dict[str, Any]],
    password: str,
    reason: str = "onboarding",
) -> tuple[StaffAccount, str]:
    """The whole path a new staff member takes: request, approval(s), activation.
    Used by the demo seed and by tests; every step is the real one."""
    request = make_request(
        session,
        maker,
        "CREATE",
        reason=reason,
        payload={"username": username, "full_name": full_name, "grants": grants},
    )
    code = None
    for approver in approvers[: request.approvals_required]:
        _request, code = decide(session, approver, request.id)
    if code is None:
        raise _invalid("not enough approvers")
    return staff.activate(session, username, code, password)
