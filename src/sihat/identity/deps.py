"""Who is calling: the account behind a bearer token or the session cookie."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request
from sqlalchemy.orm import Session
from starlette.requests import cookie_parser

from sihat.core.errors import Problem
from sihat.core.web import DB
from sihat.identity import accounts
from sihat.identity.models import Account, AccountSession

COOKIE = "sihat_session"


@dataclass
class Caller:
    account: Account
    session_row: AccountSession


def bearer_or_cookie(request: Request, cookie: str) -> str | None:
    return token_of(request.headers.get("authorization"), request.headers.get("cookie"), cookie)


def token_of(authorization: str | None, cookie_header: str | None, cookie: str) -> str | None:
    """:func:`bearer_or_cookie` from raw header values (for the fast routes)."""
    if authorization and authorization.lower().startswith("bearer "):
        return authorization[7:].strip() or None
    return cookie_parser(cookie_header).get(cookie) if cookie_header else None


def current_caller(request: Request, session: Session = DB) -> Caller:
    token = bearer_or_cookie(request, COOKIE)
    found = accounts.account_for_token(session, token) if token else None
    if found is None:
        raise Problem("not_authenticated")
    return Caller(*found)


def optional_caller(request: Request, session: Session = DB) -> Caller | None:
    token = request.cookies.get(COOKIE)
    found = accounts.account_for_token(session, token) if token else None
    return Caller(*found) if found else None
