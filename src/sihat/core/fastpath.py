"""Fast routes: the few hot endpoints (a check-in, the health probe) answered by plain
async handlers in front of FastAPI, with what the full stack gives every request and
nothing more.

A request through FastAPI pays for its layers (error, telemetry and body-limit middleware,
the request context, the security middleware's regular expressions, routing, dependency
solving, response validation): about 0.3 ms of Python before the route does anything. At
national check-in rates that is the whole budget, so :class:`App` looks a request's
``(method, path)`` up in ``app.fast.routes`` first and, when it is there, does only this:

1. the request context (request id, client address behind trusted proxies, user agent), and
   the ``x-request-id`` response header, exactly as ``web.RequestContextMiddleware``;
2. every registered :class:`Gate` (the security domain's blocklist), which may refuse;
3. the body, read up to ``max_body`` bytes (``payload_too_large`` beyond);
4. the handler (which parses its body with :func:`parse`, refusing as FastAPI refuses);
   a :class:`~sihat.core.errors.Problem` it raises is answered as problem+json
   with the request id, and shown to the application's ``on_problem`` hook (the security
   log) and to every gate's ``refused`` (which may look at the body); anything else is logged
   and answered ``internal_error``;
5. one log line, as for every request.

Each fast route is also declared as an ordinary FastAPI route for the OpenAPI document,
whose function calls the same implementation; ``SIHAT_FAST_ROUTES=false`` serves every
request through FastAPI (the tests run both and compare).
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from fastapi import FastAPI
from pydantic import BaseModel, ValidationError
from starlette.requests import Request
from starlette.types import Receive, Scope, Send

from sihat.core import context, edge
from sihat.core.errors import Problem, invalid_input_body
from sihat.core.headers import security_headers, trusted_peer
from sihat.core.logging import crash_fields, get_logger
from sihat.core.web import PROBLEM_JSON, request_context

log = get_logger("sihat.web")


_JSON = b"application/json"
M = TypeVar("M", bound=BaseModel)


@dataclass(slots=True)
class FastRequest:
    scope: Scope
    headers: dict[bytes, bytes]
    body: bytes
    ip: str
    request_id: str

    @property
    def state(self) -> Any:
        return self.scope["app"].state

    def header(self, name: bytes) -> str | None:
        value = self.headers.get(name)
        return value.decode("latin-1") if value is not None else None


@dataclass(slots=True)
class FastResponse:
    body: bytes
    status: int = 200
    content_type: bytes = _JSON


Handler = Callable[[FastRequest], Awaitable[FastResponse]]


class Gate(Protocol):
    """A check every fast request passes (the security domain's blocklist)."""

    async def admit(self, request: FastRequest) -> None:
        """Raise a Problem to refuse the request before its handler runs."""

    def refused(self, request: FastRequest, body: dict[str, Any]) -> None:
        """Told about every refusal (problem) a fast route answered."""

    async def settle(self) -> None:
        """After the response is sent (write buffered events)."""


@dataclass
class FastRoutes:
    routes: dict[tuple[str, str], Handler] = field(default_factory=dict)
    gates: list[Gate] = field(default_factory=list)
    max_body: int = 16 * 1024

    def add(self, method: str, path: str, handler: Handler) -> None:
        self.routes[(method, path)] = handler


class App(FastAPI):
    """FastAPI with :class:`FastRoutes` looked at first (see the module's text)."""

    fast: FastRoutes
    fast_enabled: bool = True

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and self.fast_enabled:
            handler = self.fast.routes.get((scope["method"], scope["path"]))
            if handler is not None:
                await self._serve_fast(handler, scope, receive, send)
                return
        await super().__call__(scope, receive, send)

    async def _serve_fast(
        self, handler: Handler, scope: Scope, receive: Receive, send: Send
    ) -> None:
        scope["app"] = self
        scope["endpoint"] = handler  # a matched route (the security log tells probes apart)
        headers = dict(scope["headers"])

        def header(name: str) -> str | None:
            value = headers.get(name.encode())
            return value.decode("latin-1") if value is not None else None

        ctx = request_context(scope, header, self.state.settings.trusted_proxies)
        request_id, ip = ctx.request_id or "", ctx.ip or "-"
        token = context.set_current(ctx)
        request = FastRequest(scope, headers, b"", ip, request_id)
        status = 499  # logged when the client went away before the answer
        try:
            try:
                response = await self._answer(handler, request, receive)
            except _ClientGone:
                return
            status = response.status
            await send(
                {
                    "type": "http.response.start",
                    "status": status,
                    "headers": [
                        (b"content-type", response.content_type),
                        (b"content-length", str(len(response.body)).encode()),
                        (b"x-request-id", request_id.encode()),
                        *security_headers(
                            scope["path"],
                            scope.get("scheme", "http"),
                            header("x-forwarded-proto"),
                            trusted_peer(scope, self.state.settings.trusted_proxies),
                        ),
                    ],
                }
            )
            await send({"type": "http.response.body", "body": response.body})
            for gate in self.fast.gates:
                await gate.settle()
        finally:
            context.reset(token)
            log.info(
                "request",
                request_id=request_id,
                method=scope["method"],
                path=scope["path"],
                status_code=status,
            )

    async def _answer(
        self, handler: Handler, request: FastRequest, receive: Receive
    ) -> FastResponse:
        instance = request.scope["path"]
        try:
            for gate in self.fast.gates:
                await gate.admit(request)
            request.body = await _read_body(receive, self.fast.max_body)
            return await handler(request)
        except _ClientGone:
            raise
        except Problem as problem:
            body = problem.body(request_id=request.request_id, instance=instance)
        except ValidationError as invalid:
            errors = [
                {"field": ".".join(str(p) for p in e["loc"]) or None, "message": e["msg"]}
                for e in invalid.errors()
            ]
            body = invalid_input_body(errors, instance=instance, request_id=request.request_id)
        except InvalidInput as invalid:
            body = invalid_input_body(
                invalid.errors, instance=instance, request_id=request.request_id
            )
        except Exception as exc:
            log.error("unhandled", path=instance, **crash_fields(exc))
            body = Problem("internal_error").body(request_id=request.request_id, instance=instance)
        getattr(self.state, "on_problem", lambda *_: None)(Request(request.scope), body)
        for gate in self.fast.gates:
            gate.refused(request, body)
        payload = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
        return FastResponse(payload, body["status"], PROBLEM_JSON.encode())


class InvalidInput(Exception):
    """A body that is not JSON: answered ``invalid_input`` as FastAPI answers it."""

    def __init__(self, errors: list[dict[str, Any]]) -> None:
        super().__init__("invalid input")
        self.errors = errors


def parse(model: type[M], body: bytes) -> M:
    """``body`` as ``model``, refused exactly as FastAPI refuses a body (same codes, fields
    and messages: JSON is decoded first, then validated in Python mode)."""
    edge.check_json(body)  # NUL bytes and deep nesting, as for every other route
    try:
        data = json.loads(body)
    except ValueError as bad:
        position = getattr(bad, "pos", 0)
        raise InvalidInput([{"field": str(position), "message": "JSON decode error"}]) from None
    return model.model_validate(data, from_attributes=True)  # FastAPI's mode (its messages)


class _ClientGone(Exception):
    """The client disconnected before its body arrived: nothing to answer."""


async def _read_body(receive: Receive, limit: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise _ClientGone
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise Problem("payload_too_large")
        chunks.append(chunk)
        if not message.get("more_body"):
            return chunks[0] if len(chunks) == 1 else b"".join(chunks)
