"""Scheduled jobs, run by ``sihat serve`` in a background thread (``SIHAT_SCHEDULER=true``) or
once by ``sihat jobs run`` from cron. Each job decides for itself whether it is due. The jobs
are registered by ``sihat.bootstrap`` (core imports no domain)."""

from __future__ import annotations

import threading
from collections.abc import Callable

from sihat.core.db import Database
from sihat.core.logging import crash_fields, get_logger

log = get_logger("sihat.jobs")
Job = Callable[[Database], object]

JOBS: dict[str, Job] = {}
# Jobs that also run on their own short interval beside the server (e.g. message delivery,
# which cannot wait for the five-minute tick), in a thread each.
EVERY: dict[str, float] = {}


def register(name: str, job: Job, *, every_seconds: float | None = None) -> None:
    JOBS[name] = job
    if every_seconds is not None:
        EVERY[name] = every_seconds


def run_all(database: Database) -> dict[str, str]:
    """One tick: every job once; a failing job is logged and does not stop the others."""
    results = {}
    for name, job in JOBS.items():
        try:
            job(database)
            results[name] = "ok"
        except Exception as exc:
            log.error("job failed", job=name, **crash_fields(exc))
            results[name] = f"failed: {type(exc).__name__}"
    return results


def start(
    database: Database, stop: threading.Event, every_seconds: float = 300
) -> threading.Thread:
    def loop() -> None:
        delay = min(every_seconds, 60)  # a starting server serves a minute before its first tick
        while not stop.wait(delay):
            run_all(database)
            delay = every_seconds

    def often(name: str, interval: float) -> None:
        while not stop.wait(interval):
            try:
                JOBS[name](database)
            except Exception as exc:
                log.error("job failed", job=name, error_type=type(exc).__name__)

    for name, interval in EVERY.items():
        threading.Thread(
            target=often, args=(name, interval), name=f"sihat-{name}", daemon=True
        ).start()
    thread = threading.Thread(target=loop, name="sihat-jobs", daemon=True)
    thread.start()
    return thread
