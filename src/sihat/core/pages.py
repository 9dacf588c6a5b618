"""The home page and static files."""

from __future__ import annotations

from importlib import resources

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from sihat.core.web import render

router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> HTMLResponse:
    return render(request, "core/home.html")


def mount_static(app: FastAPI) -> None:
    app.mount(
        "/static",
        StaticFiles(directory=str(resources.files("sihat.core").joinpath("static"))),
        name="static",
    )
