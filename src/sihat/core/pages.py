"""The home page and static files."""

from __future__ import annotations

from importlib import resources

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.staticfiles import StaticFiles

from sihat.core.web import render

router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> HTMLResponse:
    return render(request, "core/home.html")


@router.get("/favicon.ico")
def favicon() -> FileResponse:
    """What every browser asks for (a 404 here used to count as an intrusion attempt)."""
    path = resources.files("sihat.core").joinpath("static/favicon.ico")
    return FileResponse(str(path), media_type="image/x-icon", headers=_CACHE)


_CACHE = {"cache-control": "public, max-age=86400"}


def mount_static(app: FastAPI) -> None:
    app.mount(
        "/static",
        StaticFiles(directory=str(resources.files("sihat.core").joinpath("static"))),
        name="static",
    )
