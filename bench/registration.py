"""Sign-ups and registrations per second through the HTTP API, on SQLite and PostgreSQL,
against the database's own per-row cost measured in the same run.

The server runs as production runs it (``sihat serve`` in its own process); simulated
phones call it over loopback from a thread pool. Figures: a table, then one JSON line.

    .venv/bin/python bench/registration.py [--signups 60] [--registrations 600] [--clients 8]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

import httpx
from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.servers import drop_database, scratch_database_url, serve

from sihat import bootstrap
from sihat.core import migrate
from sihat.core.db import Database, make_engine
from sihat.demo.population import generate
from sihat.notifications.service import messages_to

bootstrap.boot()  # error codes, listeners, providers: as every entry point does

BENCH_DB = "sihat_bench"


def fresh_url(backend: str, tmp: Path) -> str:
    return scratch_database_url(backend, tmp, BENCH_DB)


def start_server(url: str) -> tuple[subprocess.Popen[bytes], str]:
    return serve(
        url,
        env={
            "SIHAT_OTP_PER_IP_PER_HOUR": "1000000",
            "SIHAT_LOGIN_PER_IP_PER_HOUR": "1000000",
            "SIHAT_REGISTRATION_WEB_PER_IP_PER_HOUR": "1000000",
            "SIHAT_ARGON2_PROFILE": "strong",
        },
    )


_local = threading.local()


def client_for(base: str) -> httpx.Client:
    """One keep-alive connection per simulated phone thread (as a real app would keep)."""
    if getattr(_local, "base", None) != base:
        _local.client = httpx.Client(base_url=base, timeout=60)
        _local.base = base
    return _local.client  # type: ignore[no-any-return]


def run_pool(fn, items, clients: int) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        results = list(pool.map(fn, items))
    elapsed = time.perf_counter() - start
    failed = [r for r in results if r not in (200, 201)]
    if failed:
        raise RuntimeError(f"{len(failed)} requests failed: {failed[:5]}")
    return elapsed


def measure_api(
    backend: str, url: str, signups: int, registrations: int, clients: int
) -> dict[str, float]:
    migrate.upgrade(url)
    people = list(generate(signups + registrations, seed=99, today=date(2021, 1, 1)))
    adults = [p for p in people if (date(2021, 1, 1) - p.date_of_birth).days > 18 * 366]
    signup_people, reg_people = adults[:signups], adults[signups:]
    proc, base = start_server(url)
    database = Database.from_url(url)
    local = httpx.Client(base_url=base, timeout=60)
    try:
        challenges = {}
        for p in signup_people:
            r = local.post("/api/v1/accounts/otp", json={"phone": p.phone})
            challenges[p.phone] = r.json()["challenge_id"]
        codes = {}
        with database.unit_of_work() as s:
            for p in signup_people:
                codes[p.phone] = messages_to(s, p.phone, "otp")[-1].body.split("kod anda ")[1][:6]

        def sign_up(p) -> int:  # type: ignore[no-untyped-def]
            return (
                client_for(base)
                .post(
                    "/api/v1/accounts",
                    json={
                        "challenge_id": challenges[p.phone],
                        "code": codes[p.phone],
                        "phone": p.phone,
                        "password": "bench password 1",
                        "identity": {
                            "id_type": "MYKAD",
                            "id_number": p.id_number,
                            "full_name": p.full_name,
                            "sex": p.sex,
                        },
                    },
                )
                .status_code
            )

        def register(p) -> int:  # type: ignore[no-untyped-def]
            return (
                client_for(base)
                .post(
                    "/api/v1/registrations/web",
                    json={
                        "phone": p.phone,
                        "identity": {
                            "id_type": "MYKAD",
                            "id_number": p.id_number,
                            "full_name": p.full_name,
                        },
                    },
                )
                .status_code
            )

        signup_s = run_pool(sign_up, signup_people, clients)
        reg_s = run_pool(register, reg_people, clients)
    finally:
        local.close()
        proc.terminate()
        proc.wait(10)
        database.engine.dispose()
    return {
        "signups_per_s": len(signup_people) / signup_s,
        "registrations_per_s": len(reg_people) / reg_s,
    }


def measure_raw(url: str, rows: int) -> dict[str, float]:
    """The database alone: one row per transaction (what a request costs) and batched."""
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(
            text(
                "CREATE TABLE IF NOT EXISTS bench_rows (id TEXT PRIMARY KEY, "
                "person TEXT, channel TEXT, at TIMESTAMP)"
            )
        )
        conn.execute(text("DELETE FROM bench_rows"))
    start = time.perf_counter()
    for i in range(rows):
        with engine.begin() as conn:
            conn.execute(
                text("INSERT INTO bench_rows VALUES (:i, :p, 'WEB', CURRENT_TIMESTAMP)"),
                {"i": f"s{i}", "p": f"p{i}"},
            )
    single = rows / (time.perf_counter() - start)
    start = time.perf_counter()
    with engine.begin() as conn:
        conn.execute(
            text("INSERT INTO bench_rows VALUES (:i, :p, 'WEB', CURRENT_TIMESTAMP)"),
            [{"i": f"b{i}", "p": f"p{i}"} for i in range(rows * 10)],
        )
    batched = rows * 10 / (time.perf_counter() - start)
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE bench_rows"))
    engine.dispose()
    return {"raw_row_per_tx_per_s": single, "raw_batched_rows_per_s": batched}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--signups", type=int, default=60)
    parser.add_argument("--registrations", type=int, default=600)
    parser.add_argument("--clients", type=int, default=8)
    args = parser.parse_args()
    figures: dict[str, float | int] = {"clients": args.clients}
    print(
        f"{'backend':<11}{'sign-ups/s':>12}{'registr./s':>12}{'raw row/tx/s':>14}"
        f"{'raw batch/s':>13}{'reg/raw':>9}"
    )
    for backend in ("sqlite", "postgresql"):
        with tempfile.TemporaryDirectory() as tmp:
            url = fresh_url(backend, Path(tmp))
            api = measure_api(backend, url, args.signups, args.registrations, args.clients)
            raw = measure_raw(url, 500)
            if backend == "postgresql":
                drop_database(BENCH_DB)
        ratio = api["registrations_per_s"] / raw["raw_row_per_tx_per_s"]
        print(
            f"{backend:<11}{api['signups_per_s']:>12.1f}{api['registrations_per_s']:>12.1f}"
            f"{raw['raw_row_per_tx_per_s']:>14.0f}{raw['raw_batched_rows_per_s']:>13.0f}"
            f"{ratio:>9.3f}"
        )
        for key, value in {**api, **raw}.items():
            figures[f"{backend}_{key}"] = round(value, 2)
        figures[f"{backend}_registration_vs_raw_row_ratio"] = round(ratio, 4)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
