"""Issuing and ending orders: the MyRisk status and the door, the district scope, the
refusals, the automatic release when an order runs its course."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from sihat.core import clock
from sihat.core.errors import Problem
from sihat.notifications.service import inbox, messages_to
from sihat.orders import document, keys, service
from sihat.orders.models import Order
from sihat.risk import door
from sihat.risk import service as risk
from sihat.risk.statuses import HOME_SURVEILLANCE_ORDER, LOW_RISK
from tests.orders.conftest import NOW, H, World


def test_hso_gives_the_status_a_red_door_and_a_notice(session, world: World, order_keys) -> None:
    with clock.frozen(NOW):
        order = service.issue_hso(
            session,
            world.crew["health_petaling"].account,
            world.case.id,
            world.contact.id,
            order_keys,
        )
        shown = risk.current(session, world.contact.id)
        assert shown.status == HOME_SURVEILLANCE_ORDER and shown.source == "ORDER"
        assert shown.until == order.valid_until == NOW + 10 * 24 * H
        assert door.door_status(session, [world.contact.id]) == {world.contact.id: "high_risk"}
    assert (order.kind, order.status, order.state, order.district) == (
        "HSO",
        "ACTIVE",
        "Selangor",
        "Petaling",
    )
    texts = [m.body for m in messages_to(session, world.contact_account.phone)]
    assert any("Perintah pengawasan di rumah" in t for t in texts)  # Malay by default
    inboxed = [m.body_en for m in inbox(session, world.contact_account.phone)]
    assert any("Home surveillance order" in t for t in inboxed)  # the inbox has both
    payload = document.verify(order.document, keys.public_keys(order_keys)).payload
    assert payload["no"] == order.order_no and payload["kind"] == "HSO"
    assert world.contact.full_name not in order.document
    assert payload["id"].endswith(world.contact.id_number[-4:]) and "*" in payload["id"]


def test_the_case_person_may_be_ordered_too(session, world: World, order_keys) -> None:
    with clock.frozen(NOW):
        service.issue_hso(
            session,
            world.crew["health_national"].account,
            world.case.id,
            world.person.id,
            order_keys,
        )
        assert risk.current(session, world.person.id).status == HOME_SURVEILLANCE_ORDER


def test_release_order_ends_the_status(session, world: World, order_keys) -> None:
    officer = world.crew["health_petaling"].account
    with clock.frozen(NOW) as move:
        hso = service.issue_hso(session, officer, world.case.id, world.contact.id, order_keys)
        move(2 * 24 * H)
        ro = service.release(session, officer, hso, order_keys)
        assert risk.current(session, world.contact.id).status == LOW_RISK
        assert door.door_status(session, [world.contact.id]) == {}
        assert (hso.status, ro.kind, ro.ends_order_id) == ("RELEASED", "RO", hso.id)
        verified = document.verify(ro.document, keys.public_keys(order_keys), at=clock.now())
        assert verified.payload["ref"] == hso.order_no and verified.payload["until"] is None
        with pytest.raises(Problem) as refused:
            service.release(session, officer, hso, order_keys)
        assert refused.value.code == "order_not_active"


def test_an_order_that_runs_its_course_is_released_automatically(
    session, world: World, order_keys
) -> None:
    with clock.frozen(NOW) as move:
        hso = service.issue_hso(
            session,
            world.crew["health_petaling"].account,
            world.case.id,
            world.contact.id,
            order_keys,
        )
        move(11 * 24 * H)
        with pytest.raises(document.Refused) as expired:
            document.verify(hso.document, keys.public_keys(order_keys), at=clock.now())
        assert expired.value.reason == "expired"
        assert service.release_expired(session, order_keys) == 1
        assert service.release_expired(session, order_keys) == 0
    ro = session.scalar(select(Order).where(Order.ends_order_id == hso.id))
    assert ro is not None and ro.issued_by is None and hso.status == "COMPLETED"


def test_officer_outside_the_district_gets_not_found(session, world: World, order_keys) -> None:
    klang = world.crew["health_klang"].account
    with clock.frozen(NOW):
        with pytest.raises(Problem) as refused:
            service.issue_hso(session, klang, world.case.id, world.contact.id, order_keys)
        assert refused.value.code == "not_found"
        hso = service.issue_hso(
            session,
            world.crew["health_petaling"].account,
            world.case.id,
            world.contact.id,
            order_keys,
        )
        with pytest.raises(Problem) as hidden:
            service.release_by_officer(session, klang, hso.id, order_keys)
        assert hidden.value.code == "not_found"
        with pytest.raises(Problem) as forbidden:
            service.release_by_officer(
                session, world.crew["vaccinator_a"].account, hso.id, order_keys
            )
        assert forbidden.value.code == "forbidden"


def test_only_the_case_person_or_a_close_contact_and_once(
    session, world: World, order_keys
) -> None:
    officer = world.crew["health_petaling"].account
    with clock.frozen(NOW):
        with pytest.raises(Problem) as stranger:
            service.issue_hso(session, officer, world.case.id, world.stranger.id, order_keys)
        assert stranger.value.code == "order_not_a_contact"
        service.issue_hso(session, officer, world.case.id, world.contact.id, order_keys)
        with pytest.raises(Problem) as again:
            service.issue_hso(session, officer, world.case.id, world.contact.id, order_keys)
        assert again.value.code == "order_already_active"
