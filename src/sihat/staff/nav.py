"""The staff navigation, derived from the pages' own gates.

Each staff page declares once who may open it, as a :class:`Link` (``nav.link(...)`` in the
domain's ``pages.py``); its route uses ``sihat.staff.deps.gate`` of that same link. The menu
shown to a staff member is every link whose ``allowed`` says yes, so the menu and the route's
403 are one rule and cannot drift apart. Pages that need a parameter (one centre, one export)
are not in the menu; the pages that list them link to them through their own gates.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from fastapi import Request
from sqlalchemy.orm import Session

from sihat.core import i18n
from sihat.staff.models import StaffAccount
from sihat.staff.service import has_role

Allowed = Callable[[Session, StaffAccount], bool]


@dataclass(frozen=True)
class Link:
    path: str
    label: str  # an i18n key
    allowed: Allowed
    order: int = 50


_LINKS: dict[str, Link] = {}


def link(path: str, label: str, allowed: Allowed, order: int = 50) -> Link:
    """Declare a staff page in the menu; the route must be gated with ``gate(link)``."""
    found = Link(path, label, allowed, order)
    _LINKS[path] = found
    return found


def holding(*roles: str) -> Allowed:
    """Allowed to a staff member holding one of ``roles`` nationally (``has_role``)."""

    def allowed(session: Session, staff: StaffAccount) -> bool:
        return any(has_role(staff, role) for role in roles)

    return allowed


def anyone(session: Session, staff: StaffAccount) -> bool:
    return staff.status == "ACTIVE"


def links() -> list[Link]:
    return sorted(_LINKS.values(), key=lambda item: (item.order, item.path))


def links_for(session: Session, staff: StaffAccount) -> list[Link]:
    """The menu of this staff member: exactly the pages whose gate lets them in."""
    return [item for item in links() if item.allowed(session, staff)]


def remember(request: Request, session: Session, staff: StaffAccount) -> None:
    """Put the caller's menu on the request for ``staff/nav.html`` (every staff page)."""
    request.state.staff_nav = links_for(session, staff)
    request.state.staff_me = staff


def role_label(role: str, lang: str) -> str:
    return i18n.text(f"role.{role}", lang)


i18n.register(
    {
        "staff.nav": ("Menu kakitangan", "Staff menu"),
        "role.SUPER_ADMIN": ("Pentadbir super", "Super administrator"),
        "role.ADMIN": ("Pentadbir", "Administrator"),
        "role.HOTLINE_OPERATOR": ("Operator talian", "Hotline operator"),
        "role.VACCINATOR": ("Pemberi vaksin", "Vaccinator"),
        "role.REGISTRATION_DESK": ("Kaunter pendaftaran", "Registration desk"),
        "role.SUPERVISOR": ("Penyelia", "Supervisor"),
        "role.HEALTH_OFFICER": ("Pegawai kesihatan", "Health officer"),
        "role.AUDITOR": ("Juruaudit", "Auditor"),
        "role.SECURITY_OFFICER": ("Pegawai keselamatan", "Security officer"),
        "role.FINANCE_OFFICER": ("Pegawai kewangan", "Finance officer"),
        "role.PAYMENT_APPROVER": ("Pelulus bayaran", "Payment approver"),
        "scope.NATIONAL": ("Kebangsaan", "National"),
        "scope.STATE": ("Negeri", "State"),
        "scope.DISTRICT": ("Daerah", "District"),
        "scope.PPV": ("Pusat vaksinasi", "Vaccination centre"),
    }
)
