"""Durable check-ins per second over loopback HTTP at increasing offered rates, against a bare
endpoint on the same server stack in the same run, on SQLite and PostgreSQL.

The server runs as production runs it (``python -m sihat serve``: granian, one worker per
core). The load comes from wrk (C) with ``bench/checkins.lua``, which paces each step at a
fixed offered rate (open loop: a request is sent when it is due, whether or not earlier ones
were answered, given enough connections). Each step reports what was acknowledged per second
and its p50/p99 latency; a step is *sustained* when at least 95 % of the offered rate was
acknowledged, nothing failed, and the schedule held (under 1 % of requests sent late). The
bare endpoint is ``GET /api/v1/health``, a fast route like the check-in, so it measures the
same stack (granian, the fast-route layer, request context, blocklist) doing no work.

After each check-in step the database is asked how many visits it stored: every new visit an
answer acknowledged must be there (``lost_acknowledged_count``; the kill test in
``tests/checkins/test_kill.py`` checks the same visit by visit after a SIGKILL).

    .venv/bin/python bench/checkins.py [--seconds 4] [--rates 1000,2000,...] [--workers 2]

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

from tests.servers import HEALTH, drop_database, scratch_database_url, serve

from sihat import bootstrap
from sihat.checkins import simulate
from sihat.checkins.models import CheckIn
from sihat.core import migrate
from sihat.core.db import Database

bootstrap.boot()  # error codes, listeners, providers: as every entry point does

BENCH_DB = "sihat_bench_checkins"
LUA = Path(__file__).resolve().parent / "checkins.lua"
TARGET_PER_S = 10_600
TARGET_P99_MS = 50.0
CHECKIN_RATES = "500,1000,2000,3000,4000,6000,8000,10600,14000"
BARE_RATES = CHECKIN_RATES + ",20000,28000,36000"


def wrk(base: str, path: str, rate: float, seconds: float, env: dict[str, str]) -> dict[str, Any]:
    """One step at ``rate`` offered requests per second."""
    threads = 2
    # Enough connections for 100 ms of the offered rate in flight, so that a free connection
    # is there when a request is due unless the server is that far behind.
    connections = max(64, min(1024, int(rate / 10)))
    cmd = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{max(1, round(seconds))}s"]
    out = subprocess.run(
        [*cmd, "--latency", "-s", str(LUA), base + path],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "SIHAT_WRK_RATE": str(rate / threads), **env},
    ).stdout
    total = int(_find(r"(\d+) requests in", out))
    elapsed = _duration(_find(r"requests in ([\d.]+\w+),", out))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    extra = dict(kv.split("=") for kv in _find(r"SIHAT (.*)", out).split())
    failed = (int(bad.group(1)) if bad else 0) + (
        sum(int(x) for x in errors.groups()) if errors else 0
    )
    acknowledged = total - (int(bad.group(1)) if bad else 0)
    return {
        "offered": rate,
        "connections": connections,
        "sent": total,
        "acknowledged": acknowledged,
        "rate": acknowledged / elapsed,
        "failed": failed,
        "late": int(extra["late"]),
        "new_visits": int(extra["new_visits"]),
        "p50_ms": _latency(out, "50"),
        "p99_ms": _latency(out, "99"),
    }


def _find(pattern: str, text: str) -> str:
    found = re.search(pattern, text)
    if found is None:
        raise RuntimeError(f"wrk printed no {pattern!r}:\n{text}")
    return found.group(1)


def _duration(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(\w+)", text).groups()  # type: ignore[union-attr]
    return float(value) * {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0}[unit]


def _latency(out: str, p: str) -> float:
    found = re.search(rf"\s{p}(?:\.000)?%\s+([\d.]+)(us|ms|s)", out)
    if not found:
        return float("nan")
    value, unit = float(found.group(1)), found.group(2)
    return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value


def sustained(step: dict[str, Any]) -> bool:
    return (
        step["rate"] >= 0.95 * step["offered"]
        and step["failed"] == 0
        and step["late"] <= 0.01 * max(1, step["sent"])
    )


def stored(database: Database) -> int:
    with database.unit_of_work() as session:
        return int(session.scalar(select(func.count()).select_from(CheckIn)) or 0)


def measure(
    backend: str, checkin_rates: list[float], bare_rates: list[float], seconds: float, workers: int
) -> dict[str, Any]:
    tmp = Path(tempfile.mkdtemp(prefix="sihat-bench-"))
    url = scratch_database_url(backend, tmp, BENCH_DB)
    migrate.upgrade(url)
    database = Database.from_url(url)
    with database.unit_of_work() as session:
        phones = simulate.prepare(session, accounts=20_000, premise_count=2_000)
    # Phones in order, each at a premise drawn by the real weights: a phone checks in again
    # only after every other phone has (a new visit, which ends its previous one).
    requests = tmp / "requests.tsv"
    make = simulate.request_factory(phones, seed=11)
    with requests.open("w") as handle:
        for i in range(200_000):
            _m, _p, body, headers = make(i)
            handle.write(headers["Authorization"][7:] + "\t" + body.decode() + "\n")
    proc, base = serve(url, workers=workers, timeout=30)
    steps: dict[str, list[dict[str, Any]]] = {"bare": [], "checkin": []}
    lost = 0
    try:
        wrk(base, HEALTH, 2000, 2, {})  # warm-up: imports, caches, partitions, connections
        wrk(base, "/api/v1/checkins", 500, 2, {"SIHAT_WRK_REQUESTS": str(requests)})
        for kind, path, rates in (
            ("bare", HEALTH, bare_rates),
            ("checkin", "/api/v1/checkins", checkin_rates),
        ):
            env = {"SIHAT_WRK_REQUESTS": str(requests)} if kind == "checkin" else {}
            for rate in rates:
                before = stored(database) if kind == "checkin" else 0
                step = wrk(base, path, rate, seconds, env)
                if kind == "checkin":
                    step["stored"] = stored(database) - before
                    lost += max(0, step["new_visits"] - step["stored"])
                steps[kind].append(step)
                if step["rate"] < 0.8 * rate:  # saturated: higher rates only queue
                    break
    finally:
        proc.terminate()
        proc.wait(30)
    database.engine.dispose()
    if backend == "postgresql":
        drop_database(BENCH_DB)
    shutil.rmtree(tmp, ignore_errors=True)
    return {"steps": steps, "lost": lost}


def summary(kind_steps: list[dict[str, Any]]) -> dict[str, float]:
    kept = [s for s in kind_steps if sustained(s)]
    best = max(kept, key=lambda s: s["rate"]) if kept else kind_steps[0]
    fast = [s for s in kept if s["p99_ms"] < TARGET_P99_MS]
    return {
        "sustained_per_s": round(best["rate"], 1) if kept else 0.0,
        "p50_ms": round(best["p50_ms"], 2),
        "p99_ms": round(best["p99_ms"], 2),
        "sustained_p99_under_50ms_per_s": round(max((s["rate"] for s in fast), default=0.0), 1),
        "peak_per_s": round(max(s["rate"] for s in kind_steps), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=4.0)
    parser.add_argument("--rates", default=CHECKIN_RATES, help="check-in steps, per second")
    parser.add_argument("--bare-rates", default=BARE_RATES, help="bare endpoint steps")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--backends", default="sqlite,postgresql")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        print("wrk is not installed: run scripts/ensure-wrk.sh (make bench does)", file=sys.stderr)
        raise SystemExit(2)
    rates = [float(r) for r in args.rates.split(",")]
    bare_rates = [float(r) for r in args.bare_rates.split(",")]
    figures: dict[str, Any] = {
        "target_checkins_per_s": TARGET_PER_S,
        "target_p99_ms": TARGET_P99_MS,
        "server_workers_count": args.workers,
        "cpu_count": os.cpu_count(),
    }
    print(
        f"{'backend':<11}{'endpoint':<9}{'offered/s':>10}{'acked/s':>10}{'p50 ms':>9}"
        f"{'p99 ms':>9}{'failed':>8}{'late':>7}{'new':>8}{'stored':>8}  sustained"
    )
    met = True
    for backend in args.backends.split(","):
        run = measure(backend, rates, bare_rates, args.seconds, args.workers)
        for kind in ("bare", "checkin"):
            for s in run["steps"][kind]:
                print(
                    f"{backend:<11}{kind:<9}{s['offered']:>10.0f}{s['rate']:>10.0f}"
                    f"{s['p50_ms']:>9.1f}{s['p99_ms']:>9.1f}{s['failed']:>8}{s['late']:>7}"
                    f"{s['new_visits'] if kind == 'checkin' else '':>8}"
                    f"{s.get('stored', ''):>8}  {'yes' if sustained(s) else 'no'}"
                )
            for key, value in summary(run["steps"][kind]).items():
                figures[f"{backend}_{kind}_{key}"] = value
        checkin = figures[f"{backend}_checkin_sustained_p99_under_50ms_per_s"]
        bare = figures[f"{backend}_bare_sustained_per_s"] or 1.0
        figures[f"{backend}_checkin_to_bare_ratio"] = round(
            figures[f"{backend}_checkin_sustained_per_s"] / bare, 3
        )
        figures[f"{backend}_lost_acknowledged_count"] = run["lost"]
        met = met and checkin >= TARGET_PER_S and checkin >= 0.5 * bare and run["lost"] == 0
    figures["target_met"] = met
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
