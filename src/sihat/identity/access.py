"""Whom an account may act for: its own person and its current dependents.

A dependent is current while its ``dependents`` row has not ended (``ended_at IS NULL``);
the account acts for them when it is that row's guardian. This is the one place the rule is
written: registration, vaccination (appointments, AEFI), certificates and check-ins (the
pages and, as SQL, the check-in writer) all ask here. Anyone else is answered 404
``not_found``, as for a person who does not exist.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, select
from sqlalchemy.orm import Session

from sihat.core.errors import Problem
from sihat.identity.models import Account, Dependent, Person

SELF = "SELF"


def current() -> ColumnElement[bool]:
    """A ``dependents`` row that has not ended."""
    return Dependent.ended_at.is_(None)


def guarded_by(account_id: str) -> ColumnElement[bool]:
    """The current ``dependents`` rows whose guardian is ``account_id``."""
    return and_(Dependent.guardian_account_id == account_id, current())


def dependents_of(session: Session, account: Account) -> list[Dependent]:
    """The account's current dependents, oldest link first."""
    query = select(Dependent).where(guarded_by(account.id)).order_by(Dependent.added_at)
    return list(session.scalars(query))


def dependent_link(session: Session, account: Account, person_id: str) -> Dependent:
    """The current link making ``person_id`` a dependent of ``account``; 404 otherwise."""
    link = session.scalar(
        select(Dependent).where(guarded_by(account.id), Dependent.person_id == person_id)
    )
    if link is None:
        raise Problem("not_found")
    return link


def people_of(session: Session, account: Account) -> dict[str, tuple[Person, str]]:
    """Everyone the account acts for, by person id: itself (``SELF``) and its current
    dependents (with their relationship)."""
    people = {account.person_id: (account.person, SELF)}
    for link in dependents_of(session, account):
        people[link.person_id] = (link.person, link.relationship_)
    return people


def acting_for(session: Session, account: Account, person_id: str) -> Person:
    """The person ``person_id`` if the account may act for them (itself or a current
    dependent); 404 ``not_found`` otherwise."""
    if person_id == account.person_id:
        return account.person
    return dependent_link(session, account, person_id).person


def household(session: Session, person_id: str) -> set[str]:
    """The other people of ``person_id``'s household as the platform knows it: the people
    their account looks after, and, when they are someone's current dependent, that guardian
    and the guardian's other dependents (the close contacts of a case at home)."""
    people: set[str] = set()
    own = select(Account.id).where(Account.person_id == person_id, Account.status == "ACTIVE")
    for account_id in session.scalars(own):
        people |= set(session.scalars(select(Dependent.person_id).where(guarded_by(account_id))))
    guardians = select(Dependent.guardian_account_id).where(
        Dependent.person_id == person_id, current()
    )
    for account_id in session.scalars(guardians):
        guardian = session.get(Account, account_id)
        if guardian is not None:
            people.add(guardian.person_id)
        people |= set(session.scalars(select(Dependent.person_id).where(guarded_by(account_id))))
    people.discard(person_id)
    return people
