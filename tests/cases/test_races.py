"""Concurrent writers on both databases: the same specimen recorded at the same moment makes one
case; different specimens get distinct case numbers."""

from __future__ import annotations

import threading

from sqlalchemy import select

from sihat.cases import service
from sihat.cases.models import Case
from sihat.core.errors import Problem
from sihat.staff.models import StaffAccount
from tests import factories
from tests.cases.conftest import person_of, result


def test_simultaneous_results_make_one_case_per_specimen(fresh_database) -> None:
    with fresh_database.unit_of_work() as s:
        people = factories.health_officers(s, factories.staff_personas(s))
        officer_id = people["health_petaling"].account.id
        person = person_of(s, factories.sign_up(s))
        labs = [result(person, specimen_id=spec) for spec in ("R-1", "R-1", "R-2", "R-3")]
    barrier = threading.Barrier(len(labs))
    outcomes: list[tuple[str, bool | str]] = []

    def record(lab: service.LabResult) -> None:
        barrier.wait()
        try:
            with fresh_database.unit_of_work() as s:
                made = service.record_result(s, s.get(StaffAccount, officer_id), lab, channel="API")
                outcomes.append((lab.specimen_id, made.created))
        except Problem as problem:
            outcomes.append((lab.specimen_id, problem.code))

    threads = [threading.Thread(target=record, args=(lab,)) for lab in labs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes, key=str) == sorted(
        [("R-1", True), ("R-1", False), ("R-2", True), ("R-3", True)], key=str
    )
    with fresh_database.unit_of_work() as s:
        rows = s.execute(select(Case.specimen_id, Case.case_no)).all()
    assert sorted(r.specimen_id for r in rows) == ["R-1", "R-2", "R-3"]
    assert len({r.case_no for r in rows}) == 3
