"""Every public page, walked in headless Chromium as a visitor and as a logged-in citizen:
at 390 px (a phone) and 1280 px nothing scrolls sideways; axe-core finds no serious or
critical accessibility violation; every link answers 2xx or 3xx; no raw code (an enum, a
refusal code) reaches the reader in Malay or English."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.public.conftest import citizen, log_in

pytestmark = pytest.mark.browser

VISITOR_PAGES = [
    "/",
    "/login",
    "/login?done=2",  # signed up, the record not linked without proof
    "/signup",
    "/register",
    "/certificates/verify",
    "/nowhere",
]
CITIZEN_PAGES = [
    "/",
    "/scan",
    "/certificates/mine",
    "/appointments",
    "/dependents",
    "/checkins/history",
    "/risk",
    "/selfassess",
    "/selftest",
    "/me",
    "/register",
    "/premises",
    "/c/{token}",
]
# Stored values that must only ever reach a person as their label.
RAW = re.compile(
    r"\b(MYKAD|MYPR|MYKAS|MYTENTERA|PASSPORT|OFFERED|ACCEPTED|CANCELLED|NO_SHOW|ATTENDED"
    r"|PENDING|SUPER_ADMIN|CHILD|SPOUSE|GRANDPARENT|SELF|LOW_RISK|NEXT_DOSE)\b"
    r"|\b[a-z]+_[a-z_]+\b"
)
_AXE = Axe()


def _links(page) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
    origin = page.evaluate("location.origin")
    return [h.split("#")[0] for h in hrefs if h.startswith(origin)]


def _walk(page, paths: list[str], seen_links: set[str]) -> list[str]:
    """Each page at both widths and in both languages; the problems found, as text."""
    found: list[str] = []
    for path in paths:
        for width in (390, 1280):
            page.set_viewport_size({"width": width, "height": 900})
            for lang in ("ms", "en"):
                page.goto(path + ("&" if "?" in path else "?") + f"lang={lang}")
                page.wait_for_load_state("load")
                wide = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
                if wide[0] > wide[1]:
                    found.append(f"{path} {width}px {lang}: {wide[0]} px wide")
                text = page.inner_text("body")
                for raw in {m.group(0) for m in RAW.finditer(text)}:
                    found.append(f"{path} {lang}: raw code {raw!r}")
                if width == 390:
                    seen_links.update(_links(page))
            if width == 1280:
                result = _AXE.run(page)
                for v in result.response["violations"]:
                    if v["impact"] in ("serious", "critical"):
                        targets = [n["target"] for n in v["nodes"]][:3]
                        found.append(f"{path}: axe {v['id']} ({v['impact']}) {targets}")
    return found


def _broken(page, links: set[str]) -> list[str]:
    broken = []
    for link in sorted(links):
        status = page.request.get(link, max_redirects=0).status
        if not 200 <= status < 400:
            broken.append(f"{link}: {status}")
    return broken


def test_every_public_page_fits_a_phone_is_accessible_and_links_work(page, live, moved) -> None:
    with live.database.unit_of_work() as s:
        c = citizen(s, moved)
    links: set[str] = set()
    problems = _walk(page, VISITOR_PAGES, links)
    problems += _broken(page, {link for link in links if "/nowhere" not in link})
    log_in(page, c.phone)
    page.wait_for_url(lambda url: url.endswith("/"))
    citizen_links: set[str] = set()
    problems += _walk(page, [p.format(token=c.token) for p in CITIZEN_PAGES], citizen_links)
    problems += _broken(page, citizen_links - {live.url + "/logout"})
    assert problems == [], "\n".join(problems)


def _check_here(page, name: str) -> list[str]:
    """The current page (a form's answer) at both widths: fit, raw codes, axe."""
    found = []
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        wide = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        if wide[0] > wide[1]:
            found.append(f"{name} {width}px: {wide[0]} px wide")
    found += [f"{name}: raw code {m.group(0)!r}" for m in RAW.finditer(page.inner_text("body"))]
    for v in _AXE.run(page).response["violations"]:
        if v["impact"] in ("serious", "critical"):
            found.append(f"{name}: axe {v['id']} ({v['impact']})")
    return found


def test_answers_to_forms_fit_and_are_accessible(page, live, moved) -> None:
    """The pages a form answers with: the verifier's verdict, the door after a check-in."""
    with live.database.unit_of_work() as s:
        c = citizen(s, moved)
        from sqlalchemy import select

        from sihat.certificates.models import Certificate

        code = s.scalar(select(Certificate.code).where(Certificate.ci == c.ci))
    problems: list[str] = []
    page.set_viewport_size({"width": 390, "height": 900})
    for lang in ("ms", "en"):
        page.goto(f"/certificates/verify?lang={lang}")
        page.fill("#code", code[:-8] + ("A" if code[-8] != "A" else "B") + code[-7:])
        page.click("#verify-form button[type=submit]")
        page.wait_for_selector("#verdict[data-valid=false]")
        problems += _check_here(page, f"verify (tampered, {lang})")
    page.goto("/certificates/verify")
    page.fill("#code", code)
    page.click("#verify-form button[type=submit]")
    page.wait_for_selector("#verdict[data-valid=true]")
    problems += _check_here(page, "verify (valid)")
    log_in(page, c.phone, f"/login?next=%2Fc%2F{c.token}")
    page.wait_for_url(f"**/c/{c.token}")
    page.check(f"input.dependent[value='{c.kid_id}']")
    page.click("#checkin-button")
    page.wait_for_selector("#checked-in")
    problems += _check_here(page, "door")
    assert problems == [], "\n".join(problems)
