"""Governance's scheduled jobs (wired to the scheduler by ``sihat.bootstrap``)."""

from __future__ import annotations

from sihat.core.db import Database


def checkpoint_audit_log(database: Database) -> object:
    """Sign the audit log's newest position into an Ed25519 checkpoint outside the database."""
    from sihat.governance.auditlog import write_checkpoint

    with database.unit_of_work() as session:
        return write_checkpoint(session)


def scan_out_of_band(database: Database) -> object:
    """Alert on row changes made outside the application since the last scan."""
    from sihat.governance.scan import scan

    with database.unit_of_work() as session:
        return scan(session, include_alerted=False).new_alerts
