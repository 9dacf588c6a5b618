"""The demo's check-ins: six premises run by the named premise owner, and the check-ins of
Malaysian yesterday and today so far, shaped like MoH's busiest day
(``checkin_malaysia_time.csv`` as shipped in ``sihat.checkins``), written through the
check-in writer's own batch rules (``checkins.batch``: visits, repeat scans, closing the
previous visit) by account holders signed in as a phone would be.

At yesterday 12:30 the named guardian checks in at the restaurant with their dependent, among
a lunchtime crowd: the case the health seed records for that dependent has casual contacts.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from sihat.checkins import batch, premises, simulate
from sihat.checkins.models import Premise
from sihat.core import clock
from sihat.core.crypto import token_digest
from sihat.core.settings import get_settings
from sihat.demo import personas
from sihat.demo.personas import DEMO_PASSWORD
from sihat.demo.timeline import Timeline
from sihat.identity import accounts
from sihat.identity.models import Account

PREMISES = (  # name, category, address, weight (how busy), (lat, lng) approximately
    (
        "Restoran Nasi Kandar Pelita Seksyen 14",
        "FOOD",
        "Jalan 14/20, Seksyen 14",
        5.0,
        (3.1107, 101.6366),
    ),
    ("Pasar Raya Segar Mart", "RETAIL", "Jalan SS 2/24, SS 2", 6.0, (3.1181, 101.6229)),
    ("Masjid Al-Falah", "WORSHIP", "Jalan Sultan, Seksyen 5", 2.0, (3.0995, 101.6441)),
    ("Klinik Kesihatan Seksyen 7", "HEALTH", "Jalan Pelajar, Seksyen 7", 1.5, (3.1192, 101.6475)),
    ("Stesen MRT Taman Tun Dr Ismail", "TRANSPORT", "Jalan Tun Mohd Fuad", 4.0, (3.1366, 101.6306)),
    (
        "Pejabat Tanah dan Daerah Petaling",
        "GOVERNMENT",
        "Jalan Sultan Sulaiman",
        1.0,
        (3.0731, 101.5185),
    ),
)  # the coordinates place the demo's case on the hotspot map (/hotspots)
PHONES = 150  # account holders who check in during the two days
PER_DAY = 400  # check-ins on a whole day (shaped by the half-hours of the busiest day)
CROWD = 10  # others at the restaurant when the guardian and dependent have lunch there


@dataclass
class Places:
    premises: int = 0
    checkins: int = 0
    restaurant: str = ""
    exposure_at: datetime | None = None  # the guardian's lunch, yesterday 12:30


def _phones(session: Session, rng: random.Random, since: datetime) -> dict[str, str]:
    """account id -> session token hash, for a sample of account holders signed in a day ago
    (named citizens always among them)."""
    everyone = list(session.scalars(select(Account).where(Account.status == "ACTIVE")))
    named = set(a.id for a in personas.accounts(session).values())
    chosen = [a for a in everyone if a.id in named]
    others = [a for a in everyone if a.id not in named]
    chosen += rng.sample(others, min(len(others), PHONES))
    hashes: dict[str, str] = {}
    with clock.frozen(since):
        for account in chosen:
            _account, token = accounts.login(session, account.phone, DEMO_PASSWORD)
            hashes[account.id] = token_digest(token)
    return hashes


def _register(session: Session, plan: Timeline) -> list[tuple[Premise, float]]:
    owner = personas.accounts(session)["meiling"]
    made = []
    with clock.frozen(plan.at(plan.today - timedelta(days=60), 11)):
        for name, category, address, weight, (lat, lng) in PREMISES:
            data = premises.PremiseInput(
                name, category, address, "Selangor", "Petaling", latitude=lat, longitude=lng
            )
            made.append((premises.register_premise(session, owner, data), weight))
    return made


def seed(
    session: Session, plan: Timeline, rng: random.Random, dependents: dict[str, str]
) -> Places:
    """``dependents``: guardian key -> dependent person id (``personas.add_dependents``)."""
    now = clock.now()
    yesterday = plan.today - timedelta(days=1)
    start = plan.at(yesterday, 0)
    places = _register(session, plan)
    done = Places(premises=len(places))
    phones = _phones(session, rng, start - timedelta(hours=1))
    named = personas.accounts(session)
    tokens = list(phones.values())
    _day, weights = simulate.shape()
    jobs: list[batch.Scan] = []
    slot = timedelta(minutes=30)
    for n in range(96):  # the half-hours of yesterday and today
        begins = start + n * slot
        if begins >= now:
            break
        count = round(PER_DAY * weights[n % 48] / sum(weights))
        for _ in range(count):
            at = begins + slot * rng.random()
            if at >= now:
                continue
            premise = rng.choices([p for p, _w in places], [w for _p, w in places])[0]
            jobs.append(batch.Scan(rng.choice(tokens), premise.id, premise.qr_version, at))
    restaurant = places[0][0]
    lunch = plan.at(yesterday, 12, 30)
    guardian = named["rajesh"]
    jobs.append(
        batch.Scan(
            phones[guardian.id],
            restaurant.id,
            restaurant.qr_version,
            lunch,
            dependents=(dependents["rajesh"],),
        )
    )
    others = [h for a, h in phones.items() if a != guardian.id]
    crowd = rng.sample(others, min(CROWD, len(others)))
    for i, token_hash in enumerate(crowd):
        at = lunch + timedelta(minutes=rng.randint(-20, 25) if i else 5)
        jobs.append(batch.Scan(token_hash, restaurant.id, restaurant.qr_version, at))
    mother = named["aisyah"]
    for hours in (9.5, 18.25, 33.5):  # Aisyah and her son, yesterday and today
        at = start + timedelta(hours=hours)
        if at < now:
            jobs.append(
                batch.Scan(
                    phones[mother.id],
                    places[1][0].id,
                    1,
                    at,
                    dependents=(dependents["aisyah"],),
                )
            )
    jobs.sort(key=lambda j: j.at)
    results = batch.process(session, jobs, get_settings(), set())
    done.checkins = sum(
        1 for r in results if isinstance(r, batch.Outcome) for v in r.visits if not v.duplicate
    )
    done.restaurant, done.exposure_at = restaurant.id, lunch
    return done
