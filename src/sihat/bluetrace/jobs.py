"""MySJ Trace's scheduled job (registered in ``sihat.bootstrap``)."""

from __future__ import annotations

from sihat.bluetrace import uploads
from sihat.core.db import Database


def purge_archives(database: Database) -> int:
    """Drop raw uploads older than ``archive_days`` (21); returns how many."""
    with database.unit_of_work() as session:
        return uploads.purge_archives(session)
