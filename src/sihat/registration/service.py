"""One registration per person through any channel; a repeat returns the existing one.

Who may register whom: an account holder registers self and current dependents (MYSJ);
anyone may use the public web form (WEB); a hotline operator registers on a caller's behalf
(HOTLINE); registration-desk staff at a vaccination centre register walk-ins and outreach
(WALKIN, OUTREACH) at their own centre.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from sihat.core import clock, trail
from sihat.core.db import try_add
from sihat.core.errors import Problem
from sihat.identity import access, proofing
from sihat.identity import service as identity
from sihat.identity.models import Account, Person
from sihat.notifications.service import queue_sms
from sihat.registration import policy
from sihat.registration.models import Registration, RegistrationAttempt
from sihat.staff.models import StaffAccount
from sihat.staff.service import require_role


@dataclass(frozen=True)
class Facts:
    """Eligibility facts a registrant declares."""

    comorbidity: bool = False
    oku: bool = False
    pregnant: bool = False
    frontline: bool = False
    state: str | None = None
    district: str | None = None


def registration_of(session: Session, person_id: str) -> Registration | None:
    return session.scalar(select(Registration).where(Registration.person_id == person_id))


def register_person(
    session: Session,
    person: Person,
    channel: str,
    facts: Facts,
    *,
    by_type: str,
    by_id: str | None,
    as_dependent: bool = False,
    ppv_code: str | None = None,
    notify_phone: str | None = None,
) -> tuple[Registration, bool]:
    """Register ``person`` once. Returns ``(registration, created)``."""
    existing = registration_of(session, person.id)
    if existing is not None:
        return _attempt(session, existing, channel, by_type, by_id), False
    now = clock.now()
    phase, rules = _phase(person.date_of_birth, person.sex, facts)
    registration = Registration(
        person_id=person.id,
        channel=channel,
        registered_at=now,
        by_type=by_type,
        by_id=by_id,
        as_dependent=as_dependent,
        ppv_code=ppv_code,
        state=facts.state or person.state,
        district=facts.district or person.district,
        comorbidity=facts.comorbidity,
        oku=facts.oku,
        pregnant=facts.pregnant,
        frontline=facts.frontline,
        priority_phase=phase,
        policy_version=rules.version,
    )
    if not try_add(session, registration):
        # A concurrent request registered the same person first: theirs stands.
        winner = registration_of(session, person.id)
        if winner is None:
            raise Problem("conflict")
        return _attempt(session, winner, channel, by_type, by_id), False
    trail.record(
        session,
        "registration:registration:created",
        actor_type=by_type,
        actor_id=by_id,
        target_type="person",
        target_id=person.id,
        channel=channel,
        phase=phase,
    )
    if notify_phone:
        queue_sms(session, notify_phone, "registration", channel=channel)
    return registration, True


def _phase(born: date | None, sex: str | None, facts: Facts) -> tuple[int, policy.Policy]:
    """The priority phase, or the refusal (missing date of birth, pregnancy declared for a
    male, too young)."""
    if born is None:
        raise Problem("date_of_birth_required", field="date_of_birth")
    if facts.pregnant and sex == "M":
        raise Problem("pregnancy_sex_mismatch", field="pregnant")
    rules = policy.load()
    eligibility = policy.Eligibility(
        born, facts.comorbidity, facts.oku, facts.pregnant, facts.frontline
    )
    phase = rules.phase_for(eligibility, clock.today_my())
    if phase is None:
        raise Problem("not_eligible_age", field="date_of_birth", min_age=rules.min_age)
    return phase, rules


def _attempt(
    session: Session, existing: Registration, channel: str, by_type: str, by_id: str | None
) -> Registration:
    session.add(
        RegistrationAttempt(
            registration_id=existing.id,
            channel=channel,
            attempted_at=clock.now(),
            by_type=by_type,
            by_id=by_id,
        )
    )
    trail.record(
        session,
        "registration:registration:repeated",
        actor_type=by_type,
        actor_id=by_id,
        target_type="person",
        target_id=existing.person_id,
        channel=channel,
    )
    session.flush()
    return existing


def register_self(session: Session, account: Account, facts: Facts) -> tuple[Registration, bool]:
    if proofing.is_unproven(account.person):  # its number is someone else's until a counter says
        raise Problem("identity_unproven")
    return register_person(
        session,
        account.person,
        "MYSJ",
        facts,
        by_type="account",
        by_id=account.id,
        notify_phone=account.phone,
    )


def register_dependent(
    session: Session, account: Account, person_id: str, facts: Facts
) -> tuple[Registration, bool]:
    link = access.dependent_link(session, account, person_id)
    return register_person(
        session,
        link.person,
        "MYSJ",
        facts,
        by_type="account",
        by_id=account.id,
        as_dependent=True,
        notify_phone=account.phone,
    )


def register_web(
    session: Session, data: identity.IdentityInput, phone: str, facts: Facts
) -> tuple[Registration, bool]:
    """The public form, for anyone without logging in (#17 item 3). Whoever calls it learns
    nothing about an existing registration: every refusal is decided from what was entered,
    before anything is looked up, and the route answers a new and an existing registration
    alike ("a confirmation was sent to the registered phone"). A new registration is
    confirmed to the phone entered; a repeat is recorded as an attempt and told to the phone
    of the person's account, if they have one (never to the phone entered, which may be
    anyone's)."""
    normalised_phone = identity.normalise_phone(phone)
    checked = identity.check_identity(data)
    _phase(checked.date_of_birth or data.date_of_birth, checked.sex or data.sex, facts)
    person, _ = identity.get_or_create_person(session, data, actor_type="public", actor_id=None)
    registration, created = register_person(
        session,
        person,
        "WEB",
        facts,
        by_type="public",
        by_id=None,
        notify_phone=normalised_phone,
    )
    if not created:
        account = identity.active_account_of(session, person.id)
        if account is not None:
            queue_sms(session, account.phone, "registration_repeated")
    return registration, created


def register_by_staff(
    session: Session,
    staff: StaffAccount,
    channel: str,
    data: identity.IdentityInput,
    facts: Facts,
    *,
    phone: str | None = None,
    ppv_code: str | None = None,
) -> tuple[Registration, bool]:
    """A hotline operator (HOTLINE) or a centre's registration desk (WALKIN, OUTREACH)."""
    if channel == "HOTLINE":
        require_role(staff, "HOTLINE_OPERATOR")
    elif channel in ("WALKIN", "OUTREACH"):
        if not ppv_code:
            raise Problem("invalid_input", field="ppv_code")
        require_role(staff, "REGISTRATION_DESK", "PPV", ppv_code)
    else:
        raise Problem("invalid_channel", field="channel")
    normalised_phone = identity.normalise_phone(phone) if phone else None
    person, _ = identity.get_or_create_person(session, data, actor_type="staff", actor_id=staff.id)
    identity.verify_against_register(session, person, actor_type="staff", actor_id=staff.id)
    if normalised_phone:  # told to staff by the person: their proof at sign-up (``proofing``)
        proofing.record_phone(
            session, person, normalised_phone, actor_type="staff", actor_id=staff.id
        )
    return register_person(
        session,
        person,
        channel,
        facts,
        by_type="staff",
        by_id=staff.id,
        ppv_code=ppv_code if channel != "HOTLINE" else None,
        notify_phone=normalised_phone,
    )
