"""The FastAPI application: API under ``/api/v1`` (OpenAPI at ``/docs``) and the pages."""

from __future__ import annotations

import gc
import json
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from sihat import __version__, bootstrap
from sihat.core import docs, openapi
from sihat.core import logging as sihat_logging
from sihat.core.bodylimit import BodyLimitMiddleware
from sihat.core.db import Database
from sihat.core.edge import EdgeMiddleware
from sihat.core.fastpath import App, FastRequest, FastResponse, FastRoutes
from sihat.core.pages import mount_static
from sihat.core.pages import router as core_pages
from sihat.core.ratelimit import Limiter
from sihat.core.settings import Settings, get_settings
from sihat.core.web import RequestContextMiddleware, build_templates, install_error_handlers
from sihat.security import web as security_web


def create_app(settings: Settings | None = None, database: Database | None = None) -> FastAPI:
    bootstrap.boot()
    settings = settings or get_settings()
    sihat_logging.configure(settings.log_level, path=settings.log_file)
    app = App(
        title="sihat",
        version=__version__,
        description="Vaccination programme and public-health check-in platform. "
        "Errors are application/problem+json with a stable `code` and Malay/English text.",
        openapi_url="/api/v1/openapi.json",
        docs_url=None,  # core.docs serves /docs from a package, not a CDN
        redoc_url=None,
        lifespan=_lifespan,
    )
    app.fast = FastRoutes()
    app.fast_enabled = settings.fast_routes
    app.state.settings = settings
    app.state.db = database or Database.from_url(settings.database_url)
    app.state.limiter = Limiter(
        settings.rate_limit_storage, settings.rate_limit_prefix, settings.rate_limit_timeout_s
    )
    app.state.templates = build_templates(bootstrap.TEMPLATE_PACKAGES)

    @app.get("/api/v1/health", tags=["core"])
    async def health() -> dict[str, str]:
        """Liveness for load balancers (a fast route; this function documents it)."""
        return HEALTH

    app.fast.add("GET", "/api/v1/health", _fast_health)

    app.add_middleware(EdgeMiddleware)  # NUL bytes, deep JSON: refused before any route
    app.add_middleware(BodyLimitMiddleware)  # one body limit, in front of the edge checks
    security_web.install(app)  # inside the request context: blocklist, payload checks, events
    app.add_middleware(RequestContextMiddleware)
    install_error_handlers(app)
    mount_static(app)
    docs.install(app)
    _include_routers(app)
    openapi.install(app)  # every operation's problem+json refusals
    return app


HEALTH = {"status": "ok", "version": __version__}
_HEALTH_JSON = json.dumps(HEALTH, separators=(",", ":")).encode()


async def _fast_health(_request: FastRequest) -> FastResponse:
    return FastResponse(_HEALTH_JSON)


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Scheduled jobs (``core.scheduler``) run beside the server when ``SIHAT_SCHEDULER`` is on."""
    # Everything imported and built so far lives as long as the process: move it out of the
    # collector's sight, so that a full collection does not walk it mid-request (a pause of
    # tens of milliseconds with this many modules loaded). Once per process: an app started
    # again in the same process (tests) must not freeze what earlier ones left behind.
    if not gc.get_freeze_count():
        gc.collect()
        gc.freeze()
    stop = threading.Event()
    if app.state.settings.scheduler:
        from sihat.core import scheduler

        scheduler.start(app.state.db, stop)
    yield
    stop.set()


def _include_routers(app: App) -> None:
    """API routers first, the busiest first (route matching walks them in order), then pages."""
    from sihat.audit_live import pages as audit_pages
    from sihat.bluetrace import api as bluetrace_api
    from sihat.bluetrace import pages as bluetrace_pages
    from sihat.cases import api as cases_api
    from sihat.cases import pages as cases_pages
    from sihat.certificates import api as certificates_api
    from sihat.certificates import pages as certificates_pages
    from sihat.checkins import api as checkins_api
    from sihat.checkins import pages as checkins_pages
    from sihat.exports import api as exports_api
    from sihat.exports import pages as exports_pages
    from sihat.governance import api as governance_api
    from sihat.governance import pages as governance_pages
    from sihat.hotspots import api as hotspots_api
    from sihat.hotspots import pages as hotspots_pages
    from sihat.identity import api as identity_api
    from sihat.identity import api_recovery as identity_recovery_api
    from sihat.identity import inbox as identity_inbox
    from sihat.identity import pages as identity_pages
    from sihat.identity import pages_recovery as identity_recovery_pages
    from sihat.notifications import api as notifications_api
    from sihat.orders import api as orders_api
    from sihat.orders import pages as orders_pages
    from sihat.public import pages as public_pages
    from sihat.registration import api as registration_api
    from sihat.registration import pages as registration_pages
    from sihat.registration import pages_claims as registration_claims_pages
    from sihat.registration import pages_staff as registration_staff_pages
    from sihat.risk import api as risk_api
    from sihat.risk import pages as risk_pages
    from sihat.security import api as security_api
    from sihat.security import pages as security_pages
    from sihat.selfassess import pages as selfassess_pages
    from sihat.selfassess import pages_staff as selfassess_staff_pages
    from sihat.staff import api as staff_api
    from sihat.staff import pages as staff_pages
    from sihat.vaccination import api as vaccination_api
    from sihat.vaccination import appointment_pages
    from sihat.vaccination import pages as vaccination_pages
    from sihat.vaccination import pages_allocate as vaccination_allocate_pages
    from sihat.vaccination import pages_correct as vaccination_correct_pages
    from sihat.vaccination import pages_stock as vaccination_stock_pages
    from sihat.vendors import api as vendors_api
    from sihat.vendors import pages as vendors_pages

    for router in (
        checkins_api.router,
        identity_api.router,
        identity_recovery_api.router,
        registration_api.router,
        vaccination_api.router,
        cases_api.router,
        certificates_api.router,
        risk_api.router,
        orders_api.router,
        bluetrace_api.router,
        hotspots_api.router,
        staff_api.router,
        governance_api.router,
        exports_api.router,
        security_api.router,
        vendors_api.router,
        notifications_api.router,
        identity_inbox.api,
        checkins_pages.router,
        core_pages,
        public_pages.router,
        identity_pages.router,
        identity_recovery_pages.router,
        identity_inbox.pages,
        registration_pages.router,
        registration_staff_pages.router,
        registration_claims_pages.router,
        vaccination_pages.router,
        appointment_pages.router,
        vaccination_stock_pages.router,
        vaccination_correct_pages.router,
        vaccination_allocate_pages.router,
        cases_pages.router,
        certificates_pages.router,
        risk_pages.router,
        orders_pages.router,
        bluetrace_pages.router,
        hotspots_pages.router,
        selfassess_pages.router,
        selfassess_staff_pages.router,
        staff_pages.router,
        governance_pages.router,
        audit_pages.router,
        exports_pages.router,
        security_pages.router,
        vendors_pages.router,
    ):
        app.include_router(router)
    app.fast.add("POST", "/api/v1/checkins", checkins_api.fast_check_in)
