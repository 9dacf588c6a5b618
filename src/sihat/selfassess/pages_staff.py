"""The staff page of self-assessment: completion over 14 days as a chart (tasks due and done,
assessments started and completed) and self-test counts by result, for health officers (their
area) and auditors (national, counts only); the missed daily tasks of the officer's district,
with whom to call."""

from __future__ import annotations

from datetime import timedelta

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from sihat.cases import access as case_access
from sihat.core import clock, i18n
from sihat.core.web import DB, page, render
from sihat.identity import documents
from sihat.risk.statuses import STATUSES
from sihat.selfassess import metrics, tasks, words
from sihat.selfassess.models import Assessment, DailyTask
from sihat.staff import nav
from sihat.staff.deps import gate
from sihat.staff.models import StaffAccount
from sihat.staff.service import has_role

router = APIRouter(include_in_schema=False)
i18n.register(words.TEXT)


def allowed(session: Session, staff: StaffAccount) -> bool:
    return case_access.is_officer(staff) or has_role(staff, "AUDITOR")


COMPLETION = nav.link("/staff/selfassess", "sao.title", allowed, order=22)


@router.get("/staff/selfassess", response_class=HTMLResponse)
@page("selfassess/officer.html", figures=[], missed=[], tests=[], officer=False, top=1)
def completion(
    request: Request, session: Session = DB, staff: StaffAccount = gate(COMPLETION)
) -> Response:
    officer = case_access.is_officer(staff)
    if officer:
        figures = metrics.recent(
            session,
            assessments_in=case_access.area_of(staff, Assessment.state, Assessment.district),
            tasks_in=case_access.area_of(staff, DailyTask.state, DailyTask.district),
        )
        missed = tasks.officer_tasks(
            session,
            case_access.area_of(staff, DailyTask.state, DailyTask.district),
        )
        area = case_access.area_label(staff)
    else:
        figures, missed, area = metrics.recent(session), [], "*"
    today = clock.today_my()
    tests = metrics.self_tests_by_day(session, today - timedelta(days=13), today)
    top = max([d.tasks_due for d in figures] + [d.started for d in figures] + [1])
    return render(
        request,
        "selfassess/officer.html",
        figures=list(reversed(figures)),
        top=top,
        missed=missed,
        officer=officer,
        area=area,
        tests=sorted(tests.items(), reverse=True),
        statuses=STATUSES,
        mask=documents.mask,
    )
