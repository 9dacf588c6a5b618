"""``/docs``: the OpenAPI explorer (Swagger UI) served from a Python package, never a CDN,
so the API documentation works offline and on a closed network.

The assets are those of ``fastapi-offline`` (Swagger UI 5, which renders OpenAPI 3.1 as
FastAPI writes it), mounted at :data:`ASSETS`; the page is FastAPI's own
``get_swagger_ui_html`` pointed at them.
"""

from __future__ import annotations

from importlib import resources

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

DOCS = "/docs"
ASSETS = "/docs/assets"


def install(app: FastAPI) -> None:
    """Call with ``docs_url=None`` given to FastAPI (its page loads from a CDN)."""
    assert app.openapi_url is not None
    openapi_url = app.openapi_url
    title = f"{app.title} - API"
    app.mount(
        ASSETS,
        StaticFiles(directory=str(resources.files("fastapi_offline").joinpath("static"))),
        name="docs-assets",
    )

    @app.get(DOCS, include_in_schema=False)
    async def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=openapi_url,
            title=title,
            swagger_js_url=f"{ASSETS}/swagger-ui-bundle.js",
            swagger_css_url=f"{ASSETS}/swagger-ui.css",
            swagger_favicon_url=f"{ASSETS}/favicon.png",
            oauth2_redirect_url=None,
        )
