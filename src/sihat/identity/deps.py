"""Who is calling: the account behind a bearer token or the session cookie."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request
from sqlalchemy.orm import Session

from sihat.core.errors import Problem
from sihat.core.web import DB, bearer_or_cookie
from sihat.identity import accounts
from sihat.identity.models import Account, AccountSession

COOKIE = "sihat_session"


@dataclass
class Caller:
    account: Account
    session_row: AccountSession


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
