"""Check-in and premise routes: thin. Check-ins (scans, manual, refused codes) are ``async``
and go through the group-commit writer; a 201 means the row is committed. Premise management
is ordinary request-transaction CRUD in ``premises``."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Depends, Request, status
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from sqlalchemy.orm import Session

from sihat.checkins import batch, poster, premises, qr, visits
from sihat.checkins.models import Premise
from sihat.checkins.schemas import (
    CheckInIn,
    CheckInOut,
    CheckOutOut,
    DayCountOut,
    DoorOut,
    ManualCheckInIn,
    MyVisitOut,
    PremiseIn,
    PremiseOut,
    PublicPremiseOut,
    StaffIn,
    VisitOut,
)
from sihat.checkins.status import door
from sihat.checkins.writer import writer_for
from sihat.core import clock
from sihat.core.crypto import blind_index, token_digest
from sihat.core.errors import Problem
from sihat.core.fastpath import FastRequest, FastResponse, parse
from sihat.core.web import DB, bearer_or_cookie, request_ip, token_of
from sihat.identity.deps import COOKIE, Caller, current_caller
from sihat.identity.service import normalise_phone
from sihat.security import hooks as security_hooks

# Refused codes also count in the platform's security-event log (and towards blocking).
security_hooks.classify({"qr_invalid": "FORGED_QR", "qr_rotated": "REPLAYED_QR"})

router = APIRouter(prefix="/api/v1", tags=["checkins"])


def premise_out(premise: Premise, role: str) -> PremiseOut:
    return PremiseOut(
        premise_id=premise.id,
        name=premise.name,
        category=premise.category,
        address=premise.address,
        state=premise.state,
        district=premise.district,
        latitude=premise.latitude,
        longitude=premise.longitude,
        status=premise.status,
        role=role,
        qr_version=premise.qr_version,
        qr_url=qr.url_for(premise.id, premise.qr_version),
        created_at=premise.created_at,
    )


async def verified_claims(
    state: Any, scanned: str, token_hash: str | None, ip: str | None
) -> qr.Claims:
    """The code's claims; a refused code is kept as a security event before answering."""
    try:
        return qr.verify(qr.token_from(scanned))
    except qr.QrRefused as refused:
        job = batch.Refusal(
            refused.code, refused.reason, clock.now(), refused.premise_id, token_hash, ip
        )
        await writer_for(state).submit(job)
        raise Problem(refused.code, field="qr") from None


async def submit(state: Any, job: batch.Job) -> batch.Outcome:
    result = await writer_for(state).submit(job)
    if isinstance(result, Problem):
        raise result
    assert isinstance(result, batch.Outcome)
    return result


def checkin_out(outcome: batch.Outcome, include_self: bool) -> CheckInOut:
    return CheckInOut(
        premise_id=outcome.premise_id,
        premise_name=outcome.premise_name,
        visits=[
            VisitOut(
                visit_id=v.visit_id,
                person="self" if include_self and i == 0 else "dependent",
                person_id=v.person_id,
                checked_in_at=v.checked_in_at,
                duplicate=v.duplicate,
                door=DoorOut(**door(v.status)),
            )
            for i, v in enumerate(outcome.visits)
        ],
    )


async def check_in_as(state: Any, token: str | None, body: CheckInIn) -> CheckInOut:
    """The check-in, for both ways in: the FastAPI route and the fast route."""
    if not token:
        raise Problem("not_authenticated")
    token_hash = token_digest(token)
    ip = request_ip()
    claims = await verified_claims(state, body.qr, token_hash, ip)
    job = batch.Scan(
        token_hash,
        claims.premise_id,
        claims.version,
        clock.now(),
        body.include_self,
        tuple(body.dependents),
        ip,
    )
    return checkin_out(await submit(state, job), body.include_self)


@router.post("/checkins", response_model=CheckInOut, status_code=status.HTTP_201_CREATED)
async def check_in(request: Request, body: CheckInIn) -> CheckInOut:
    """Check in the caller and/or their dependents at the premise of a scanned code.
    Served by the fast route of the same path (``sihat.core.fastpath``) unless
    ``SIHAT_FAST_ROUTES=false``; both call :func:`check_in_as`."""
    return await check_in_as(request.app.state, bearer_or_cookie(request, COOKIE), body)


async def fast_check_in(request: FastRequest) -> FastResponse:
    """``POST /api/v1/checkins`` without FastAPI's per-request layers."""
    body = parse(CheckInIn, request.body)
    token = token_of(request.header(b"authorization"), request.header(b"cookie"), COOKIE)
    out = await check_in_as(request.state, token, body)
    return FastResponse(out.__pydantic_serializer__.to_json(out), 201)


@router.get("/checkins/premise", response_model=PublicPremiseOut)
async def premise_of_code(request: Request, qr_code: str) -> PublicPremiseOut:
    """The premise behind a scanned code (what the phone shows before checking in)."""
    claims = await verified_claims(request.app.state, qr_code, None, request_ip())
    found = await run_in_threadpool(_public_premise, request, claims.premise_id)
    if found is None:
        raise Problem("not_found")
    if found.qr_version != claims.version:
        refusal = batch.Refusal("qr_rotated", "old_version", clock.now(), found.id, None, None)
        await writer_for(request.app.state).submit(refusal)
        raise Problem("qr_rotated", field="qr")
    return PublicPremiseOut(
        premise_id=found.id,
        name=found.name,
        category=found.category,
        state=found.state,
        district=found.district,
    )


