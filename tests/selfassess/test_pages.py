"""The self-assessment pages in headless Chromium at phone width: a guardian answers a
dependent's daily task one question per screen (a refusal shown in both languages on the same
screen), sees the outcome; reports a positive self-test with a photo; a district officer sees
the missed tasks of their district (another district's officer does not) and the completion
chart; an auditor sees the chart only. Every screen: no sideways scroll at 390 and 1280 px, no
serious or critical axe-core violation, no raw code. Screenshots: /tmp/selfassess-*.png."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from PIL import Image
from sqlalchemy import select

from sihat.cases.models import Case
from sihat.core import clock
from sihat.risk import service as risk
from sihat.selfassess import tasks
from sihat.selfassess.models import Assessment, DailyTask
from tests import factories
from tests.cases.test_pages import staff_login
from tests.public.conftest import log_in
from tests.selfassess.conftest import family, watched

pytestmark = pytest.mark.browser
SHOTS = "/tmp/selfassess-{name}-{width}.png"
RAW = re.compile(
    r"\b(SUSPECTED|CASUAL_CONTACT|CLOSE_CONTACT|PERSON_UNDER_SURVEILLANCE|POSITIVE|NEGATIVE"
    r"|INVALID|MISSED|DUE|DONE|HAT-\d{4}-\d\d)\b|\b[a-z]+_[a-z_]+\b"
)
_AXE = Axe()


def look(page, name: str) -> None:
    """Both widths: nothing scrolls sideways, no raw code, axe-core clean; a screenshot each."""
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 844 if width == 390 else 800})
        wide = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert wide[0] <= wide[1], f"{name} scrolls sideways at {width}px"
        page.screenshot(path=SHOTS.format(name=name, width=width), full_page=True)
    raw = {m.group(0) for m in RAW.finditer(page.inner_text("body"))}
    assert not raw, f"{name}: raw codes {raw}"
    serious = [
        v["id"]
        for v in _AXE.run(page).response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == [], f"{name}: {serious}"
    page.set_viewport_size({"width": 390, "height": 844})


def test_guardian_answers_a_dependents_daily_task(page, live, backend) -> None:
    with live.database.unit_of_work() as s:
        f = family(s)
        watched(s, f.kid.id, "CASUAL_CONTACT", "casual_contact")
        phone, kid_id, kid_name = f.account.phone, f.kid.id, f.kid.full_name
    assert tasks.run(live.database)["created"] == 1
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, phone)
    page.wait_for_url(lambda url: url.endswith("/"))
    page.goto("/?lang=en")
    card = page.locator("#card-selfassess")
    assert card.locator("#tasks-today").inner_text() == "1 tasks today"
    card.locator("a.go").click()
    page.wait_for_url("**/selfassess")
    kid = page.locator(f"li.person[data-person='{kid_id}']")
    assert "Daily task" in kid.locator(".task-due").inner_text()
    look(page, "hub")
    kid.locator("button.start").click()

    # Screen 1: symptoms. "No symptoms" with a symptom is refused on the same screen.
    page.wait_for_url("**/q/1")
    assert page.locator("form#question").count() == 1 and page.locator("legend").count() == 1
    assert page.locator("#progress-text").inner_text() == "Question 1 of 4"
    assert page.locator("#for").inner_text() == kid_name
    look(page, "question")
    page.check("input[value=fever]")
    page.check("input[value=none]")
    page.click("#next")
    problem = page.locator(".problem")
    assert problem.get_attribute("data-code") == "selfassess_answer_exclusive"
    assert "No symptoms" in problem.inner_text() and "Tiada gejala" in problem.inner_text()
    assert page.locator("form#question").get_attribute("data-question") == "symptoms"
    page.uncheck("input[value=none]")
    page.check("input[value=cough]")
    page.click("#next")
    page.wait_for_url("**/q/2")
    page.fill("#answer", "38.1")
    look(page, "question-number")
    page.click("#next")
    page.wait_for_url("**/q/3")
    page.check("input[value=no]")
    page.click("#next")
    page.wait_for_url("**/q/4")
    page.check("input[value=no]")
    page.click("#next")

    page.wait_for_url("**/review")
    answers = page.locator("#answers").inner_text()
    assert "Fever, Cough" in answers and "38.1 °C" in answers
    look(page, "review")
    page.click("#send")
    result = page.locator("#result")
    assert result.get_attribute("data-outcome") == "SUSPECTED"
    assert page.locator("#status-label").inner_text() == "Suspected case"
    look(page, "result")
    with live.database.unit_of_work() as s:
        assert risk.current(s, kid_id).status == "SUSPECTED"
        (task,) = s.scalars(select(DailyTask).where(DailyTask.person_id == kid_id))
        assert task.status == "DONE"
        (done_id,) = s.scalars(select(Assessment.id).where(Assessment.person_id == kid_id))
    for closed in ("q/1", "review"):  # a sent assessment's screens lead to its result
        page.goto(f"/selfassess/a/{done_id}/{closed}")
        page.wait_for_url(f"**/selfassess/a/{done_id}")
        assert page.locator("#result").get_attribute("data-outcome") == "SUSPECTED"
    page.goto("/selfassess?lang=ms")
    assert (
        page.locator(f"li.person[data-person='{kid_id}'] .today").get_attribute("data-state")
        == "done"
    )
    look(page, "hub-done")


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (60, 40), (10, 120, 200)).save(out, "PNG")
    return out.getvalue()


def test_citizen_reports_a_positive_self_test(page, live, backend) -> None:
    with live.database.unit_of_work() as s:
        f = family(s)
        phone, person_id = f.account.phone, f.person.id
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, phone)
    page.wait_for_url(lambda url: url.endswith("/"))
    page.goto("/selftest?lang=en")
    look(page, "selftest")
    page.check(f"input[name=person_id][value='{person_id}']")
    page.check("input[name=result][value=POSITIVE]")
    page.select_option("#brand", "GMATE")
    page.set_input_files("#photo", {"name": "kit.png", "mimeType": "image/png", "buffer": _png()})
    page.click("#send")
    sent = page.locator("#sent")
    assert sent.get_attribute("data-result") == "POSITIVE"
    assert "Isolate at home now" in page.locator("#next-step").inner_text()
    assert "photo kept" in page.locator("#history").inner_text()
    look(page, "selftest-sent")
    # The same report again: nothing new.
    page.check(f"input[name=person_id][value='{person_id}']")
    page.check("input[name=result][value=POSITIVE]")
    page.select_option("#brand", "GMATE")
    page.click("#send")
    assert "already reported" in page.locator("#sent").inner_text()
    with live.database.unit_of_work() as s:
        cases = list(s.scalars(select(Case).where(Case.person_id == person_id)))
        assert [(c.source, c.status) for c in cases] == [("SELF_TEST", "PROVISIONAL")]


def test_officers_see_missed_tasks_of_their_district(page, live, browser, backend) -> None:
    yesterday = clock.today_my() - timedelta(days=1)
    with live.database.unit_of_work() as s:
        crew = factories.health_officers(s, factories.staff_personas(s))
        here, there = family(s), family(s, district="Klang")
        for person in (here.kid, there.person):
            s.add(
                DailyTask(
                    person_id=person.id,
                    day=yesterday,
                    risk_status="CLOSE_CONTACT",
                    status="DUE",
                    state=person.state,
                    district=person.district,
                    created_at=clock.now() - timedelta(days=1),
                )
            )
        names = (here.kid.full_name, there.person.full_name)
    assert tasks.run(live.database)["missed"] == 2
    staff_login(page, crew["health_petaling"])
    page.goto("/staff?lang=en")  # the dashboard's panel: the district's last 7 days
    panel = page.locator("#panel-selfassess")
    assert panel.locator("#panel-rate").inner_text() == "0.0%"
    assert "(0 / 1)" in panel.inner_text()
    look(page, "dashboard")
    panel.locator("a[href='/staff/selfassess']").click()
    page.wait_for_url("**/staff/selfassess")
    page.goto("/staff/selfassess?lang=en")
    missed = page.locator("#missed").inner_text()
    assert names[0] in missed and names[1] not in missed
    row = page.locator(f"#completion tr[data-day='{yesterday.isoformat()}']")
    assert row.locator(".due").inner_text() == "1" and row.locator(".rate").inner_text() == "0.0%"
    assert "Close contact" in missed
    look(page, "officer")

    other = browser.new_context(base_url=live.url)
    klang = other.new_page()
    staff_login(klang, crew["health_klang"])
    klang.goto("/staff/selfassess?lang=en")
    assert names[1] in klang.locator("#missed").inner_text()
    assert names[0] not in klang.content()
    auditor = browser.new_context(base_url=live.url)
    audit_page = auditor.new_page()
    staff_login(audit_page, crew["auditor"])
    assert "(0 / 2)" in audit_page.locator("#panel-selfassess").inner_text()  # national
    audit_page.goto("/staff/selfassess?lang=en")
    assert audit_page.locator("#missed").count() == 0
    assert (
        audit_page.locator(f"#completion tr[data-day='{yesterday.isoformat()}'] .due").inner_text()
        == "2"
    )
    other.close()
    auditor.close()
