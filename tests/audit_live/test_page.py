"""The auditor's page in Chromium: run the live audit now, watch it finish, open the report."""

from __future__ import annotations

from tests import factories


def test_auditor_runs_the_live_audit_and_opens_the_report(page, live, settings, tmp_path) -> None:
    settings.var_dir = tmp_path
    with live.database.unit_of_work() as s:
        p = factories.staff_personas(s)
        factories.sign_up(s)
    page.goto("/staff/login?lang=en")
    page.fill("#username", "auditor")
    page.fill("#password", factories.STAFF_PASSWORD)
    page.fill("#totp", p["auditor"].totp())
    page.click("button[type=submit]")
    page.wait_for_url("**/staff")
    page.goto("/staff/audit")
    assert "No audit yet." in page.inner_text("#runs")
    page.click("#run-now")
    page.wait_for_selector("tr[data-status=DONE]", timeout=60_000)
    # One row per finding, by name: the page fits a phone and a desktop without side-scrolling.
    assert "Incomplete vaccination records" in page.inner_text("#latest-findings")
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        assert (
            page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            <= 0
        ), width
    page.click("a.report")
    page.wait_for_load_state()
    body = page.inner_text("body")
    assert "Laporan" in body or "LAPORAN" in body.upper()
    page.goto("/staff/audit")
    assert page.evaluate("document.querySelector('#trend').naturalWidth") > 0
    chart = page.context.request.get(live.url + "/staff/audit/trend.svg?lang=en").text()
    assert "Audit findings by run" in chart and "Run (date, Malaysia time)" in chart


def test_other_staff_cannot_see_the_audit_page(page, live) -> None:
    with live.database.unit_of_work() as s:
        p = factories.staff_personas(s)
    page.goto("/staff/login?lang=en")
    page.fill("#username", "hotline")
    page.fill("#password", factories.STAFF_PASSWORD)
    page.fill("#totp", p["hotline"].totp())
    page.click("button[type=submit]")
    page.wait_for_url("**/staff")
    page.goto("/staff/audit")
    assert page.get_attribute(".problem", "data-code") == "forbidden"
