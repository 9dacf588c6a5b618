"""The demo: three founding administrators (the only staff made without a request), then
staff personas through requests another founder approves, a synthetic population (with the
named citizens of ``personas``) imported as the reference register, accounts signed up with
one-time codes, registrations through every channel, doses, appointments, premises and a day
of check-ins, and the health side (cases, MyRisk statuses, a home surveillance order).

Every date is counted back from the running clock (:class:`Timeline`), never a calendar date:
the campaign opened :data:`CAMPAIGN_DAYS` days ago, so a demo seeded on any day, or with the
clock years ahead, has centres open now, batches in date and certificates that verify.
Idempotent: a seeded database is left alone."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sihat.core import clock
from sihat.demo import checkins, health, keys, personas, selfassess, vaccination
from sihat.demo.personas import DEMO_PASSWORD
from sihat.demo.population import SyntheticPerson, generate
from sihat.demo.timeline import CAMPAIGN_DAYS, Timeline
from sihat.governance import requests
from sihat.identity import accounts, register_import
from sihat.identity.service import IdentityInput
from sihat.registration import service as registration
from sihat.staff import service as staff_service
from sihat.staff.models import StaffAccount
from sihat.vaccination.models import Batch, Stock

FOUNDERS = (
    ("admin", "Pentadbir / Administrator"),
    ("approver", "Pelulus / Approver"),
    ("admin2", "Pentadbir 2 / Administrator 2"),
)
STAFF_PERSONAS: tuple[tuple[str, str, list[dict[str, str]]], ...] = (
    ("hotline", "Operator Talian / Hotline Operator", [{"role": "HOTLINE_OPERATOR"}]),
    (
        "desk.a",
        "Meja Pendaftaran PPV A / Registration desk A",
        [{"role": "REGISTRATION_DESK", "scope_type": "PPV", "scope_code": "PPV-A"}],
    ),
    (
        "vaccinator.a",
        "Pemvaksin PPV A / Vaccinator A",
        [{"role": "VACCINATOR", "scope_type": "PPV", "scope_code": "PPV-A"}],
    ),
    (
        "vaccinator.b",
        "Pemvaksin PPV B / Vaccinator B",
        [{"role": "VACCINATOR", "scope_type": "PPV", "scope_code": "PPV-B"}],
    ),
    (
        "supervisor.a",
        "Penyelia PPV A / Supervisor A",
        [{"role": "SUPERVISOR", "scope_type": "PPV", "scope_code": "PPV-A"}],
    ),
    ("health", "Pegawai Kesihatan / Health officer", [{"role": "HEALTH_OFFICER"}]),
    ("auditor", "Juruaudit / Auditor", [{"role": "AUDITOR"}]),
    ("security", "Pegawai Keselamatan / Security officer", [{"role": "SECURITY_OFFICER"}]),
)
# Shares of registrations by channel, from the audit summary (app 25.12 m, web/hotline
# 1.13 m, walk-in/outreach 3.52 m).
CHANNEL_SHARES = (
    ("MYSJ", 0.843),
    ("WEB", 0.025),
    ("HOTLINE", 0.013),
    ("WALKIN", 0.09),
    ("OUTREACH", 0.029),
)


@dataclass
class SeedResult:
    seeded: bool
    staff: dict[str, str] = field(default_factory=dict)  # username -> TOTP secret
    citizens: list[tuple[str, str]] = field(default_factory=list)  # (phone, MySJ ID)
    people: int = 0
    accounts: int = 0
    registrations: int = 0
    doses: int = 0
    appointments: int = 0
    premises: int = 0
    checkins: int = 0
    cases: int = 0
    casual_contacts: int = 0
    orders: int = 0
    self_assessments: int = 0


def seed(
    session: Session,
    size: int = 300,
    seed_value: int = 1,
    progress: Callable[[str, int], None] | None = None,
) -> SeedResult:
    if session.scalar(select(func.count()).select_from(StaffAccount)):
        return SeedResult(seeded=False)
    result = SeedResult(seeded=True)
    plan = Timeline(clock.today_my())
    # Certificates of doses given since the campaign opened are signed by a document signer
    # that was valid then (made, or rotated in, on that day).
    keys.signers_valid_from(plan.at(plan.opened, 7))
    founders = staff_service.bootstrap_founders(
        session, [(username, name, DEMO_PASSWORD) for username, name in FOUNDERS]
    )
    for staff, secret in founders:
        result.staff[staff.username] = secret
    admin, approvers = founders[0][0], [f[0] for f in founders[1:]]
    for username, name, grants in STAFF_PERSONAS:
        _staff, secret = requests.onboard(
            session,
            admin,
            approvers,
            username=username,
            full_name=name,
            grants=grants,
            password=DEMO_PASSWORD,
        )
        result.staff[username] = secret
    named = [personas.person_of(c, plan.today) for c in personas.CITIZENS]
    taken = {p.phone for p in named} | {p.id_number for p in named}
    # Born before the campaign opened, so every MyKad date is valid on its registration day.
    crowd = [
        p
        for p in generate(max(0, size - len(named)), seed_value, plan.opened)
        if p.phone not in taken and p.id_number not in taken
    ]
    people = named + crowd
    result.people = len(people)
    register_import.import_rows(session, (_register_row(p) for p in people), actor="demo")
    rng = random.Random(seed_value)
    staff_by_name = {s.username: s for s in session.scalars(select(StaffAccount))}
    for citizen, person in zip(personas.CITIZENS, named, strict=True):
        facts = registration.Facts(
            comorbidity=citizen.comorbidity, state=person.state, district=person.district
        )
        day = plan.today - timedelta(days=citizen.registered_days_ago)
        with clock.frozen(plan.at(day, 10)):
            _register(session, person, "MYSJ", facts, staff_by_name, result)
    for i, person in enumerate(crowd):
        channel = _channel(rng)
        # Most people registered in the campaign's first weeks; a few only days ago.
        days = int((CAMPAIGN_DAYS - 3) * rng.random() ** 2)
        when = plan.at(plan.opened + timedelta(days=days), 8, rng.randint(0, 720))
        facts = registration.Facts(
            comorbidity=rng.random() < 0.14,
            oku=rng.random() < 0.02,
            state=person.state,
            district=person.district,
        )
        with clock.frozen(when):
            _register(session, person, channel, facts, staff_by_name, result)
        if progress:
            progress("people", len(named) + i + 1)
    guardians = personas.add_dependents(session, plan.today)
    fixed = {
        account.person_id: personas.by_key(key).doses
        for key, account in personas.accounts(session).items()
    }
    world = vaccination.seed(session, plan, rng, fixed)
    result.doses, result.appointments = world.doses, world.appointments
    places = checkins.seed(session, plan, rng, guardians)
    result.premises, result.checkins = places.premises, places.checkins
    cases = health.seed(session, plan, places, guardians)
    result.cases, result.casual_contacts, result.orders = cases.cases, cases.casual, cases.orders
    result.self_assessments = selfassess.seed(session)
    result.citizens = [(a.phone, a.mysj_id) for a in personas.accounts(session).values()]
    return result


def outdated(session: Session) -> bool:
    """A demo seeded earlier whose dates have run out: no centre holds a lot in date."""
    usable = (
        select(func.count())
        .select_from(Stock)
        .join(Batch, Batch.id == Stock.batch_id)
        .where(Stock.quantity > 0, Batch.expires_on >= clock.today_my())
    )
    return not session.scalar(usable)


def _register_row(p: SyntheticPerson) -> dict[str, str]:
    return {
        "id_type": p.id_type,
        "id_number": p.id_number,
        "full_name": p.full_name.upper(),
        "date_of_birth": p.date_of_birth.isoformat(),
        "sex": p.sex,
    }


def _channel(rng: random.Random) -> str:
    roll, acc = rng.random(), 0.0
    for channel, share in CHANNEL_SHARES:
        acc += share
        if roll < acc:
            return channel
    return "MYSJ"


def _identity(p: SyntheticPerson) -> IdentityInput:
    return IdentityInput(
        p.id_type,
        p.id_number,
        p.full_name,
        p.date_of_birth,
        p.sex,
        p.nationality,
        None,
        p.state,
        p.district,
        p.email,
    )


def _register(
    session: Session,
    p: SyntheticPerson,
    channel: str,
    facts: registration.Facts,
    staff: dict[str, StaffAccount],
    result: SeedResult,
) -> None:
    if _age(p.date_of_birth) < 5:
        return
    if channel == "MYSJ":
        challenge, code = accounts.start_otp(session, p.phone)
        account = accounts.sign_up(
            session,
            challenge_id=challenge.id,
            code=code,
            phone=p.phone,
            password=DEMO_PASSWORD,
            identity=_identity(p),
        )
        result.accounts += 1
        if len(result.citizens) < 3:
            result.citizens.append((p.phone, account.mysj_id))
        registration.register_self(session, account, facts)
    elif channel == "WEB":
        registration.register_web(session, _identity(p), p.phone, facts)
    elif channel == "HOTLINE":
        registration.register_by_staff(
            session, staff["hotline"], "HOTLINE", _identity(p), facts, phone=p.phone
        )
    else:
        registration.register_by_staff(
            session, staff["desk.a"], channel, _identity(p), facts, phone=p.phone, ppv_code="PPV-A"
        )
    result.registrations += 1


def _age(born: date) -> int:
    today = clock.today_my()
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))