def _public_premise(request: Request, premise_id: str) -> Premise | None:
    with request.app.state.db.sessions() as session:
        return session.get(Premise, premise_id)  # type: ignore[no-any-return]


@router.post("/checkins/{visit_id}/checkout", response_model=CheckOutOut)
def check_out(
    visit_id: uuid.UUID, session: Session = DB, caller: Caller = Depends(current_caller)
) -> CheckOutOut:
    visit = visits.check_out(session, caller.account, visit_id)
    assert visit.checked_out_at is not None
    return CheckOutOut(
        visit_id=visit.id,
        premise_id=visit.premise_id,
        checked_in_at=visit.checked_in_at,
        checked_out_at=visit.checked_out_at,
    )


@router.get("/checkins/mine", response_model=list[MyVisitOut])
def my_visits(session: Session = DB, caller: Caller = Depends(current_caller)) -> list[MyVisitOut]:
    return [
        MyVisitOut(
            visit_id=m.visit.id,
            premise_id=m.visit.premise_id,
            premise_name=m.premise_name,
            person_id=m.visit.person_id,
            checked_in_at=m.visit.checked_in_at,
            checked_out_at=m.visit.checked_out_at,
        )
        for m in visits.visits_of(session, caller.account)
    ]


@router.post("/premises", response_model=PremiseOut, status_code=status.HTTP_201_CREATED)
def register_premise(
    body: PremiseIn, session: Session = DB, caller: Caller = Depends(current_caller)
) -> PremiseOut:
    data = premises.PremiseInput(**body.model_dump())
    return premise_out(premises.register_premise(session, caller.account, data), "OWNER")


@router.get("/premises", response_model=list[PremiseOut])
def my_premises(
    session: Session = DB, caller: Caller = Depends(current_caller)
) -> list[PremiseOut]:
    return [premise_out(p, role) for p, role in premises.premises_of(session, caller.account)]


@router.post("/premises/{premise_id}/rotate", response_model=PremiseOut)
def rotate(
    premise_id: str, session: Session = DB, caller: Caller = Depends(current_caller)
) -> PremiseOut:
    return premise_out(premises.rotate_qr(session, caller.account, premise_id), "OWNER")


@router.post("/premises/{premise_id}/staff", status_code=status.HTTP_201_CREATED)
def add_staff(
    premise_id: str, body: StaffIn, session: Session = DB, caller: Caller = Depends(current_caller)
) -> dict[str, str]:
    member = premises.add_staff(session, caller.account, premise_id, body.mysj_id)
    return {"premise_id": member.premise_id, "account_id": member.account_id, "role": member.role}


@router.get("/premises/{premise_id}/counts", response_model=list[DayCountOut])
def counts(
    premise_id: str, days: int = 7, session: Session = DB, caller: Caller = Depends(current_caller)
) -> list[DayCountOut]:
    """Check-ins per day at a premise you run: numbers only, never who came."""
    premise = premises.premise_for_member(session, caller.account, premise_id)
    rows = premises.counts(session, premise, max(1, min(days, 90)))
    return [DayCountOut(day=r.day, checkins=r.checkins, open_now=r.open_now) for r in rows]


@router.get("/premises/{premise_id}/poster.{kind}")
def poster_file(
    premise_id: str,
    kind: str,
    lang: str = "both",
    session: Session = DB,
    caller: Caller = Depends(current_caller),
) -> Response:
    """The printable A4 poster, ``pdf`` or ``png``, in Malay, English or both (``lang``)."""
    premise = premises.premise_for_member(session, caller.account, premise_id)
    if kind not in ("pdf", "png") or lang not in ("ms", "en", "both"):
        raise Problem("not_found")
    url = qr.url_for(premise.id, premise.qr_version)
    name = f'attachment; filename="sihat-poster-{premise.id[:8]}-{lang}.{kind}"'
    headers = {"Content-Disposition": name}
    if kind == "pdf":
        return Response(
            poster.pdf(premise, url, lang), media_type="application/pdf", headers=headers
        )
    return Response(poster.png(premise, url, lang), media_type="image/png", headers=headers)


@router.post(
    "/premises/{premise_id}/manual-checkins",
    response_model=CheckInOut,
    status_code=status.HTTP_201_CREATED,
)
async def manual_check_in(request: Request, premise_id: str, body: ManualCheckInIn) -> CheckInOut:
    """Premise staff check in a visitor who has no phone app (name and phone number)."""
    token = bearer_or_cookie(request, COOKIE)
    if not token:
        raise Problem("not_authenticated")
    token_hash = token_digest(token)
    phone = normalise_phone(body.phone)
    job = batch.Manual(
        token_hash,
        premise_id,
        clock.now(),
        " ".join(body.name.split()),
        phone,
        blind_index("checkin-visitor-phone", phone),
    )
    return checkin_out(await submit(request.app.state, job), include_self=False)
