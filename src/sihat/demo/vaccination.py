"""The demo's vaccination, dated from the running clock: two centres open since the campaign
began, their staff assigned, a Pfizer lot per centre in date and in stock, doses recorded
through the real service with the clock at each dose's time (each issues its certificate),
and this week's appointments offered to those still waiting."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from sihat.core import clock
from sihat.core.errors import Problem
from sihat.demo.timeline import Timeline
from sihat.registration.models import Registration
from sihat.staff.models import StaffAccount
from sihat.vaccination import appointments, centres, doses, stock

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
SHELF_LIFE_DAYS = 540  # a lot received when the campaign opened is still in date today
DELIVERY = 2000
DAILY_PLACES = 15  # appointments a centre offers a day
APPOINTMENT_DAYS = 5  # this week: today and the next four days


@dataclass
class Vaccinated:
    doses: int = 0
    appointments: int = 0


def _plan(
    reg_day: date, today: date, rng: random.Random, fixed: int | None
) -> list[tuple[int, date]]:
    """Doses 1 and 2 weeks after registering, a booster in the last two months for some."""
    first = reg_day + timedelta(days=14 if fixed is not None else rng.randint(14, 40))
    second = first + timedelta(days=21 if fixed is not None else 21 + rng.randint(0, 7))
    plan = [(1, first), (2, second)]
    booster = fixed == 3 or (fixed is None and rng.random() < 0.3)
    latest = today - timedelta(days=40 if fixed is not None else rng.randint(1, 60))
    if booster and latest >= second + timedelta(days=90):
        plan.append((3, latest))
    wanted = len(plan) if fixed is None else fixed
    return [(n, day) for n, day in plan[:wanted] if day < today]


def seed(session: Session, plan: Timeline, rng: random.Random, fixed: dict[str, int]) -> Vaccinated:
    """``fixed``: person id -> how many doses a named citizen has (0, 2 or 3)."""
    staff = {s.username: s for s in session.scalars(select(StaffAccount))}
    admin = staff["admin"]
    done = Vaccinated()
    with clock.frozen(plan.at(plan.opened, 8)):
        for code, name, state, district in CENTRES:
            centres.create_centre(
                session,
                admin,
                centres.CentreInput(code, name, "MEGA_CENTRE", state, district, plan.opened),
            )
        for code, username, role in ASSIGN:
            centres.assign(session, admin, code, staff[username], role)
        batches = {}
        for code, _n, _s, _d in CENTRES:
            expires = plan.opened + timedelta(days=SHELF_LIFE_DAYS)
            batch = stock.create_batch(
                session, admin, PFIZER, f"FA{code[-1]}{expires:%y%m}", expires
            )
            stock.receive(session, admin, code, batch.id, DELIVERY)
            batches[code] = batch.id
    vaccinator: dict[str, StaffAccount] = {
        "PPV-A": staff["vaccinator.a"],
        "PPV-B": staff["vaccinator.b"],
    }
    regs = session.scalars(select(Registration).order_by(Registration.registered_at)).all()
    for reg in regs:
        code = "PPV-A" if reg.state == "Selangor" else rng.choice(("PPV-A", "PPV-B"))
        reg_day = clock.malaysia_date(reg.registered_at)
        for number, day in _plan(reg_day, plan.today, rng, fixed.get(reg.person_id)):
            given = plan.at(day, rng.randint(9, 16), rng.randint(0, 59))
            with clock.frozen(given + timedelta(minutes=30)):
                try:
                    doses.record(
                        session,
                        vaccinator[code],
                        doses.DoseInput(reg.person_id, number, PFIZER, batches[code], code, given),
                    )
                except Problem:  # e.g. too young for the product: the demo skips them
                    break
            done.doses += 1
    # Booked places from this week on (set earlier, every first dose of the past months would
    # have booked and announced a second-dose place, some of them left behind in the past).
    for code, _n, _s, _d in CENTRES:
        centres.set_capacity(session, admin, code, PFIZER, DAILY_PLACES)
    for offset in range(APPOINTMENT_DAYS):
        day = plan.today + timedelta(days=offset)
        for code, _n, _s, _d in CENTRES:
            done.appointments += len(appointments.allocate(session, admin, code, PFIZER, day))
    return done
