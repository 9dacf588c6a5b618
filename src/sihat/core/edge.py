"""Input refused at the edge, before any route or database sees it, with a stable code each:

- ``invalid_character``: a NUL byte anywhere in the path, the query or a JSON or form body
  (PostgreSQL cannot store one in text, and no field of ours needs one);
- ``too_deeply_nested``: a JSON body nested deeper than ``MAX_DEPTH`` (Python's decoder would
  recurse towards its limit; none of our schemas is deeper than a few levels).

The middleware covers every FastAPI route; the fast routes call :func:`check_json` from
``core.fastpath.parse``. Both are found by Schemathesis (``tests/api``) if they regress.
"""

from __future__ import annotations

from urllib.parse import unquote_to_bytes

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sihat.core.errors import Problem

MAX_DEPTH = 32
_CHECKED_TYPES = (b"application/json", b"application/x-www-form-urlencoded", b"+json")


def check_json(body: bytes) -> None:
    """Refuse a NUL (raw or ``\\u0000``) and nesting deeper than ``MAX_DEPTH``."""
    if b"\x00" in body or b"\\u0000" in body.lower():
        raise Problem("invalid_character")
    depth = 0
    in_string = escaped = False
    for byte in body:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):  # [ {
            depth += 1
            if depth > MAX_DEPTH:
                raise Problem("too_deeply_nested")
        elif byte in (0x5D, 0x7D):
            depth -= 1


def check_form(body: bytes) -> None:
    if b"\x00" in body or b"\x00" in unquote_to_bytes(body.replace(b"+", b" ")):
        raise Problem("invalid_character")


def check_url(scope: Scope) -> None:
    path = scope.get("path", "")
    query = scope.get("query_string", b"")
    if "\x00" in path or (b"%00" in query or b"\x00" in query):
        raise Problem("invalid_character")


class EdgeMiddleware:
    """Checks the URL of every request and the body of JSON and form requests (read whole:
    the body limit in front of it bounds it), then hands the same body on."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        try:
            await self._checked(scope, receive, send)
        except Problem as problem:
            await answer(scope, receive, send, problem)

    async def _checked(self, scope: Scope, receive: Receive, send: Send) -> None:
        check_url(scope)
        kind = b""
        for name, value in scope.get("headers") or []:
            if name == b"content-type":
                kind = value.lower()
        if not any(t in kind for t in _CHECKED_TYPES):
            await self.app(scope, receive, send)
            return
        chunks: list[bytes] = []
        while True:
            message = await receive()
            if message["type"] != "http.request":
                break
            chunks.append(message.get("body", b""))
            if not message.get("more_body"):
                break
        body = b"".join(chunks)
        if b"json" in kind:
            check_json(body)
        else:
            check_form(body)
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


async def answer(scope: Scope, receive: Receive, send: Send, problem: Problem) -> None:
    """A refusal from a middleware, rendered as the exception handlers render one (problem+json
    for the API, the error page for a browser) and shown to the security log."""
    from starlette.requests import Request

    from sihat.core.web import problem_response

    request = Request(scope)
    body = problem.body(instance=scope.get("path"))
    await problem_response(request, body, problem.status)(scope, receive, send)
