"""One limit on the size of every request body (``SIHAT_MAX_BODY_BYTES``), with per-route
overrides where uploads need more (a case-register CSV import, a certificate's QR image).

A request that declares a larger ``Content-Length`` is refused ``payload_too_large`` (413)
before any of its body is read; a body that streams past the limit without declaring its length
is cut off at the limit the same way. The fast routes (``core.fastpath``) apply their own,
smaller limit. ``tests/core/test_bodylimit.py`` sends an oversized body to every route.
"""

from __future__ import annotations

import contextlib
import re
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sihat.core.errors import Problem

_OVERRIDES: list[tuple[re.Pattern[str], str]] = []


def allow(path: str, setting: str) -> None:
    """Let ``path`` (a route path, ``{param}`` placeholders allowed) take bodies up to the
    setting named ``setting`` (bytes) instead of ``max_body_bytes``. Domains call this for
    their upload routes when imported."""
    pattern = re.compile("^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(path)) + "$")
    if all(p.pattern != pattern.pattern for p, _ in _OVERRIDES):
        _OVERRIDES.append((pattern, setting))


def limit_for(path: str, settings: Any) -> int:
    for pattern, setting in _OVERRIDES:
        if pattern.match(path):
            return int(getattr(settings, setting))
    return int(settings.max_body_bytes)


class _TooLarge(Exception):
    pass


class BodyLimitMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = limit_for(scope.get("path", ""), scope["app"].state.settings)
        declared = _content_length(scope)
        if declared is not None and declared > limit:
            await _refuse(scope, receive, send)
            return
        seen = 0
        over = started = False

        async def limited_receive() -> Message:
            nonlocal seen, over
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    over = True
                    raise _TooLarge
            return message

        async def watched_send(message: Message) -> None:
            nonlocal started
            if over:  # whatever the route made of the cut-off body, the answer is 413
                return
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        with contextlib.suppress(_TooLarge):
            await self.app(scope, limited_receive, watched_send)
        if over and not started:
            await _refuse(scope, receive, send)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers") or []:
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


async def _refuse(scope: Scope, receive: Receive, send: Send) -> None:
    from sihat.core.edge import answer

    await answer(scope, receive, send, Problem("payload_too_large"))
