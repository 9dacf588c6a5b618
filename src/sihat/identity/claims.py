"""The counter's side of identity proofing: an account that typed the identity of someone on
record without proof (``proofing``) stays on a record of its own until staff decide.

A claim is found by the account's phone or by the claimed identity number. Linking hands the
person's record (registration, doses, certificates) to the account, so it is maker-checker,
as the code base treats every change of who may see a health record (staff grants, dose
amendments, case retractions): one staff member who saw the document asks, another approves
(this module holds that rule; which roles may do each is ``registration.claims``, above the
staff layer). Refusing changes nothing but the claim's status; the person is told by SMS
(Malay and English). Each step is an audit event naming the staff member.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from sihat.core import clock, trail
from sihat.core.crypto import blind_index
from sihat.core.errors import Problem
from sihat.identity import documents, proofing, service
from sihat.identity.models import Account, IdentityClaim, Person
from sihat.notifications import texts
from sihat.notifications.service import queue_sms

UNDECIDED = ("OPEN", "PROPOSED")
LINKED = "claim_linked"  # the unproven record's mark once its account is linked

texts.define(
    "identity_linked",
    "sihat: dokumen anda telah disemak di kaunter. Akaun anda kini dipautkan kepada rekod anda.",
    "sihat: your document was checked at a counter. Your account is now linked to your record.",
    urgent=True,
    optional=False,
)
texts.define(
    "identity_claim_refused",
    "sihat: kaunter tidak dapat mengesahkan bahawa rekod itu milik anda, jadi akaun anda tidak "
    "dipautkan kepadanya. Hubungi talian atau pejabat kesihatan jika ini satu kesilapan.",
    "sihat: the counter could not confirm that the record is yours, so your account is not "
    "linked to it. Call the hotline or a health office if this is a mistake.",
    urgent=True,
    optional=False,
)


def open_claim(session: Session, account: Account, claimed: Person, unproven: Person) -> None:
    """At sign-up, without proof: the claim waits for a counter."""
    session.add(
        IdentityClaim(
            account_id=account.id,
            open_account_id=account.id,
            claimed_person_id=claimed.id,
            unproven_person_id=unproven.id,
            status="OPEN",
            made_at=clock.now(),
        )
    )


def find(
    session: Session, *, phone: str = "", id_type: str = "", id_number: str = ""
) -> list[IdentityClaim]:
    """The undecided claims of the account with ``phone``, or on the record of the identity
    ``id_type`` ``id_number`` (a number nobody has on record finds none)."""
    conditions: list[ColumnElement[bool]] = []
    if phone.strip():
        digest = blind_index("phone", service.normalise_phone(phone))
        conditions.append(
            IdentityClaim.account_id.in_(select(Account.id).where(Account.phone_hash == digest))
        )
    if id_number.strip() and id_type in documents.ID_TYPES:
        person = service.find_person(session, id_type, documents.normalise(id_type, id_number))
        if person is not None:
            conditions.append(IdentityClaim.claimed_person_id == person.id)
    if not conditions:
        return []
    query = select(IdentityClaim).where(IdentityClaim.status.in_(UNDECIDED), or_(*conditions))
    return list(session.scalars(query.order_by(IdentityClaim.made_at)))


def awaiting_approval(session: Session) -> list[IdentityClaim]:
    """The links asked for, waiting for a second person."""
    query = select(IdentityClaim).where(IdentityClaim.status == "PROPOSED")
    return list(session.scalars(query.order_by(IdentityClaim.proposed_at)))


def _undecided(session: Session, claim_id: str, *statuses: str) -> IdentityClaim:
    claim = session.scalar(
        select(IdentityClaim).where(IdentityClaim.id == claim_id).with_for_update()
    )
    if claim is None:
        raise Problem("not_found")
    if claim.status not in statuses:
        raise Problem("claim_decided")
    return claim


def _audit(session: Session, action: str, staff_id: str, claim: IdentityClaim) -> None:
    trail.record(
        session,
        action,
        actor_type="staff",
        actor_id=staff_id,
        target_type="account",
        target_id=claim.account_id,
        claim_id=claim.id,
        claimed_person_id=claim.claimed_person_id,
    )


def propose_link(
    session: Session, staff_id: str, claim_id: str, *, document_seen: bool
) -> IdentityClaim:
    """The maker: a counter member who saw the person's document asks to link."""
    claim = _undecided(session, claim_id, "OPEN")
    if not document_seen:
        raise Problem("claim_document_not_seen", field="document_seen")
    claim.status, claim.proposed_by, claim.proposed_at = "PROPOSED", staff_id, clock.now()
    _audit(session, "identity:claim:link_proposed", staff_id, claim)
    session.flush()
    return claim


def approve_link(session: Session, staff_id: str, claim_id: str) -> IdentityClaim:
    """The checker: someone other than the maker approves, and the account reaches the
    person's record (its own unproven record stays, marked, for the audit)."""
    claim = _undecided(session, claim_id, "PROPOSED")
    if claim.proposed_by == staff_id:
        raise Problem("claim_needs_second_person")
    account, claimed = claim.account, claim.claimed
    try:
        with session.begin_nested():
            account.person_id = claimed.id
            session.flush()  # one active account per person: the unique index decides
    except IntegrityError:
        raise Problem("duplicate_identity") from None
    claim.unproven.verification_method = LINKED
    claim.status, claim.decided_by, claim.decided_at = "LINKED", staff_id, clock.now()
    claim.open_account_id = None
    proofing.record_phone(session, claimed, account.phone, actor_type="staff", actor_id=staff_id)
    service.end_guardianship_on_takeover(session, claimed, account)
    _audit(session, "identity:claim:linked", staff_id, claim)
    queue_sms(session, account.phone, "identity_linked")
    session.flush()
    return claim


def refuse(session: Session, staff_id: str, claim_id: str, reason: str) -> IdentityClaim:
    """A counter member refuses (the document does not match, or nobody came): the account
    keeps its own record, and the person is told."""
    claim = _undecided(session, claim_id, *UNDECIDED)
    if not reason.strip():
        raise Problem("claim_reason_required", field="reason")
    claim.status, claim.decided_by, claim.decided_at = "REFUSED", staff_id, clock.now()
    claim.reason, claim.open_account_id = reason.strip()[:500], None
    _audit(session, "identity:claim:refused", staff_id, claim)
    queue_sms(session, claim.account.phone, "identity_claim_refused")
    session.flush()
    return claim
