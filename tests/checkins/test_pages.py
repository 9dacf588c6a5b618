"""Check-in pages in a real headless Chromium: the owner registers a premise and gets its
poster; a phone opens the QR's URL, checks in with a dependent and sees the door colours."""

from __future__ import annotations

import pytest

from sihat.checkins import qr
from sihat.checkins.models import Premise
from sihat.identity import service as identity_service
from tests import factories

pytestmark = pytest.mark.browser


def log_in(page, phone: str) -> None:
    page.goto("/login")
    page.fill("#phone", phone)
    page.fill("#password", factories.PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: url.endswith("/"))


def test_owner_registers_premise_and_downloads_poster(page, live) -> None:
    p = factories.adult()
    with live.database.unit_of_work() as s:
        factories.sign_up(s, p)
    log_in(page, p.phone)
    page.goto("/premises?lang=en")
    page.fill("#name", "Restoran Selera Kampung")
    page.select_option("#category", "FOOD")
    page.fill("#address", "3 Jalan Tun Razak")
    page.select_option("#district", "W.P. Kuala Lumpur|Kuala Lumpur")
    page.click("button[type=submit]")
    assert page.inner_text("#premise-name") == "Restoran Selera Kampung"
    assert "never who came" in page.content()
    with page.expect_download() as download:
        page.click("a.poster-pdf >> nth=0")
    assert download.value.path().read_bytes().startswith(b"%PDF")


def test_phone_opens_qr_url_and_checks_in_with_a_dependent(page, live) -> None:
    owner, p = factories.adult(), factories.adult()
    with live.database.unit_of_work() as s:
        owner_account = factories.sign_up(s, owner)
        account = factories.sign_up(s, p)
        kid = identity_service.add_dependent(
            s, account, factories.identity_of(factories.child()), "CHILD"
        )
        from tests.checkins.conftest import premise

        shop: Premise = premise(s, owner_account, "Pasar Mini Seri")
        kid_name = kid.person.full_name
        token = qr.sign(shop.id, shop.qr_version)
    page.set_viewport_size({"width": 390, "height": 844})  # a phone
    page.goto(f"/c/{token}")
    assert page.inner_text("#premise-name") == "Pasar Mini Seri"
    assert page.is_visible("#login-first")
    log_in(page, p.phone)
    page.goto(f"/c/{token}")
    page.check(f"input.dependent[value='{kid.person_id}']")
    page.click("#checkin-button")
    page.wait_for_selector("#checked-in")
    doors = page.locator(".door")
    assert doors.count() == 2
    assert doors.nth(0).get_attribute("data-colour") == "orange"
    assert "Belum divaksin" in doors.nth(0).inner_text()
    assert kid_name not in page.inner_text("#checked-in")  # no personal data
    page.locator("button.checkout").first.click()
    page.wait_for_selector("#checked-out")


def test_forged_code_page_is_refused_in_both_languages(page) -> None:
    page.goto("/c/k1.not-a-premise.1.AAAAAAAAAAAAAAAAAAAAAA")
    problem = page.wait_for_selector(".problem")
    assert problem.get_attribute("data-code") == "qr_invalid"
    assert "tidak sah" in problem.inner_text() and "not valid" in problem.inner_text()
