"""The status card in a real Chromium, in Malay and English, at phone and desktop widths."""

from __future__ import annotations

from pathlib import Path

from sihat.core import clock
from sihat.identity import service as identity
from sihat.risk import service
from sihat.risk.statuses import CLOSE_CONTACT, CONFIRMED, SUSPECTED
from tests import factories

SHOTS = Path("/tmp/risk-screenshots")


def test_status_card_shows_colour_reason_and_until_never_codes(page, live, backend) -> None:
    p = factories.adult()
    with live.database.unit_of_work() as s:
        account = factories.sign_up(s, p)
        kid = identity.add_dependent(s, account, factories.identity_of(factories.child()), "CHILD")
        for pid, status, reason in (
            (account.person_id, SUSPECTED, "symptoms_reported"),
            (account.person_id, CONFIRMED, "positive_test"),
            (kid.person_id, CLOSE_CONTACT, "household_contact"),
        ):
            service.set_status(
                s,
                pid,
                status,
                source="CASE" if status == CONFIRMED else "ASSESSMENT",
                source_ref="MY-2026-CASE-42",
                reason=reason,
                starts_at=clock.now(),
            )
        before = service.views(s, clock.today_my())
    page.goto("/risk")
    page.wait_for_url("**/login?next=%2Frisk")  # and back to the card after the login
    page.fill("#phone", p.phone)
    page.fill("#password", factories.PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/risk")

    cards = page.locator("article.risk")
    assert cards.count() == 2
    me = page.locator("article.risk[data-self=true]")
    assert me.get_attribute("data-colour") == "red"
    assert me.locator(".status-label").inner_text() == "Kes positif"
    assert "Ujian COVID-19 anda positif." in me.locator(".reason").inner_text()
    assert me.locator(".until").inner_text().count("/") == 2
    dependent = page.locator("article.risk[data-self=false]")
    assert dependent.get_attribute("data-colour") == "orange"
    assert dependent.locator(".status-label").inner_text() == "Kontak rapat"

    page.goto("/risk?lang=en")
    me = page.locator("article.risk[data-self=true]")
    assert me.locator(".status-label").inner_text() == "Confirmed case"
    assert "Your COVID-19 test was positive." in me.locator(".reason").inner_text()
    me.locator("summary").click()
    history = me.locator("table.history").inner_text()
    assert "Suspected case" in history and "Outranked by a higher status" in history

    text = page.locator("main, body").first.inner_text()
    for raw in ("CONFIRMED", "CLOSE_CONTACT", "SUSPECTED", "MY-2026-CASE-42", "positive_test"):
        assert raw not in text

    SHOTS.mkdir(exist_ok=True)
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"risk-card-{width}-{backend}.png"), full_page=True)
    with live.database.unit_of_work() as s:
        assert service.views(s, clock.today_my()) == before + 2
