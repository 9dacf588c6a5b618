"""The app installs as a PWA: a manifest with icons, a service worker, and the last
certificate and status still shown when the phone has lost the network; logging out deletes
the offline copies."""

from __future__ import annotations

import json

import pytest

from tests.public.conftest import citizen, log_in

pytestmark = pytest.mark.browser


def test_manifest_and_icons(page, live) -> None:
    page.goto("/")
    href = page.get_attribute("link[rel=manifest]", "href")
    manifest = json.loads(page.request.get(href).text())
    assert manifest["display"] == "standalone" and manifest["start_url"].startswith("/")
    sizes = {i["sizes"] for i in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in manifest["icons"]:
        response = page.request.get(icon["src"])
        assert response.status == 200 and response.headers["content-type"] == icon["type"]
    worker = page.request.get("/sw.js")
    assert worker.status == 200 and "javascript" in worker.headers["content-type"]


def _controlled(page) -> None:
    page.evaluate("navigator.serviceWorker.ready")
    if not page.evaluate("!!navigator.serviceWorker.controller"):
        page.reload()  # the first load installs; from the next one the worker answers
    page.wait_for_function("!!navigator.serviceWorker.controller")


def test_certificate_and_status_stay_available_offline(page, live, moved) -> None:
    with live.database.unit_of_work() as s:
        c = citizen(s, moved)
    log_in(page, c.phone)
    page.wait_for_url(lambda url: url.endswith("/"))
    _controlled(page)
    page.goto("/certificates/mine")
    page.wait_for_selector(f"article[data-ci='{c.ci}'] img.qr")
    page.wait_for_function("document.querySelector('img.qr').naturalWidth > 0")
    page.goto("/")
    page.wait_for_selector("#card-status")

    page.context.set_offline(True)
    page.goto("/certificates/mine")
    card = page.wait_for_selector(f"article[data-ci='{c.ci}']")
    assert page.is_visible(".offline-note")  # the page says it is the last copy
    page.wait_for_function("document.querySelector('img.qr').naturalWidth > 0")  # the QR too
    assert card.get_attribute("data-valid") == "true"
    page.goto("/")
    assert "Separa divaksin" in page.inner_text("#card-status")
    with pytest.raises(Exception):  # noqa: B017 (a page never kept is not there)
        page.goto("/appointments")

    page.context.set_offline(False)
    page.goto("/me")
    page.click("form[action='/logout'] button")
    page.wait_for_url(lambda url: url.endswith("/"))
    kept = page.evaluate(
        "caches.open('sihat-offline-v1').then(c => c.keys()).then(k => k.map(r => r.url))"
    )
    assert not any("/certificates/mine" in url for url in kept)
