"""Who is calling: the staff member behind a bearer token or the staff session cookie."""

from __future__ import annotations

from fastapi import Request
from sqlalchemy.orm import Session

from sihat.core.errors import Problem
from sihat.core.web import DB, bearer_or_cookie
from sihat.staff import sessions
from sihat.staff.models import StaffAccount

COOKIE = "sihat_staff"


def current_staff(request: Request, session: Session = DB) -> StaffAccount:
    token = bearer_or_cookie(request, COOKIE)
    staff = sessions.staff_for_token(session, token) if token else None
    if staff is None:
        raise Problem("not_authenticated")
    return staff


def optional_staff(request: Request, session: Session = DB) -> StaffAccount | None:
    token = request.cookies.get(COOKIE)
    return sessions.staff_for_token(session, token) if token else None
