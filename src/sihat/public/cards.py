"""What the home screen's cards show, gathered from the domains' own services (reads only)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from sihat.certificates import access as certificate_access
from sihat.certificates.api import verification
from sihat.checkins import visits
from sihat.core import clock
from sihat.hotspots import zones
from sihat.identity import access
from sihat.identity.models import Account
from sihat.notifications import service as notifications
from sihat.risk import service as risk
from sihat.risk.schemas import RiskOut
from sihat.selfassess import tasks as selfassess_tasks
from sihat.vaccination import door
from sihat.vaccination.appointment_pages import appointment_rows

VACCINATION_COLOUR = {"complete": "green", "partial": "yellow", "none": "grey"}


@dataclass(frozen=True)
class PersonCard:
    """One person's line on the status card."""

    person_id: str
    name: str
    relationship: str
    vaccination: str  # complete | partial | none
    colour: str
    risk: RiskOut


@dataclass(frozen=True)
class Home:
    people: list[PersonCard]
    certificates: int
    certificates_not_valid: int
    dependents: int
    next_appointment: dict[str, Any] | None
    appointments_to_accept: int
    last_visits: list[visits.MyVisit]
    inbox_unread: int
    red_districts: int  # districts in the red zone today (the hotspots card)
    tasks_today: int  # daily self-assessments still to do today (self and dependents)


def home(session: Session, account: Account) -> Home:
    people = access.people_of(session, account)
    vaccinated = door.door_status(session, list(people))
    cards = []
    for pid, (person, relationship) in people.items():
        state = vaccinated.get(pid, "none")
        shown = RiskOut.of(risk.current(session, pid), person.full_name, relationship == "SELF")
        cards.append(
            PersonCard(
                pid,
                person.full_name,
                relationship,
                state,
                VACCINATION_COLOUR[state],
                shown,
            )
        )
    held = certificate_access.held_by(session, account)
    not_valid = sum(1 for h in held if not verification(session, h.certificate.code).get("valid"))
    open_rows = [r for r in appointment_rows(session, account) if r["open"]]
    today = clock.today_my()
    due = selfassess_tasks.tasks_of(session, list(people), days=1)
    return Home(
        people=cards,
        certificates=len(held),
        certificates_not_valid=not_valid,
        dependents=len(people) - 1,
        next_appointment=open_rows[0] if open_rows else None,
        appointments_to_accept=sum(1 for r in open_rows if r["a"].status == "OFFERED"),
        last_visits=visits.visits_of(session, account)[:3],
        tasks_today=sum(1 for task in due if task.day == today and task.status == "DUE"),
        inbox_unread=sum(
            1 for m in notifications.inbox(session, account.phone) if m.read_at is None
        ),
        red_districts=sum(1 for d in zones.district_counts(session, today) if d.colour == "red"),
    )
