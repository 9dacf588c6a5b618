"""MySJ Trace pages in headless Chromium: the officer issues an upload code for a case in the
district and sees the case phone's handshake PIN; the phone exchanges the code and uploads
(HTTP, as the app would); the officer confirms the Bluetooth close contact; an officer of
another district sees nothing; the contact sees CLOSE_CONTACT on the MyRisk card. Screenshots
at 390 and 1280 px under /tmp/trace-*.png."""

from __future__ import annotations

from datetime import timedelta

import httpx

from sihat.bluetrace import devices
from sihat.cases import service as cases
from sihat.core import clock
from tests import factories
from tests.bluetrace.conftest import active_secret, phone, seen
from tests.cases.conftest import result
from tests.cases.test_pages import staff_login

SHOTS = "/tmp/trace-{name}-{width}-{backend}.png"


def shoot(page, name: str, backend: str) -> None:
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=SHOTS.format(name=name, width=width, backend=backend), full_page=True)
        wide = page.evaluate("document.documentElement.scrollWidth")
        assert wide <= max(width, 400), f"{name} scrolls sideways at {width}px"


def test_officer_issues_phone_uploads_contact_sees_status(page, live, browser, backend) -> None:
    now = clock.now()
    with live.database.unit_of_work() as s:
        crew = factories.health_officers(s, factories.staff_personas(s))
        case_phone, near = phone(s), phone(s)
        devices.tempids(s, near.account, near.device.uid)  # the key exists before we encode
        case = cases.record_result(
            s, crew["health_petaling"].account,
            result(case_phone.person, sample_at=now - timedelta(hours=2)), channel="PAGE",
        ).case  # fmt: skip
        case_no, case_id, pin = case.case_no, case.id, case_phone.device.pin
        uid, near_uid = case_phone.device.uid, near.device.uid
        near_name, near_phone = near.person.full_name, near.account.phone
        case_phone_no = case_phone.account.phone

    staff_login(page, crew["health_petaling"])
    page.goto(f"/staff/trace?lang=en&case_no={case_no}")
    assert pin in page.locator("#pins").inner_text()
    page.click("#issue")
    code = page.locator("#code").inner_text().strip()
    assert len(code) == 6
    shoot(page, "officer-code", backend)

    records = seen(active_secret(), near_uid, now - timedelta(hours=5), 20, rssi=-62)
    with httpx.Client(base_url=live.url) as app:
        login = app.post(
            "/api/v1/auth/login", json={"phone": case_phone_no, "password": factories.PASSWORD}
        )
        auth = {"Authorization": f"Bearer {login.json()['token']}"}
        token = app.post(
            "/api/v1/trace/upload-token", json={"uid": uid, "uploadCode": code}, headers=auth
        )
        assert token.status_code == 200, token.text
        done = app.post(
            "/api/v1/trace/uploads", json={"token": token.json()["token"], "records": records}
        )
        assert done.status_code == 200 and done.json()["contacts"] == 1
        again = app.post(
            "/api/v1/trace/upload-token", json={"uid": uid, "uploadCode": code}, headers=auth
        )
        assert again.status_code == 409 and again.json()["code"] == "trace_code_used"

    page.goto("/staff/trace?lang=en")
    assert f"{case_no}: 1" in page.locator("#waiting").inner_text()
    page.locator("#waiting a").first.click()
    row = page.locator("#contacts tr[data-status='PENDING']")
    assert near_name in row.inner_text() and "20" in row.inner_text()
    contact_id = row.get_attribute("data-contact")
    text = page.locator("body").inner_text()
    for raw in ("PENDING", near_uid, near_phone):
        assert raw not in text
    shoot(page, "officer-pending", backend)

    other = browser.new_context(base_url=live.url)
    klang = other.new_page()
    staff_login(klang, crew["health_klang"])
    klang.goto("/staff/trace?lang=en")
    assert case_no not in klang.content()
    klang.goto(f"/staff/trace?lang=en&case_no={case_no}")
    assert near_name not in klang.content() and klang.locator("#case").count() == 0
    answer = klang.request.post(f"{live.url}/staff/trace/contacts/{contact_id}/confirm")
    assert answer.status == 404
    code_refused = klang.request.post(
        f"{live.url}/staff/trace/codes?lang=en", form={"case_id": case_id, "case_no": case_no}
    )
    assert code_refused.status == 404 and near_name not in code_refused.text()
    other.close()

    row.locator("button.confirm").click()
    page.wait_for_selector("#contacts tr[data-status='CONFIRMED']")
    shoot(page, "officer-confirmed", backend)

    person = browser.new_context(base_url=live.url)
    me = person.new_page()
    me.goto("/login?next=/me")
    me.fill("#phone", near_phone)
    me.fill("#password", factories.PASSWORD)
    me.click("button[type=submit]")
    me.wait_for_url("**/me")
    me.goto("/risk?lang=en")
    card = me.locator("article.risk[data-self=true]")
    assert card.locator(".status-label").inner_text() == "Close contact"
    assert card.locator(".reason").inner_text() == "MySJ Trace found you near a positive case."
    shoot(me, "person", backend)
    me.goto("/risk?lang=ms")
    assert me.locator(".status-label").first.inner_text() == "Kontak rapat"
    person.close()
