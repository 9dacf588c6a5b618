"""``sihat simulate trace``: a synthetic day of phones exchanging TempIDs, checked against its
own ground truth.

People move between premises (arrivals follow the check-in simulator's day shape, MoH's
``checkin_malaysia_time.csv``), each standing somewhere in a small room and moving every 15
minutes. Every phone registers and fetches its TempIDs through the API. While two phones share
a room within Bluetooth range, each records the other's current TempID once a minute with an
RSSI drawn from the policy's path-loss model at their true distance (the phones' calibration
applied) plus Gaussian noise. A few people test positive: the simulator, standing in for the
officer, issues each an upload code; the phone exchanges it for a token and uploads through
the API. The report compares the close contacts the server found with the true ones (the same
rule on true distances): true and false ones, precision and recall.

People, accounts and cases are written straight into the database (as the check-in simulator
does); everything a phone does goes through HTTP. The day is played over the 24 hours after the
phones fetch their TempIDs, so that every record carries a TempID valid at its time.
"""

from __future__ import annotations

import math
import random
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import httpx
from sqlalchemy import select

from sihat.bluetrace import authz, rule
from sihat.bluetrace.classify import Seen
from sihat.bluetrace.models import TraceContact
from sihat.bluetrace.policy import Policy, load
from sihat.cases.models import Case
from sihat.checkins.simulate import holder, shape
from sihat.core import clock
from sihat.core.db import Database

ROOM_METRES = 6.0  # a small shop or office
RANGE_METRES = 10.0  # beyond this no record is made
NOISE_DB = 4.0
MOVE_EVERY = 15  # minutes


@dataclass
class Phone:
    person_id: str
    token: str
    model: str
    uid: str = ""
    tempids: list[tuple[str, int, int]] = field(default_factory=list)

    def tempid_at(self, at: int) -> str | None:
        for text, start, expiry in self.tempids:
            if start <= at < expiry:
                return text
        return None


@dataclass
class Visit:
    who: int
    premise: int
    start: int  # minute of the day
    end: int


@dataclass
class Report:
    people: int
    cases: int
    uploads: int = 0
    records: int = 0
    true_contacts: int = 0
    found: int = 0
    true_found: int = 0
    false_found: int = 0

    @property
    def precision(self) -> float:
        return self.true_found / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.true_found / self.true_contacts if self.true_contacts else 1.0

    def as_json(self) -> dict[str, Any]:
        return {
            "people": self.people,
            "cases": self.cases,
            "uploads": self.uploads,
            "records": self.records,
            "true_contacts": self.true_contacts,
            "found": self.found,
            "true_found": self.true_found,
            "false_found": self.false_found,
            "missed": self.true_contacts - self.true_found,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
        }

    def text(self) -> str:
        j = self.as_json()
        return (
            f"{j['people']} phones, {j['cases']} cases uploaded {j['records']} records; "
            f"true close contacts {j['true_contacts']}, found {j['found']} "
            f"({j['true_found']} true, {j['false_found']} false, {j['missed']} missed); "
            f"precision {j['precision']}, recall {j['recall']}"
        )


def people(database: Database, count: int, models: list[str], rng: random.Random) -> list[Phone]:
    phones: list[Phone] = []
    with database.unit_of_work() as session:
        for _ in range(count):
            person, account, grant, token = holder(
                f"+60198{rng.randrange(10**6, 10**7)}{len(phones):05d}"
            )
            session.add(person)
            session.flush()
            session.add(account)
            session.flush()
            session.add(grant)
            phones.append(Phone(person.id, token, rng.choice(models)))
        session.flush()
    return phones


def enrol(client: httpx.Client, phone: Phone) -> None:
    auth = {"Authorization": f"Bearer {phone.token}"}
    made = client.post("/api/v1/trace/devices", headers=auth)
    made.raise_for_status()
    phone.uid = made.json()["uid"]
    got = client.get("/api/v1/trace/tempids", params={"uid": phone.uid}, headers=auth)
    got.raise_for_status()
    phone.tempids = [(t["tempID"], t["startTime"], t["expiryTime"]) for t in got.json()["tempIDs"]]


def day_of_visits(count: int, premises: int, rng: random.Random) -> list[Visit]:
    _, weights = shape()
    visits = []
    for who in range(count):
        for _ in range(rng.choice((1, 2, 2, 3))):
            slot = rng.choices(range(len(weights)), weights)[0]
            start = slot * 30 + rng.randrange(30)
            stay = rng.randrange(10, 91)
            visits.append(Visit(who, rng.randrange(premises), start, min(start + stay, 1439)))
    return visits


def _spot(rng_seed: int, visit_index: int, slot: int) -> tuple[float, float]:
    r = random.Random(rng_seed * 1_000_003 + visit_index * 1009 + slot)
    return r.uniform(0, ROOM_METRES), r.uniform(0, ROOM_METRES)


