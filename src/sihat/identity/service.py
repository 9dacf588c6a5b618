"""People, identity verification and dependents. Services flush; they never commit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import phonenumbers
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sihat.core import clock, trail
from sihat.core.crypto import blind_index
from sihat.core.db import add_unique
from sihat.core.errors import Problem
from sihat.core.settings import get_settings
from sihat.identity import access, documents
from sihat.identity.access import dependents_of as dependents_of  # read here by callers
from sihat.identity.models import Account, Dependent, Person, RegisterEntry


@dataclass(frozen=True)
class IdentityInput:
    """What a person (or an operator on their behalf) enters about an identity."""

    id_type: str
    id_number: str
    full_name: str
    date_of_birth: date | None = None
    sex: str | None = None
    nationality: str | None = None
    issuing_country: str | None = None
    state: str | None = None
    district: str | None = None
    email: str | None = None


def normalise_phone(raw: str, field: str = "phone") -> str:
    try:
        parsed = phonenumbers.parse(raw, "MY")
    except phonenumbers.NumberParseException:
        raise Problem("invalid_phone", field=field) from None
    if not phonenumbers.is_valid_number(parsed):
        raise Problem("invalid_phone", field=field)
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def check_identity(data: IdentityInput) -> documents.CheckedId:
    if len(documents.normalise_name(data.full_name)) < 2:
        raise Problem("invalid_name", field="full_name")
    checked = documents.check(
        data.id_type, data.id_number, today=clock.today_my(), issuing_country=data.issuing_country
    )
    documents.check_against(checked, data.date_of_birth, data.sex)
    return checked


def find_person(session: Session, id_type: str, normalised: str) -> Person | None:
    return session.scalar(
        select(Person).where(
            Person.id_type == id_type, Person.id_hash == blind_index("id", normalised)
        )
    )


def get_or_create_person(
    session: Session, data: IdentityInput, *, actor_type: str, actor_id: object
) -> tuple[Person, bool]:
    """The one person for this identity key: found, or created from what was entered."""
    checked = check_identity(data)
    existing = find_person(session, checked.id_type, checked.normalised)
    if existing is not None:
        return existing, False
    person = Person(
        id_type=checked.id_type,
        id_number=checked.normalised,
        id_hash=blind_index("id", checked.normalised),
        issuing_country=checked.issuing_country,
        full_name=" ".join(data.full_name.split()),
        date_of_birth=checked.date_of_birth or data.date_of_birth,
        sex=checked.sex or (data.sex.upper() if data.sex else None),
        nationality=(data.nationality or ("MY" if checked.id_type == "MYKAD" else None)),
        state=data.state,
        district=data.district,
        email=data.email,
        created_at=clock.now(),
    )
    # Someone may create the same identity key at the same moment: the index decides.
    add_unique(session, person, "duplicate_identity", "id_number")
    trail.record(
        session,
        "identity:person:created",
        actor_type=actor_type,
        actor_id=actor_id,
        target_type="person",
        target_id=person.id,
    )
    return person, True


def active_account_of(session: Session, person_id: str) -> Account | None:
    return session.scalar(
        select(Account).where(Account.person_id == person_id, Account.status == "ACTIVE")
    )


def current_guardianship(session: Session, person_id: str) -> Dependent | None:
    return session.scalar(
        select(Dependent).where(Dependent.person_id == person_id, access.current())
    )


def verify_against_register(
    session: Session, person: Person, *, actor_type: str, actor_id: object
) -> bool:
    """Compare normalised name, date of birth and sex with the reference register."""
    entry = session.scalar(
        select(RegisterEntry).where(
            RegisterEntry.id_type == person.id_type, RegisterEntry.id_hash == person.id_hash
        )
    )
    matched = (
        entry is not None
        and entry.name_normalised == documents.normalise_name(person.full_name)
        and entry.date_of_birth == person.date_of_birth
        and entry.sex == person.sex
    )
    if matched and person.verified_at is None:
        person.verified_at = clock.now()
        person.verification_method = "register"
    trail.record(
        session,
        "identity:person:verification",
        actor_type=actor_type,
        actor_id=actor_id,
        target_type="person",
        target_id=person.id,
        matched=matched,
        found_in_register=entry is not None,
    )
    return matched


def add_dependent(
    session: Session, account: Account, data: IdentityInput, relationship: str
) -> Dependent:
    limit = get_settings().max_dependents
    count = session.scalar(
        select(func.count()).select_from(Dependent).where(access.guarded_by(account.id))
    )
    if (count or 0) >= limit:
        raise Problem("dependent_limit", limit=limit)
    checked = check_identity(data)
    existing = find_person(session, checked.id_type, checked.normalised)
    if existing is not None:
        if existing.id == account.person_id or active_account_of(session, existing.id):
            raise Problem("duplicate_identity", field="id_number")
        if current_guardianship(session, existing.id) is not None:
            raise Problem("dependent_already_linked", field="id_number")
    person, _ = get_or_create_person(session, data, actor_type="account", actor_id=account.id)
    link = Dependent(
        guardian_account_id=account.id,
        person_id=person.id,
        relationship_=relationship,
        added_at=clock.now(),
    )
    add_unique(session, link, "dependent_already_linked", "id_number")
    trail.record(
        session,
        "identity:dependent:added",
        actor_type="account",
        actor_id=account.id,
        target_type="person",
        target_id=person.id,
        relationship=relationship,
    )
    return link


def remove_dependent(session: Session, account: Account, person_id: str) -> None:
    link = access.dependent_link(session, account, person_id)
    link.ended_at = clock.now()
    link.end_reason = "removed_by_guardian"
    trail.record(
        session,
        "identity:dependent:removed",
        actor_type="account",
        actor_id=account.id,
        target_type="person",
        target_id=person_id,
    )


def end_guardianship_on_takeover(session: Session, person: Person, account: Account) -> None:
    """A dependent who signs up takes over their own record; the guardian keeps no access."""
    link = current_guardianship(session, person.id)
    if link is None:
        return
    link.ended_at = clock.now()
    link.end_reason = "took_over"
    trail.record(
        session,
        "identity:dependent:took_over",
        actor_type="account",
        actor_id=account.id,
        target_type="person",
        target_id=person.id,
        former_guardian_account_id=link.guardian_account_id,
    )
