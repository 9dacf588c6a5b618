"""Governance pages in headless Chromium: a request made by one admin, approved by another."""

from __future__ import annotations

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
    row.query_selector("button.approve").click()
    problem = page.wait_for_selector("[data-code=self_approval]")
    assert "cannot approve" in problem.inner_text() and "tidak boleh" in problem.inner_text()

    other = browser.new_context(base_url=live.url)
    approver_page = other.new_page()
    staff_login(approver_page, p["approver"])
    approver_page.goto("/staff/governance/requests?lang=ms")
    approver_page.wait_for_selector("tr[data-kind=CREATE] button.approve").click()
    done = approver_page.wait_for_selector("[data-status=EXECUTED]")
    assert approver_page.inner_text("#activation-code").isdigit()
    assert "Dilaksanakan" in done.inner_text()
    approver_page.goto("/staff/governance/access-review")
    assert "desk.z" in approver_page.inner_text("#review")
    other.close()

    staff_login(page, p["auditor"])
    page.goto("/staff/governance/audit-log")
    assert page.get_attribute("#chain", "data-valid") == "true", page.inner_text("#chain")