def encounters(visits: list[Visit], case: int, seed: int) -> dict[int, list[tuple[int, float]]]:
    """For one case: every other person's (minute, true distance) while in range."""
    out: dict[int, list[tuple[int, float]]] = {}
    mine = [(i, v) for i, v in enumerate(visits) if v.who == case]
    for i, v in mine:
        for j, w in enumerate(visits):
            if w.who == case or w.premise != v.premise:
                continue
            for minute in range(max(v.start, w.start), min(v.end, w.end)):
                a = _spot(seed, i, (minute - v.start) // MOVE_EVERY)
                b = _spot(seed, j, (minute - w.start) // MOVE_EVERY)
                metres = math.dist(a, b)
                if metres <= RANGE_METRES:
                    out.setdefault(w.who, []).append((minute, metres))
    return out


def run(
    database: Database,
    client: httpx.Client,
    people_count: int = 300,
    premises: int = 12,
    cases: int = 5,
    seed: int = 13,
    policy: Policy | None = None,
) -> Report:
    policy = policy or load()
    rng = random.Random(seed)
    models = sorted(policy.calibration)
    phones = people(database, people_count, models, rng)
    for phone in phones:
        enrol(client, phone)
    day0 = max(p.tempids[0][1] for p in phones) + 60  # every phone's first TempID is valid
    visits = day_of_visits(people_count, premises, rng)
    visitors = sorted({v.who for v in visits})
    chosen = rng.sample(visitors, min(cases, len(visitors)))
    report = Report(people_count, len(chosen))
    start = datetime.fromtimestamp(day0, clock.now().tzinfo)
    window = (start - timedelta(days=1), start + timedelta(days=1))
    truth: set[tuple[str, str]] = set()
    case_ids: dict[str, str] = {}
    for who in chosen:
        case_ids[phones[who].person_id] = _case(database, phones[who], start)
        near = encounters(visits, who, seed)
        uploaded = []
        true_seen = []
        for other, marks in near.items():
            sender = phones[other]
            for minute, metres in marks:
                at = day0 + minute * 60 + rng.randrange(60)
                true_seen.append(Seen(str(other), at, metres))
                rssi = policy.rssi_for(metres, phones[who].model, sender.model)
                uploaded.append(
                    {
                        "timestamp": at,
                        "msg": sender.tempid_at(at),
                        "modelC": phones[who].model,
                        "modelP": sender.model,
                        "rssi": round(rssi + rng.gauss(0, NOISE_DB)),
                        "txPower": None,
                        "org": "MY_MOH",
                        "v": 2,
                    }
                )
        for found in rule.minutes_by_uid(true_seen, window, policy):
            if found.close(policy):
                truth.add((phones[who].person_id, phones[int(found.uid)].person_id))
        _upload(database, client, phones[who], case_ids[phones[who].person_id], uploaded)
        report.uploads += 1
        report.records += len(uploaded)
    found_pairs = _found(database, case_ids)
    report.true_contacts = len(truth)
    report.found = len(found_pairs)
    report.true_found = len(found_pairs & truth)
    report.false_found = len(found_pairs - truth)
    return report


def _case(database: Database, phone: Phone, start: datetime) -> str:
    now = clock.now()
    with database.unit_of_work() as session:
        case = Case(
            case_no=f"SIM-{uuid.uuid4().hex[:12].upper()}",
            person_id=phone.person_id,
            source="LAB_RTPCR",
            specimen_id=f"SIM-{uuid.uuid4().hex}",
            sample_at=start + timedelta(hours=23),  # isolated 24 h later: the day is inside
            category=2,
            state="Selangor",
            district="Petaling",
            status="CONFIRMED",
            channel="CSV",
            recorded_at=now,
            confirmed_at=now,
        )
        session.add(case)
        session.flush()
        return case.id


def _upload(
    database: Database,
    client: httpx.Client,
    phone: Phone,
    case_id: str,
    records: list[dict[str, Any]],
) -> None:
    with database.unit_of_work() as session:
        case = session.get(Case, case_id)
        assert case is not None
        code = authz.issue_for_case(session, case, "simulator").code
    auth = {"Authorization": f"Bearer {phone.token}"}
    got = client.post(
        "/api/v1/trace/upload-token", json={"uid": phone.uid, "uploadCode": code}, headers=auth
    )
    got.raise_for_status()
    sent = client.post(
        "/api/v1/trace/uploads", json={"token": got.json()["token"], "records": records}
    )
    sent.raise_for_status()


def _found(database: Database, case_ids: dict[str, str]) -> set[tuple[str, str]]:
    by_case = {v: k for k, v in case_ids.items()}
    with database.unit_of_work() as session:
        rows = session.execute(
            select(TraceContact.case_id, TraceContact.person_id).where(
                TraceContact.case_id.in_(list(by_case))
            )
        )
        return {(by_case[c], p) for c, p in rows}


def run_command(people_count: int, premises: int, cases: int, seed: int, url: str) -> Report:
    """The CLI's run: phones talk to the server at ``url``; people and cases are written to
    ``SIHAT_DATABASE_URL`` (the server's database)."""
    database = Database.from_url()
    try:
        with httpx.Client(base_url=url, timeout=60) as client:
            return run(database, client, people_count, premises, cases, seed)
    finally:
        database.engine.dispose()
