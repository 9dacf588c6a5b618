"""Browser fixtures for page tests in every folder: the real app served by uvicorn on a free
port, driven by Debian's chromium through Playwright. Registered once for the whole suite by
``pytest_plugins`` in ``tests/conftest.py``; no test module needs to import them.

Playwright's sync API allows one instance per thread, so the browser is a process-wide
singleton even if a module defines or imports these fixtures again."""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest
import uvicorn

from tests.servers import free_port

if TYPE_CHECKING:
    from sihat.core.db import Database

CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class LiveServer:
    database: Database  # set by the ``live`` fixture

    def __init__(self, app) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(
            app, host="127.0.0.1", port=self.port, log_level="error", lifespan="off"
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("server did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


_SHARED: dict[str, Any] = {}


def shared_browser() -> object:
    if "browser" not in _SHARED:
        from playwright.sync_api import sync_playwright

        executable = shutil.which("chromium") or "/usr/bin/chromium"
        playwright = sync_playwright().start()
        _SHARED["playwright"] = playwright
        _SHARED["browser"] = playwright.chromium.launch(
            executable_path=executable, args=CHROMIUM_ARGS
        )
    return _SHARED["browser"]


def close_shared_browser() -> None:
    browser = _SHARED.pop("browser", None)
    if browser is not None:
        browser.close()
        _SHARED.pop("playwright").stop()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    yield shared_browser()


@pytest.fixture
def live(fresh_database, settings) -> Iterator[LiveServer]:
    from sihat.app import create_app

    app = create_app(settings, database=fresh_database)
    with LiveServer(app) as server:
        server.database = fresh_database
        yield server


@pytest.fixture
def page(browser, live) -> Iterator[object]:
    context = browser.new_context(base_url=live.url)
    p = context.new_page()
    p.set_default_timeout(10_000)
    refused: list[str] = []  # every page test is also a Content-Security-Policy test (#17)
    p.on(
        "console",
        lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None,
    )
    yield p
    context.close()
    assert refused == [], "the page broke its Content-Security-Policy"
