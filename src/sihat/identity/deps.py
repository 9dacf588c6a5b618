"""Who is calling: the account behind a bearer token or the session cookie."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request
from sqlalchemy.orm import Session

from sihat.core.errors import Problem
from sihat.core.web import DB, Redirect, Viewer, bearer_or_cookie, here
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


def principal(session: Session, token: str) -> str | None:
    """``account:<id>`` for a live session's token (security counts by address and account:
    ``security.web.register_principal``)."""
    found = accounts.account_for_token(session, token)
    return f"account:{found[0].id}" if found is not None else None


def viewer(request: Request, session: Session) -> Viewer | None:
    """The citizen a page is shown to, for the navigation (``core.web.register_viewer``)."""
    token = request.cookies.get(COOKIE)
    found = accounts.account_for_token(session, token) if token else None
    if found is None:
        return None
    name = found[0].person.full_name.split(" ")[0] if found[0].person else ""
    return {"kind": "citizen", "name": name, "home": "/", "logout": "/logout"}


def login_url(request: Request) -> str:
    return f"/login?next={here(request)}"


def page_caller(request: Request, session: Session = DB) -> Caller:
    """The citizen a page is for (a page's dependency). Nobody logged in: the request ends in
    a redirect to the login page, which brings the person back here afterwards."""
    caller = optional_caller(request, session)
    if caller is None:
        raise Redirect(login_url(request))
    return caller
