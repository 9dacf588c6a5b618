"""The staff page of self-assessment: completion over 14 days as a chart (tasks due and done,
assessments started and completed) and self-test counts by result, for health officers (their
area) and auditors (national, counts only); the missed daily tasks of the officer's district,
with whom to call."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

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
from sihat.staff import dashboard, nav
from sihat.staff.deps import gate
from sihat.staff.models import StaffAccount
from sihat.staff.service import has_role

router = APIRouter(include_in_schema=False)
i18n.register(words.TEXT)


def allowed(session: Session, staff: StaffAccount) -> bool:
    return case_access.is_officer(staff) or has_role(staff, "AUDITOR")


COMPLETION = nav.link("/staff/selfassess", "sao.title", allowed, order=22)


def _figures(session: Session, staff: StaffAccount, days: int = 14) -> list[metrics.Day]:
    """Completion in the officer's area (national for an auditor), newest day first."""
    if not case_access.is_officer(staff):
        return list(reversed(metrics.recent(session, days)))
    return list(
        reversed(
            metrics.recent(
                session,
                days,
                assessments_in=case_access.area_of(staff, Assessment.state, Assessment.district),
                tasks_in=case_access.area_of(staff, DailyTask.state, DailyTask.district),
            )
        )
    )


def _panel(session: Session, staff: StaffAccount) -> dict[str, Any]:
    figures = _figures(session, staff, days=7)
    due = sum(d.tasks_due for d in figures)
    done = sum(d.tasks_done for d in figures)
    return {
        "figures": figures,
        "top": max([d.tasks_due for d in figures] + [1]),
        "rate": round(100.0 * done / due, 1) if due else None,
        "due": due,
        "done": done,
    }


dashboard.panel("selfassess/panel.html", allowed, _panel, order=20)


@router.get("/staff/selfassess", response_class=HTMLResponse)
@page("selfassess/officer.html", figures=[], missed=[], tests=[], officer=False, top=1)
def completion(
    request: Request, session: Session = DB, staff: StaffAccount = gate(COMPLETION)
) -> Response:
    officer = case_access.is_officer(staff)
    figures = _figures(session, staff)
    missed = (
        tasks.officer_tasks(
            session, case_access.area_of(staff, DailyTask.state, DailyTask.district)
        )
        if officer
        else []
    )
    area = case_access.area_label(staff) if officer else "*"
    today = clock.today_my()
    tests = metrics.self_tests_by_day(session, today - timedelta(days=13), today)
    top = max([d.tasks_due for d in figures] + [d.started for d in figures] + [1])
    return render(
        request,
        "selfassess/officer.html",
        figures=figures,
        top=top,
        missed=missed,
        officer=officer,
        area=area,
        tests=sorted(tests.items(), reverse=True),
        statuses=STATUSES,
        mask=documents.mask,
    )
