"""What a premise door shows about MyRisk: ``high_risk`` (red) for a person whose status is
one of ``statuses.HIGH_RISK`` (confirmed, suspected, close contact, under a home surveillance
order); nothing for everyone else, so the vaccination provider's colour stands. Registered
after the vaccination provider in ``sihat.bootstrap`` (later providers win)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sqlalchemy import bindparam, text
from sqlalchemy.orm import Session

from sihat.core import clock
from sihat.core.db import one_of
from sihat.core.orm import UTCDateTime
from sihat.risk.statuses import HIGH_RISK

_RED = ", ".join(f"'{s}'" for s in sorted(HIGH_RISK))  # constants, never input


def door_status(session: Session, person_ids: Sequence[str]) -> Mapping[str, str]:
    """One query for the whole batch; writes nothing. Any standing (not ended, not expired)
    high-risk row makes the person red: the high-risk statuses are the top of the precedence,
    so the row shown is at least as high; this holds before the expiry job has run."""
    if not person_ids:
        return {}
    # Raw SQL with the ids as one parameter, as vaccination's provider: it runs once per
    # check-in batch (see checkins.batch).
    where, listed = one_of(session.connection(), "person_id", "people", person_ids)
    statement = text(
        f"SELECT DISTINCT person_id FROM risk_statuses WHERE {where}"
        f" AND ended_at IS NULL AND status IN ({_RED}) AND expires_at > :now"
    ).bindparams(bindparam("now", type_=UTCDateTime()))
    rows = session.execute(statement, {"people": listed, "now": clock.now()}).scalars()
    return dict.fromkeys(rows, "high_risk")
