"""The demo's health side, through the domains' services: the named guardian's dependent
tests positive this morning (a confirmed case, traced at once: the lunchtime crowd at the
restaurant become casual contacts and are notified, the guardian is a close contact), the
health officer places the guardian under a home surveillance order, and two self-test
results wait for an officer to confirm them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sihat.cases import service as cases
from sihat.core import clock
from sihat.demo import personas
from sihat.demo.checkins import Places
from sihat.demo.timeline import Timeline
from sihat.identity.models import Person
from sihat.orders import service as orders
from sihat.risk.models import Exposure
from sihat.staff.models import StaffAccount


@dataclass
class Health:
    cases: int = 0
    casual: int = 0
    orders: int = 0


def _lab(person: Person, specimen: str, source: str, sample_at: object) -> cases.LabResult:
    assert person.id_number is not None
    return cases.LabResult(
        specimen_id=specimen,
        id_type=person.id_type,
        id_number=person.id_number,
        source=source,
        sample_at=sample_at,  # type: ignore[arg-type]
        category=2,
        state="Selangor",
        district="Petaling",
    )


def seed(session: Session, plan: Timeline, places: Places, dependents: dict[str, str]) -> Health:
    officer = session.scalar(select(StaffAccount).where(StaffAccount.username == "health"))
    assert officer is not None and places.exposure_at is not None
    now = clock.now()
    done = Health()
    named = personas.accounts(session)
    child = session.get(Person, dependents["rajesh"])
    assert child is not None
    # Sampled the morning after the lunch (or half an hour ago, early in the day).
    sample = min(places.exposure_at + timedelta(hours=20), now - timedelta(minutes=30))
    with clock.frozen(sample + timedelta(minutes=20)):
        recorded = cases.record_result(
            session, officer, _lab(child, "DEMO-PCR-0001", "LAB_RTPCR", sample), channel="PAGE"
        )
        orders.issue_hso(session, officer, recorded.case.id, named["rajesh"].person_id)
    done.cases, done.orders = 1, 1
    done.casual = int(
        session.scalar(
            select(func.count())
            .select_from(Exposure)
            .where(Exposure.case_ref == recorded.case.id, Exposure.kind == "CASUAL")
        )
        or 0
    )
    known = [a.person_id for a in named.values()] + list(dependents.values())
    others = session.scalars(
        select(Person)
        .where(Person.id_type == "MYKAD", Person.id.not_in(known))
        .order_by(Person.created_at)
        .limit(2)
    )
    for i, person in enumerate(others, start=1):
        cases.record_result(
            session,
            officer,
            _lab(person, f"DEMO-ST-{i:04d}", "SELF_TEST", now - timedelta(hours=2 + i)),
            channel="PAGE",
        )
        done.cases += 1
    return done
