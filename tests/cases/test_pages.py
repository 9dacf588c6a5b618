"""The officer's case pages in headless Chromium: record, confirm, retract with a second
officer, import with row errors, the district scope; screenshots at 390 and 1280 px in /tmp."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from sihat.cases.models import Case
from sihat.identity.models import Person
from tests import factories
from tests.cases.conftest import premise, visit

SHOTS = "/tmp/sihat-cases-{name}-{width}.png"


def staff_login(page, persona) -> None:
    page.goto("/staff/login?lang=en")
    page.fill("#username", persona.account.username)
    page.fill("#password", factories.STAFF_PASSWORD)
    page.fill("#totp", persona.totp())
    page.click("button[type=submit]")
    page.wait_for_url("**/staff")


def shoot(page, name: str) -> None:
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=SHOTS.format(name=name, width=width), full_page=True)


def test_officer_records_confirms_and_retracts(page, live, browser) -> None:
    with live.database.unit_of_work() as s:
        people = factories.health_officers(s, factories.staff_personas(s))
        citizen = factories.sign_up(s)
        person = s.get(Person, citizen.person_id)
        assert person is not None
        id_type, id_number = person.id_type, person.id_number
        shop = premise(s, factories.sign_up(s), "Kedai Runcit Ali")
        me = person.id
        visit(s, shop, me, datetime(2026, 11, 17, 4, 0, tzinfo=UTC), person_id=me)
        visit(s, shop, "someone-else", datetime(2026, 11, 17, 4, 10, tzinfo=UTC))
    staff_login(page, people["health_petaling"])
    page.goto("/staff/cases?lang=en")
    page.fill("#specimen_id", "LAB-PJ-0001")
    page.select_option("#id_type", id_type)
    page.fill("#id_number", id_number)
    page.select_option("#source", "SELF_TEST")
    page.fill("#sample_at", "2099-11-18T10:00")
    page.select_option("#category", "2")
    page.select_option("#place", "Selangor/Petaling")
    page.click("#record button")
    problem = page.wait_for_selector(".problem")
    assert problem.get_attribute("data-code") == "case_invalid_time"
    assert "future" in problem.inner_text() and "masa depan" in problem.inner_text()
    # The refused form comes back as it was typed: only the wrong time needs correcting.
    assert page.input_value("#specimen_id") == "LAB-PJ-0001"
    assert page.input_value("#source") == "SELF_TEST"
    assert page.input_value("#category") == "2"
    page.fill("#sample_at", "2026-11-18T10:00")
    page.click("#record button")
    assert page.wait_for_selector("#case").get_attribute("data-status") == "PROVISIONAL"
    assert page.inner_text("#status") == "Provisional"
    assert "SELF_TEST" not in page.inner_text("main")
    row = page.wait_for_selector("#visits tr[data-premise]")
    assert "Kedai Runcit Ali" in row.inner_text() and row.inner_text().count("someone") == 0
    assert row.query_selector(".others").inner_text() == "1"  # type: ignore[union-attr]
    case_url = page.url
    page.click("#confirm")
    assert page.wait_for_selector("#case[data-status=CONFIRMED]")
    page.fill("#reason", "Self-test misread by the clinic")
    page.click("#retract button")
    assert page.wait_for_selector("#requests tr[data-status=PENDING]")
    assert page.query_selector("#requests button.approve") is None  # no self-approval
    shoot(page, "detail")

    other = browser.new_context(base_url=live.url)
    checker = other.new_page()
    staff_login(checker, people["health_petaling2"])
    checker.goto(case_url + "?lang=ms")
    checker.click("button.approve")
    assert checker.wait_for_selector("#case[data-status=RETRACTED]")
    assert checker.inner_text("#status") == "Ditarik balik"
    other.close()

    third = browser.new_context(base_url=live.url)
    klang = third.new_page()
    staff_login(klang, people["health_klang"])
    answer = klang.goto(case_url + "?lang=en")
    assert answer is not None and answer.status == 404
    assert klang.wait_for_selector(".problem").get_attribute("data-code") == "not_found"
    klang.goto("/staff/cases?lang=en")
    assert klang.query_selector("#cases tr[data-case]") is None
    third.close()

    page.goto("/staff/cases?lang=en&status=RETRACTED")
    assert len(page.query_selector_all("#cases tr[data-case]")) == 1
    shoot(page, "list")


def test_import_page_shows_row_errors_then_imports(page, live, tmp_path) -> None:
    with live.database.unit_of_work() as s:
        people = factories.health_officers(s, factories.staff_personas(s))
        person = s.get(Person, factories.sign_up(s).person_id)
        assert person is not None
        ident = f"{person.id_type},{person.id_number}"
    header = "specimen_id,id_type,id_number,source,sample_at,category,state,district"
    good = f"IMP-1,{ident},LAB_RTPCR,2026-11-18T10:00:00,2,Selangor,Petaling"
    bad = tmp_path / "bad.csv"
    bad.write_text(f"{header}\n{good}\nIMP-2,{ident},PCR,2026-11-18T10:00:00,2,Selangor,Klang\n")
    fixed = tmp_path / "fixed.csv"
    fixed.write_text(f"{header}\n{good}\n")
    staff_login(page, people["health_petaling"])
    page.goto("/staff/cases/import?lang=en")
    page.set_input_files("#file", str(bad))
    page.click("#upload button")
    report = page.wait_for_selector("#report")
    assert report.get_attribute("data-ok") == "no"
    assert page.inner_text("#created") == "0"
    error = page.wait_for_selector("#errors tr[data-row='3']")
    assert error.get_attribute("data-code") == "case_invalid_source"
    shoot(page, "import-errors")
    page.set_input_files("#file", str(fixed))
    page.click("#upload button")
    assert page.wait_for_selector("#report[data-ok=yes]")
    assert page.inner_text("#created") == "1"
    shoot(page, "import-done")
    with live.database.unit_of_work() as s:
        assert s.scalars(select(Case.specimen_id)).all() == ["IMP-1"]


def test_a_citizen_or_other_staff_cannot_open_the_register(page, live) -> None:
    with live.database.unit_of_work() as s:
        people = factories.staff_personas(s)
    answer = page.goto("/staff/cases")
    assert answer is not None and "/staff/login" in page.url
    staff_login(page, people["auditor"])
    answer = page.goto("/staff/cases?lang=en")
    assert answer is not None and answer.status == 403
    assert page.wait_for_selector(".problem").get_attribute("data-code") == "forbidden"
