"""Enforcement: a person under a home surveillance order who checks in raises exactly one
alert per offending check-in, however often the job runs; check-ins outside the order and
other people's raise none."""

from __future__ import annotations

from sqlalchemy import func, select

from sihat.core import clock
from sihat.orders import alerts, jobs, service
from sihat.orders.models import OrderAlert
from tests import factories
from tests.cases.conftest import premise, visit
from tests.orders.conftest import NOW, H, World


def count(session) -> int:
    return int(session.scalar(select(func.count()).select_from(OrderAlert)) or 0)


def test_two_check_ins_two_alerts_however_often_the_job_runs(
    session, db, world: World, order_keys
) -> None:
    shop = premise(session, factories.sign_up(session), "Kedai Dobi")
    pid = world.contact.id
    visit(session, shop, pid, NOW - 2 * H, person_id=pid)  # before the order: no alert
    with clock.frozen(NOW) as move:
        hso = service.issue_hso(
            session, world.crew["health_petaling"].account, world.case.id, pid, order_keys
        )
        visit(session, shop, pid, NOW + H, person_id=pid)
        visit(session, shop, pid, NOW + 3 * H, person_id=pid)
        visit(session, shop, world.stranger.id, NOW + H, person_id=world.stranger.id)
        move(4 * H)
        assert alerts.scan(session) == 2
        assert alerts.scan(session) == 0
        session.flush()
        assert jobs.enforce(db) == 0
        assert count(session) == 2
        rows = list(session.scalars(select(OrderAlert)))
        assert {r.order_id for r in rows} == {hso.id}
        assert {(r.state, r.district) for r in rows} == {("Selangor", "Petaling")}


def test_check_ins_after_the_release_raise_nothing(session, world: World, order_keys) -> None:
    shop = premise(session, factories.sign_up(session), "Kedai Kopi")
    pid = world.contact.id
    officer = world.crew["health_petaling"].account
    with clock.frozen(NOW) as move:
        hso = service.issue_hso(session, officer, world.case.id, pid, order_keys)
        visit(session, shop, pid, NOW + H, person_id=pid)
        move(2 * H)
        service.release(session, officer, hso, order_keys)
        visit(session, shop, pid, NOW + 3 * H, person_id=pid)
        move(2 * H)
        assert alerts.scan(session) == 1
