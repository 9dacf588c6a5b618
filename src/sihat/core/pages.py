"""Static files, and the two files a browser needs at the site's root to install the app: the
web manifest and the service worker (its scope is the folder it is served from)."""

from __future__ import annotations

from importlib import resources

from fastapi import APIRouter, FastAPI
from fastapi.responses import FileResponse, Response
from fastapi.staticfiles import StaticFiles

router = APIRouter(include_in_schema=False)


def _static(name: str) -> bytes:
    return resources.files("sihat.core").joinpath("static", name).read_bytes()


@router.get("/manifest.webmanifest")
def manifest() -> Response:
    return Response(_static("manifest.webmanifest"), media_type="application/manifest+json")


@router.get("/sw.js")
def service_worker() -> Response:
    return Response(
        _static("sw.js"),
        media_type="text/javascript",
        headers={"Cache-Control": "no-cache", "Service-Worker-Allowed": "/"},
    )


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
