"""The centre pages in headless Chromium: the daily tasks of a supervisor (stock received,
transferred, discarded; a late entry and a voided dose approved) and of a registration desk
(today's queue, no dose form, no 403); a hotline operator registers a caller."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from sihat.registration.models import Registration
from sihat.staff.models import StaffAccount
from sihat.vaccination import doses
from sihat.vaccination.models import Amendment, LateEntry, StockMovement
from tests import factories
from tests.staff.portal import build_portal, login
from tests.vaccination.conftest import (  # noqa: F401  (moved: the clock fixture)
    PFIZER,
    an_hour_ago,
    moved,
    quantity,
    recipient,
)

pytestmark = pytest.mark.browser


def test_supervisor_keeps_stock_and_approves(page, live, moved, browser) -> None:
    with live.database.unit_of_work() as s:
        world = build_portal(s)
        pfizer = world.pfizer_a
    moved(timedelta(days=60))
    with live.database.unit_of_work() as s:
        person = recipient(s).person_id
        dose, _ = doses.record(
            s,
            s.get(StaffAccount, world.account("vaccinator_a").id),
            doses.DoseInput(person, 1, PFIZER, pfizer.id, "PPV-A", an_hour_ago()),
        )
    login(page, world.staff["supervisor_a"], lang="en")
    page.click("#staff-nav a[href='/ppv']")
    page.click("#my-centres a[href='/ppv/PPV-A/stock']")
    before = int(page.inner_text(f"tr[data-batch='{pfizer.id}'] .left"))
    page.select_option("#receive-batch", pfizer.id)
    page.fill("#receive-quantity", "20")
    page.click("#receive-form button")
    page.wait_for_selector("#stock-moves tr[data-kind=RECEIVED]")
    page.select_option("#transfer-batch", pfizer.id)
    page.select_option("#transfer-target", "PPV-B")
    page.fill("#transfer-quantity", "5")
    page.click("#transfer-form button")
    page.select_option("#discard-batch", pfizer.id)
    page.fill("#discard-quantity", "2")
    page.fill("#discard-reason", "Vial dropped on the floor")
    page.click("#discard-form button")
    row = page.wait_for_selector("#stock-moves tr[data-kind=DISCARDED]")
    assert "Discarded" in row.inner_text() and "Supervisor_A (supervisor.a)" in row.inner_text()
    assert int(page.inner_text(f"tr[data-batch='{pfizer.id}'] .left")) == before + 20 - 5 - 2
    # More than the centre holds: refused in both languages, nothing written.
    page.select_option("#discard-batch", pfizer.id)
    page.fill("#discard-quantity", "100000")
    page.fill("#discard-reason", "Cold chain broken")
    page.click("#discard-form button")
    assert page.wait_for_selector(".problem").get_attribute("data-code") == "out_of_stock"
    with live.database.unit_of_work() as s:
        assert quantity(s, "PPV-A", pfizer) == before + 13
        kinds = s.scalars(select(StockMovement.kind).where(StockMovement.ppv_code == "PPV-A"))
        assert list(kinds).count("DISCARDED") == 1

    # A vaccinator records doses but keeps no stock; the supervisor approves its late entry.
    other = browser.new_context(base_url=live.url)
    vaccinator = other.new_page()
    login(vaccinator, world.staff["vaccinator_a"], lang="en")
    vaccinator.goto("/ppv/PPV-A")
    assert vaccinator.query_selector("#dose-form") is not None
    assert vaccinator.query_selector("#stock-forms") is None
    vaccinator.click("#approvals-link")
    vaccinator.select_option("#dose_id", dose.id)
    vaccinator.fill("#amend-reason", "Recorded for the wrong person at the desk")
    vaccinator.click("#amend-form button")
    vaccinator.wait_for_selector("#amendments tr[data-status=PENDING]")
    assert vaccinator.query_selector("#amendments button.approve") is None  # not their own
    other.close()

    page.goto("/ppv/PPV-A/approvals")
    late = page.wait_for_selector("#late-entries tr[data-approved=false]")
    assert "Vaccinator_A (vaccinator.a)" in late.inner_text()
    late.query_selector("button.approve").click()
    page.wait_for_selector("#late-entries tr[data-approved=true]")
    with live.database.unit_of_work() as s:
        entry = s.scalars(select(LateEntry)).one()
        assert entry.approved_by == world.account("supervisor_a").id
    page.click("#amendments button.approve")
    page.wait_for_selector("#amendments tr[data-status=APPROVED]")
    with live.database.unit_of_work() as s:
        amendment = s.scalars(select(Amendment)).one()
        assert (amendment.kind, amendment.decided_by) == ("VOID", world.account("supervisor_a").id)


def test_registration_desk_sees_the_queue_without_a_403(page, live, moved) -> None:
    with live.database.unit_of_work() as s:
        world = build_portal(s)
    moved(timedelta(days=60))
    login(page, world.staff["desk_a"], lang="en")
    page.click("#staff-nav a[href='/ppv']")
    page.click("#my-centres a[href='/ppv/PPV-A']")
    assert "Registration desk" in page.inner_text("#ppv-roles")
    assert page.query_selector("#dose-form") is None
    assert "Only vaccinators record doses" in page.inner_text("#not-vaccinator")
    # The desk's daily task: a walk-in registered and put in today's queue.
    walker = factories.adult()
    page.fill("#walkin-id_number", walker.id_number)
    page.fill("#walkin-full_name", walker.full_name)
    page.fill("#walkin-dob", walker.date_of_birth.isoformat())
    page.select_option("#walkin-sex", walker.sex)
    page.click("#walkin-form button")
    page.wait_for_url("**/ppv/PPV-A#queue")
    assert walker.full_name in page.inner_text("#queue")
    assert "Walk-in" in page.inner_text("#queue")
    page.click("#stock-link")
    assert page.query_selector("#stock-levels") is not None
    assert page.query_selector("#stock-forms") is None
    # A centre where the desk does not work: the refusal says so, not "no centre assignment".
    response = page.goto("/ppv/PPV-B")
    assert response is not None and response.status == 403
    assert page.get_attribute(".problem", "data-code") == "not_working_here"


def test_hotline_operator_registers_a_caller(page, live) -> None:
    with live.database.unit_of_work() as s:
        people = factories.staff_personas(s)
    caller = factories.adult()
    login(page, people["hotline"], lang="en")
    page.click("#staff-nav a[href='/staff/registrations']")
    for expected in ("true", "false"):
        page.fill("#id_number", caller.id_number)
        page.fill("#full_name", caller.full_name)
        page.fill("#phone", caller.phone)
        page.select_option("#state", caller.state)
        page.click("#hotline-form button")
        result = page.wait_for_selector("#registration-result")
        assert result.get_attribute("data-created") == expected
    with live.database.unit_of_work() as s:
        channels = s.scalars(select(Registration.channel)).all()
        assert channels == ["HOTLINE"]
