"""MyRisk's scheduled job (registered in ``sihat.bootstrap``)."""

from __future__ import annotations

from sihat.core.db import Database
from sihat.risk import service


def expire_due(database: Database) -> int:
    """End every status past its ``expires_at``, in transactions of at most 1,000 people;
    idempotent (a second run finds nothing due). Returns how many people were settled."""
    total = 0
    while True:
        with database.unit_of_work() as session:
            done = service.expire(session)
        total += done
        if done < 1000:
            return total
