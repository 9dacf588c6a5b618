"""Governance pages in headless Chromium: a request made by one admin, approved by another."""

from __future__ import annotations

import pyotp
from sqlalchemy import select

from sihat.core import clock
from sihat.core.trail import AuditEvent
from tests import factories


def staff_login(page, persona) -> None:
    page.goto("/staff/login?lang=en")
    page.fill("#username", persona.account.username)
    page.fill("#password", factories.STAFF_PASSWORD)
    page.fill("#totp", persona.totp())
    page.click("button[type=submit]")
    page.wait_for_url("**/staff")


def test_request_then_approval_then_review_and_audit_log(page, live, browser) -> None:
    with live.database.unit_of_work() as s:
        p = factories.staff_personas(s)
    staff_login(page, p["admin"])
    page.goto("/staff/governance/requests")
    page.fill("#username", "desk.z")
    page.fill("#full_name", "Desk Z")
    page.select_option("#role", "REGISTRATION_DESK")
    page.select_option("#scope_type", "PPV")
    page.fill("#scope_code", "PPV-Z")
    page.fill("#reason", "new centre")
    page.click("form[action='/staff/governance/requests'] button")
    row = page.wait_for_selector("tr[data-kind=CREATE]")
    # Who asked for what: the role asked for and the maker, in words.
    assert "Registration desk" in row.query_selector(".requested-roles").inner_text()
    assert row.query_selector(".requester").inner_text() == "Alice Admin (alice)"
    # The maker gets no approve button (the service refuses it too: test_requests).
    assert row.query_selector("button.approve") is None

    other = browser.new_context(base_url=live.url)
    approver_page = other.new_page()
    staff_login(approver_page, p["approver"])
    approver_page.goto("/staff/governance/requests?lang=ms")
    approver_page.wait_for_selector("tr[data-kind=CREATE] button.approve").click()
    done = approver_page.wait_for_selector("[data-status=EXECUTED]")
    code = approver_page.inner_text("#activation-code")
    assert code.isdigit()
    assert "Dilaksanakan" in done.inner_text()
    approver_page.goto("/staff/governance/access-review")
    assert "desk.z" in approver_page.inner_text("#review")
    other.close()

    # The new staff member activates the account on its page and logs in with the key shown.
    newcomer = browser.new_context(base_url=live.url)
    fresh = newcomer.new_page()
    fresh.goto("/staff/login?lang=en")
    fresh.click("#activate-link")
    fresh.fill("#username", "desk.z")
    fresh.fill("#code", code)
    fresh.fill("#password", factories.STAFF_PASSWORD)
    fresh.click("#activate-form button")
    secret = fresh.inner_text("#totp-secret")
    assert fresh.query_selector("#totp-qr svg") is not None
    fresh.goto("/staff/login?lang=en")
    fresh.fill("#username", "desk.z")
    fresh.fill("#password", factories.STAFF_PASSWORD)
    fresh.fill("#totp", pyotp.TOTP(secret).at(clock.now()))
    fresh.click("form[action='/staff/login'] button")
    fresh.wait_for_url("**/staff")
    assert "Registration desk" in fresh.inner_text("#my-roles")
    newcomer.close()

    staff_login(page, p["auditor"])
    page.goto("/staff/governance/audit-log?lang=en")
    assert page.get_attribute("#chain", "data-valid") == "true", page.inner_text("#chain")
    # Names, not ids; Malaysia time, not UTC.
    events = page.inner_text("#audit-events")
    assert "Bob Approver (approver)" in events and "Desk Z (desk.z)" in events
    with live.database.unit_of_work() as s:
        last = s.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
        shown = clock.as_utc(last.occurred_at).astimezone(clock.MALAYSIA)
    assert page.inner_text("#audit-events tbody tr:first-child .when") == shown.strftime(
        "%Y-%m-%d %H:%M:%S"
    )
