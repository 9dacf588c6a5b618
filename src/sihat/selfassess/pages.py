"""The citizen's self-assessment pages, mobile first: the hub (today's assessment and daily
task of the caller and each dependent), the questionnaire one question per screen, a review
screen, the result; and the self-test report. Every text in Malay and English; the
questions' texts come from the questionnaire file."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from sihat.core import bodylimit, clock, geo, i18n
from sihat.core.errors import Problem
from sihat.core.web import DB, Redirect, page, refusal_context, render
from sihat.identity import access
from sihat.identity.deps import Caller, current_caller, page_caller
from sihat.identity.models import Account
from sihat.risk.statuses import STATUSES
from sihat.selfassess import selftests, service, tasks, words
from sihat.selfassess.models import Assessment

router = APIRouter(include_in_schema=False)
i18n.register(words.TEXT)
bodylimit.allow("/selftest", "upload_max_body_bytes")  # an optional photo of the kit


def shown_day(day: Any) -> str:
    return day.strftime("%d/%m/%Y")


def _people(session: Session, account: Account) -> list[tuple[str, str, bool]]:
    """(person id, name, is self) for the caller and each current dependent."""
    return [
        (pid, person.full_name, rel == access.SELF)
        for pid, (person, rel) in access.people_of(session, account).items()
    ]


def _hub(session: Session, account: Account) -> dict[str, Any]:
    people = _people(session, account)
    ids = [pid for pid, _n, _s in people]
    today = clock.today_my()
    listed = tasks.tasks_of(session, ids)
    rows = []
    for pid, name, is_self in people:
        mine = [t for t in listed if t.person_id == pid]
        rows.append(
            {
                "id": pid,
                "name": name,
                "self": is_self,
                "today": service.today_of(session, pid),
                "task": next((t for t in mine if t.day == today), None),
                "tasks": mine,
            }
        )
    return {"people": rows, "day": shown_day}


@router.get("/selfassess", response_class=HTMLResponse)
def hub(request: Request, session: Session = DB, caller: Caller = Depends(page_caller)) -> Response:
    return render(request, "selfassess/hub.html", **_hub(session, caller.account))


@router.post("/selfassess/start", response_class=HTMLResponse)
@page("selfassess/hub.html", people=[], day=shown_day)
def start(
    request: Request,
    person_id: str = Form(""),
    session: Session = DB,
    caller: Caller = Depends(current_caller),
) -> Response:
    refusal_context(request, lambda: _hub(session, caller.account))
    row = service.start(session, caller.account, person_id)
    return RedirectResponse(f"/selfassess/a/{row.id}", status_code=303)


@router.get("/selfassess/a/{assessment_id}", response_class=HTMLResponse)
def resume(
    assessment_id: str,
    request: Request,
    session: Session = DB,
    caller: Caller = Depends(page_caller),
) -> Response:
    row = service.get(session, caller.account, assessment_id)
    if row.completed_at is not None:
        return _result(request, session, caller.account, row)
    at = service.step(row)
    if at.question is None:
        return RedirectResponse(f"/selfassess/a/{row.id}/review", status_code=303)
    return RedirectResponse(f"/selfassess/a/{row.id}/q/{at.number}", status_code=303)


def _name_of(session: Session, account: Account, row: Assessment) -> tuple[str, bool]:
    person, rel = access.people_of(session, account)[row.person_id]
    return person.full_name, rel == access.SELF


def _question(session: Session, account: Account, row: Assessment, number: int) -> dict[str, Any]:
    at = service.step(row, number)
    if at.question is None:
        raise Problem("not_found")
    name, is_self = _name_of(session, account, row)
    given = row.answers.get(at.question.id)
    chosen = given if isinstance(given, list) else [given] if given is not None else []
    return {"row": row, "at": at, "q": at.question, "person_name": name, "self": is_self,
            "chosen": chosen, "given": given}  # fmt: skip


def _unfinished(session: Session, account: Account, assessment_id: str) -> Assessment:
    """The assessment while it is being answered; a finished one sends the person to its
    result (its questions and review are closed)."""
    row = service.get(session, account, assessment_id)
    if row.completed_at is not None:
        raise Redirect(f"/selfassess/a/{row.id}")
    return row


@router.get("/selfassess/a/{assessment_id}/q/{number}", response_class=HTMLResponse)
def question(
    assessment_id: str,
    number: int,
    request: Request,
    session: Session = DB,
    caller: Caller = Depends(page_caller),
) -> Response:
    row = _unfinished(session, caller.account, assessment_id)
    ctx = _question(session, caller.account, row, number)
    return render(request, "selfassess/question.html", **ctx)


@router.post("/selfassess/a/{assessment_id}/q/{number}", response_class=HTMLResponse)
@page("selfassess/question.html")
def answer(
    assessment_id: str,
    number: int,
    request: Request,
    answer: list[str] = Form([]),
    session: Session = DB,
    caller: Caller = Depends(current_caller),
) -> Response:
    row = service.get(session, caller.account, assessment_id)
    refusal_context(  # shown again as the person left it
        request,
        lambda: {
            **_question(session, caller.account, row, number),
            "chosen": answer,
            "given": answer[0] if answer else None,
        },
    )
    at = service.step(row, number)
    if at.question is None:
        raise Problem("not_found")
    raw: Any = answer if at.question.type == "multi" else (answer[0] if answer else None)
    service.answer(session, caller.account, row.id, at.question.id, raw)
    if number >= at.total:
        return RedirectResponse(f"/selfassess/a/{row.id}/review", status_code=303)
    return RedirectResponse(f"/selfassess/a/{row.id}/q/{number + 1}", status_code=303)


def _review(session: Session, account: Account, row: Assessment) -> dict[str, Any]:
    name, is_self = _name_of(session, account, row)
    version = service.version_of(row)
    return {"row": row, "questions": list(enumerate(version.questions, 1)), "person_name": name,
            "self": is_self, "answers": row.answers}  # fmt: skip


@router.get("/selfassess/a/{assessment_id}/review", response_class=HTMLResponse)
def review(
    assessment_id: str,
    request: Request,
    session: Session = DB,
    caller: Caller = Depends(page_caller),
) -> Response:
    row = _unfinished(session, caller.account, assessment_id)
    return render(request, "selfassess/review.html", **_review(session, caller.account, row))


@router.post("/selfassess/a/{assessment_id}/review", response_class=HTMLResponse)
@page("selfassess/review.html", questions=[], answers={})
def submit(
    assessment_id: str,
    request: Request,
    session: Session = DB,
    caller: Caller = Depends(current_caller),
) -> Response:
    row = service.get(session, caller.account, assessment_id)
    refusal_context(request, lambda: _review(session, caller.account, row))
    service.complete(session, caller.account, row.id)
    return RedirectResponse(f"/selfassess/a/{row.id}", status_code=303)


def _result(request: Request, session: Session, account: Account, row: Assessment) -> Response:
    name, is_self = _name_of(session, account, row)
    status = STATUSES.get(row.outcome) if row.outcome else None
    return render(
        request, "selfassess/result.html", row=row, person_name=name, self=is_self, status=status
    )


# --- self-test -------------------------------------------------------------------------


def _selftest(session: Session, account: Account) -> dict[str, Any]:
    people = _people(session, account)
    names = {pid: name for pid, name, _s in people}
    registered = {
        pid: (p.state, p.district) for pid, (p, _r) in access.people_of(session, account).items()
    }
    return {
        "people": people,
        "names": names,
        "registered": registered,
        "brands": selftests.policy().brands,
        "results": selftests.RESULTS,
        "districts": geo.districts(),
        "history": selftests.tests_of(session, list(names)),
        "when": lambda at: clock.as_utc(at).astimezone(clock.MALAYSIA).strftime("%d/%m/%Y %H:%M"),
    }


@router.get("/selftest", response_class=HTMLResponse)
def selftest_form(
    request: Request,
    done: str = "",
    again: str = "",
    session: Session = DB,
    caller: Caller = Depends(page_caller),
) -> Response:
    ctx = _selftest(session, caller.account)
    sent = next((t for t in ctx["history"] if t.id == done), None)
    return render(request, "selfassess/selftest.html", sent=sent, again=again == "1", **ctx)


def _moment(raw: str) -> datetime | None:
    if not raw.strip():
        return None
    try:
        local = datetime.fromisoformat(raw.strip())
    except ValueError:
        raise Problem("selftest_time_invalid", field="tested_at") from None
    if local.tzinfo is None:
        local = local.replace(tzinfo=clock.MALAYSIA)
    return clock.as_utc(local)


@router.post("/selftest", response_class=HTMLResponse)
@page("selfassess/selftest.html", people=[], brands=(), results=(), history=[], sent=None)
def selftest_send(
    request: Request,
    person_id: str = Form(""),
    result: str = Form(""),
    brand: str = Form(""),
    tested_at: str = Form(""),
    place: str = Form(""),
    photo: UploadFile | None = File(None),
    session: Session = DB,
    caller: Caller = Depends(current_caller),
) -> Response:
    refusal_context(
        request,
        lambda: _selftest(session, caller.account),
        form={"person_id": person_id, "result": result, "brand": brand, "place": place},
        sent=None,
        again=False,
    )
    state, _, district = place.partition("/")
    data = photo.file.read(selftests.policy().photo_max_bytes + 1) if photo else b""
    reported = selftests.report(
        session,
        caller.account,
        person_id,
        result=result,
        brand=brand,
        tested_at=_moment(tested_at),
        photo=data or None,
        state=state,
        district=district,
    )
    again = "" if reported.created else "&again=1"
    return RedirectResponse(f"/selftest?done={reported.test.id}{again}", status_code=303)
