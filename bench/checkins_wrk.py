"""Check-in throughput with a C load generator (wrk, closed loop), so the load client does
not share the server's limits: the server runs as production runs it on this machine (one
worker per core), wrk drives the bare endpoint and the check-in endpoint with the same
number of connections, and the database counts what was stored.

``bench/checkins.py`` (open-loop, per-visit durability check) is the reference for latency
under a given offered rate; this one answers "how many check-ins per second at most".

    .venv/bin/python bench/checkins_wrk.py [--seconds 6] [--connections 64] [--workers 2]

Figures: a table, then one JSON object on the last line (keys name their units).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.checkins import BARE, BENCH_DB, fresh_url, start_server
from tests.servers import drop_database

from sihat.checkins import simulate
from sihat.checkins.models import CheckIn
from sihat.core import migrate
from sihat.core.db import Database

LUA = Path(__file__).resolve().parent / "checkins_wrk.lua"


def wrk(
    base: str,
    path: str,
    seconds: float,
    connections: int,
    env: dict[str, str],
    script: Path | None = None,
) -> dict[str, float]:
    cmd = ["wrk", "-t2", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--latency"]
    if script:
        cmd += ["-s", str(script)]
    out = subprocess.run(
        [*cmd, base + path], capture_output=True, text=True, check=True, env={**os.environ, **env}
    ).stdout
    total = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]

    def pct(p: str) -> float:
        m = re.search(rf"\s{p}%\s+([\d.]+)(us|ms|s)", out)
        if not m:
            return float("nan")
        value, unit = float(m.group(1)), m.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    failed = int(bad.group(1)) if bad else 0
    return {
        "per_s": rate,
        "requests": total,
        "non_2xx": failed,
        "acknowledged": total - failed,
        "socket_errors": sum(int(x) for x in errors.groups()) if errors else 0,
        "p50_ms": pct("50"),
        "p99_ms": pct("99"),
    }


def measure(backend: str, seconds: float, connections: int, workers: int) -> dict[str, Any]:
    tmp = Path(tempfile.mkdtemp(prefix="sihat-wrk-"))
    url = fresh_url(backend, tmp)
    migrate.upgrade(url)
    database = Database.from_url(url)
    with database.unit_of_work() as session:
        phones = simulate.prepare(session, accounts=20_000, premise_count=2_000)
    # The warm-up and the measurement use different phones at different premises, so the
    # measured check-ins are new visits (a repeat scan within the window is one visit).
    warm_file, requests = tmp / "warm.tsv", tmp / "requests.tsv"
    for path, seed, count in ((warm_file, 97, 20_000), (requests, 11, 80_000)):
        make = simulate.request_factory(phones, seed=seed)
        with path.open("w") as handle:
            for i in range(count):
                _m, _p, body, headers = make(i)
                handle.write(headers["Authorization"][7:] + "\t" + body.decode() + "\n")
    proc, base = start_server(url, workers)
    try:
        wrk(base, BARE, 2, connections, {})  # warm up
        bare = wrk(base, BARE, seconds, connections, {})
        env = {"SIHAT_WRK_REQUESTS": str(requests)}
        wrk(base, "/api/v1/checkins", 2, connections, {"SIHAT_WRK_REQUESTS": str(warm_file)}, LUA)
        with database.unit_of_work() as session:
            before = session.scalar(select(func.count()).select_from(CheckIn)) or 0
        checkin = wrk(base, "/api/v1/checkins", seconds, connections, env, LUA)
    finally:
        proc.terminate()
        proc.wait(30)
    with database.unit_of_work() as session:
        after = session.scalar(select(func.count()).select_from(CheckIn)) or 0
    database.engine.dispose()
    if backend == "postgresql":
        drop_database(BENCH_DB)
    shutil.rmtree(tmp, ignore_errors=True)
    checkin["new_visits_stored"] = after - before
    return {"bare": bare, "checkin": checkin}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=6.0)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        print("wrk is not installed: run scripts/ensure-wrk.sh (make bench does)", file=sys.stderr)
        raise SystemExit(2)
    figures: dict[str, Any] = {
        "server_workers_count": args.workers,
        "connections_count": args.connections,
    }
    print(
        f"{'backend':<11}{'endpoint':<9}{'req/s':>9}{'acked':>9}{'stored':>9}"
        f"{'p50 ms':>8}{'p99 ms':>8}"
    )
    for backend in ("sqlite", "postgresql"):
        result = measure(backend, args.seconds, args.connections, args.workers)
        for kind in ("bare", "checkin"):
            r = result[kind]
            print(
                f"{backend:<11}{kind:<9}{r['per_s']:>9.0f}{r['acknowledged']:>9}"
                f"{r.get('new_visits_stored', ''):>9}{r['p50_ms']:>8.1f}{r['p99_ms']:>8.1f}"
            )
            figures[f"{backend}_{kind}_per_s"] = round(r["per_s"], 1)
            figures[f"{backend}_{kind}_p50_ms"] = round(r["p50_ms"], 2)
            figures[f"{backend}_{kind}_p99_ms"] = round(r["p99_ms"], 2)
            figures[f"{backend}_{kind}_non_2xx_count"] = r["non_2xx"]
        figures[f"{backend}_checkin_new_visits_stored_count"] = result["checkin"][
            "new_visits_stored"
        ]
        figures[f"{backend}_checkin_to_bare_ratio"] = round(
            result["checkin"]["per_s"] / result["bare"]["per_s"], 3
        )
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
