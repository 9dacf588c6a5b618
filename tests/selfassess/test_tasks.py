"""Daily tasks under a frozen clock, as the scheduler runs the job: created for people under
watch (idempotent), reminded once after the file's remind_at through the outbox (bilingual,
naming no case; a dependent's to the guardian), done when the assessment is completed, missed
once the day is over; a district officer sees the missed tasks of their district only."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from sihat.cases import access as case_access
from sihat.core import clock, scheduler
from sihat.identity.models import Account
from sihat.notifications.models import InboxMessage
from sihat.notifications.service import messages_to
from sihat.selfassess import service, tasks
from sihat.selfassess.models import DailyTask
from tests import factories
from tests.selfassess.conftest import at_my, family, watched
from tests.selfassess.test_assessment import WELL, answer_all


def states(session) -> dict[str, str]:
    return {t.person_id: t.status for t in session.scalars(select(DailyTask))}


def test_created_reminded_completed_and_missed(db) -> None:
    assert scheduler.JOBS["selfassess-tasks"] is tasks.run
    with clock.frozen(at_my(8)) as advance:
        with db.unit_of_work() as s:
            a, b = family(s), family(s, district="Klang")
            watched(s, a.person.id, "PERSON_UNDER_SURVEILLANCE", "symptoms_reported")
            watched(s, a.kid.id, "CASUAL_CONTACT", "casual_contact")
            watched(s, b.person.id, "CLOSE_CONTACT", "close_contact")
            watched(s, b.kid.id, "SUSPECTED", "symptoms_reported")  # not a watched status
            phone_a, phone_b = a.account.phone, b.account.phone
            ids = {"a": a.person.id, "kid": a.kid.id, "b": b.person.id, "b_kid": b.kid.id}
            crew = factories.health_officers(s, factories.staff_personas(s))
        assert tasks.run(db) == {"missed": 0, "created": 3, "reminded": 0}  # before 10:00
        assert tasks.run(db) == {"missed": 0, "created": 0, "reminded": 0}
        with db.unit_of_work() as s:
            assert states(s) == {ids["a"]: "DUE", ids["kid"]: "DUE", ids["b"]: "DUE"}

        advance(timedelta(hours=2, minutes=30))  # 10:30
        assert tasks.run(db)["reminded"] == 3
        assert tasks.run(db)["reminded"] == 0  # once
        with db.unit_of_work() as s:
            to_a = sorted(m.template for m in messages_to(s, phone_a) if "selfassess" in m.template)
            assert to_a == ["selfassess_task", "selfassess_task_dependent"]
            assert [m.template for m in messages_to(s, phone_b) if "selfassess" in m.template] == [
                "selfassess_task"
            ]
            inbox = list(
                s.scalars(select(InboxMessage).where(InboxMessage.template.like("selfassess%")))
            )
            assert inbox and all("penilaian kendiri" in m.body_ms for m in inbox)
            assert all("self-assessment" in m.body_en for m in inbox)
            assert all("KES-" not in m.body_en + m.body_ms for m in inbox)  # names no case

            account = s.get(Account, a.account.id)
            row = service.start(s, account, ids["a"])
            answer_all(s, account, row, WELL)
            service.complete(s, account, row.id)
        with db.unit_of_work() as s:
            assert states(s)[ids["a"]] == "DONE"

        advance(timedelta(days=1))  # the next morning
        out = tasks.run(db)
        assert out["missed"] == 2 and out["created"] == 3
        with db.unit_of_work() as s:
            yesterday = clock.today_my() - timedelta(days=1)
            old = {
                t.person_id: t.status
                for t in s.scalars(select(DailyTask).where(DailyTask.day == yesterday))
            }
            assert old == {ids["a"]: "DONE", ids["kid"]: "MISSED", ids["b"]: "MISSED"}

            def seen(officer: str) -> set[str]:
                area = case_access.area_of(
                    crew[officer].account, DailyTask.state, DailyTask.district
                )
                return {p.id for _t, p in tasks.officer_tasks(s, area)}

            assert seen("health_petaling") == {ids["kid"]}
            assert seen("health_klang") == {ids["b"]}
            assert seen("health_national") == {ids["kid"], ids["b"]}
        assert tasks.run(db)["missed"] == 0


def test_a_task_set_after_todays_assessment_is_done_at_once(db) -> None:
    with clock.frozen(at_my(7)) as advance:
        with db.unit_of_work() as s:
            f = family(s)
            row = service.start(s, f.account, f.person.id)
            answer_all(s, f.account, row, {**WELL, "contact": "yes"})  # -> PUS
            service.complete(s, f.account, row.id)
        advance(timedelta(hours=1))
        assert tasks.run(db)["created"] == 1
        with db.unit_of_work() as s:
            assert states(s) == {f.person.id: "DONE"}
