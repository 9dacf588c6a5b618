"""Staff members by name for pages: a page shows "Alice Admin (alice)", never an opaque id."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from sihat.staff.models import StaffAccount


def names(session: Session, ids: Iterable[str | None]) -> dict[str, str]:
    """``{staff id: "Full Name (username)"}`` for the ids that are staff accounts."""
    wanted = {i for i in ids if i}
    if not wanted:
        return {}
    rows = session.execute(
        select(StaffAccount.id, StaffAccount.full_name, StaffAccount.username).where(
            StaffAccount.id.in_(wanted)
        )
    )
    return {i: f"{full} ({user})" for i, full, user in rows}
