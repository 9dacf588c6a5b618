"""Identity proofing at sign-up: who may take over an existing person's record.

Typing an identity number proves nothing (a MyKad number is printed on the card and encodes
the date of birth). A sign-up attaches the new account to a person already on record only
with proof that the one signing up is that person: the phone just verified by a one-time
code is a phone on that person's record (one a staff member recorded at the hotline or a
registration desk, or the phone of an earlier account of theirs). Without proof the account
is created on a record of its own, marked :data:`UNPROVEN`, which holds none of the other
record's history; the person is told, in Malay and English, to bring their document to a
counter, and the claim is a security event (``IDENTITY_CLAIM``) with an alert for the
security officer. A phone typed into the anonymous web registration is no proof (anyone may
type any phone there), so it is never recorded.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from sihat.core import alerts, clock, context, trail
from sihat.core.crypto import blind_index
from sihat.identity import documents
from sihat.identity.models import Account, Person

if TYPE_CHECKING:
    from sihat.identity.service import IdentityInput
from sihat.notifications import texts

UNPROVEN = "claim_unproven"
EVENT = "IDENTITY_CLAIM"
# What the person is told (the sign-up answer, the login and account pages).
NEXT_STEP = (
    "Akaun anda telah dicipta, tetapi nombor dokumen anda sudah ada rekod dan belum dipautkan "
    "kepada akaun ini: untuk melindungi rekod kesihatan pemiliknya, kami memautkannya hanya "
    "selepas semakan. Bawa dokumen anda ke kaunter PPV atau pejabat kesihatan. Sehingga itu "
    "anda boleh log masuk dan mendaftar masuk ke premis.",
    "Your account was created, but your document number already has a record and it is not "
    "linked to this account: to protect its owner's health record, we link it only after a "
    "check. Bring your document to a vaccination centre or health office counter. Until then "
    "you can log in and check in to premises.",
)

texts.define(
    "identity_unproven",
    "sihat: nombor dokumen ini sudah ada rekod. Untuk melindungi pemiliknya, akaun anda belum "
    "dipautkan kepada rekod itu. Bawa dokumen anda ke kaunter PPV atau pejabat kesihatan.",
    "sihat: this document number already has a record. To protect its owner, your account is "
    "not linked to it yet. Bring your document to a vaccination centre or health office "
    "counter.",
    urgent=True,
    optional=False,
)


def has_phone_on_record(session: Session, person: Person, phone_hash: str) -> bool:
    """Is ``phone_hash`` (a phone proven by a one-time code) a phone on ``person``'s record?"""
    if person.phone_hash is not None and person.phone_hash == phone_hash:
        return True
    earlier = select(Account.id).where(
        Account.person_id == person.id, Account.phone_hash == phone_hash
    )
    return session.scalar(earlier.limit(1)) is not None


def record_phone(
    session: Session, person: Person, normalised_phone: str, *, actor_type: str, actor_id: object
) -> None:
    """A staff member recorded ``normalised_phone`` for ``person`` (who told them in person or
    on the hotline): its owner may later take the record over at sign-up."""
    digest = blind_index("phone", normalised_phone)
    if person.phone_hash == digest:
        return
    person.phone_hash = digest
    trail.record(
        session,
        "identity:person:phone_recorded",
        actor_type=actor_type,
        actor_id=actor_id,
        target_type="person",
        target_id=person.id,
    )


def unproven_person(
    session: Session, claimed: Person, typed: IdentityInput, checked: documents.CheckedId
) -> Person:
    """A record of its own for an account whose owner typed the identity of ``claimed``
    without proof. Its identity key is unique to it (``find_person`` never finds it), so
    staff looking the number up still find the one real record."""
    person = Person(
        id_type=claimed.id_type,
        id_number=claimed.id_number,
        id_hash=blind_index("id-claim", str(uuid.uuid4())),
        issuing_country=claimed.issuing_country,
        full_name=" ".join(typed.full_name.split()),
        date_of_birth=checked.date_of_birth or typed.date_of_birth,
        sex=checked.sex or (typed.sex.upper() if typed.sex else None),
        nationality=claimed.nationality,
        verification_method=UNPROVEN,
        created_at=clock.now(),
    )
    session.add(person)
    session.flush()
    return person


def is_unproven(person: Person) -> bool:
    return person.verification_method == UNPROVEN


def report_claim(account: Account, claimed: Person) -> None:
    """The security event and the security officer's alert, written after the request."""
    account_id, person_id = account.id, claimed.id
    alerts.report_refusal(
        alerts.Refusal(
            kind=EVENT,
            ip=context.current().ip,
            target="/accounts",
            details={"account_id": account_id, "id_type": claimed.id_type},
            row=lambda: alerts.Alert(
                raised_at=clock.now(),
                kind=EVENT,
                severity="warning",
                subject_type="account",
                subject_id=account_id,
                details={
                    "claimed_person_id": person_id,
                    "id_number_masked": documents.mask(claimed.id_number),
                },
            ),
        )
    )
