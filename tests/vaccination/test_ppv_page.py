"""The PPV page in headless Chromium: a vaccinator logs in (password and authenticator code),
records a dose, and sees a refusal explained in Malay and English."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests import factories
from tests.pages.conftest import browser, live, page  # noqa: F401  (the live-server fixtures)
from tests.vaccination.conftest import build_world, count_doses, recipient

pytestmark = pytest.mark.browser


def test_vaccinator_records_a_dose_and_sees_a_refusal(page, live, moved) -> None:
    with live.database.unit_of_work() as s:
        world = build_world(s)
        p = factories.adult()
        recipient(s, p)
    moved(timedelta(days=60))
    vaccinator = world.staff["vaccinator_a"]
    page.goto("/staff/login")
    page.fill("#username", vaccinator.account.username)
    page.fill("#password", factories.STAFF_PASSWORD)
    page.fill("#totp", vaccinator.totp())
    page.click("button[type=submit]")
    page.wait_for_url("**/staff")
    page.goto("/ppv")
    page.click("#my-centres a[href='/ppv/PPV-A']")
    page.wait_for_selector("#dose-form")
    page.fill("#id_number", p.id_number)
    page.fill("#dose_number", "1")
    page.select_option("#batch_id", world.pfizer_a.id)
    page.click("#dose-form button[type=submit]")
    recorded = page.wait_for_selector("#dose-recorded")
    assert "Dos direkodkan." in recorded.inner_text()
    # The same dose number again: refused, nothing written, explained in both languages.
    page.click("#dose-form button[type=submit]")
    problem = page.wait_for_selector("#result .problem")
    text = problem.inner_text()
    assert problem.get_attribute("data-code") == "dose_sequence"
    assert "Dos ini tidak mematuhi peraturan vaksinasi" in text
    assert "This dose does not follow the vaccination rules" in text
    with live.database.unit_of_work() as s:
        assert count_doses(s) == 1
    # In English first, Malay second.
    page.goto("/ppv/PPV-A?lang=en")
    page.fill("#id_number", p.id_number)
    page.select_option("#batch_id", world.expired_a.id)
    page.click("#dose-form button[type=submit]")
    expired = page.wait_for_selector("#result .problem")
    assert expired.inner_text().startswith("Batch FX400 expired on")
    assert "telah luput" in expired.inner_text()
