"""A self-assessment for oneself or a dependent: started once a day, answered question by
question, completed into the MyRisk engine with the reason; refusals leave nothing changed."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from sihat.core.errors import Problem
from sihat.risk import service as risk
from sihat.selfassess import service
from sihat.selfassess.models import Assessment
from tests import factories
from tests.selfassess.conftest import family

SICK = {"symptoms": ["fever", "breathless"], "temperature": "38.4", "contact": "no", "travel": "no"}
WELL = {"symptoms": ["none"], "temperature": "", "contact": "no", "travel": "no"}


def answer_all(session, account, row, answers) -> None:
    for question, raw in answers.items():
        service.answer(session, account, row.id, question, raw)


def test_symptoms_make_the_person_suspected_through_myrisk(session) -> None:
    f = family(session)
    row = service.start(session, f.account, f.person.id)
    assert service.start(session, f.account, f.person.id) is row  # once a day
    answer_all(session, f.account, row, SICK)
    done = service.complete(session, f.account, row.id)
    assert (done.score, done.outcome) == (12, "SUSPECTED")
    shown = risk.current(session, f.person.id)
    assert (shown.status, shown.reason, shown.source) == (
        "SUSPECTED",
        "symptoms_reported",
        "ASSESSMENT",
    )
    assert done.risk_status_id is not None
    assert (done.state, done.district) == ("Selangor", "Petaling")


def test_a_guardian_answers_for_a_dependent(session) -> None:
    f = family(session)
    row = service.start(session, f.account, f.kid.id)
    answer_all(session, f.account, row, {**WELL, "contact": "yes"})
    service.complete(session, f.account, row.id)
    assert (row.person_id, row.account_id) == (f.kid.id, f.account.id)
    assert risk.current(session, f.kid.id).status == "PERSON_UNDER_SURVEILLANCE"
    assert risk.current(session, f.kid.id).reason == "close_contact"
    assert risk.current(session, f.person.id).status == "LOW_RISK"


def test_no_risk_gives_no_status(session) -> None:
    f = family(session)
    row = service.start(session, f.account, f.person.id)
    answer_all(session, f.account, row, WELL)
    service.complete(session, f.account, row.id)
    assert (row.outcome, row.score) == (None, 0)
    assert risk.history(session, f.person.id) == []


def test_nobody_else_sees_or_answers_it(session) -> None:
    f = family(session)
    row = service.start(session, f.account, f.person.id)
    stranger = factories.sign_up(session)
    for call in (
        lambda: service.start(session, stranger, f.person.id),
        lambda: service.get(session, stranger, row.id),
        lambda: service.answer(session, stranger, row.id, "contact", "yes"),
    ):
        with pytest.raises(Problem) as refused:
            call()
        assert refused.value.code == "not_found"
    assert row.answers == {}


def test_incomplete_or_repeated_completion_is_refused(session) -> None:
    f = family(session)
    row = service.start(session, f.account, f.person.id)
    service.answer(session, f.account, row.id, "contact", "yes")
    with pytest.raises(Problem) as refused:
        service.complete(session, f.account, row.id)
    assert refused.value.code == "selfassess_unanswered"
    assert row.completed_at is None and risk.history(session, f.person.id) == []
    answer_all(session, f.account, row, WELL)
    service.complete(session, f.account, row.id)
    for call in (
        lambda: service.complete(session, f.account, row.id),
        lambda: service.answer(session, f.account, row.id, "contact", "yes"),
    ):
        with pytest.raises(Problem) as again:
            call()
        assert again.value.code == "selfassess_already_done"
    assert row.answers["contact"] == "no"
    count = select(func.count()).select_from(Assessment)
    assert session.scalar(count.where(Assessment.person_id == f.person.id)) == 1


def test_steps_walk_the_questions_in_the_files_order(session) -> None:
    f = family(session)
    row = service.start(session, f.account, f.person.id)
    first = service.step(row)
    assert first.question is not None
    assert (first.question.id, first.number, first.total) == ("symptoms", 1, 4)
    service.answer(session, f.account, row.id, "symptoms", ["cough"])
    service.answer(session, f.account, row.id, "temperature", "")  # skipped, still answered
    assert getattr(service.step(row).question, "id", None) == "contact"
    answer_all(session, f.account, row, {"contact": "no", "travel": "no"})
    assert service.step(row).question is None
