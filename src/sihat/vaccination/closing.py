"""Closing a centre: its operating period ends after the last day, every assignment there
ends and every open appointment after the last day is cancelled, each in the audit log.

Its own module because it reaches both ``centres`` and ``appointments`` (which books
against ``centres``): neither of those imports the other's caller.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from sihat.core import clock, trail
from sihat.core.errors import Problem
from sihat.staff.models import StaffAccount
from sihat.staff.service import require_role
from sihat.vaccination import appointments, centres
from sihat.vaccination.models import OperatingPeriod


def close_centre(
    session: Session, actor: StaffAccount, code: str, last_day: date, reason: str
) -> OperatingPeriod:
    """Close after ``last_day``: end assignments, cancel later open appointments."""
    require_role(actor, "ADMIN")
    centres.get_centre(session, code)
    current = [p for p in centres.periods(session, code) if p.closes_on is None]
    if not current or last_day < current[0].opens_on or last_day < clock.today_my():
        raise Problem("ppv_period_invalid", field="last_day")
    period = current[0]
    period.closes_on = last_day
    period.closed_at = clock.now()
    period.closed_by = actor.id
    period.close_reason = reason.strip()[:200]
    trail.record(
        session,
        "vaccination:centre:closed",
        actor_type="staff",
        actor_id=actor.id,
        target_type="ppv",
        target_id=code,
        last_day=last_day.isoformat(),
    )
    for assignment in centres.current_assignments(session, code):
        centres.end_assignment(session, actor, assignment, "centre_closed")
    appointments.cancel_after(session, actor, code, last_day, "centre_closed")
    session.flush()
    return period
