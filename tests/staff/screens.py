"""Screenshots of each staff role's main screen at 390 px and 1280 px into ``docs/screens/``.

Not part of the suite (the file name is not ``test_*``); run it on demand:
``.venv/bin/pytest -n 1 tests/staff/screens.py -k sqlite``."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from tests.staff.portal import ROLES, build_portal, login
from tests.vaccination.conftest import moved  # noqa: F401  (the clock fixture)

SCREENS = Path(__file__).resolve().parents[2] / "docs" / "screens"
MAIN = {**ROLES, "supervisor_a": "/ppv/PPV-A/stock"}

pytestmark = pytest.mark.browser


def test_screens(page, live, moved, settings, tmp_path) -> None:
    settings.var_dir = tmp_path
    with live.database.unit_of_work() as s:
        world = build_portal(s)
    moved(timedelta(days=60))
    login(page, world.staff["auditor"], lang="en")
    page.goto("/staff/audit")
    page.click("#run-now")
    page.wait_for_selector("tr[data-status=DONE]", timeout=120_000)
    for name, path in MAIN.items():
        page.context.clear_cookies()
        login(page, world.staff[name], lang="en")
        for width in (390, 1280):
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(path)
            page.wait_for_load_state("networkidle")
            role = name.removesuffix("_a")
            page.screenshot(path=str(SCREENS / f"staff-{role}-{width}.png"), full_page=True)
