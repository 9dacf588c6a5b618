"""Who is asking, from where: set once per request (or per CLI command), read by the audit log."""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestContext:
    request_id: str | None = None
    ip: str | None = None
    user_agent: str | None = None
    channel: str = "api"  # api, page, cli, job
    # the account whose live session the request carries (``staff:<id>``, ``account:<id>``),
    # set by the security middleware: security events and blocks count by (address, account)
    account: str | None = None
    # or, while its owner is not looked up yet, the session tokens it carries ((cookie, token))
    tokens: tuple[tuple[str, str], ...] = ()


_current: ContextVar[RequestContext] = ContextVar("sihat_request")
_NONE = RequestContext()


def current() -> RequestContext:
    return _current.get(_NONE)


def set_current(ctx: RequestContext) -> object:
    return _current.set(ctx)


def reset(token: object) -> None:
    _current.reset(token)  # type: ignore[arg-type]
