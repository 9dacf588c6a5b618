"""Pages in Chromium: the demo code on the sign-up page (demo mode only), the inbox and its
preferences; the refusal of the demo provider outside demo mode."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from sihat.core.settings import Settings
from sihat.notifications.service import shows_on_screen
from tests import factories

REAL: dict[str, Any] = {
    "clock_offset_days": 0,  # the date-bomb run sets it; production refuses it
    "data_key": "k" * 40,
    "lookup_key": "l" * 40,
    "session_key": "s" * 40,
    "audit_key": "a" * 40,
    "checkin_qr_key": "q" * 40,
    "argon2_profile": "strong",
}


def test_the_demo_provider_is_refused_outside_demo_mode(settings) -> None:
    for name in ("sms_provider", "email_provider", "push_provider"):
        with pytest.raises(ValidationError, match="only allowed in demo mode"):
            Settings(demo=False, **{**REAL, name: "demo"})
    production = Settings(demo=False, **REAL)
    assert production.provider("sms") == "http" and production.provider("push") == "webpush"
    assert settings.demo and shows_on_screen()
    settings.demo = False  # a demo provider left over in production still shows nothing
    settings.sms_provider = "demo"
    assert not shows_on_screen()


def test_demo_sign_up_shows_the_code_on_screen(page) -> None:
    p = factories.adult()
    page.goto("/signup")
    page.fill("#phone", p.phone)
    page.click("button[type=submit]")
    shown = page.wait_for_selector("#demo-code")
    text = shown.inner_text()
    assert "DEMO" in text and "Demo: tiada SMS dihantar. Kod anda" in text
    code = text.rsplit(" ", 1)[1].rstrip(".")
    page.fill("#code", code)
    page.fill("#id_number", p.id_number)
    page.fill("#full_name", p.full_name)
    page.fill("#date_of_birth", p.date_of_birth.isoformat())
    page.select_option("#sex", p.sex)
    page.fill("#password", factories.PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/login?done=1")


def test_inbox_page_and_preferences(page, live, settings, tmp_path) -> None:
    with live.database.unit_of_work() as s:
        account = factories.sign_up(s)
        phone = account.phone
    page.goto("/login?lang=en&next=/me")
    page.fill("#phone", phone)
    page.fill("#password", factories.PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/me")
    page.click("#my-inbox")
    page.wait_for_selector("#inbox")
    templates = page.eval_on_selector_all(
        "#inbox li", "items => items.map(i => i.dataset.template)"
    )
    assert sorted(templates) == ["account_created", "welcome"]
    assert "Welcome to sihat" in page.inner_text("#inbox")
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(tmp_path / f"inbox-{width}.png"), full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.select_option("#language", "en")
    page.uncheck("input[name=sms_for][value=registration]")
    page.click("form[action='/inbox/preferences'] button[type=submit]")
    page.wait_for_selector("#prefs-saved")
    from sihat.notifications.service import preference

    with live.database.unit_of_work() as s:
        from sihat.notifications.service import owner_of

        saved = preference(s, owner_of(phone))
        assert saved is not None
        assert saved.language == "en" and saved.opted_out == "registration"
    page.goto("/inbox?lang=ms")
    assert "Selamat datang ke sihat" in page.inner_text("#inbox")


def test_inbox_api_is_the_callers_own(client, session) -> None:
    mine, other = factories.sign_up(session), factories.sign_up(session)
    session.commit()
    token = client.post(
        "/api/v1/auth/login", json={"phone": mine.phone, "password": factories.PASSWORD}
    ).json()["token"]
    headers = {"Authorization": f"Bearer {token}"}
    items = client.get("/api/v1/me/inbox?lang=en", headers=headers).json()
    assert {i["template"] for i in items} == {"account_created", "welcome"}
    assert all(not i["read"] for i in items)
    from sihat.notifications.service import inbox

    theirs = inbox(session, other.phone)[0]
    refused = client.post(f"/api/v1/me/inbox/{theirs.id}/read", headers=headers)
    assert refused.status_code == 404 and refused.json()["code"] == "inbox_not_found"
    ok = client.post(f"/api/v1/me/inbox/{items[0]['id']}/read", headers=headers)
    assert ok.status_code == 204
    prefs = client.put(
        "/api/v1/me/notification-preferences",
        headers=headers,
        json={"language": "en", "quiet_hours": False, "opted_out": ["otp"]},
    )
    assert prefs.status_code == 422 and prefs.json()["code"] == "notify_not_optional"
    assert client.get("/api/v1/me/inbox", headers=headers).status_code == 200
    assert client.get("/api/v1/me/inbox").status_code == 401
