"""Panels on the staff home (the dashboard), contributed by the domains above staff.

A domain declares a panel once, beside its page (``dashboard.panel(template, allowed,
build)`` in its ``pages*.py``, as ``nav.link`` declares a menu page): ``allowed`` is the rule of
who sees it (the same kind of rule as a menu link's), ``build(session, staff)`` gathers its
figures, and its template is included in ``staff/home.html`` with them as ``panel``. Staff
imports no domain: the panels come to it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from sihat.staff.models import StaffAccount
from sihat.staff.nav import Allowed

Build = Callable[[Session, StaffAccount], dict[str, Any]]


@dataclass(frozen=True)
class Panel:
    template: str
    allowed: Allowed
    build: Build
    order: int = 50


_PANELS: dict[str, Panel] = {}


def panel(template: str, allowed: Allowed, build: Build, order: int = 50) -> Panel:
    found = Panel(template, allowed, build, order)
    _PANELS[template] = found
    return found


def panels_for(session: Session, staff: StaffAccount) -> list[tuple[str, dict[str, Any]]]:
    """(template, figures) of every panel this staff member may see, in order."""
    shown = sorted(_PANELS.values(), key=lambda p: (p.order, p.template))
    return [(p.template, p.build(session, staff)) for p in shown if p.allowed(session, staff)]
