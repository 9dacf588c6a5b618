"""Correcting a dose in headless Chromium: a vaccinator asks (the wrong date) from the
centre's list of doses, a supervisor approves on the approvals page, the certificate is issued
again; both pages fit 390 px and 1280 px and have no serious or critical accessibility
violation; a registration desk neither sees the page nor opens it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from sqlalchemy import select

from sihat.certificates import records
from sihat.certificates.models import Certificate
from sihat.core import clock
from sihat.staff.models import StaffAccount
from sihat.vaccination import doses
from sihat.vaccination.models import Amendment
from tests.staff.portal import build_portal, login
from tests.vaccination.conftest import (  # noqa: F401  (moved: the clock fixture)
    PFIZER,
    an_hour_ago,
    moved,
    recipient,
)

pytestmark = pytest.mark.browser


def _fits_and_passes_axe(page, where: str) -> list[str]:
    problems = []
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        extra = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        if extra > 0:
            problems.append(f"{where} scrolls sideways by {extra}px at {width}px")
        for v in Axe().run(page).response["violations"]:
            if v["impact"] in ("serious", "critical"):
                problems.append(f"{where} at {width}px: axe {v['id']} {v['help']}")
    return problems


def test_a_vaccinator_corrects_a_dose_and_a_supervisor_approves(page, live, moved, browser):
    with live.database.unit_of_work() as s:
        world = build_portal(s)
    moved(timedelta(days=60))
    with live.database.unit_of_work() as s:
        person = recipient(s)
        name = person.person.full_name
        dose, _ = doses.record(
            s,
            s.get(StaffAccount, world.account("vaccinator_a").id),
            doses.DoseInput(person.person_id, 1, PFIZER, world.pfizer_a.id, "PPV-A", an_hour_ago()),
        )
        dose_id, given = dose.id, dose.administered_at
        old_code = records.valid_certificates(s, dose_id)[0].code
    problems: list[str] = []

    login(page, world.staff["vaccinator_a"], lang="en")
    page.click("#staff-nav a[href='/ppv']")
    page.click("#my-centres a[href='/ppv/PPV-A/corrections']")
    row = page.wait_for_selector(f"#doses tr[data-dose='{dose_id}']")
    assert name in row.inner_text() and "Comirnaty" in row.inner_text()
    problems += _fits_and_passes_axe(page, "the list of doses")
    row.query_selector("a.correct").click()
    page.wait_for_selector("#correct-form")
    assert name in page.inner_text("#as-recorded")
    problems += _fits_and_passes_axe(page, "the correction form")
    # Nothing changed: refused in both languages, the form still there.
    page.fill("#reason", "Entered the next morning with the wrong date")
    page.click("#correct-form button")
    refused = page.wait_for_selector(".problem")
    assert refused.get_attribute("data-code") == "correction_unchanged"
    assert "changes nothing" in refused.inner_text() and "tidak mengubah" in refused.inner_text()
    assert page.input_value("#reason") == "Entered the next morning with the wrong date"
    # The day before, same time: sent for approval, the change shown as a person reads it.
    day_before = (given - timedelta(days=1)).astimezone(clock.MALAYSIA)
    page.fill("#administered_at", day_before.strftime("%Y-%m-%dT%H:%M"))
    page.click("#correct-form button")
    pending = page.wait_for_selector("#amendments tr[data-status=PENDING]")
    change = pending.query_selector(".change[data-field=administered_at]").inner_text()
    assert day_before.strftime("%Y-%m-%d %H:%M") in change and "Given at" in change
    assert pending.query_selector("button.approve") is None  # not their own request
    page.goto("/ppv/PPV-A/corrections")
    assert "Amendment waiting for approval" in page.inner_text(f"tr[data-dose='{dose_id}']")

    other = browser.new_context(base_url=live.url)
    supervisor = other.new_page()
    login(supervisor, world.staff["supervisor_a"], lang="ms")
    supervisor.goto("/ppv/PPV-A/approvals")
    row = supervisor.wait_for_selector("#amendments tr[data-status=PENDING]")
    assert "Pembetulan" in row.inner_text() and "Masa pemberian" in row.inner_text()
    row.query_selector("button.approve").click()
    supervisor.wait_for_selector("#amendments tr[data-status=APPROVED]")
    other.close()

    with live.database.unit_of_work() as s:
        amendment = s.scalars(select(Amendment)).one()
        assert (
            amendment.kind == "CORRECT" and amendment.decided_by == world.account("supervisor_a").id
        )
        old = s.scalars(select(Certificate).where(Certificate.code == old_code)).one()
        fresh = records.valid_certificates(s, amendment.replacement_id)
        assert old.status == "REVOKED" and [c.id for c in fresh] == [old.replaced_by]
    assert not problems, problems


def test_a_registration_desk_neither_sees_nor_opens_it(page, live, moved) -> None:
    with live.database.unit_of_work() as s:
        world = build_portal(s)
    moved(timedelta(days=60))
    login(page, world.staff["desk_a"], lang="en")
    page.goto("/ppv")
    assert page.query_selector("a[href='/ppv/PPV-A/corrections']") is None
    response = page.goto("/ppv/PPV-A/corrections")
    assert response is not None and response.status == 403
    assert page.get_attribute(".problem", "data-code") == "vaccinator_not_assigned"
