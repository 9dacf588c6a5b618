"""The hotspot pages in headless Chromium: the public map (cells drawn by the vendored Leaflet,
no tiles) with the tracker, a premise owner's status and guidance, the officer's ranked list in
their district; 390 and 1280 px without sideways scrolling, axe-core 0 serious/critical, Malay
and English, no raw code; screenshots in /tmp."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from sihat.core import clock
from sihat.hotspots.policy import load
from tests import factories
from tests.cases.test_pages import staff_login
from tests.hotspots.conftest import KL, case, make_world, premise, sight
from tests.public.conftest import log_in
from tests.public.test_walk import RAW

pytestmark = pytest.mark.browser
SHOTS = "/tmp/sihat-hotspots-{name}-{width}-{lang}.png"
_AXE = Axe()


def check(page, name: str) -> list[str]:
    """The page at both widths and in both languages: what is wrong with it, as text."""
    found = []
    path = page.url
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        for lang in ("ms", "en"):
            page.goto(path.split("#")[0] + ("&" if "?" in path else "?") + f"lang={lang}")
            page.wait_for_load_state("load")
            if page.query_selector("#map"):
                page.wait_for_selector("#map[data-drawn]")
            wide = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
            if wide[0] > wide[1]:
                found.append(f"{name} {width}px {lang}: {wide[0]} px wide")
            for raw in {m.group(0) for m in RAW.finditer(page.inner_text("body"))}:
                found.append(f"{name} {lang}: raw code {raw!r}")
            page.screenshot(path=SHOTS.format(name=name, width=width, lang=lang), full_page=True)
        if width == 1280:
            for v in _AXE.run(page).response["violations"]:
                if v["impact"] in ("serious", "critical"):
                    found.append(f"{name}: axe {v['id']} ({v['impact']})")
    return found


def seed(live) -> dict[str, object]:
    k = load().k
    with live.database.unit_of_work() as s:
        officers = factories.health_officers(s, factories.staff_personas(s))
        w = make_world(s)
        pasar = premise(s, w.owner, "Pasar Borong Selayang", KL)
        kedai = premise(s, w.owner, "Kedai Runcit Ali", (3.05, 101.58))
        far = premise(s, w.owner, "Kedai Kopi Klang", (3.04, 101.45), district="Klang")
        today = clock.today_my()
        for _ in range(k):
            sight(s, case(s, w.people[0]), pasar, today, w.people[1])
        for _ in range(2):
            sight(s, case(s, w.people[0]), kedai, today, w.people[1])
        for _ in range(2):
            sight(s, case(s, w.people[0], district="Klang"), far, today, w.people[1])
        return {
            "officer": officers["health_petaling"],
            "owner_phone": w.owner.phone,
            "pasar": pasar.id,
            "kedai": kedai.id,
            "far": far.id,
        }


def test_public_map_and_tracker(page, live) -> None:
    seed(live)
    page.goto("/hotspots?lang=en")
    drawn = page.wait_for_selector("#map[data-drawn]")
    assert drawn.get_attribute("data-drawn") == "3"  # three cells, drawn without tiles
    assert page.query_selector("#map .leaflet-tile") is None
    assert page.query_selector(".leaflet-interactive") is not None
    row = page.wait_for_selector("#districts tr[data-district=Petaling]")
    assert row.query_selector(".cases").inner_text() == str(load().k + 2)  # type: ignore[union-attr]
    page.fill("#lat", str(KL[0]))
    page.fill("#lng", str(KL[1]))
    page.click("#check")
    result = page.wait_for_selector("#tracker-result")
    assert result.get_attribute("data-cases") == str(load().k)
    assert f"{load().k} cases within 1 km" in result.inner_text()
    page.fill("#lat", "3.30")
    page.fill("#lng", "101.40")
    page.click("#check")
    assert "Fewer than" in page.wait_for_selector("#tracker-result").inner_text()
    page.fill("#lat", "51.5")
    page.click("#check")
    problem = page.wait_for_selector(".problem")
    assert problem.get_attribute("data-code") == "hotspot_outside_malaysia"
    assert "outside Malaysia" in problem.inner_text() and "di luar Malaysia" in problem.inner_text()
    page.goto(f"/hotspots?lat={KL[0]}&lng={KL[1]}")
    assert check(page, "map") == []


def test_premise_owner_sees_status_and_guidance(page, live) -> None:
    made = seed(live)
    log_in(page, str(made["owner_phone"]), f"/login?next=/premises/{made['pasar']}")
    page.goto(f"/premises/{made['pasar']}?lang=en")
    page.click("#hotspot-link")
    level = page.wait_for_selector("#level")
    assert level.get_attribute("data-level") == "LARGE" and level.inner_text() == "Large hotspot"
    assert len(page.query_selector_all("#guidance li")) == 3
    assert check(page, "premise") == []
    page.goto(f"/premises/{made['kedai']}/hotspot?lang=ms")
    assert page.inner_text("#level") == "Hotspot kecil"


def test_officer_sees_the_hotspots_of_their_district(page, live) -> None:
    made = seed(live)
    staff_login(page, made["officer"])
    page.click("a[href='/staff/hotspots']")  # in the officer's menu
    page.wait_for_selector("#hotspots")
    rows = page.query_selector_all("#hotspots tr[data-premise]")
    assert [r.get_attribute("data-premise") for r in rows] == [made["pasar"], made["kedai"]]
    assert [r.get_attribute("data-level") for r in rows] == ["LARGE", "SMALL"]
    assert made["far"] not in page.content()  # Klang is not this officer's district
    assert (page.inner_text("#large"), page.inner_text("#small")) == ("1", "1")
    assert check(page, "staff") == []
