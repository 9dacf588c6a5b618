"""What self-assessment tells people through the outbox, in their language: the daily task's
reminder. It never names a case, a premise or another person; a dependent's reminder goes to
the guardian without naming the dependent."""

from __future__ import annotations

from sqlalchemy.orm import Session

from sihat.notifications import service as notifications
from sihat.notifications import texts
from sihat.risk.notices import phone_of

# A daily public-health task: not to be turned off, but it waits for the end of quiet hours.
texts.define(
    "selfassess_task",
    "sihat: sila lengkapkan penilaian kendiri harian anda hari ini dalam aplikasi.",
    "sihat: please complete your daily self-assessment today in the app.",
    urgent=False,
    optional=False,
    validity_seconds=12 * 3600,
)
texts.define(
    "selfassess_task_dependent",
    "sihat: sila lengkapkan penilaian kendiri harian seorang tanggungan anda hari ini dalam "
    "aplikasi.",
    "sihat: please complete the daily self-assessment of one of your dependents today in the app.",
    urgent=False,
    optional=False,
    validity_seconds=12 * 3600,
)


def remind(session: Session, person_id: str) -> bool:
    """Remind the person (or their guardian) of today's task; ``False`` when nobody can be
    told."""
    found = phone_of(session, person_id)
    if found is None:
        return False
    phone, guardian = found
    template = "selfassess_task_dependent" if guardian else "selfassess_task"
    notifications.queue_sms(session, phone, template)
    return True
