"""Who is calling: the staff member behind a bearer token or the staff session cookie, and
the gates of every staff page (:func:`gate` for a page in the menu, :func:`staff_page`)."""

from __future__ import annotations

from typing import Any

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from sihat.core import web
from sihat.core.errors import Problem
from sihat.core.web import DB, bearer_or_cookie
from sihat.staff import nav, sessions
from sihat.staff.models import StaffAccount
from sihat.staff.service import require_any_role

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


def principal(session: Session, token: str) -> str | None:
    """``staff:<id>`` for a live staff session's token (security counts by address and
    account: ``security.web.register_principal``)."""
    staff = sessions.staff_for_token(session, token)
    return f"staff:{staff.id}" if staff is not None else None


LOGIN = "/staff/login"


def _logged_in(request: Request, session: Session, staff: StaffAccount | None) -> StaffAccount:
    """The staff member (their menu remembered for the page), or a ``303`` to the staff
    login page, which brings a ``GET`` back here afterwards."""
    if staff is None:
        back = f"?next={web.here(request)}" if request.method == "GET" else ""
        raise web.Redirect(LOGIN + back)
    nav.remember(request, session, staff)
    return staff


def staff_page(*roles: str) -> Any:
    """The staff member a page is for, as a dependency: ``staff: StaffAccount = StaffPage`` or
    ``= staff_page("ADMIN", "AUDITOR")`` for a page that needs one of those roles. Nobody
    logged in: the request ends in a ``303`` to the staff login page. Without the role:
    ``Problem("forbidden")``, answered by the page's refusal template when the route is marked
    with :func:`sihat.core.web.page`. A page in the menu uses :func:`gate` instead."""

    def dependency(
        request: Request,
        session: Session = DB,
        staff: StaffAccount | None = Depends(optional_staff),
    ) -> StaffAccount:
        who = _logged_in(request, session, staff)
        if roles:
            require_any_role(who, roles)
        return who

    return Depends(dependency)


def gate(item: nav.Link) -> Any:
    """The dependency of the page behind menu link ``item``: a login, then ``item.allowed``
    (the very rule that shows the link) or ``Problem("forbidden")``."""

    def dependency(
        request: Request,
        session: Session = DB,
        staff: StaffAccount | None = Depends(optional_staff),
    ) -> StaffAccount:
        who = _logged_in(request, session, staff)
        if not item.allowed(session, who):
            raise Problem("forbidden")
        return who

    return Depends(dependency)


StaffPage = staff_page()


def viewer(request: Request, session: Session) -> web.Viewer | None:
    """The staff member a page is shown to, for the navigation (``core.web.register_viewer``)."""
    staff = optional_staff(request, session)
    if staff is None:
        return None
    return {"kind": "staff", "name": staff.full_name, "home": "/staff", "logout": "/staff/logout"}
