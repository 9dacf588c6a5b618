"""Walk-in and outreach: the registration desk registers a person who arrives without a
registration and hands them to the vaccinators in the same visit."""

from __future__ import annotations

from sqlalchemy.orm import Session

from sihat.core import clock
from sihat.core.errors import Problem
from sihat.identity.service import IdentityInput
from sihat.registration import service as registration
from sihat.registration.models import Registration
from sihat.risk.door import door_status
from sihat.staff.models import StaffAccount
from sihat.vaccination import appointments, centres, doses, vaccines
from sihat.vaccination.models import Appointment


def walk_in(
    session: Session,
    staff: StaffAccount,
    code: str,
    channel: str,
    identity: IdentityInput,
    facts: registration.Facts,
    product: str,
    phone: str | None = None,
) -> tuple[Registration, Appointment]:
    """Register (WALKIN or OUTREACH; a repeat keeps the existing registration) and queue the
    person for today's next dose at this centre. A person whose MyRisk status is red (the
    door's colour) is refused at the queue, and nothing is written."""
    if channel not in ("WALKIN", "OUTREACH"):
        raise Problem("invalid_channel", field="channel")
    if not centres.works_at(session, staff, code, "REGISTRATION_DESK"):
        raise Problem("forbidden")
    vaccines.load().product(product)
    reg, _created = registration.register_by_staff(
        session, staff, channel, identity, facts, phone=phone, ppv_code=code
    )
    if door_status(session, [reg.person_id]):  # confirmed, suspected or a close contact
        raise Problem("risk_status_red", field="id_number")
    given = doses.effective_doses(session, reg.person_id)
    for appointment in appointments.queue(session, code, clock.today_my()):
        if appointment.person_id == reg.person_id:
            return reg, appointment
    return reg, appointments.walk_in(session, reg.person_id, code, product, len(given) + 1)
