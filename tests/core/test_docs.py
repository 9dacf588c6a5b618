"""``/docs`` works offline: the page names only assets this server serves (from the
``fastapi-offline`` package), each answers 200, and Swagger UI renders the API in a browser
that may not reach anything but this server."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urlsplit


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in_script = tag == "script"
        for name, value in attrs:
            if name in ("src", "href") and value:
                self.urls.append(value)

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append(data)


def test_the_docs_page_loads_only_local_assets_and_each_answers(client) -> None:
    page = client.get("/docs")
    assert page.status_code == 200
    links = _Links()
    links.feed(page.text)
    assert {urlsplit(u).path.rsplit(".", 1)[-1] for u in links.urls} >= {"js", "css"}
    for url in links.urls:
        parts = urlsplit(url)
        assert not parts.scheme and not parts.netloc, url  # same server, no CDN
        answer = client.get(url)
        assert answer.status_code == 200 and len(answer.content) > 100, url
    assert "http" not in "".join(links.scripts)  # the inline start-up names no other host
    assert client.get("/api/v1/openapi.json").json()["info"]["title"] == "sihat"


def test_swagger_ui_renders_with_no_network_but_this_server(browser, live) -> None:
    context = browser.new_context(base_url=live.url)
    elsewhere: list[str] = []

    def only_here(route) -> None:
        if route.request.url.startswith(live.url):
            route.continue_()
        else:
            elsewhere.append(route.request.url)
            route.abort()

    context.route("**/*", only_here)
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        page.goto("/docs")
        page.locator(".swagger-ui .info .title").filter(has_text="sihat").wait_for()
        assert page.locator(".opblock").count() > 10  # the operations are listed
        assert elsewhere == []
    finally:
        context.close()
