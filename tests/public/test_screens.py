"""Screenshots of the main public screens at 390 px and 1280 px, for the README: written to
``$SIHAT_SCREENS_DIR`` when set (``make screens`` sets docs/screens), else to a temporary
folder, so the test also proves every screen renders."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.public.conftest import citizen, log_in

pytestmark = pytest.mark.browser

VISITOR = [("landing", "/"), ("login", "/login")]
CITIZEN = [
    ("home", "/"),
    ("scan", "/scan"),
    ("certificates", "/certificates/mine"),
    ("appointments", "/appointments"),
    ("dependents", "/dependents"),
    ("status", "/risk"),
    ("door", "/c/{token}"),
]


def test_main_screens(page, live, moved, tmp_path, backend) -> None:
    if backend != "sqlite":
        pytest.skip("the same screens: once is enough")
    folder = Path(os.environ.get("SIHAT_SCREENS_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    with live.database.unit_of_work() as s:
        c = citizen(s, moved)

    def shoot(screens: list[tuple[str, str]]) -> None:
        for width in (390, 1280):
            page.set_viewport_size({"width": width, "height": 844 if width == 390 else 800})
            for name, path in screens:
                page.goto(path.format(token=c.token))
                page.wait_for_load_state("load")
                target = folder / f"{name}-{width}.png"
                page.screenshot(path=str(target), full_page=True)
                assert target.stat().st_size > 0

    shoot(VISITOR)
    log_in(page, c.phone)
    page.wait_for_url(lambda url: url.endswith("/"))
    shoot(CITIZEN)
