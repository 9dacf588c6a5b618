"""Web plumbing shared by every domain: request context, the transaction per request,
problem+json rendering, templates, client IP, the rate limiter dependency, and the bearer
token or session cookie a request carries."""

from __future__ import annotations

import ipaddress
import uuid
from collections.abc import Callable, Iterator
from importlib import resources
from typing import Any

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.templating import Jinja2Templates
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PrefixLoader, select_autoescape
from sqlalchemy.orm import Session
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import cookie_parser
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sihat.core import context, i18n
from sihat.core.db import Database
from sihat.core.errors import Problem, catalog, invalid_input_body, problem_body
from sihat.core.logging import get_logger
from sihat.core.ratelimit import Limiter
from sihat.core.settings import Settings

log = get_logger("sihat.web")
PROBLEM_JSON = "application/problem+json"


def get_db(request: Request) -> Iterator[Session]:
    """The request owns the transaction: commit when the route returns, roll back on error."""
    database: Database = request.app.state.db
    session = database.sessions()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


DB = Depends(get_db, scope="function")


def limiter(request: Request) -> Limiter:
    return request.app.state.limiter  # type: ignore[no-any-return]


def request_ip() -> str:
    """The caller's address as resolved by the middleware (trusted proxies honoured)."""
    return context.current().ip or "-"


def settings_of(request: Request) -> Settings:
    return request.app.state.settings  # type: ignore[no-any-return]


def bearer_or_cookie(request: Request, cookie: str) -> str | None:
    """The token a request carries: ``Authorization: Bearer ...``, else the cookie ``cookie``."""
    return token_of(request.headers.get("authorization"), request.headers.get("cookie"), cookie)


def token_of(authorization: str | None, cookie_header: str | None, cookie: str) -> str | None:
    """:func:`bearer_or_cookie` from raw header values (for the fast routes)."""
    if authorization and authorization.lower().startswith("bearer "):
        return authorization[7:].strip() or None
    return cookie_parser(cookie_header).get(cookie) if cookie_header else None


def client_ip(request: Request, trusted_proxies: list[str]) -> str:
    """The peer address, or the proxy's ``X-Forwarded-For`` only when the peer is trusted."""
    peer = request.client.host if request.client else "0.0.0.0"
    return resolve_ip(peer, request.headers.get("x-forwarded-for"), trusted_proxies)


def request_context(
    scope: Scope, header: Callable[[str], str | None], trusted_proxies: list[str]
) -> context.RequestContext:
    """Who is asking, for the request-context middleware and the fast routes alike: the
    caller's ``X-Request-Id`` when it is short and alphanumeric (else a new one), the client
    address (a proxy's ``X-Forwarded-For`` only from a trusted proxy), the user agent."""
    request_id = header("x-request-id") or ""
    if not request_id or not request_id.isalnum() or len(request_id) > 64:
        request_id = uuid.uuid4().hex
    peer = scope["client"][0] if scope.get("client") else "0.0.0.0"
    return context.RequestContext(
        request_id=request_id,
        ip=resolve_ip(peer, header("x-forwarded-for"), trusted_proxies),
        user_agent=header("user-agent"),
        channel="api" if scope.get("path", "").startswith("/api/") else "page",
    )


def resolve_ip(peer: str, forwarded: str | None, trusted_proxies: list[str]) -> str:
    if forwarded and _in_networks(peer, trusted_proxies):
        return forwarded.split(",")[-1].strip() or peer
    return peer


def _in_networks(ip: str, networks: list[str]) -> bool:
    try:
        addr = ipaddress.ip_address(ip)
    except ValueError:
        return False
    return any(addr in ipaddress.ip_network(n, strict=False) for n in networks)


class RequestContextMiddleware:
    """Request id, client address and user agent for everything below, and one log line per
    request. Pure ASGI (no per-request task or response buffering)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        settings: Settings = scope["app"].state.settings
        headers = Headers(scope=scope)
        ctx = request_context(scope, headers.get, settings.trusted_proxies)
        request_id = ctx.request_id or ""
        status = [500]

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
                message["headers"] = [
                    *message.get("headers", []),
                    (b"x-request-id", request_id.encode()),
                ]
            await send(message)

        token = context.set_current(ctx)
        try:
            await self.app(scope, receive, send_with_id)
        finally:
            context.reset(token)
            log.info(
                "request",
                request_id=request_id,
                method=scope.get("method"),
                path=scope.get("path", ""),
                status_code=status[0],
            )


def _problem_response(request: Request, body: dict[str, Any], status: int) -> Response:
    body.setdefault("request_id", context.current().request_id)
    getattr(request.app.state, "on_problem", lambda *_: None)(request, body)  # security log
    if not request.url.path.startswith("/api/") and "text/html" in request.headers.get(
        "accept", ""
    ):
        lang = i18n.lang_of(request)
        return templates(request.app).TemplateResponse(
            request,
            "core/error.html",
            {"problem": body, "lang": lang},
            status_code=status,
        )
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(Problem)
    async def _problem(request: Request, exc: Problem) -> Response:
        return _problem_response(request, exc.body(instance=request.url.path), exc.status)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        errors = [
            {"field": ".".join(str(p) for p in e["loc"][1:]) or None, "message": e["msg"]}
            for e in exc.errors()
        ]
        body = invalid_input_body(errors, instance=request.url.path)
        return _problem_response(request, body, body["status"])

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        code = {404: "not_found", 405: "method_not_allowed", 401: "not_authenticated"}.get(
            exc.status_code, "forbidden" if exc.status_code == 403 else "invalid_input"
        )
        _status, en, ms = catalog()[code]
        body = problem_body(code, exc.status_code, en, ms, instance=request.url.path)
        return _problem_response(request, body, exc.status_code)

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception) -> Response:
        log.error("unhandled", error_type=type(exc).__name__, path=request.url.path)
        status, en, ms = catalog()["internal_error"]
        body = problem_body("internal_error", status, en, ms, instance=request.url.path)
        return _problem_response(request, body, status)


def build_templates() -> Jinja2Templates:
    """Every domain's ``templates/`` folder, under the domain's name (``"identity/me.html"``).
    Found on disk, so a new domain needs no line here."""
    root = resources.files("sihat")
    loaders = {
        entry.name: FileSystemLoader(str(entry.joinpath("templates")))
        for entry in root.iterdir()
        if entry.is_dir() and entry.joinpath("templates").is_dir()
    }
    env = Environment(
        loader=ChoiceLoader([PrefixLoader(loaders)]),
        autoescape=select_autoescape(["html"]),
    )
    env.globals["t"] = i18n.text
    return Jinja2Templates(env=env)


def templates(app: FastAPI) -> Jinja2Templates:
    return app.state.templates  # type: ignore[no-any-return]


def render_problem(
    request: Request, session: Session, name: str, problem: Problem, **ctx: Any
) -> HTMLResponse:
    """A page's answer to a refusal: nothing written (roll back), the reason in both languages."""
    session.rollback()
    body = problem.body(request_id=context.current().request_id)
    getattr(request.app.state, "on_problem", lambda *_: None)(request, body)  # security log
    return render(request, name, status_code=problem.status, problem=body, **ctx)


def render(request: Request, name: str, status_code: int = 200, **ctx: Any) -> HTMLResponse:
    lang = i18n.lang_of(request)
    response = templates(request.app).TemplateResponse(
        request, name, {"lang": lang, **ctx}, status_code=status_code
    )
    if request.query_params.get("lang") in i18n.LANGS:
        response.set_cookie("lang", lang, max_age=365 * 86400, samesite="lax")
    return response  # type: ignore[return-value]
