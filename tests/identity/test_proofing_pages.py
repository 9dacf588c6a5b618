"""Identity proofing in headless Chromium: a sign-up with the number of someone on record is
told, in the page's language, that the account is not linked and to go to a counter; the
pages fit a phone and a desktop and have no serious accessibility fault."""

from __future__ import annotations

import os
import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from sihat.registration import service as registration
from tests import factories

pytestmark = pytest.mark.browser
SHOTS = os.environ.get("SIHAT_SCREENSHOTS")  # a directory: keep the screenshots there


def _fits(page, name: str) -> list[str]:
    found = []
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        wide = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        if wide[0] > wide[1]:
            found.append(f"{name} {width}px: {wide[0]} px wide")
        if SHOTS:
            page.screenshot(path=f"{SHOTS}/{name}-{width}.png", full_page=True)
    for v in Axe().run(page).response["violations"]:
        if v["impact"] in ("serious", "critical"):
            found.append(f"{name}: axe {v['id']} ({v['impact']})")
    return found


def test_a_claim_without_proof_is_told_to_go_to_a_counter(page, live) -> None:
    victim, attacker = factories.adult(), factories.adult()
    with live.database.unit_of_work() as s:
        registration.register_web(
            s, factories.identity_of(victim), victim.phone, registration.Facts()
        )
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto("/signup?lang=en")
    page.fill("#phone", attacker.phone)
    page.click("button[type=submit]")
    shown = page.wait_for_selector("#demo-code").inner_text()
    code = re.search(r"code is (\d+)", shown).group(1)  # type: ignore[union-attr]
    page.fill("#code", code)
    page.fill("#id_number", victim.id_number)
    page.fill("#full_name", victim.full_name)
    page.fill("#date_of_birth", victim.date_of_birth.isoformat())
    page.select_option("#sex", victim.sex)
    page.fill("#password", factories.PASSWORD)
    page.click("button[type=submit]")
    told = page.wait_for_selector("#signup-unlinked").inner_text()
    assert "not linked" in told and "counter" in told
    problems = _fits(page, "signup-unlinked")
    page.fill("#phone", attacker.phone)
    page.fill("#password", factories.PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: url.endswith("/"))
    page.goto("/me?lang=ms")
    assert "kaunter" in page.inner_text("#record-unlinked")
    problems += _fits(page, "me-unlinked")
    assert problems == [], "\n".join(problems)
