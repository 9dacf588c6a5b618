"""One person's whole journey across both sides, in headless Chromium against the running
app: a member of the public signs up (the demo code on screen), registers for vaccination,
is offered an appointment (an administrator offers the day's places on the allocation page)
and accepts it; a vaccinator logs in with the authenticator code and records the dose from
the centre's queue; the citizen's certificate (its QR image, as the app serves it) verifies
on the site's verifier; the citizen adds a child and checks in with the child at a shop's
door. Nothing is mocked: each step is a page a person would use."""

from __future__ import annotations

from datetime import timedelta

import pytest

from sihat.checkins import qr
from sihat.core import clock
from sihat.vaccination import centres
from tests import factories
from tests.checkins.conftest import premise
from tests.public.conftest import log_in
from tests.staff.portal import login as staff_login
from tests.vaccination.conftest import PFIZER, build_world

pytestmark = pytest.mark.browser


def _sign_up(page, p: factories.SyntheticPerson) -> None:
    page.goto("/signup?lang=en")
    page.fill("#phone", p.phone)
    page.click("button[type=submit]")
    code = page.wait_for_selector("#demo-code").inner_text().rsplit(" ", 1)[1].rstrip(".")
    page.fill("#code", code)
    page.fill("#id_number", p.id_number)
    page.fill("#full_name", p.full_name)
    page.fill("#date_of_birth", p.date_of_birth.isoformat())
    page.select_option("#sex", p.sex)
    page.fill("#password", factories.PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/login?done=1")


def _allocate_today(browser, base: str, admin: factories.StaffPersona) -> None:
    """The administrator offers today's places at PPV-A on the allocation page."""
    office = browser.new_context(base_url=base)
    page = office.new_page()
    staff_login(page, admin, lang="en")
    page.click("#staff-nav a[href='/staff/appointments/allocate']")
    page.fill("#day", clock.today_my().isoformat())
    page.click("#day-form button[type=submit]")
    row = page.locator(f"#allocation-list li[data-centre='PPV-A'][data-product='{PFIZER}']")
    row.locator("button[type=submit]").click()
    assert page.wait_for_selector("#allocation-result").get_attribute("data-offered") == "1"
    office.close()


def test_sign_up_to_a_check_in_with_a_child(page, live, moved, browser, tmp_path) -> None:
    with live.database.unit_of_work() as s:
        world = build_world(s)
        centres.set_capacity(s, world.account("admin"), "PPV-A", PFIZER, 50)
    moved(timedelta(days=60))
    with live.database.unit_of_work() as s:
        shop = premise(s, factories.sign_up(s, factories.adult()), "Kedai Runcit Maju")
        door = qr.sign(shop.id, shop.qr_version)
    me, kid = factories.adult(), factories.child()

    # 1. Sign up, log in: the home screen of cards.
    _sign_up(page, me)
    log_in(page, me.phone, "/login?lang=en")
    page.wait_for_selector("#home-cards")
    assert page.get_attribute("body", "data-who") == "citizen"

    # 2. Register for vaccination in Selangor.
    page.goto("/register?lang=en")
    mine = page.locator("li.person[data-registered=false]")
    assert mine.count() == 1 and me.full_name in mine.inner_text()
    mine.locator("summary").click()
    mine.locator("select[name=state]").select_option("Selangor")
    mine.locator("button[type=submit]").click()
    page.wait_for_selector("#reg-done")
    assert page.locator("li.person[data-registered=true]").count() == 1

    # 3. Offered a place today at PPV-A; accepted in the app.
    _allocate_today(browser, live.url, world.staff["admin"])
    page.goto("/appointments?lang=en")
    page.locator("li.appointment[data-status=OFFERED] button.accept").click()
    page.wait_for_selector("#appt-done")
    assert page.locator("li.appointment[data-status=ACCEPTED]").count() == 1

    # 4. At the centre: the vaccinator finds them in today's queue and records the dose.
    centre = browser.new_context(base_url=live.url)
    vaccinator = centre.new_page()
    staff_login(vaccinator, world.staff["vaccinator_a"], lang="en")
    vaccinator.goto("/ppv/PPV-A")
    assert me.full_name in vaccinator.inner_text("#queue")
    vaccinator.fill("#id_number", me.id_number)
    vaccinator.fill("#dose_number", "1")
    vaccinator.select_option("#batch_id", world.pfizer_a.id)
    vaccinator.click("#dose-form button[type=submit]")
    recorded = vaccinator.wait_for_selector("#result #dose-recorded")
    assert me.full_name in recorded.inner_text()
    centre.close()

    # 5. The certificate in the app, its QR image verified on the site's verifier.
    page.goto("/certificates/mine?lang=en")
    card = page.wait_for_selector("article.certificate")
    assert card.get_attribute("data-valid") == "true"
    ci = card.get_attribute("data-ci")
    image = page.context.request.get(live.url + card.query_selector("img.qr").get_attribute("src"))
    assert image.ok and image.headers["content-type"] == "image/png"
    (tmp_path / "mine.png").write_bytes(image.body())
    page.goto("/certificates/verify?lang=en")
    page.set_input_files("#image", str(tmp_path / "mine.png"))
    page.click("#verify-form button[type=submit]")
    verdict = page.wait_for_selector("#verdict")
    assert verdict.get_attribute("data-valid") == "true"
    assert ci in page.inner_text("#holder") and me.full_name in page.inner_text("#holder")

    # 6. A child added, then both checked in at the shop's door.
    page.goto("/dependents?lang=en")
    page.fill("#full_name", kid.full_name)
    page.fill("#id_number", kid.id_number)
    page.select_option("#relationship", "CHILD")
    page.click("#add-dependent button[type=submit]")
    page.wait_for_selector("#dep-done")
    page.goto(f"/c/{door}?lang=en")
    assert page.inner_text("#premise-name") == "Kedai Runcit Maju"
    page.check("input.dependent")
    page.click("#checkin-button")
    page.wait_for_selector("#checked-in")
    doors = page.locator(".door")
    assert doors.count() == 2
    shown = page.inner_text("#checked-in")  # the door shows statuses, not names
    assert "You · Partially vaccinated" in shown and "Dependent · Not vaccinated" in shown
    page.goto("/checkins/history?lang=en")
    assert page.locator("li.visit").count() == 2
