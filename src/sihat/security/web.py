"""The security middleware and its installation into the application.

Inside the request-context middleware (so the client IP is known), for every HTTP request:
1. refuse a blocked source with ``source_blocked`` (counted, never processed further);
2. look for injection-like shapes in the URL and in the first 64 KiB of a text body as it
   streams past;
3. after the response, write the buffered events in a short transaction of their own (the
   request's transaction is over by then, committed or rolled back) and learn new blocks.
"""

from __future__ import annotations

import dataclasses
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
from sihat.core.web import PROBLEM_JSON, templates, token_of
from sihat.security import hooks, patterns, service
from sihat.security.models import SourceBlock
from sihat.security.sink import SINK

Tokens = service.Tokens
# How long a token's owner is remembered: it never changes (a token revoked meanwhile only
# has its events counted under its former owner a while longer; access is checked apart).
OWNER_SECONDS = 300.0


def register_principal(cookie: str, lookup: service.Lookup) -> None:
    service.register_principal(cookie, lookup)


def tokens_of(authorization: str | None, cookie_header: str | None) -> Tokens:
    """The (cookie, token) pairs a request carries (read from its headers, no lookup)."""
    found = (
        (cookie, token_of(authorization, cookie_header, cookie)) for cookie in service.cookies()
    )
    return tuple((cookie, token) for cookie, token in found if token)


class Guard:
    """The blocklist as this process sees it: every active block of an address, asked of the
    database at most every few seconds per address, and forgotten at once when this process
    makes or lifts one.

    A request costs no lookup of its session: the owner of its token is looked up only when
    its address has an active block for somebody (to tell whether it is theirs), and when an
    event it set off is written (``service.write``: events count by address and account)."""

    def __init__(self, database: Database) -> None:
        self.database = database
        self._lock = threading.Lock()
        # address -> (good until, {who: blocked until}); who None = everyone at the address
        self._cache: dict[str, tuple[float, dict[str | None, datetime]]] = {}
        self._owners: dict[Tokens, tuple[float, str]] = {}

    def cached(self, ip: str) -> dict[str | None, datetime] | None:
        with self._lock:
            hit = self._cache.get(ip)
        if hit is None or hit[0] < time.monotonic():
            return None
        return hit[1]

    def lookup(self, ip: str) -> dict[str | None, datetime]:
        with self.database.sessions() as session:
            blocks = service.active_blocks(session, ip)
        with self._lock:
            if len(self._cache) > 100_000:
                self._cache.clear()
            self._cache[ip] = (time.monotonic() + _ttl(), blocks)
        return blocks

    def owner(self, tokens: Tokens) -> str:
        """The account of the live session among ``tokens``, else ``-`` (remembered)."""
        if not tokens:
            return service.ANONYMOUS
        with self._lock:
            hit = self._owners.get(tokens)
        if hit is not None and hit[0] >= time.monotonic():
            return hit[1]
        with self.database.sessions() as session:
            who = service.owner_of(session, tokens)
        with self._lock:
            if len(self._owners) > 100_000:
                self._owners.clear()
            self._owners[tokens] = (time.monotonic() + OWNER_SECONDS, who)
        return who

    async def refuses(self, ip: str, path: str, tokens: Tokens = ()) -> tuple[bool, str | None]:
        """``(refused, who)``: is the caller blocked at ``ip`` now? ``who`` is the account of
        the request's live session (``-`` without one) when it had to be looked up, else None
        (no block at the address: nobody's session needed). A refused request is counted."""
        blocks = self.cached(ip)
        if blocks is None:
            blocks = await run_in_threadpool(self.lookup, ip)
        now = clock.now()
        live = {who: until for who, until in blocks.items() if until > now}
        if not live:
            return False, None
        everyone = live.get(None)
        who = await run_in_threadpool(self.owner, tokens) if tokens else service.ANONYMOUS
        until = everyone or live.get(who)
        if until is None:
            return False, who
        account = None if who == service.ANONYMOUS else who
        service.record(None, "BLOCKED", ip, target=path, blocked=True, account=account)
        return True, who

    def learn(self, blocks: list[SourceBlock]) -> None:
        for b in blocks:
            self.forget(b.source_ip)

    def forget(self, ip: str) -> None:
        with self._lock:
            self._cache.pop(ip, None)

    def flush(self) -> None:
        self.learn(service.flush(self.database))


def _ttl() -> float:
    return get_settings().security_blocklist_cache_seconds


def _as_context(who: str | None, tokens: Tokens) -> dict[str, Any]:
    """What the request context carries for the events this request sets off: the account
    when it is known, else the tokens (their owner is looked up when the events are written)."""
    if who is None:
        return {"account": None, "tokens": tokens}
    return {"account": None if who == service.ANONYMOUS else who, "tokens": ()}


class SecurityMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        guard: Guard = scope["app"].state.security_guard
        ctx = context.current()
        ip = ctx.ip or "-"
        path = scope.get("path", "")
        headers = dict(scope.get("headers") or [])
        tokens = tokens_of(_text(headers.get(b"authorization")), _text(headers.get(b"cookie")))
        refused, who = await guard.refuses(ip, path, tokens)
        if refused:
            await _blocked_response(scope)(scope, receive, send)
            await _flush_if_due(guard)
            return
        if who is None and not tokens:
            await self._watched(guard, ip, path, headers, scope, receive, send)
            return
        # what this request sets off counts for (ip, account)
        token = context.set_current(dataclasses.replace(ctx, **_as_context(who, tokens)))
        try:
            await self._watched(guard, ip, path, headers, scope, receive, send)
        finally:
            context.reset(token)

    async def _watched(
        self,
        guard: Guard,
        ip: str,
        path: str,
        headers: dict[bytes, bytes],
        scope: Scope,
        receive: Receive,
        send: Send,
    ) -> None:
        url_kind = patterns.classify(path + "?" + scope.get("query_string", b"").decode("latin-1"))
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


def _text(value: bytes | None) -> str | None:
    return value.decode("latin-1") if value is not None else None


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
        tokens = tokens_of(request.header(b"authorization"), request.header(b"cookie"))
        refused, who = await self.guard.refuses(ip, path, tokens)
        if refused:
            raise Problem("source_blocked")
        if who is not None or tokens:  # the fast route's own context ends with the request
            context.set_current(dataclasses.replace(context.current(), **_as_context(who, tokens)))
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
