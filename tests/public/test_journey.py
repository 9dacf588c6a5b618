"""A citizen's day through the app's home cards in headless Chromium: a premise door sends
them to log in and back, they check in with their child, then use every card (status,
certificates, appointments, dependents, history). Login never leaves the site."""

from __future__ import annotations

import io
from datetime import timedelta
from urllib.parse import quote

import pytest
from PIL import Image

from sihat.checkins import qr
from tests import factories
from tests.public.conftest import citizen, log_in

pytestmark = pytest.mark.browser


def test_door_login_returns_to_the_door_then_the_home_cards(page, live, moved) -> None:
    with live.database.unit_of_work() as s:
        c = citizen(s, moved)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/c/{c.token}")
    page.click("#login-to-check-in")  # the door's login link carries the door
    page.fill("#phone", c.phone)
    page.fill("#password", factories.PASSWORD)
    page.click("form[action='/login'] button[type=submit]")
    page.wait_for_url(f"**/c/{c.token}")
    page.check(f"input.dependent[value='{c.kid_id}']")
    page.click("#checkin-button")
    page.wait_for_selector("#checked-in")
    assert page.locator(".door").count() == 2

    page.goto("/")
    assert page.get_by_role("link", name="Log masuk").count() == 0  # logged in: no "Log in"
    assert page.locator("body").get_attribute("data-who") == "citizen"
    cards = ("checkin", "status", "certificates", "appointments", "dependents", "history", "inbox")
    for card in cards:
        assert page.locator(f"#card-{card}").is_visible(), card
    status = page.locator("#card-status")
    assert status.locator(".person").count() == 2  # me and my child
    assert "Separa divaksin" in status.inner_text()  # one dose of two
    assert "Kedai Runcit Maju" in page.inner_text("#card-history")
    assert "menunggu jawapan anda" in page.inner_text("#card-appointments")
    assert "belum dibaca" in page.inner_text("#card-inbox")  # the sign-up's welcome notice

    page.click("#card-certificates a.go")
    card = page.wait_for_selector(f"article[data-ci='{c.ci}']")
    assert card.get_attribute("data-valid") == "true"  # checked by the site's verifier

    page.goto("/appointments?lang=en")
    offered = page.locator("li.appointment[data-status=OFFERED]").first
    offered.locator("button.accept").click()
    page.wait_for_selector("#appt-done")
    assert "Appointment accepted." in page.inner_text("#appt-done")
    accepted = page.locator("li.appointment[data-status=ACCEPTED]").first
    accepted.locator("summary").click()
    day = accepted.locator("input[name=day]")
    day.fill(day.get_attribute("min") or "")
    accepted.locator("form.reschedule button").click()
    page.wait_for_selector("#appt-done")
    assert "Appointment moved." in page.inner_text("#appt-done")
    assert page.locator("li.appointment[data-status=CANCELLED]").count() == 1
    page.locator("li.appointment[data-status=ACCEPTED] button.cancel").click()
    page.wait_for_selector("#appt-done")
    assert page.locator("li.appointment[data-status=CANCELLED]").count() == 2

    page.goto("/dependents?lang=en")
    assert c.kid_name in page.inner_text("#dependents")
    other = factories.child()
    page.fill("#full_name", other.full_name)
    page.fill("#id_number", other.id_number)
    page.select_option("#relationship", "CHILD")
    page.click("#add-dependent button[type=submit]")
    page.wait_for_selector("#dep-done")
    assert other.full_name in page.inner_text("#dependents")
    page.fill("#full_name", "Someone")
    page.fill("#id_number", "901301-14-5677")
    page.click("#add-dependent button[type=submit]")
    problem = page.wait_for_selector(".problem")
    assert problem.get_attribute("data-code") == "invalid_nric"
    assert "invalid_nric" not in page.inner_text("body")  # no raw code reaches a person

    page.goto("/register?lang=en")  # the app's registration, for my child
    child = page.locator(f"li.person[data-person='{c.kid_id}']")
    assert child.get_attribute("data-registered") == "false"
    child.locator("summary").click()
    child.locator("button[type=submit]").click()
    page.wait_for_selector("#reg-done")
    assert page.get_attribute(f"li.person[data-person='{c.kid_id}']", "data-registered") == "true"

    page.goto("/checkins/history")
    assert page.locator("li.visit").count() == 2
    page.locator("li.visit button.checkout").first.click()
    page.wait_for_selector("#checked-out")


def test_scanner_page_falls_back_to_the_typed_code(page, live, moved) -> None:
    with live.database.unit_of_work() as s:
        c = citizen(s, moved)
    log_in(page, c.phone, "/login?next=%2Fscan")
    page.wait_for_url("**/scan")
    assert page.locator("#camera-start").is_visible()
    page.fill("#code", f"https://elsewhere.example/c/{c.token}")  # only the token is kept
    page.click("#scan-fallback button[type=submit]")
    page.wait_for_url(f"**/c/{c.token}")
    assert page.inner_text("#premise-name") == "Kedai Runcit Maju"


@pytest.mark.parametrize(
    "target",
    ["//evil.example/x", "https://evil.example/", "/\\evil.example", "http:/evil", " /x"],
)
def test_login_never_redirects_off_site(page, live, target) -> None:
    p = factories.adult()
    with live.database.unit_of_work() as s:
        factories.sign_up(s, p)
    log_in(page, p.phone, "/login?next=" + quote(target, safe=""))
    page.wait_for_url(lambda url: url == live.url + "/")


def test_scanner_reads_a_photo_of_the_poster_in_the_browser(page, live, moved, tmp_path) -> None:
    """The vendored qr-scanner decodes the chosen photo in the page and opens the door."""
    with live.database.unit_of_work() as s:
        c = citizen(s, moved)
    photo = tmp_path / "poster.png"
    photo.write_bytes(qr.png(f"{live.url}/c/{c.token}", scale=8))
    log_in(page, c.phone, "/login?next=%2Fscan")
    page.wait_for_url("**/scan")
    with page.expect_navigation(url=f"**/c/{c.token}"):
        page.set_input_files("#photo", str(photo))
    assert page.inner_text("#premise-name") == "Kedai Runcit Maju"


def test_scanner_sends_an_unreadable_photo_to_the_server_which_says_so(
    page, live, moved, tmp_path
) -> None:
    with live.database.unit_of_work() as s:
        c = citizen(s, moved)
    blank = tmp_path / "blank.png"
    blank.write_bytes(_blank_png())
    log_in(page, c.phone, "/login?next=%2Fscan%3Flang%3Den")
    page.wait_for_url("**/scan?lang=en")
    page.set_input_files("#photo", str(blank))
    problem = page.wait_for_selector(".problem")
    assert problem.get_attribute("data-code") == "scan_unreadable"
    assert "No premise QR code could be read" in problem.inner_text()


def _blank_png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (200, 200), "white").save(buffer, format="PNG")
    return buffer.getvalue()


def test_a_certificate_past_its_date_is_shown_as_not_valid_any_more(page, live, moved) -> None:
    with live.database.unit_of_work() as s:
        c = citizen(s, moved)
    moved(timedelta(days=400))  # past the certificate's one year
    log_in(page, c.phone, "/login?next=%2Fcertificates%2Fmine%3Flang%3Den")
    card = page.wait_for_selector(f"article[data-ci='{c.ci}']")
    assert card.get_attribute("data-valid") == "false"
    verdict = card.query_selector(".verdict").inner_text()
    assert "Not valid any more" in verdict
    assert "expired" in verdict.lower()
    page.goto("/")
    assert page.is_visible("#certificates-not-valid")
