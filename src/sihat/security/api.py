"""Security routes: the report, recent events, the blocklist (block and lift by hand)."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Depends, Query, Request, status
from sqlalchemy.orm import Session

from sihat.core.web import DB
from sihat.security import access, service
from sihat.security.schemas import BlockIn, BlockOut, EventOut, ReportOut
from sihat.staff.deps import current_staff
from sihat.staff.models import StaffAccount

router = APIRouter(prefix="/api/v1/security", tags=["security"])


@router.get("/report", response_model=ReportOut)
def report(
    since: datetime | None = None,
    until: datetime | None = None,
    top: int = Query(10, ge=1, le=1000),
    session: Session = DB,
    staff: StaffAccount = Depends(current_staff),
) -> ReportOut:
    access.require_reader(staff)
    return ReportOut.model_validate(service.report(session, since=since, until=until, top=top))


@router.get("/events", response_model=list[EventOut])
def events(
    kind: str | None = Query(None, max_length=30),
    source_ip: str | None = Query(None, max_length=64),
    limit: int = Query(100, ge=1, le=1000),
    session: Session = DB,
    staff: StaffAccount = Depends(current_staff),
) -> list[EventOut]:
    access.require_reader(staff)
    rows = service.recent_events(session, kind=kind, source_ip=source_ip, limit=limit)
    return [EventOut.model_validate(r, from_attributes=True) for r in rows]


@router.get("/blocks", response_model=list[BlockOut])
def blocks(
    active: bool = True, session: Session = DB, staff: StaffAccount = Depends(current_staff)
) -> list[BlockOut]:
    access.require_reader(staff)
    rows = service.blocks(session, active_only=active)
    return [BlockOut.model_validate(r, from_attributes=True) for r in rows]


@router.post("/blocks", response_model=BlockOut, status_code=status.HTTP_201_CREATED)
def block(
    body: BlockIn,
    request: Request,
    session: Session = DB,
    staff: StaffAccount = Depends(current_staff),
) -> BlockOut:
    access.require_officer(staff)
    row = service.block(session, staff.id, body.source_ip, body.minutes, body.reason)
    request.app.state.security_guard.forget(row.source_ip)
    return BlockOut.model_validate(row, from_attributes=True)


@router.delete("/blocks/{block_id}", status_code=status.HTTP_204_NO_CONTENT)
def lift(
    block_id: str,
    request: Request,
    session: Session = DB,
    staff: StaffAccount = Depends(current_staff),
) -> None:
    access.require_officer(staff)
    row = service.lift(session, staff.id, block_id)
    request.app.state.security_guard.forget(row.source_ip)
