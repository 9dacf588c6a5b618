"""The orders domain's scheduled job (registered in ``sihat.bootstrap``)."""

from __future__ import annotations

from sihat.core.db import Database
from sihat.orders import alerts, service


def enforce(database: Database) -> int:
    """Issue the automatic release orders that are due, then raise the enforcement alerts of
    recent check-ins; idempotent. Returns how many alerts were new."""
    with database.unit_of_work() as session:
        service.release_expired(session)
    with database.unit_of_work() as session:
        return alerts.scan(session)
