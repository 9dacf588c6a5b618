"""Check-in pages: the page a phone opens from a premise's QR code (``/c/{token}``), its result
with the door colours, and the premise owner's pages (register, poster, counts, manual check-in).
Routes are thin; check-ins go through the same group-commit writer as the API."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from sihat.checkins import batch, premises, qr, scan, status, visits
from sihat.checkins.pages_text import register_text
from sihat.checkins.writer import writer_for
from sihat.core import clock, geo
from sihat.core.crypto import blind_index, token_digest
from sihat.core.errors import Problem
from sihat.core.web import DB, page, refusal_context, render, request_ip
from sihat.identity.deps import COOKIE, Caller, optional_caller, page_caller
from sihat.identity.service import dependents_of, normalise_phone

router = APIRouter(include_in_schema=False)
register_text()


def _claims_or_refuse(request: Request, token: str) -> qr.Claims:
    """The code's claims, or the refusal recorded (by the check-in writer, which resolves the
    cookie to its account) and raised.

    Called before the request touches the database: waiting for the writer while this
    request's own transaction is open deadlocked on SQLite (every transaction takes the write
    lock at BEGIN), so a logged-in visitor's forged code hung for the writer's 30 s timeout
    and answered 500 (#17 item 10); an anonymous visitor had no transaction and got his 400."""
    try:
        return qr.verify(qr.token_from(token))
    except qr.QrRefused as refused:
        cookie = request.cookies.get(COOKIE)
        writer_for(request.app.state).submit_wait(
            batch.Refusal(
                refused.code,
                refused.reason,
                clock.now(),
                refused.premise_id,
                token_digest(cookie) if cookie else None,
                request_ip(),
            )
        )
        raise Problem(refused.code) from None


@router.get("/c/{token}", response_class=HTMLResponse)
@page("checkins/checkin.html")
def checkin_page(request: Request, token: str, session: Session = DB) -> Response:
    """Opened by the phone's camera from the poster: who to check in, one button."""
    claims = _claims_or_refuse(request, token)  # first: no transaction is open yet
    caller = optional_caller(request, session)
    premise = session.get(premises.Premise, claims.premise_id)
    if premise is None:
        raise Problem("not_found")
    try:
        qr.check_current(claims, premise.qr_version)
    except qr.QrRefused:
        raise Problem("qr_rotated") from None
    deps = dependents_of(session, caller.account) if caller else []
    return render(
        request, "checkins/checkin.html", premise=premise, token=token, caller=caller, deps=deps
    )


@router.post("/c/{token}", response_class=HTMLResponse)
async def checkin_submit(request: Request, token: str) -> Response:
    form = await request.form()
    cookie = request.cookies.get(COOKIE)
    include_self = form.get("self") == "on"
    dependents = tuple(str(v) for v in form.getlist("dependent"))
    try:
        if not cookie:
            raise Problem("not_authenticated")
        claims = qr.verify(qr.token_from(token))
        job = batch.Scan(
            token_digest(cookie),
            claims.premise_id,
            claims.version,
            clock.now(),
            include_self,
            dependents,
            request_ip(),
        )
        result = await writer_for(request.app.state).submit(job)
        if isinstance(result, Problem):
            raise result
    except qr.QrRefused as refused:
        return render(request, "checkins/checkin.html", 400, problem=Problem(refused.code).body())
    except Problem as problem:
        return render(request, "checkins/checkin.html", problem.status, problem=problem.body())
    assert isinstance(result, batch.Outcome)
    doors = [status.door(v.status) for v in result.visits]
    return render(
        request,
        "checkins/checked_in.html",
        201,
        outcome=result,
        doors=list(zip(result.visits, doors, strict=True)),
        include_self=include_self,
        malaysia=clock.MALAYSIA,
    )


@router.post("/c/visits/{visit_id}/checkout", response_class=HTMLResponse)
@page("checkins/checked_out.html")
def checkout_submit(
    request: Request,
    visit_id: uuid.UUID,
    session: Session = DB,
    caller: Caller = Depends(page_caller),
) -> Response:
    visit = visits.check_out(session, caller.account, visit_id)
    return render(request, "checkins/checked_out.html", visit=visit)


@router.get("/scan", response_class=HTMLResponse)
def scan_page(request: Request, caller: Caller = Depends(page_caller)) -> Response:
    """The app's check-in button: the camera reads a premise's poster in the browser
    (qr-scanner); a photo or the code typed from the poster when there is no camera."""
    return render(request, "checkins/scan.html")


@router.post("/scan", response_class=HTMLResponse)
@page("checkins/scan.html")
def scan_submit(
    request: Request,
    code: str = Form(""),
    photo: UploadFile | None = File(None),
) -> Response:
    """The fallbacks without the camera, and without JavaScript: to the premise's page."""
    token = scan.token_of_text(code) if code.strip() else ""
    if not token and photo is not None and photo.filename:
        token = scan.token_of_photo(photo.file.read(scan.MAX_PHOTO_BYTES + 1))
    if not token:
        raise Problem("scan_unreadable", field="code")
    return RedirectResponse(f"/c/{token}", status_code=303)


@router.get("/checkins/history", response_class=HTMLResponse)
def history_page(
    request: Request, session: Session = DB, caller: Caller = Depends(page_caller)
) -> Response:
    """The last 14 days of check-ins made with this account (its own and its dependents')."""
    names = {d.person_id: d.person.full_name for d in dependents_of(session, caller.account)}
    names[caller.account.person_id] = caller.account.person.full_name
    rows = [
        (m, names.get(m.visit.person_id or "", ""), visits.is_open(m.visit))
        for m in visits.visits_of(session, caller.account)
    ]
    return render(request, "checkins/history.html", rows=rows, malaysia=clock.MALAYSIA)


def _form_context() -> dict[str, Any]:
    return {"categories": premises.CATEGORIES, "districts": geo.districts()}


@router.get("/premises", response_class=HTMLResponse)
def premises_page(
    request: Request, session: Session = DB, caller: Caller = Depends(page_caller)
) -> Response:
    mine = premises.premises_of(session, caller.account)
    return render(request, "checkins/premises.html", mine=mine, **_form_context())


@router.post("/premises", response_class=HTMLResponse)
@page("checkins/premises.html")
def premises_submit(
    request: Request,
    name: str = Form(...),
    category: str = Form(...),
    address: str = Form(...),
    district: str = Form(...),
    session: Session = DB,
    caller: Caller = Depends(page_caller),
) -> Response:
    state, _, district_name = district.partition("|")
    data = premises.PremiseInput(name, category, address, state, district_name)
    account = caller.account
    refusal_context(
        request, lambda: {"mine": premises.premises_of(session, account), **_form_context()}
    )
    made = premises.register_premise(session, account, data)
    return RedirectResponse(f"/premises/{made.id}", status_code=303)


@router.get("/premises/{premise_id}", response_class=HTMLResponse)
def premise_page(
    request: Request,
    premise_id: str,
    session: Session = DB,
    caller: Caller = Depends(page_caller),
) -> Response:
    premise = premises.premise_for_member(session, caller.account, premise_id)
    return render(
        request,
        "checkins/premise.html",
        premise=premise,
        url=qr.url_for(premise.id, premise.qr_version),
        counts=premises.counts(session, premise, 7),
    )


@router.post("/premises/{premise_id}/manual", response_class=HTMLResponse)
async def manual_submit(request: Request, premise_id: str) -> Response:
    form = await request.form()
    cookie = request.cookies.get(COOKIE)
    try:
        if not cookie:
            raise Problem("not_authenticated")
        phone = normalise_phone(str(form.get("phone", "")))
        name = " ".join(str(form.get("name", "")).split())
        if len(name) < 2:
            raise Problem("invalid_input", field="name")
        job = batch.Manual(
            token_digest(cookie),
            premise_id,
            clock.now(),
            name,
            phone,
            blind_index("checkin-visitor-phone", phone),
        )
        result = await writer_for(request.app.state).submit(job)
        if isinstance(result, Problem):
            raise result
    except Problem as problem:
        return render(request, "checkins/manual_done.html", problem.status, problem=problem.body())
    assert isinstance(result, batch.Outcome)
    return render(request, "checkins/manual_done.html", 201, outcome=result)


@router.post("/premises/{premise_id}/rotate", response_class=HTMLResponse)
def rotate_submit(
    request: Request,
    premise_id: str,
    session: Session = DB,
    caller: Caller = Depends(page_caller),
) -> Response:
    premises.rotate_qr(session, caller.account, premise_id)
    return RedirectResponse(f"/premises/{premise_id}?rotated=1", status_code=303)
