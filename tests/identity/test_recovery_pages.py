"""The recovery and phone-change pages in a real Chromium, in Malay and English."""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import select

from sihat.identity.models import Account, AccountRecovery
from sihat.notifications.service import messages_to
from tests import factories

# Screenshots for people to look at, only when asked (SIHAT_SCREENSHOTS=dir).
SHOTS = os.environ.get("SIHAT_SCREENSHOTS")


def shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / name), full_page=True)


def otp(live, phone: str) -> str:
    with live.database.unit_of_work() as s:
        return messages_to(s, phone, "otp")[-1].body.split("kod anda ")[1].split(" ")[0]


def signed_up(live):
    p = factories.adult()
    with live.database.unit_of_work() as s:
        factories.sign_up(s, p)
    return p


def test_recover_then_the_old_number_cancels(page, live) -> None:
    owner, new = signed_up(live), factories.adult()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/login?lang=en")
    page.click("#recover-link")
    page.fill("#phone", new.phone)
    page.click("button[type=submit]")
    page.wait_for_selector("#code")
    page.fill("#code", otp(live, new.phone))
    page.fill("#id_number", owner.id_number)
    page.fill("#date_of_birth", "1950-01-01")
    page.fill("#password", "a-brand-new-password")
    page.click("button[type=submit]")
    problem = page.wait_for_selector(".problem")
    assert problem.get_attribute("data-code") == "recovery_not_matched"
    assert "do not match" in problem.inner_text() and "tidak sepadan" in problem.inner_text()
    assert page.input_value("#id_number") == owner.id_number  # kept, but not the password
    page.fill("#date_of_birth", owner.date_of_birth.isoformat())
    page.fill("#password", "a-brand-new-password")
    page.click("button[type=submit]")
    assert "notice was sent to the old number" in page.inner_text("#recover-started")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "recover-390.png")
    with live.database.unit_of_work() as s:
        notice = messages_to(s, owner.phone, "recovery_notice")[-1].body
    page.goto("/recover/cancel")  # Malay (the language cookie is per request here)
    page.fill("#code", notice.split("dengan kod ")[1].split(".")[0])
    page.click("button[type=submit]")
    page.wait_for_selector("#recover-cancelled")
    with live.database.unit_of_work() as s:
        assert s.scalar(select(AccountRecovery.status)) == "CANCELLED"


def test_change_phone_on_my_account_page(page, live) -> None:
    owner, new = signed_up(live), factories.adult()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/login?lang=en&next=/me")
    page.fill("#phone", owner.phone)
    page.fill("#password", factories.PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/me")
    page.fill("#new_phone", new.phone)
    page.click("#phone-step button[type=submit]")
    page.wait_for_selector("#phone_code")
    page.fill("#phone_code", otp(live, new.phone))
    page.fill("#current_password", "not my password")
    page.click("#phone-step button[type=submit]")
    problem = page.wait_for_selector("#phone-step .problem")
    assert problem.get_attribute("data-code") == "password_wrong"
    page.fill("#current_password", factories.PASSWORD)
    page.click("#phone-step button[type=submit]")
    page.wait_for_selector("#phone-changed")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "me-390.png")
    page.set_viewport_size({"width": 1280, "height": 900})
    shot(page, "me-1280.png")
    with live.database.unit_of_work() as s:
        assert s.scalar(select(Account.phone)) == new.phone
