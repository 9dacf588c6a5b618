"""Pages in a real headless Chromium, in Malay and in English."""

from __future__ import annotations

from sihat.identity.service import normalise_phone
from sihat.notifications.worker import deliver_due
from tests import factories
from tests.notifications.conftest import start_gateway
from tests.servers import kill


def test_language_switch(page) -> None:
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "ms"
    assert page.get_by_role("link", name="Daftar vaksinasi").first.is_visible()
    page.click("#lang-switch")
    page.wait_for_url("**lang=en")
    assert page.locator("html").get_attribute("lang") == "en"
    page.goto("/register")
    assert page.get_by_role("heading", name="Vaccination registration").is_visible()


def test_sign_up_then_log_in_and_see_my_account(page, live, settings) -> None:
    """The code comes by SMS through the stand-in gateway (a real HTTP server process), sent
    by the delivery worker: not read from the database."""
    gateway = start_gateway()
    try:
        settings.sms_provider, settings.sms_gateway_url = "http", f"{gateway.url}/sms"
        p = factories.adult()
        page.goto("/signup?lang=en")
        page.fill("#phone", p.phone)
        page.click("button[type=submit]")
        page.wait_for_selector("#code")
        assert page.locator("#demo-code").count() == 0  # a real gateway: nothing on screen
        assert deliver_due(live.database)["sent"] == 1
        [sms] = gateway.messages(to=normalise_phone(p.phone))
    finally:
        kill(gateway.proc)
    assert sms["text"].startswith("sihat: your code is ")  # the page's language
    code = sms["text"].split("your code is ")[1].split(" ")[0]
    page.fill("#code", code)
    page.fill("#id_number", p.id_number[:6] + "-" + p.id_number[6:8] + "-" + p.id_number[8:])
    page.fill("#full_name", p.full_name)
    page.fill("#date_of_birth", p.date_of_birth.isoformat())
    page.select_option("#sex", p.sex)
    page.fill("#password", factories.PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("#signup-done")
    page.fill("#phone", p.phone)
    page.fill("#password", factories.PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: url.endswith("/"))  # the home screen of cards
    assert page.locator("#home-cards").is_visible()
    page.goto("/me")
    assert page.inner_text("#mysj-id").startswith("MSJ")
    assert "My account" in page.inner_text("h1")


def test_wrong_code_is_explained_in_both_languages(page) -> None:
    p = factories.adult()
    page.goto("/signup")
    page.fill("#phone", p.phone)
    page.click("button[type=submit]")
    page.wait_for_selector("#code")
    page.fill("#code", "999999")
    page.fill("#id_number", p.id_number)
    page.fill("#full_name", p.full_name)
    page.fill("#password", factories.PASSWORD)
    page.click("button[type=submit]")
    problem = page.wait_for_selector(".problem")
    text = problem.inner_text()
    assert "Kod tidak betul." in text and "The code is not correct." in text
    assert problem.get_attribute("data-code") in ("otp_wrong",)


def test_web_registration_form_then_repeat(page) -> None:
    """The anonymous form answers a new and a repeated registration alike (#17 item 3)."""
    p = factories.adult()
    answers = []
    for name in (p.full_name, "Someone Else"):
        page.goto("/register")
        page.fill("#id_number", p.id_number)
        page.fill("#full_name", name)
        page.fill("#phone", p.phone)
        page.select_option("#state", p.state)
        page.click("button[type=submit]")
        answers.append(page.wait_for_selector("#registration-result").evaluate("e => e.outerHTML"))
    assert answers[0] == answers[1]
    assert "telefon berdaftar" in answers[0]  # Malay, the default
    page.goto("/register?lang=en")
    page.fill("#id_number", "901301-14-5677")
    page.fill("#full_name", p.full_name)
    page.fill("#phone", p.phone)
    page.click("button[type=submit]")
    problem = page.wait_for_selector(".problem")
    assert problem.get_attribute("data-code") == "invalid_nric"
    assert "not valid" in problem.inner_text() and "tidak sah" in problem.inner_text()


def test_staff_login_with_authenticator_code(page, live) -> None:
    with live.database.unit_of_work() as s:
        personas = factories.staff_personas(s)
    hotline = personas["hotline"]
    page.goto("/staff/login?lang=en")
    page.fill("#username", "hotline")
    page.fill("#password", factories.STAFF_PASSWORD)
    page.fill("#totp", "000000" if hotline.totp() != "000000" else "111111")
    page.click("button[type=submit]")
    assert page.wait_for_selector(".problem").get_attribute("data-code") == "staff_login_failed"
    page.fill("#username", "hotline")
    page.fill("#password", factories.STAFF_PASSWORD)
    page.fill("#totp", hotline.totp())
    page.click("button[type=submit]")
    page.wait_for_url("**/staff")
    assert page.inner_text("#my-roles") == "Hotline operator · National"
