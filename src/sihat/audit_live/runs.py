"""Run the auditor's tests on the live database, on demand or on a schedule, and keep each
run's headline counts for the trend. Output goes to ``SIHAT_VAR_DIR/audit-runs/<id>/``.

The headline of each finding is the audit engine's (``sihat.audit.summary``): a run stores
``AuditSummary.counts()`` in ``audit_runs.counts`` and the staff page reads it back with
``figures(run)``, so the page and the run's report show the same numbers."""

from __future__ import annotations

import shutil
import threading
from datetime import timedelta
from pathlib import Path

from sqlalchemy import event, select
from sqlalchemy.orm import Session, SessionTransaction

from sihat.audit.summary import AuditSummary
from sihat.audit_live.models import AuditRun
from sihat.core import clock, trail
from sihat.core.db import Database
from sihat.core.logging import get_logger
from sihat.core.settings import get_settings

log = get_logger("sihat.audit")


def run_dir(run_id: str) -> Path:
    return get_settings().var_dir / "audit-runs" / run_id


def figures(run: AuditRun) -> AuditSummary:
    """A stored run's headline per finding (``None``: not run, or the run has not finished)."""
    return AuditSummary.from_counts(run.counts or {})


def start(session: Session, trigger: str, requested_by: str | None = None) -> AuditRun:
    """Record a run as RUNNING (in the caller's transaction); ``execute`` carries it out."""
    run = AuditRun(
        trigger=trigger, requested_by=requested_by, status="RUNNING", started_at=clock.now()
    )
    session.add(run)
    session.flush()
    trail.record(
        session,
        "audit:run:started",
        actor_type="staff" if requested_by else "system",
        actor_id=requested_by,
        target_type="audit_run",
        target_id=run.id,
        trigger=trigger,
    )
    return run


def execute(database: Database, run_id: str) -> None:
    """Extract, audit, store the counts. Runs in a thread or a job, with its own sessions."""
    from sihat.audit.engine import Parameters, run_audit
    from sihat.audit_live.extract import write_extract

    with database.unit_of_work() as session:
        run = session.get(AuditRun, run_id)
        if run is None or run.status != "RUNNING":  # never recorded, or already carried out
            return
    folder = run_dir(run_id)
    try:
        with database.unit_of_work() as session:
            write_extract(session, folder / "extract")
        result = run_audit(
            folder / "extract", folder / "out", Parameters(probable=False), show_progress=False
        )
        shutil.rmtree(folder / "extract", ignore_errors=True)  # personal data: keep no copy
        status, counts, error = "DONE", AuditSummary.from_summary(result.summary).counts(), None
    except Exception as exc:  # recorded on the run and logged; the server goes on
        log.error("audit run failed", run=run_id, error_type=type(exc).__name__)
        status, counts, error = "FAILED", {}, type(exc).__name__
    with database.unit_of_work() as session:
        run = session.get(AuditRun, run_id)
        if run is not None:
            run.status, run.counts, run.error = status, counts, error
            run.finished_at = clock.now()
            trail.record(
                session,
                "audit:run:finished",
                actor_type="system",
                target_type="audit_run",
                target_id=run_id,
                status=status,
            )


def start_in_background(database: Database, run_id: str) -> threading.Thread:
    thread = threading.Thread(
        target=execute, args=(database, run_id), daemon=True, name=f"audit-run-{run_id[:8]}"
    )
    thread.start()
    return thread


_PENDING = "sihat.audit_live.runs.pending"  # session.info: (database, [run ids])


def request_run(
    session: Session, database: Database, trigger: str, requested_by: str | None = None
) -> AuditRun:
    """Record a run as RUNNING in the caller's transaction and carry it out in the background
    once that transaction commits (never if it rolls back).

    Nothing here commits: the caller's transaction (a request's, a command's) stays its
    owner's. The run cannot start inside it: on SQLite every transaction holds the write lock
    from BEGIN, so the run's own sessions wait until the caller's transaction has ended.
    """
    run = start(session, trigger, requested_by)
    if not event.contains(session, "after_commit", _launch_pending):
        event.listen(session, "after_commit", _launch_pending)
        event.listen(session, "after_soft_rollback", _forget_pending)
    _, pending = session.info.setdefault(_PENDING, (database, []))
    pending.append(run.id)
    return run


def _launch_pending(session: Session) -> None:
    if session.get_nested_transaction() is not None:  # a savepoint released, not the commit
        return
    database, pending = session.info.pop(_PENDING, (None, []))
    for run_id in pending:
        start_in_background(database, run_id)


def _forget_pending(session: Session, previous: SessionTransaction) -> None:
    if previous.parent is None:  # the whole transaction rolled back: no run was recorded
        session.info.pop(_PENDING, None)


def recent(session: Session, limit: int = 30) -> list[AuditRun]:
    return list(session.scalars(select(AuditRun).order_by(AuditRun.started_at.desc()).limit(limit)))


def due(session: Session, every_hours: int) -> bool:
    if every_hours <= 0:
        return False
    last = session.scalar(
        select(AuditRun.started_at)
        .where(AuditRun.trigger == "SCHEDULE")
        .order_by(AuditRun.started_at.desc())
        .limit(1)
    )
    return last is None or clock.now() - last >= timedelta(hours=every_hours)


def run_if_due(database: Database) -> str | None:
    """The scheduler's tick (from the server's background loop or from cron)."""
    every = get_settings().audit_schedule_hours
    with database.unit_of_work() as session:
        if not due(session, every):
            return None
        run_id = start(session, "SCHEDULE").id
    execute(database, run_id)
    return run_id
