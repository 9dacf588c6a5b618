"""Dose records accepted per second through the HTTP API (one dose per request, and offline
batch uploads), on SQLite and PostgreSQL, against the database's raw insert rate measured in
the same run.

The server runs as production runs it (``sihat serve`` in its own process); vaccinators'
tablets call it over loopback from a thread pool. Every accepted dose has passed every
integrity rule, taken its stock atomically, and written its audit event (and whatever the
domains listening to ``vaccination:dose:recorded`` add, e.g. the certificate).
Figures: a table, then one JSON line.

    .venv/bin/python bench/doses.py [--single 300] [--batch 1500] [--batch-size 100] [--clients 8]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.registration import (
    client_for,
    fresh_url,
    measure_raw,
    run_pool,
    start_server,
)

from sihat import bootstrap
from sihat.core import clock, migrate
from sihat.core.db import Database
from sihat.demo.population import generate
from sihat.identity.service import IdentityInput, get_or_create_person
from sihat.vaccination import stock

bootstrap.boot()  # error codes, listeners, providers: as every entry point does

PFIZER = "EU/1/20/1528"


def prepare(url: str, people: int) -> tuple[object, str, list[str]]:
    """Centres, staff assigned a day ago, a large batch at PPV-A, and registered adults."""
    from tests.vaccination.conftest import build_world

    migrate.upgrade(url)
    database = Database.from_url(url)
    with clock.frozen(datetime.now(UTC) - timedelta(days=1)), database.unit_of_work() as s:
        world = build_world(s)
        admin = world.account("admin")
        batch = stock.create_batch(s, admin, PFIZER, "BENCH1", date.today() + timedelta(365))
        stock.receive(s, admin, "PPV-A", batch.id, people + 10)
        ids = []
        for p in generate(people * 2, seed=7, today=date(2021, 1, 1)):
            if (date(2021, 1, 1) - p.date_of_birth).days < 19 * 366:
                continue
            data = IdentityInput(p.id_type, p.id_number, p.full_name, p.date_of_birth, p.sex)
            person, _ = get_or_create_person(s, data, actor_type="system", actor_id=None)
            ids.append(person.id)
            if len(ids) == people:
                break
    database.engine.dispose()
    return world, batch.id, ids


def _login(base: str, persona) -> dict[str, str]:  # type: ignore[no-untyped-def]
    import pyotp
    from tests.factories import STAFF_PASSWORD

    body = {
        "username": persona.account.username,
        "password": STAFF_PASSWORD,
        "totp": pyotp.TOTP(persona.secret).now(),
    }
    response = httpx.post(base + "/api/v1/staff/login", json=body, timeout=60)
    response.raise_for_status()
    return {"Authorization": f"Bearer {response.json()['token']}"}


def _dose(person_id: str, batch_id: str) -> dict[str, object]:
    at = datetime.now(UTC) - timedelta(minutes=30)
    return {
        "client_id": uuid.uuid4().hex,
        "person_id": person_id,
        "dose_number": 1,
        "product": PFIZER,
        "batch_id": batch_id,
        "ppv_code": "PPV-A",
        "administered_at": at.isoformat(),
        "device_time": at.isoformat(),
    }


def measure_api(url: str, single: int, batch: int, size: int, clients: int) -> dict[str, float]:
    world, batch_id, people = prepare(url, single + batch)
    proc, base = start_server(url)
    try:
        headers = [_login(base, world.staff[n]) for n in ("vaccinator_a", "vaccinator_a2")]  # type: ignore[attr-defined]

        def one(i: int) -> int:
            body = {k: v for k, v in _dose(people[i], batch_id).items() if k != "device_time"}
            client = client_for(base)
            return client.post(
                "/api/v1/vaccination/doses", json=body, headers=headers[i % 2]
            ).status_code

        single_s = run_pool(one, range(single), clients)
        chunks = [people[single + i : single + i + size] for i in range(0, batch, size)]

        def upload(i: int) -> int:
            body = {"device_id": f"tablet-{i}", "records": [_dose(p, batch_id) for p in chunks[i]]}
            response = client_for(base).post(
                "/api/v1/vaccination/doses/upload", json=body, headers=headers[i % 2]
            )
            if response.status_code != 200 or response.json()["accepted"] != len(chunks[i]):
                return 500
            return 200

        batch_s = run_pool(upload, range(len(chunks)), clients)
    finally:
        proc.terminate()
        proc.wait(10)
    return {"single_doses_per_s": single / single_s, "batch_doses_per_s": batch / batch_s}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--single", type=int, default=300)
    parser.add_argument("--batch", type=int, default=1500)
    parser.add_argument("--batch-size", type=int, default=100)
    parser.add_argument("--clients", type=int, default=8)
    args = parser.parse_args()
    figures: dict[str, float | int] = {"clients": args.clients, "batch_size": args.batch_size}
    print(
        f"{'backend':<11}{'single/s':>10}{'batch/s':>10}{'raw row/tx/s':>14}"
        f"{'raw batch/s':>13}{'single/raw':>12}{'batch/raw':>11}"
    )
    for backend in ("sqlite", "postgresql"):
        with tempfile.TemporaryDirectory() as tmp:
            url = fresh_url(backend, Path(tmp))
            api = measure_api(url, args.single, args.batch, args.batch_size, args.clients)
            raw = measure_raw(url, 500)
        single_ratio = api["single_doses_per_s"] / raw["raw_row_per_tx_per_s"]
        batch_ratio = api["batch_doses_per_s"] / raw["raw_batched_rows_per_s"]
        print(
            f"{backend:<11}{api['single_doses_per_s']:>10.1f}{api['batch_doses_per_s']:>10.1f}"
            f"{raw['raw_row_per_tx_per_s']:>14.0f}{raw['raw_batched_rows_per_s']:>13.0f}"
            f"{single_ratio:>12.4f}{batch_ratio:>11.4f}"
        )
        for key, value in {**api, **raw}.items():
            figures[f"{backend}_{key}"] = round(value, 2)
        figures[f"{backend}_single_vs_raw_row_per_tx_ratio"] = round(single_ratio, 4)
        figures[f"{backend}_batch_vs_raw_batched_ratio"] = round(batch_ratio, 4)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
