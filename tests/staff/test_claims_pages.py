"""The counter page for unproven sign-ups in headless Chromium: a registration desk finds a
claim by the account's phone, compares it with the record, is refused without having seen
the document, asks to link; another supervisor approves and the account reaches the record.
Both fit a phone and a desktop, have no serious accessibility fault and show no raw code; a
vaccinator has no link to the page and is refused it."""

from __future__ import annotations

import pytest

from sihat.identity.models import Account
from sihat.registration import service as registration
from tests import factories
from tests.identity.test_proofing import sign_up_as
from tests.identity.test_proofing_pages import _fits
from tests.staff.portal import login
from tests.vaccination.conftest import add_staff

pytestmark = pytest.mark.browser
RAW = ("OPEN", "PROPOSED", "claim_", "REGISTRATION_DESK", "SUPERVISOR")


def _no_raw_codes(page) -> None:
    shown = page.inner_text("main") if page.query_selector("main") else page.inner_text("body")
    assert not [raw for raw in RAW if raw in shown], shown


def test_a_desk_asks_a_supervisor_approves_in_the_browser(page, live, browser) -> None:
    owner, phone = factories.adult(), factories.adult().phone
    with live.database.unit_of_work() as s:
        staff = factories.staff_personas(s)
        staff["supervisor_b"] = add_staff(
            s,
            staff,
            "supervisor_b",
            [{"role": "SUPERVISOR", "scope_type": "PPV", "scope_code": "PPV-B"}],
        )
        registration.register_web(
            s, factories.identity_of(owner), owner.phone, registration.Facts()
        )
        account_id = sign_up_as(s, owner, phone).id
    problems: list[str] = []

    login(page, staff["desk_a"], lang="en")
    page.click("#staff-nav a[href='/staff/identity-claims']")
    page.fill("#q-phone", phone)
    page.click("#claims-search button")
    card = page.wait_for_selector("#claims-found .claim")
    assert owner.full_name in card.inner_text()
    assert "Waiting for a counter check" in card.inner_text()
    _no_raw_codes(page)
    problems += _fits(page, "claims-found")
    card.query_selector(".propose-form button").click()  # the document box left empty
    refusal = page.wait_for_selector(".problem")
    assert refusal.get_attribute("data-code") == "claim_document_not_seen"
    assert "seen the person's document" in refusal.inner_text()
    _no_raw_codes(page)
    page.fill("#q-phone", phone)
    page.click("#claims-search button")
    page.check("#claims-found .propose-form input[name=document_seen]")
    page.click("#claims-found .propose-form button")
    assert "Another supervisor must approve" in page.inner_text("#claims-done")

    other = browser.new_context(base_url=live.url)
    try:
        second = other.new_page()
        second.set_default_timeout(10_000)
        login(second, staff["supervisor_b"], lang="ms")
        second.goto("/staff/identity-claims")
        awaiting = second.wait_for_selector("#claims-awaiting .claim")
        assert "Menunggu kelulusan penyelia" in awaiting.inner_text()
        _no_raw_codes(second)
        problems += _fits(second, "claims-awaiting")
        awaiting.query_selector(".approve-form button").click()
        assert "dipautkan" in second.inner_text("#claims-done")
    finally:
        other.close()
    with live.database.unit_of_work() as s:
        account = s.get(Account, account_id)
        assert account is not None and account.person.verification_method != "claim_unproven"
    assert problems == []


def test_a_vaccinator_has_no_link_and_is_refused(page, live) -> None:
    with live.database.unit_of_work() as s:
        staff = factories.staff_personas(s)
    login(page, staff["vaccinator_a"], lang="en")
    assert page.query_selector("#staff-nav a[href='/staff/identity-claims']") is None
    response = page.goto("/staff/identity-claims")
    assert response is not None and response.status == 403
    assert page.get_attribute(".problem", "data-code") == "forbidden"
