"""The staff portal by role, in headless Chromium: each role's menu holds exactly the pages
it may use (no link answers 403, 404 or 500), every staff page fits 390 px and 1280 px
without sideways scrolling and has no serious or critical accessibility violation."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from sihat.staff import nav
from sihat.staff.models import ROLES as ROLES_ALL
from tests.staff.portal import ROLES, build_portal, login, walk
from tests.vaccination.conftest import moved  # noqa: F401  (the clock fixture)

pytestmark = pytest.mark.browser

WIDTHS = (390, 1280)
# An i18n key with no text (``t()`` answers the key itself) or a raw role code on a page.
RAW = re.compile(
    r"\b(?:staff|gov|ppv|stock|appr|exp|sec|audit|ven|reg|role|scope|idtype|case|orders"
    r"|field|nav|sex|form)\.[A-Za-z_]+(?:\.[A-Za-z_]+)?\b"
)
ROLE_CODES = [r for r in ROLES_ALL if "_" in r] + ["VACCINATOR", "AUDITOR", "SUPERVISOR"]


def _overflow(page) -> int:
    return int(
        page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    )


def test_every_role_sees_exactly_its_pages_and_every_link_answers(page, live, moved) -> None:
    from datetime import timedelta

    with live.database.unit_of_work() as s:
        world = build_portal(s)
    moved(timedelta(days=60))
    axe = Axe()
    checked: set[str] = set()
    problems: list[str] = []

    def visit(p, path: str) -> None:
        # The header knows who is logged in on every staff page (not "Log in" above the menu).
        if p.get_attribute("body", "data-who") != "staff":
            problems.append(f"{path} shows the header of someone not logged in")
        for width in WIDTHS:
            p.set_viewport_size({"width": width, "height": 900})
            extra = _overflow(p)
            if extra > 0:
                problems.append(f"{path} scrolls sideways by {extra}px at {width}px")
        text = p.inner_text("body")
        raw = sorted(set(RAW.findall(text)) | {r for r in ROLE_CODES if r in text})
        if raw:
            problems.append(f"{path} shows codes instead of words: {raw}")
        key = path.split("?")[0]
        if key not in checked:
            checked.add(key)
            result = axe.run(p)
            for v in result.response["violations"]:
                if v["impact"] in ("serious", "critical"):
                    problems.append(f"{path}: axe {v['id']} ({v['impact']}) {v['help']}")

    menus: dict[str, set[str]] = {}
    for name, daily in ROLES.items():
        page.context.clear_cookies()
        login(page, world.staff[name])
        menu = set(
            page.eval_on_selector_all("#staff-nav a", "els => els.map(e => e.getAttribute('href'))")
        )
        menus[name] = menu
        seen = walk(page, live.url, visit)
        assert not seen.bad, (name, seen.bad)
        assert daily in seen.pages, (name, sorted(seen.pages))
        # Every menu page of every role, opened by this role: 200 if in its menu, else 403.
        for item in nav.links():
            response = page.goto(item.path)
            assert response is not None
            expected = 200 if item.path in menu else 403
            assert response.status == expected, (name, item.path, response.status)
            if expected == 403:  # the page's refusal in both languages, not bare JSON
                assert response.headers["content-type"].startswith("text/html"), item.path
                assert page.get_attribute(".problem", "data-code") == "forbidden", item.path
    assert not problems, problems
    assert menus["hotline"] == {"/staff", "/staff/registrations", "/staff/identity-claims"}
    assert "/ppv" in menus["desk_a"] and "/ppv" in menus["supervisor_a"]
    counter = {name for name, menu in menus.items() if "/staff/identity-claims" in menu}
    assert counter == {"hotline", "desk_a", "supervisor_a"}
    assert "/staff/audit" in menus["auditor"] and "/staff/audit" not in menus["admin"]
    assert "/staff/vendors/payments" in menus["finance"]
    assert "/staff/security" in menus["security"]
    assert "/staff/cases" in menus["health"]
