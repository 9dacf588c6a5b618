"""Replay a 1:10,000 slice of the real ``vax_malaysia.csv`` through the API (offline batch
uploads, one per day, and amendments for the "pending" doses), then show that
``sihat report vax`` reproduces the scaled daily counts exactly.

The default run replays six days chosen to cover every kind of count: first and second
doses of four brands, the single-dose vaccine, pending (amended) doses, boosters and second
boosters, adolescents and children. A longer slice (days that cannot be replayed, see
``replay.feasible``, are left out):
``SIHAT_REPLAY_DAYS=2021-07-01:2021-09-30 pytest tests/vaccination/test_replay.py``.
"""

from __future__ import annotations

import csv
import itertools
import os
from collections import defaultdict
from datetime import date, datetime, time, timedelta

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from sihat.app import create_app
from sihat.cli import _register
from sihat.cli import app as cli_app
from sihat.core import clock
from sihat.core.settings import Settings, get_settings
from sihat.identity.service import get_or_create_person
from sihat.vaccination import centres, report, stock
from tests import factories
from tests.vaccination import replay
from tests.vaccination.conftest import add_staff, staff_headers

SCALE = 10_000
DEFAULT_DAYS = ("2021-09-08", "2022-01-29", "2022-02-16", "2022-03-23", "2022-05-01", "2022-06-14")
COMPARED = [c for c in report.COLUMNS if c.startswith("daily") or c in replay.ATOMS]


def _days() -> list[date]:
    spec = os.environ.get("SIHAT_REPLAY_DAYS")
    if not spec:
        return [date.fromisoformat(d) for d in DEFAULT_DAYS]
    first, last = (date.fromisoformat(x) for x in spec.split(":"))
    scaled = replay.scaled_days(SCALE)
    every = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    return [d for d in every if replay.feasible(scaled[d])]


def _noon(day: date) -> datetime:
    return datetime.combine(day, time(12), tzinfo=clock.MALAYSIA)


def _world(session, opens_on: date) -> factories.StaffPersona:
    personas = factories.staff_personas(session)
    grants = [
        {"role": "VACCINATOR", "scope_type": "PPV", "scope_code": c} for c, _ in replay.CENTRES
    ]
    vaccinator = add_staff(session, personas, "replay_vaccinator", grants)
    admin = personas["admin"].account
    for code, state in replay.CENTRES:
        data = centres.CentreInput(code, f"PPV {state}", "MEGA_CENTRE", state, "Pusat", opens_on)
        centres.create_centre(session, admin, data)
        centres.assign(session, admin, code, vaccinator.account, "VACCINATOR")
    for product in replay.BRANDS.values():
        batch = stock.create_batch(session, admin, product, "R1", opens_on + timedelta(days=3000))
        for code, _ in replay.CENTRES:
            stock.receive(session, admin, code, batch.id, 100_000)
    return vaccinator


def _people(session, recipients: list[replay.Recipient]) -> list[str]:
    ids = []
    for r in recipients:
        while not replay.suits(r.group, (p := factories.person()).date_of_birth, r.shots):
            pass
        person, _ = get_or_create_person(
            session, factories.identity_of(p), actor_type="system", actor_id=None
        )
        ids.append(person.id)
    return ids


def _drive(client, vaccinator, recipients, person_ids, batches, advance) -> None:
    by_day: dict[date, list[tuple[str, replay.Shot]]] = defaultdict(list)
    for person_id, r in zip(person_ids, recipients, strict=True):
        for shot in r.shots:
            by_day[shot.day].append((person_id, shot))
    for day in sorted(by_day):
        advance(_noon(day) - clock.now())
        headers = staff_headers(client, vaccinator)
        records = []
        for i, (person_id, shot) in enumerate(by_day[day]):
            product = replay.BRANDS[shot.brand]
            records.append(
                {
                    "client_id": f"{shot.centre}-{day}-{i:05d}",
                    "person_id": person_id,
                    "dose_number": shot.dose_number,
                    "product": product,
                    "batch_id": batches[product],
                    "ppv_code": shot.centre,
                    "administered_at": (clock.now() - timedelta(hours=2)).isoformat(),
                    "device_time": (clock.now() - timedelta(hours=2)).isoformat(),
                }
            )
        body = {"device_id": f"replay-{day}", "records": records}
        result = client.post("/api/v1/vaccination/doses/upload", json=body, headers=headers)
        refused = [r for r in result.json()["results"] if r["status"] != "accepted"]
        assert not refused, refused[:3]
        for (_, shot), outcome in zip(by_day[day], result.json()["results"], strict=True):
            if shot.pending:
                amend = client.post(
                    f"/api/v1/vaccination/doses/{outcome['dose_id']}/amendments",
                    json={"kind": "VOID", "reason": "bar code does not match the batch"},
                    headers=headers,
                )
                assert amend.status_code == 201, amend.text


def test_replay_reproduces_the_scaled_daily_counts(fresh_database, monkeypatch, tmp_path) -> None:
    days = _days()
    recipients, expected = replay.plan(days, SCALE)
    start = min(s.day for r in recipients for s in r.shots) - timedelta(days=2)
    settings = Settings(login_per_account_per_hour=10**6, login_per_ip_per_hour=10**6)
    with clock.frozen(_noon(start)) as advance:
        with fresh_database.unit_of_work() as s:
            vaccinator = _world(s, start)
            person_ids = _people(s, recipients)
            batches = {b.product: b.id for b, _ in stock.levels(s, "PPV-A")}
        with TestClient(create_app(settings, database=fresh_database)) as client:
            _drive(client, vaccinator, recipients, person_ids, batches, advance)
    url = fresh_database.engine.url.render_as_string(hide_password=False)
    monkeypatch.setenv("SIHAT_DATABASE_URL", url)
    get_settings.cache_clear()
    _register()
    try:
        out = CliRunner().invoke(cli_app, ["report", "vax", "--out", str(tmp_path)])
    finally:
        get_settings.cache_clear()
    assert out.exit_code == 0, out.output
    with (tmp_path / "vax_malaysia.csv").open() as handle:
        rows = {row["date"]: row for row in csv.DictReader(handle)}
    for day in days:
        got = {c: int(rows[day.isoformat()][c]) for c in COMPARED}
        want = {c: expected[day].get(c, 0) for c in COMPARED}
        assert got == want, day
    assert sum(e["daily"] for e in expected.values()) > 0
    _check_cumulative(rows)


def _check_cumulative(rows: dict[str, dict[str, str]]) -> None:
    ordered = [rows[k] for k in sorted(rows)]
    for before, after in itertools.pairwise(ordered):
        assert int(after["cumul"]) - int(before["cumul"]) == int(after["daily"])
        assert int(after["cumul_full"]) - int(before["cumul_full"]) == int(after["daily_full"])
        gained = int(after["cumul_partial"]) - int(before["cumul_partial"])
        assert gained == int(after["daily_partial"]) + int(after["cansino"])
