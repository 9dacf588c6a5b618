"""The security middleware and its installation into the application.

Inside the request-context middleware (so the client IP is known), for every HTTP request:
1. refuse a blocked source with ``source_blocked`` (counted, never processed further);
2. look for injection-like shapes in the URL and in the first 64 KiB of a text body as it
   streams past;
3. after the response, write the buffered events in a short transaction of their own (the
   request's transaction is over by then, committed or rolled back) and learn new blocks.
"""

from __future__ import annotations

import threading
import time
from datetime import datetime
from typing import Any

from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sihat.core import clock, context, i18n
from sihat.core.db import Database
from sihat.core.errors import Problem
from sihat.core.fastpath import App, FastRequest
from sihat.core.settings import get_settings
from sihat.core.web import PROBLEM_JSON, templates
from sihat.security import hooks, patterns, service
from sihat.security.models import SourceBlock
from sihat.security.sink import SINK


class Guard:
    """The blocklist as this process sees it: asked of the database at most every few
    seconds per source, and told at once about blocks this process makes or lifts."""

    def __init__(self, database: Database) -> None:
        self.database = database
        self._lock = threading.Lock()
        self._cache: dict[str, tuple[float, datetime | None]] = {}

    def cached(self, ip: str) -> tuple[bool, datetime | None]:
        with self._lock:
            hit = self._cache.get(ip)
        if hit is None or hit[0] < time.monotonic():
            return False, None
        return True, hit[1]

    def lookup(self, ip: str) -> datetime | None:
        with self.database.sessions() as session:
            found = service.active_block(session, ip)
            until = found.until if found is not None else None
        self._remember(ip, until)
        return until

    def _remember(self, ip: str, until: datetime | None) -> None:
        ttl = get_settings().security_blocklist_cache_seconds
        with self._lock:
            if len(self._cache) > 100_000:
                self._cache.clear()
            self._cache[ip] = (time.monotonic() + ttl, until)

    async def refuses(self, ip: str, path: str) -> bool:
        """Is ``ip`` blocked now? A refused request is counted (``BLOCKED``)."""
        hit, until = self.cached(ip)
        if not hit:
            until = await run_in_threadpool(self.lookup, ip)
        if until is None or until <= clock.now():
            return False
        service.record(None, "BLOCKED", ip, target=path, blocked=True)
        return True

    def learn(self, blocks: list[SourceBlock]) -> None:
        for b in blocks:
            self._remember(b.source_ip, b.until)

    def forget(self, ip: str) -> None:
        with self._lock:
            self._cache.pop(ip, None)

    def flush(self) -> None:
        self.learn(service.flush(self.database))


class SecurityMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        guard: Guard = scope["app"].state.security_guard
        ip = context.current().ip or "-"
        path = scope.get("path", "")
        if await guard.refuses(ip, path):
            await _blocked_response(scope)(scope, receive, send)
            await _flush_if_due(guard)
            return
        url_kind = patterns.classify(path + "?" + scope.get("query_string", b"").decode("latin-1"))
        headers = dict(scope.get("headers") or [])
        inspector = patterns.BodyInspector(headers.get(b"content-type", b"").decode("latin-1"))

        async def watched_receive() -> Message:
            message = await receive()
            if message["type"] == "http.request":
                inspector.feed(message.get("body", b""))
            return message

        try:
            await self.app(scope, watched_receive if inspector.active else receive, send)
        finally:
            kind = url_kind or inspector.verdict()
            if kind is not None:
                service.record(None, kind, ip, target=path, where="url" if url_kind else "body")
            await _flush_if_due(guard)


async def _flush_if_due(guard: Guard) -> None:
    if SINK.due():
        await run_in_threadpool(guard.flush)


def _blocked_response(scope: Scope) -> Response:
    problem = Problem("source_blocked")
    body: dict[str, Any] = problem.body(
        request_id=context.current().request_id, instance=scope.get("path")
    )
    request = Request(scope)
    accept = request.headers.get("accept", "")
    if not request.url.path.startswith("/api/") and "text/html" in accept:
        return templates(request.app).TemplateResponse(
            request,
            "core/error.html",
            {"problem": body, "lang": i18n.lang_of(request)},
            status_code=problem.status,
        )
    return JSONResponse(body, status_code=problem.status, media_type=PROBLEM_JSON)


class FastGate:
    """The same defences for the fast routes (``core.fastpath``): a blocked source is refused
    before the handler runs; the query string is inspected on every request; the body only
    of a refused request. A request that was answered successfully carries no free text: a
    fast route validates every field strictly, and each string it accepts is a signed code or
    an id it found in the database; anything else was refused, and is inspected."""

    def __init__(self, guard: Guard) -> None:
        self.guard = guard

    async def admit(self, request: FastRequest) -> None:
        ip, path = request.ip, request.scope["path"]
        if await self.guard.refuses(ip, path):
            raise Problem("source_blocked")
        query = request.scope.get("query_string", b"")
        kind = patterns.classify(path + "?" + query.decode("latin-1")) if query else None
        if kind is not None:
            service.record(None, kind, ip, target=path, where="url")

    def refused(self, request: FastRequest, body: dict[str, Any]) -> None:
        text = request.body[: patterns.INSPECT_BYTES].decode("utf-8", "replace")
        kind = patterns.classify(text) if text else None
        if kind is not None:
            service.record(None, kind, request.ip, target=request.scope["path"], where="body")

    async def settle(self) -> None:
        await _flush_if_due(self.guard)


def install(app: FastAPI) -> None:
    """Called by ``create_app`` before the request-context middleware is added (so that
    this middleware runs inside it): the blocklist guard, the problem hook, the middleware,
    and the gate of the fast routes."""
    app.state.security_guard = Guard(app.state.db)
    app.state.on_problem = hooks.on_problem
    app.add_middleware(SecurityMiddleware)
    if isinstance(app, App):
        app.fast.gates.append(FastGate(app.state.security_guard))
