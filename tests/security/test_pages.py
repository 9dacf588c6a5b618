"""Pages of exports, security events and vendor payments in headless Chromium.

One module for the three, so that one worker starts Playwright once (each module that imports
the ``browser`` fixture would start its own).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from sihat.core import clock
from sihat.exports.models import ExportAlert
from sihat.vendors import payments
from tests import factories
from tests.exports.conftest import add_staff, populate


def staff_login(page, persona) -> None:
    page.goto("/staff/login?lang=en")
    page.fill("#username", persona.account.username)
    page.fill("#password", factories.STAFF_PASSWORD)
    page.fill("#totp", persona.totp())
    page.click("button[type=submit]")
    page.wait_for_url("**/staff")


def test_request_approve_download_in_a_browser(page, live, browser) -> None:
    with live.database.unit_of_work() as s:
        people = factories.staff_personas(s)
        add_staff(s, people, "sec", "SECURITY_OFFICER")
        populate(s, 6)
    staff_login(page, people["auditor"])
    page.goto("/staff/exports?lang=en")
    assert "50,000 rows per request" in page.inner_text("#export-rules")
    page.check("#dataset-form input[value=people]")
    page.click("#dataset-form button")
    fields = ("id_number", "full_name", "state")

    def pick() -> None:
        for field in fields:
            page.check(f"#field-picker input[value={field}]")

    pick()
    assert "always masked" in page.inner_text("#field-picker")
    page.fill("#filter-state", "Selangor")
    page.fill("#purpose", "Outreach list check")
    page.fill("#max_rows", "999999999")
    page.click("#export-form button")
    problem = page.wait_for_selector(".problem")
    assert problem.get_attribute("data-code") == "export_above_cap"
    assert "50000" in problem.inner_text() and "baris" in problem.inner_text()
    pick()  # the refusal page shows the same form again, empty
    page.fill("#purpose", "Outreach list check")
    page.fill("#max_rows", "5")
    page.click("#export-form button")
    assert page.wait_for_selector("#export").get_attribute("data-status") == "PENDING"
    url = page.url

    other = browser.new_context(base_url=live.url)
    officer = other.new_page()
    staff_login(officer, people["sec"])
    officer.goto(url + "?lang=ms")
    officer.click("button.approve")
    assert officer.wait_for_selector("#export[data-status=APPROVED]")
    officer.goto("/staff/exports/alerts?lang=en")
    assert officer.query_selector("tr[data-kind=ABOVE_CAP]") is not None
    other.close()

    page.goto(url)
    with page.expect_download() as caught:
        page.click("#download")
    text = Path(caught.value.path()).read_text(encoding="utf-8")
    assert text.splitlines()[0] == "ref,id_number,state" and len(text.splitlines()) == 7
    page.goto(url)
    assert len(page.query_selector_all("#downloads tr")) == 1
    with live.database.unit_of_work() as s:
        assert "ABOVE_CAP" in {a.kind for a in s.query(ExportAlert)}


def test_security_page_counts_and_blocks(page, live) -> None:
    with live.database.unit_of_work() as s:
        people = factories.staff_personas(s)
        add_staff(s, people, "sec", "SECURITY_OFFICER")
    page.goto("/wp-login.php")
    page.goto("/api/v1/health?q=1%27%20OR%20%271%27=%271")
    staff_login(page, people["sec"])
    page.goto("/staff/security?lang=en")
    assert page.query_selector("#by-kind tr[data-kind=SCAN]") is not None
    assert page.query_selector("#by-kind tr[data-kind=SQL_INJECTION]") is not None
    assert int(page.inner_text("#attempts")) >= 2
    page.fill("#source_ip", "not-an-ip")
    page.fill("#reason", "testing")
    page.click("form[action='/staff/security/blocks'] button")
    assert page.wait_for_selector(".problem").get_attribute("data-code") == "invalid_source_ip"
    page.fill("#source_ip", "198.51.100.23")
    page.fill("#reason", "credential stuffing")
    page.click("form[action='/staff/security/blocks'] button")
    row = page.wait_for_selector("#blocks tr[data-ip='198.51.100.23']")
    assert "Everyone at this address" in row.inner_text()  # a block by hand: not one account
    row.query_selector("button.lift").click()
    page.wait_for_load_state()
    assert page.query_selector("#blocks tr[data-ip='198.51.100.23']") is None


def test_payment_steps_in_a_browser(page, live, browser) -> None:
    with live.database.unit_of_work() as s:
        people = factories.staff_personas(s)
        finance = add_staff(s, people, "finance", "FINANCE_OFFICER")
        payer = add_staff(s, people, "payer", "PAYMENT_APPROVER")
        payments.set_limit(s, people["admin"].account, payer.account, Decimal("1000"))
        today = clock.today_my()
        payments.create_contract(
            s,
            people["admin"].account,
            contract_ref="KKM/SMS/1",
            vendor="SMS Sdn Bhd",
            service="SMS",
            starts_on=date(today.year - 1, 1, 1),
            ends_on=date(today.year + 1, 12, 31),
            rate_myr=Decimal("0.02"),
            ceiling_myr=Decimal("5000"),
        )
        factories.delivered_sms(s, 100)
        payments.receive_invoice(
            s,
            finance.account,
            contract_ref="KKM/SMS/1",
            invoice_no="M-1",
            invoice_date=today,
            period_start=today,
            period_end=today,
            units=100,
            amount_myr=Decimal("2.00"),
        )
    staff_login(page, payer)
    page.goto("/staff/vendors/payments?lang=en")
    page.click("tr[data-invoice=M-1] button.approve")
    problem = page.wait_for_selector(".problem")
    assert problem.get_attribute("data-code") == "payment_not_verified"
    assert "verify" in problem.inner_text() and "mengesahkan" in problem.inner_text()

    other = browser.new_context(base_url=live.url)
    fin = other.new_page()
    staff_login(fin, finance)
    fin.goto("/staff/vendors/payments")
    fin.click("tr[data-invoice=M-1] button.verify")
    fin.wait_for_selector("tr[data-invoice=M-1][data-status=VERIFIED]")

    page.goto("/staff/vendors/payments")
    page.click("tr[data-invoice=M-1] button.approve")
    page.wait_for_selector("tr[data-invoice=M-1][data-status=APPROVED]")

    fin.goto("/staff/vendors/payments")
    fin.fill("tr[data-invoice=M-1] input[name=payment_ref]", "EFT-42")
    fin.click("tr[data-invoice=M-1] button.pay")
    fin.wait_for_selector("tr[data-invoice=M-1][data-status=PAID]")
    other.close()
