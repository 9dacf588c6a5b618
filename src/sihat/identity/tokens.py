"""Session tokens, the one rule for every kind of session (account holders here, staff in
``staff.sessions``, the check-in writer's raw SQL in ``checkins.store``):

- a token is random (``core.crypto.new_token``) and only its SHA-256 digest is stored;
- its session is live while it is not revoked and not expired, and its owner's account is
  ACTIVE.

A session table has ``token_hash``, ``expires_at`` and ``revoked_at``; its owner table has
``id`` and ``status``. The tables are passed in, so staff sessions follow the same rule
without identity importing staff.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, select
from sqlalchemy.orm import Session

from sihat.core import clock
from sihat.core.crypto import new_token, token_digest


@dataclass(frozen=True)
class Minted:
    """A new session's token (given to the caller once) and what is stored about it."""

    token: str
    digest: str
    created_at: datetime
    expires_at: datetime


def mint(ttl: timedelta) -> Minted:
    token = new_token()
    now = clock.now()
    return Minted(token, token_digest(token), now, now + ttl)


def unexpired(sessions: Any, now: Any) -> ColumnElement[bool]:
    """The session row itself is live: not revoked, not expired at ``now`` (a time, or a SQL
    expression such as a bound parameter)."""
    return and_(sessions.revoked_at.is_(None), sessions.expires_at > now)


def live(sessions: Any, owners: Any, now: Any) -> ColumnElement[bool]:
    """The session is live and its owner ACTIVE; for a statement that joins ``owners``."""
    return and_(unexpired(sessions, now), owners.status == "ACTIVE")


def holder(
    session: Session, sessions: Any, owners: Any, owner_id: Any, token: str
) -> tuple[Any, Any] | None:
    """``(owner, session row)`` for a live session with this token, else None.
    ``owner_id`` is the session table's column naming its owner."""
    found = session.execute(
        select(owners, sessions)
        .join(sessions, owner_id == owners.id)
        .where(sessions.token_hash == token_digest(token), live(sessions, owners, clock.now()))
    ).first()
    return (found[0], found[1]) if found is not None else None
