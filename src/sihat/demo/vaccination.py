"""The demo's vaccination: two centres, their staff assigned, Pfizer batches in stock, and
doses recorded through the real service (each issues its certificate) - two doses in 2021
for most registrants and a recent booster for some, so the demo shows valid certificates."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from sihat.core import clock
from sihat.core.errors import Problem
from sihat.registration.models import Registration
from sihat.staff.models import StaffAccount
from sihat.vaccination import centres, doses, stock

PFIZER = "EU/1/20/1528"
CENTRES = (
    ("PPV-A", "Dewan PPV A", "Selangor", "Petaling"),
    ("PPV-B", "Dewan PPV B", "Johor", "Johor Bahru"),
)
ASSIGN = (
    ("PPV-A", "vaccinator.a", "VACCINATOR"),
    ("PPV-A", "supervisor.a", "SUPERVISOR"),
    ("PPV-A", "desk.a", "REGISTRATION_DESK"),
    ("PPV-B", "vaccinator.b", "VACCINATOR"),
)


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), clock.MALAYSIA).astimezone(UTC)


def seed(session: Session, opened: date, rng: random.Random) -> int:
    staff = {s.username: s for s in session.scalars(select(StaffAccount))}
    admin = staff["admin"]
    with clock.frozen(_at(opened, 9)):
        for code, name, state, district in CENTRES:
            centres.create_centre(
                session,
                admin,
                centres.CentreInput(code, name, "MEGA_CENTRE", state, district, opened),
            )
        for code, username, role in ASSIGN:
            centres.assign(session, admin, code, staff[username], role)
        batches = {}
        for code, _n, _s, _d in CENTRES:
            batch = stock.create_batch(
                session, admin, PFIZER, f"DEMO-{code}", clock.today_my() + timedelta(days=3 * 365)
            )
            stock.receive(session, admin, code, batch.id, 2000)
            batches[code] = batch.id
    vaccinator = {"PPV-A": staff["vaccinator.a"], "PPV-B": staff["vaccinator.b"]}
    recorded = 0
    regs = session.scalars(select(Registration).order_by(Registration.registered_at)).all()
    today = clock.today_my()
    for reg in regs:
        code = rng.choice(("PPV-A", "PPV-B"))
        first = clock.malaysia_date(reg.registered_at) + timedelta(days=rng.randint(14, 40))
        plan = [(1, first), (2, first + timedelta(days=21 + rng.randint(0, 7)))]
        if rng.random() < 0.3:
            plan.append((3, today - timedelta(days=rng.randint(1, 60))))
        for number, day in plan:
            if day >= today:
                break
            given = _at(day, rng.randint(9, 16))
            with clock.frozen(given + timedelta(minutes=30)):
                try:
                    doses.record(
                        session,
                        vaccinator[code],
                        doses.DoseInput(reg.person_id, number, PFIZER, batches[code], code, given),
                    )
                except Problem:  # e.g. too young for the product: the demo skips them
                    break
            recorded += 1
    return recorded
