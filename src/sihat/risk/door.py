"""What a premise door shows about MyRisk: ``high_risk`` (red) for a person whose current
status is CONFIRMED, SUSPECTED or CLOSE_CONTACT; nothing for everyone else, so the vaccination
provider's colour stands. Registered after the vaccination provider in ``sihat.bootstrap``
(later providers win). Home surveillance orders are not modelled yet."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from sihat.core import clock
from sihat.risk.models import RiskStatus
from sihat.risk.statuses import HIGH_RISK


def door_status(session: Session, person_ids: Sequence[str]) -> Mapping[str, str]:
    """One query for the whole batch; writes nothing. Any standing (not ended, not expired)
    high-risk row makes the person red: the high-risk statuses are the top of the precedence,
    so whichever row is shown is at least as high; this holds before the expiry job runs."""
    if not person_ids:
        return {}
    rows = session.execute(
        select(RiskStatus.person_id).where(
            RiskStatus.person_id.in_(list(person_ids)),
            RiskStatus.ended_at.is_(None),
            RiskStatus.status.in_(sorted(HIGH_RISK)),
            RiskStatus.expires_at > clock.now(),
        )
    ).scalars()
    return dict.fromkeys(rows, "high_risk")
