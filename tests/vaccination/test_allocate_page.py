"""The administrator's allocation page in headless Chromium: the free places of the chosen day
per centre and vaccine, one button offers them to the waiting registrants (priority and
nearness as the service decides), the row shows them booked; the page fits 390 px and 1280 px
with no serious or critical accessibility violation; a past day shows no button and the API
refuses it; a registration desk neither sees the page in its menu nor opens it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from sqlalchemy import func, select

from sihat.core import clock
from sihat.registration import service as registration
from sihat.vaccination import centres
from sihat.vaccination.models import Appointment
from tests import factories
from tests.staff.portal import build_portal, login
from tests.vaccination.conftest import PFIZER, staff_headers

pytestmark = pytest.mark.browser


def _waiting(session, count: int) -> None:
    for _ in range(count):
        account = factories.sign_up(session, factories.adult())
        registration.register_self(
            session, account, registration.Facts(state="Selangor", district="Petaling")
        )


def _problems(page) -> list[str]:
    found = []
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        extra = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        if extra > 0:
            found.append(f"scrolls sideways by {extra}px at {width}px")
        for v in Axe().run(page).response["violations"]:
            if v["impact"] in ("serious", "critical"):
                found.append(f"at {width}px: axe {v['id']} {v['help']}")
    return found


def test_an_administrator_offers_a_days_free_places(page, live, browser) -> None:
    with live.database.unit_of_work() as s:
        world = build_portal(s)
        centres.set_capacity(s, world.account("admin"), "PPV-A", PFIZER, 2)
        _waiting(s, 3)
    tomorrow = clock.today_my() + timedelta(days=1)

    login(page, world.staff["admin"], lang="en")
    page.click("#staff-nav a[href='/staff/appointments/allocate']")
    row = page.locator(f"#allocation-list li[data-centre='PPV-A'][data-product='{PFIZER}']")
    assert row.locator(".free").inner_text() == "2"
    assert page.input_value("#day") == tomorrow.isoformat()
    assert _problems(page) == []
    row.locator("button[type=submit]").click()
    result = page.wait_for_selector("#allocation-result")
    assert result.get_attribute("data-offered") == "2"
    assert "2 places offered at PPV-A" in result.inner_text()
    assert row.locator(".free").inner_text() == "0"
    assert row.locator("button").count() == 0
    with live.database.unit_of_work() as s:
        offered = s.scalar(
            select(func.count())
            .select_from(Appointment)
            .where(Appointment.day == tomorrow, Appointment.status == "OFFERED")
        )
    assert offered == 2

    # A day that has passed: the rows are shown, with nothing to press.
    yesterday = clock.today_my() - timedelta(days=1)
    page.goto(f"/staff/appointments/allocate?day={yesterday.isoformat()}")
    assert page.locator("#allocation-list button").count() == 0

    desk = browser.new_context(base_url=live.url).new_page()
    login(desk, world.staff["desk_a"], lang="en")
    assert desk.locator("#staff-nav a[href='/staff/appointments/allocate']").count() == 0
    refused = desk.goto("/staff/appointments/allocate")
    assert refused is not None and refused.status == 403


def test_the_api_refuses_a_day_that_has_passed(client, session) -> None:
    world = build_portal(session)
    session.commit()
    yesterday = clock.today_my() - timedelta(days=1)
    refused = client.post(
        "/api/v1/vaccination/appointments/allocate",
        json={"ppv_code": "PPV-A", "product": PFIZER, "day": yesterday.isoformat()},
        headers=staff_headers(client, world.staff["admin"]),
    )
    assert refused.status_code == 422
    body = refused.json()
    assert body["code"] == "allocation_day_past"
    assert "passed" in body["detail"] and "berlalu" in body["detail_ms"]
