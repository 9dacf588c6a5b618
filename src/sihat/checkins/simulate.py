"""``sihat simulate checkins``: a day shaped like MoH's ``checkin_malaysia_time.csv`` (scaled
and compressed in time) replayed through the HTTP API from many simulated phones, then the
acknowledged check-ins counted in the database.

The simulated people are written straight into the database (synthetic identities, accounts
with an unusable password and a session token each) so that setting up thousands of phones
takes seconds; everything after that goes through the API exactly as a phone would.
"""

from __future__ import annotations

import csv
import json
import random
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from importlib import resources

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sihat.checkins import loadclient, premises, qr
from sihat.checkins.models import CheckIn
from sihat.core import clock, geo
from sihat.core.crypto import blind_index, new_token, token_digest
from sihat.core.db import Database
from sihat.identity.accounts import new_mysj_id
from sihat.identity.models import Account, AccountSession, Person


def shape(day: date | None = None) -> tuple[date, list[int]]:
    """The 48 half-hour counts of ``day`` in MoH's file (default: the busiest day)."""
    text = resources.files("sihat.checkins").joinpath("data/checkin_malaysia_time.csv")
    rows = list(csv.reader(text.read_text().splitlines()))[1:]
    chosen = (
        max(rows, key=lambda r: sum(int(v) for v in r[1:]))
        if day is None
        else next(r for r in rows if r[0] == day.isoformat())
    )
    return date.fromisoformat(chosen[0]), [int(v) for v in chosen[1:]]


def offsets(total: int, seconds: float, weights: Sequence[int], seed: int = 7) -> list[float]:
    """``total`` send times over ``seconds``, each half-hour of the day getting its share."""
    rng = random.Random(seed)
    whole = sum(weights)
    slot = seconds / len(weights)
    out: list[float] = []
    for i, w in enumerate(weights):
        n = round(total * w / whole)
        out += [(i + rng.random()) * slot for _ in range(n)]
    return sorted(out)


def holder(phone: str) -> tuple[Person, Account, AccountSession, str]:
    """One simulated account holder: a synthetic identity, an account with an unusable
    password, a two-day session and its bearer token (``sihat simulate trace`` uses it too)."""
    now = clock.now()
    person = Person(
        id=str(uuid.uuid4()),
        id_type="SIMULATED",
        id_number=uuid.uuid4().hex,
        id_hash=blind_index("simulated", uuid.uuid4().hex),
        full_name="Simulated Phone",
        created_at=now,
    )
    account = Account(
        id=str(uuid.uuid4()),
        mysj_id=new_mysj_id(),
        person_id=person.id,
        phone=phone,
        phone_hash=blind_index("phone", phone),
        password_hash="!simulated",
        status="ACTIVE",
        created_at=now,
    )
    token = new_token()
    grant = AccountSession(
        id=str(uuid.uuid4()),
        account_id=account.id,
        token_hash=token_digest(token),
        created_at=now,
        expires_at=now + timedelta(days=2),
    )
    return person, account, grant, token


@dataclass
class Phones:
    tokens: list[str]
    codes: list[str]
    code_weights: list[float]


