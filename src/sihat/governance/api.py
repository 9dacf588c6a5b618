"""Governance routes: staff change requests and decisions, access review, audit-log check."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, status
from sqlalchemy.orm import Session

from sihat.core.web import DB
from sihat.governance import auditlog, requests, review
from sihat.governance.models import StaffRequest
from sihat.governance.schemas import DecisionIn, StaffRequestIn, StaffRequestOut
from sihat.staff.deps import current_staff
from sihat.staff.models import StaffAccount
from sihat.staff.service import require_any_role, require_role

router = APIRouter(prefix="/api/v1/governance", tags=["governance"])


def out(request: StaffRequest, activation_code: str | None = None) -> StaffRequestOut:
    return StaffRequestOut(
        id=request.id,
        kind=request.kind,
        status=request.status,
        reason=request.reason,
        scope_type=request.scope_type,
        scope_code=request.scope_code,
        approvals_required=request.approvals_required,
        approvals=sum(a.decision == "APPROVE" for a in request.approvals),
        maker_id=request.maker_id,
        target_staff_id=request.target_staff_id,
        created_at=request.created_at,
        expires_at=request.expires_at,
        activation_code=activation_code,
    )


@router.post("/staff-requests", response_model=StaffRequestOut, status_code=status.HTTP_201_CREATED)
def make(
    body: StaffRequestIn, session: Session = DB, maker: StaffAccount = Depends(current_staff)
) -> StaffRequestOut:
    made = requests.make_request(
        session,
        maker,
        body.kind,
        reason=body.reason,
        target_staff_id=body.target_staff_id,
        payload=body.payload(),
    )
    return out(made)


@router.get("/staff-requests", response_model=list[StaffRequestOut])
def pending(
    session: Session = DB, who: StaffAccount = Depends(current_staff)
) -> list[StaffRequestOut]:
    require_role(who, "ADMIN")
    return [out(r) for r in requests.pending(session)]


@router.post("/staff-requests/{request_id}/decision", response_model=StaffRequestOut)
def decide(
    request_id: str,
    body: DecisionIn,
    session: Session = DB,
    approver: StaffAccount = Depends(current_staff),
) -> StaffRequestOut:
    decided, code = requests.decide(session, approver, request_id, body.approve)
    session.flush()
    session.expire(decided, ["approvals"])
    return out(decided, code)


@router.get("/access-review")
def access_review(
    session: Session = DB, who: StaffAccount = Depends(current_staff)
) -> list[dict[str, Any]]:
    require_any_role(who, ("ADMIN", "AUDITOR"))
    return review.access_review(session)


@router.get("/audit-log/verify")
def verify_audit_log(
    session: Session = DB, who: StaffAccount = Depends(current_staff)
) -> dict[str, Any]:
    require_role(who, "AUDITOR")
    return auditlog.verify_database(session).as_json()
