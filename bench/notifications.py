"""Benchmark of message delivery: SMS per second through the delivery worker (claim, send to
the stand-in gateway over HTTP, record) against the gateway's bare request rate measured in
the same run (the same HTTP client posting straight to it, nothing else). The plan's peak day
is 1.1 million casual-contact notices plus OTPs: about 13 a second averaged over a day.

Prints a table, then one JSON object on the last line.

    .venv/bin/python bench/notifications.py [--messages 2000] [--workers 1]
        [--backend sqlite|postgresql]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("SIHAT_DEMO", "true")
os.environ.setdefault("SIHAT_LOG_LEVEL", "WARNING")

import httpx
from tests.notifications.conftest import start_gateway
from tests.servers import drop_database, kill, scratch_database_url

from sihat import bootstrap
from sihat.core import migrate
from sihat.core.db import Database
from sihat.core.settings import get_settings
from sihat.notifications.service import queue_sms
from sihat.notifications.worker import deliver_due

bootstrap.boot()
BENCH_DB = "sihat_bench_notify"


def bare_rate(url: str, n: int) -> float:
    with httpx.Client(timeout=30) as client:
        started = time.perf_counter()
        for i in range(n):
            key = str(uuid.uuid4())
            client.post(
                url,
                json={"to": f"+6011{i:08d}", "text": "bare", "sender": "SIHAT", "reference": key},
                headers={"Idempotency-Key": key},
            ).raise_for_status()
        return n / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    args = parser.parse_args()
    gateway = start_gateway()
    tmp = Path(tempfile.mkdtemp(prefix="sihat-bench-notify-"))
    url = scratch_database_url(args.backend, tmp, BENCH_DB)
    try:
        migrate.upgrade(url)
        settings = get_settings()
        settings.sms_provider, settings.sms_gateway_url = "http", f"{gateway.url}/sms"
        settings.notify_quiet_hours = (0, 0)
        database = Database.from_url(url)
        with database.unit_of_work() as s:
            for i in range(args.messages):
                queue_sms(s, f"+6012{i:08d}", "registration", channel="WEB")
        bare = bare_rate(f"{gateway.url}/sms", args.messages)
        sent: list[int] = []

        def work(n: int) -> None:
            sent.append(deliver_due(database, worker=f"bench-{n}", max_batches=10**6)["sent"])

        started = time.perf_counter()
        threads = [threading.Thread(target=work, args=(n,)) for n in range(args.workers)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - started
        stats = httpx.get(f"{gateway.url}/_standin/stats", timeout=10).json()
        database.engine.dispose()
    finally:
        kill(gateway.proc)
        if args.backend == "postgresql":
            drop_database(BENCH_DB)
    delivered = sum(sent)
    result = {
        "backend": args.backend,
        "workers": args.workers,
        "messages": args.messages,
        "delivered": delivered,
        "duplicates_at_gateway": stats["duplicates"],
        "messages_per_s": round(delivered / elapsed, 1),
        "bare_requests_per_s": round(bare, 1),
        "ratio": round(delivered / elapsed / bare, 3),
    }
    for key, value in result.items():
        print(f"{key:>24}  {value}")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
