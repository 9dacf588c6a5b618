"""Web plumbing shared by every domain: request context, the transaction per request,
problem+json rendering, templates, client IP, the rate limiter dependency, and the bearer
token or session cookie a request carries."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from typing import Any, Literal, TypeVar
from urllib.parse import quote, urlsplit

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PrefixLoader, select_autoescape
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import cookie_parser
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sihat.core import context, i18n
from sihat.core.db import Database
from sihat.core.errors import Problem, catalog, invalid_input_body, problem_body
from sihat.core.headers import in_networks, security_headers, trusted_peer
from sihat.core.logging import crash_fields, get_logger
from sihat.core.ratelimit import Limiter
from sihat.core.settings import Settings

log = get_logger("sihat.web")
PROBLEM_JSON = "application/problem+json"


def get_db(request: Request) -> Iterator[Session]:
    """The request owns the transaction: commit when the route returns, roll back on error.
    A page's refusal (a :class:`Problem` on a route marked with :func:`page`) is rolled back
    like any error; the session is then handed, open, to the page's problem handler, which
    renders the page on it and closes it."""
    database: Database = request.app.state.db
    session = database.sessions()
    request.state.db_session = session  # the pages' navigation reads on it (see viewer)
    handed_over = False
    try:
        yield session
        session.commit()
    except Problem:
        session.rollback()
        handed_over = _hand_over(request, session)
        raise
    except BaseException:
        session.rollback()
        raise
    finally:
        if not handed_over:
            request.state.db_session = None
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
    if forwarded and in_networks(peer, trusted_proxies):
        return forwarded.split(",")[-1].strip() or peer
    return peer


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

        started = [False]

        extra = [
            (b"x-request-id", request_id.encode()),
            *security_headers(
                scope.get("path", ""),
                scope.get("scheme", "http"),
                headers.get("x-forwarded-proto"),
                trusted_peer(scope, settings.trusted_proxies),
            ),
        ]

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                started[0] = True
                status[0] = message["status"]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        token = context.set_current(ctx)
        try:
            await self.app(scope, receive, send_with_id)
        except Exception as exc:  # answered here, so that no server prints its traceback
            log.error("unhandled", path=scope.get("path", ""), **crash_fields(exc))
            if not started[0]:
                request = Request(scope)
                _status, en, ms = catalog()["internal_error"]
                body = problem_body("internal_error", 500, en, ms, instance=request.url.path)
                await problem_response(request, body, 500)(scope, receive, send_with_id)
        finally:
            context.reset(token)
            log.info(
                "request",
                request_id=request_id,
                method=scope.get("method"),
                path=scope.get("path", ""),
                status_code=status[0],
            )


def problem_response(request: Request, body: dict[str, Any], status: int) -> Response:
    body.setdefault("request_id", context.current().request_id)
    getattr(request.app.state, "on_problem", lambda *_: None)(request, body)  # security log
    if not request.url.path.startswith("/api/") and "text/html" in request.headers.get(
        "accept", ""
    ):
        lang = i18n.lang_of(request)
        return templates(request.app).TemplateResponse(
            request,
            "core/error.html",
            {
                "problem": body,
                "lang": lang,
                "who": viewer(request, may_open=False),
                "path": request.url.path,
                "switch": lang_switch(request, lang),
            },
            status_code=status,
        )
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(Problem)
    async def _problem(request: Request, exc: Problem) -> Response:
        spec = page_of(request)
        if spec is not None:
            return await run_in_threadpool(_page_problem, request, spec, exc)
        return problem_response(request, exc.body(instance=request.url.path), exc.status)

    @app.exception_handler(Redirect)
    async def _redirect(request: Request, exc: Redirect) -> Response:
        return RedirectResponse(exc.url, status_code=303)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        errors = [
            {"field": ".".join(str(p) for p in e["loc"][1:]) or None, "message": e["msg"]}
            for e in exc.errors()
        ]
        body = invalid_input_body(errors, instance=request.url.path)
        return problem_response(request, body, body["status"])

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        code = {404: "not_found", 405: "method_not_allowed", 401: "not_authenticated"}.get(
            exc.status_code, "forbidden" if exc.status_code == 403 else "invalid_input"
        )
        _status, en, ms = catalog()[code]
        body = problem_body(code, exc.status_code, en, ms, instance=request.url.path)
        return problem_response(request, body, exc.status_code)

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception) -> Response:
        log.error("unhandled", path=request.url.path, **crash_fields(exc))
        status, en, ms = catalog()["internal_error"]
        body = problem_body("internal_error", status, en, ms, instance=request.url.path)
        return problem_response(request, body, status)


def build_templates(packages: Iterable[str]) -> Jinja2Templates:
    """Each package's ``templates/`` folder, under the package's last name
    (``"identity/me.html"``); the list comes from ``sihat.bootstrap``."""
    loaders = {}
    for package in packages:
        folder = resources.files(package).joinpath("templates")
        if not folder.is_dir():
            raise FileNotFoundError(f"{package} has no templates/ folder")
        loaders[package.rsplit(".", 1)[-1]] = FileSystemLoader(str(folder))
    env = Environment(
        loader=ChoiceLoader([PrefixLoader(loaders)]),
        autoescape=select_autoescape(["html"]),
    )
    env.globals["t"] = i18n.text
    env.globals["label"] = i18n.label
    env.globals["other_lang"] = i18n.other
    return Jinja2Templates(env=env)


def templates(app: FastAPI) -> Jinja2Templates:
    return app.state.templates  # type: ignore[no-any-return]


class Redirect(Exception):
    """Ends the request in a ``303 See Other`` to ``url`` (e.g. a page that needs a login)."""

    def __init__(self, url: str) -> None:
        super().__init__(url)
        self.url = url


def local_path(target: str | None) -> str | None:
    """``target`` when it is a path on this site (``/ppv/A?x=1``), else None: never another
    host (``//evil``, ``https://...``, ``/\\evil``), never a control character."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    if any(ord(c) < 32 or ord(c) == 127 for c in target) or urlsplit(target).netloc:
        return None
    return target


def here(request: Request) -> str:
    """This request's path and query, quoted for a ``?next=`` parameter."""
    query = request.url.query
    return quote(request.url.path + (f"?{query}" if query else ""), safe="")


@dataclass(frozen=True)
class Page:
    """What a page route renders when it is refused: its template (``htmx`` for an HTMX
    request when the fragment differs), and the context the template needs without data."""

    template: str
    htmx: str | None = None
    context: dict[str, Any] = field(default_factory=dict)

    def template_for(self, request: Request) -> str:
        return self.htmx if self.htmx and request.headers.get("hx-request") else self.template


_Endpoint = TypeVar("_Endpoint", bound=Callable[..., Any])
_PAGE_ATTR = "__sihat_page__"


def page(
    template: str, *, htmx: str | None = None, **context: Any
) -> Callable[[_Endpoint], _Endpoint]:
    """Marks a page route: a :class:`Problem` raised while it runs (by the route, a service or
    a dependency) is answered with ``template`` showing the refusal in Malay and English, at
    the problem's status, after the transaction is rolled back. ``context`` is the template's
    context without data (e.g. ``assignments=[]``); see :func:`refusal_context` for more."""
    spec = Page(template, htmx, context)

    def mark(endpoint: _Endpoint) -> _Endpoint:
        setattr(endpoint, _PAGE_ATTR, spec)
        return endpoint

    return mark


def page_of(request: Request) -> Page | None:
    """The :class:`Page` of the route answering ``request``, if it is a marked page route."""
    return getattr(request.scope.get("endpoint"), _PAGE_ATTR, None)


def refusal_context(
    request: Request, build: Callable[[], dict[str, Any]] | None = None, **context: Any
) -> None:
    """More context for this request's refusal page: values known now (``phone=phone``), or
    ``build()``, called after the rollback on the request's session to show the data as it
    stands (e.g. ``lambda: {"invoices": payments.invoices(session, staff)}``)."""
    request.state.refusal_context = {**getattr(request.state, "refusal_context", {}), **context}
    if build is not None:
        request.state.refusal_build = build


def _hand_over(request: Request, session: Session) -> bool:
    if page_of(request) is None:
        return False
    request.state.refused_session = session
    return True


def _page_problem(request: Request, spec: Page, problem: Problem) -> Response:
    """The page's answer to a refusal (already rolled back by :func:`get_db`): its template
    with the reason in both languages. A refusal while gathering the page's data is answered
    like any other refusal. Whatever rendering read is rolled back, and the session closed."""
    session: Session | None = getattr(request.state, "refused_session", None)
    try:
        ctx = {**spec.context, **getattr(request.state, "refusal_context", {})}
        build = getattr(request.state, "refusal_build", None)
        if build is not None:
            try:
                ctx.update(build())
            except Problem as other:
                return problem_response(
                    request, other.body(instance=request.url.path), other.status
                )
        return _render_refusal(request, spec.template_for(request), problem, ctx)
    finally:
        if session is not None:
            session.rollback()
            session.close()


def _render_refusal(
    request: Request, name: str, problem: Problem, ctx: dict[str, Any]
) -> HTMLResponse:
    body = problem.body(request_id=context.current().request_id)
    getattr(request.app.state, "on_problem", lambda *_: None)(request, body)  # security log
    return render(request, name, status_code=problem.status, problem=body, **ctx)


Viewer = dict[str, str]
"""Who is looking at a page, for the navigation: ``{"kind": "citizen"|"staff", "name": ...,
"home": ..., "logout": ...}``."""
_VIEWERS: list[Callable[[Request, Session], Viewer | None]] = []


def register_viewer(resolve: Callable[[Request, Session], Viewer | None]) -> None:
    """A domain that logs people in tells the pages who is looking (wired in bootstrap)."""
    if resolve not in _VIEWERS:
        _VIEWERS.append(resolve)


def viewer(request: Request, *, may_open: bool = True) -> Viewer | None:
    """The first registered resolver's answer, read once per request and only when the
    request carries a cookie: on the request's own session when it has one (a second session
    would wait for the first one's write lock on SQLite), else on a short one of its own
    (``may_open=False``: none, e.g. for an error page after the request's session is gone)."""
    if "viewer" in request.state._state:
        return request.state.viewer  # type: ignore[no-any-return]
    found: Viewer | None = None
    if request.cookies and _VIEWERS:
        own: Session | None = getattr(request.state, "db_session", None)
        try:
            if own is not None:
                found = _resolve(request, own)
            elif may_open or "db_session" not in request.state._state:
                with request.app.state.db.sessions() as session:
                    found = _resolve(request, session)
                    session.rollback()
        except SQLAlchemyError:  # an error page must render even with the database away
            found = None
    request.state.viewer = found
    return found


def lang_switch(request: Request, lang: str) -> str:
    """This page in the other language: its path and query with ``lang`` replaced (a
    ``next`` or a filter survives the switch)."""
    url = request.url.include_query_params(lang=i18n.other(lang))
    return url.path + "?" + url.query


def _resolve(request: Request, session: Session) -> Viewer | None:
    for resolve in _VIEWERS:
        found = resolve(request, session)
        if found is not None:
            return found
    return None


# What ``base.html`` reads on every page: a page's own context must not shadow them (a page's
# ``who`` once hid the logged-in staff member, and the header offered "Log in").
RESERVED = frozenset({"lang", "who", "path", "switch"})


def render(request: Request, name: str, status_code: int = 200, **ctx: Any) -> HTMLResponse:
    clash = RESERVED.intersection(ctx)
    if clash:
        raise TypeError(f"{name}: context keys {sorted(clash)} are the base template's own")
    lang = i18n.lang_of(request)
    response = templates(request.app).TemplateResponse(
        request,
        name,
        {
            "lang": lang,
            "who": viewer(request),
            "path": request.url.path,
            "switch": lang_switch(request, lang),
            **ctx,
        },
        status_code=status_code,
    )
    if request.query_params.get("lang") in i18n.LANGS:
        set_cookie(request, response, "lang", lang, max_age=365 * 86400, httponly=False)
    return response  # type: ignore[return-value]


def set_cookie(
    request: Request,
    response: Response,
    key: str,
    value: str,
    *,
    max_age: int,
    samesite: Literal["lax", "strict"] = "lax",
    httponly: bool = True,
) -> None:
    """Every cookie the platform sets: ``Secure`` outside demo mode (a demo on plain HTTP at
    127.0.0.1 keeps working), ``HttpOnly`` unless a script must read it, ``SameSite``."""
    secure = not settings_of(request).demo
    response.set_cookie(
        key, value, max_age=max_age, httponly=httponly, samesite=samesite, secure=secure
    )


def delete_cookie(request: Request, response: Response, key: str) -> None:
    response.delete_cookie(key, secure=not settings_of(request).demo, httponly=True)