def prepare(session: Session, accounts: int, premise_count: int, seed: int = 11) -> Phones:
    """Synthetic account holders with session tokens, and premises across the states."""
    rng = random.Random(seed)
    tokens: list[str] = []
    rows: tuple[list[Person], list[Account], list[AccountSession]] = ([], [], [])

    def flush() -> None:  # parents before children, a thousand at a time
        for kind in rows:
            session.add_all(kind)
            session.flush()
            kind.clear()

    for _ in range(accounts):
        person, account, grant, token = holder(
            f"+60199{rng.randrange(10**6, 10**7)}{len(tokens):05d}"
        )
        rows[0].append(person)
        rows[1].append(account)
        rows[2].append(grant)
        tokens.append(token)
        if len(tokens) % 1000 == 0:
            flush()
    flush()
    session.flush()
    owner = session.get(Account, session.scalar(select(AccountSession.account_id).limit(1)))
    assert owner is not None
    states = geo.states()
    weights = [int(s["pop"]) for s in states]
    codes, code_weights = [], []
    for i in range(premise_count):
        state = str(rng.choices(states, weights)[0]["state"])
        district = rng.choice(geo.districts()[state])
        category = rng.choice(list(premises.CATEGORIES))
        data = premises.PremiseInput(
            f"Premis {i}", category, f"{i} Jalan Simulasi", state, district
        )
        made = premises.register_premise(session, owner, data)
        codes.append(qr.sign(made.id, made.qr_version))
        code_weights.append(rng.paretovariate(1.2))  # a few busy places, many quiet ones
    return Phones(tokens, codes, code_weights)


def request_factory(phones: Phones, seed: int = 3) -> loadclient.RequestFactory:
    rng = random.Random(seed)
    n = len(phones.tokens)
    picks = rng.choices(range(len(phones.codes)), phones.code_weights, k=max(1, n * 4))

    shift = seed * 1009  # another step of a run: other phones at other premises

    def make(index: int) -> tuple[str, str, bytes, dict[str, str]]:
        token = phones.tokens[(index + shift) % n]
        code = phones.codes[picks[index % len(picks)]]
        body = json.dumps({"qr": code}).encode()
        return "POST", "/api/v1/checkins", body, {"Authorization": f"Bearer {token}"}

    return make


def acknowledged_ids(result: loadclient.Result) -> list[uuid.UUID]:
    ids = []
    for body in result.bodies:
        for visit in json.loads(body)["visits"]:
            ids.append(uuid.UUID(visit["visit_id"]))
    return ids


def stored(database: Database, ids: Sequence[uuid.UUID]) -> int:
    """How many of ``ids`` are in the database (as a fresh connection sees them)."""
    found = 0
    unique = sorted(set(ids))
    with database.sessions() as session:
        for i in range(0, len(unique), 2000):
            chunk = unique[i : i + 2000]
            found += int(session.scalar(select(func.count()).where(CheckIn.id.in_(chunk))) or 0)
    return found


@dataclass
class Report:
    day: date
    result: loadclient.Result
    acknowledged: int
    stored: int
    rows_in_table: int
    extra: dict[str, float] = field(default_factory=dict)

    @property
    def acknowledged_missing(self) -> int:
        return self.acknowledged - self.stored

    def text(self) -> str:
        r = self.result
        return "\n".join(
            [
                f"replayed the shape of {self.day} ({r.sent + r.errors} check-ins sent)",
                f"acknowledged (201): {r.ok()}  refused: {r.sent - r.ok()}  "
                f"connection errors: {r.errors}",
                f"acknowledged visits: {self.acknowledged}  stored: {self.stored}  "
                f"missing: {self.acknowledged_missing}",
                f"rows in checkins: {self.rows_in_table}",
                f"rate: {r.ok() / r.elapsed:.0f}/s  p50 {r.percentile(0.5) * 1000:.1f} ms  "
                f"p99 {r.percentile(0.99) * 1000:.1f} ms",
            ]
        )


def run(
    url: str,
    checkins: int,
    seconds: float,
    phones: int,
    accounts: int,
    premise_count: int,
    day: date | None = None,
    database: Database | None = None,
) -> Report:
    database = database or Database.from_url()
    with database.unit_of_work() as session:
        fixture = prepare(session, accounts, premise_count)
    chosen, weights = shape(day)
    times = offsets(checkins, seconds, weights)
    result = loadclient.run_sync(url, request_factory(fixture), times, phones, keep_bodies=True)
    ids = acknowledged_ids(result)
    with database.sessions() as session:
        total = int(session.scalar(select(func.count()).select_from(CheckIn)) or 0)
    return Report(chosen, result, len(set(ids)), stored(database, ids), total)
