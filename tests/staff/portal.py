"""The staff portal test world and its walker: every role of ``ROLES`` logged in through the
real login page, following every link on every page it sees."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from datetime import timedelta
from urllib.parse import urljoin, urlsplit

from sqlalchemy.orm import Session

from sihat.core import clock
from sihat.exports import service as exports
from sihat.governance import requests
from sihat.vaccination import approvals
from tests import factories
from tests.vaccination.conftest import World, add_staff, build_world

# persona -> what the role is for (its daily task page, reached from the menu)
ROLES = {
    "admin": "/staff/governance/requests",
    "hotline": "/staff/registrations",
    "desk_a": "/ppv/PPV-A",
    "vaccinator_a": "/ppv/PPV-A",
    "supervisor_a": "/ppv/PPV-A/approvals",
    "auditor": "/staff/audit",
    "security": "/staff/security",
    "finance": "/staff/vendors/payments",
    "payer": "/staff/vendors/payments",
    "health": "/staff/cases",
}
EXTRA = {
    "security": [{"role": "SECURITY_OFFICER"}],
    "finance": [{"role": "FINANCE_OFFICER"}],
    "payer": [{"role": "PAYMENT_APPROVER"}],
    "health": [{"role": "HEALTH_OFFICER"}],
}
# What the walker never follows: it logs out, or it is a form's target rather than a page.
SKIP = ("/staff/logout",)


def build_portal(session: Session) -> World:
    """The vaccination world plus the roles it lacks, a late entry, a pending staff request
    and a pending export request."""
    world = build_world(session)
    for name, grants in EXTRA.items():
        world.staff[name] = add_staff(session, world.staff, name, grants)
    approvals.request_late_entry(
        session,
        world.account("vaccinator_a"),
        "PPV-A",
        clock.today_my() - timedelta(days=3),
        clock.today_my() - timedelta(days=2),
        "Generator failure, the tablets were offline",
    )
    requests.make_request(
        session,
        world.account("admin"),
        "CREATE",
        reason="A new desk officer for PPV-B",
        payload={
            "username": "desk.new",
            "full_name": "Nur Desk",
            "grants": [{"role": "REGISTRATION_DESK", "scope_type": "PPV", "scope_code": "PPV-B"}],
        },
    )
    exports.request_export(
        session,
        world.account("auditor"),
        dataset="people",
        purpose="Sample for the audit of identities",
        fields=["id_number", "state"],
        filters={"state": "Selangor"},
        max_rows=10,
    )
    return world


def login(page, persona: factories.StaffPersona, lang: str = "ms") -> None:
    page.goto(f"/staff/login?lang={lang}")
    page.fill("#username", persona.account.username)
    page.fill("#password", factories.STAFF_PASSWORD)
    page.fill("#totp", persona.totp())
    page.click("form[action='/staff/login'] button[type=submit]")
    page.wait_for_url("**/staff")


@dataclass
class Walk:
    pages: dict[str, int] = field(default_factory=dict)  # staff pages opened -> status
    links: dict[str, int] = field(default_factory=dict)  # every link seen -> status
    bad: list[str] = field(default_factory=list)


def _is_staff_page(path: str) -> bool:
    return path == "/staff" or path.startswith(("/staff/", "/ppv"))


def walk(page, base: str, visit=None) -> Walk:
    """Breadth-first from ``/staff``: open every staff page linked from a staff page (in the
    browser, ``visit(page, path)`` called on each), ask every other link for its status."""
    seen = Walk()
    queue = deque(["/staff"])
    while queue:
        path = queue.popleft()
        if path in seen.pages:
            continue
        response = page.goto(path)
        status = response.status if response else 0
        seen.pages[path] = status
        if status >= 400:
            seen.bad.append(f"{path} -> {status}")
            continue
        if visit is not None:
            visit(page, path)
        hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
        for href in hrefs:
            parts = urlsplit(urljoin(base + path, href))
            if parts.netloc != urlsplit(base).netloc or parts.path in SKIP:
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if "lang=" in parts.query:
                continue  # the language switch: the same page in the other language
            if _is_staff_page(parts.path) and not parts.path.endswith((".svg", ".csv", ".pdf")):
                if parts.path.startswith("/staff/audit/runs/"):
                    pass
                else:
                    queue.append(target)
                    continue
            if target not in seen.links:
                got = page.context.request.get(base + target, max_redirects=0)
                seen.links[target] = got.status
                if got.status >= 400:
                    seen.bad.append(f"{target} (linked from {path}) -> {got.status}")
    return seen
