"""The counter decides an unproven sign-up (``identity.claims`` with the roles of
``registration.claims``): a desk that saw the document asks, a supervisor who did not ask
approves and the account reaches the person's record; or the claim is refused and the
person told. Every decision is an audit event naming the staff member."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from sihat.core.errors import Problem
from sihat.core.trail import AuditEvent
from sihat.identity import proofing, service
from sihat.identity.models import IdentityClaim
from sihat.notifications.service import messages_to
from sihat.registration import claims
from sihat.registration import service as registration
from tests import factories
from tests.identity.test_proofing import _facts, sign_up_as
from tests.vaccination.conftest import add_staff


@pytest.fixture
def counter(session):
    """Staff personas, two supervisors at different centres, and one unproven claim: the
    owner registered on the web form, then signed up from a phone not on their record."""
    staff = factories.staff_personas(session)
    for name, ppv in (("supervisor_a", "PPV-A"), ("supervisor_b", "PPV-B")):
        staff[name] = add_staff(
            session, staff, name, [{"role": "SUPERVISOR", "scope_type": "PPV", "scope_code": ppv}]
        )
    owner, new_phone = factories.adult(), factories.adult().phone
    registration.register_web(session, factories.identity_of(owner), owner.phone, _facts())
    record = service.find_person(session, owner.id_type, owner.id_number)
    account = sign_up_as(session, owner, new_phone)
    return staff, owner, new_phone, record, account


def _claim(session, staff, phone: str) -> IdentityClaim:
    (found,) = claims.find(session, staff, phone=phone, id_type="", id_number="")
    return found


def _audited(session, action: str) -> list[AuditEvent]:
    return list(session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def test_a_desk_asks_another_supervisor_approves_and_the_record_is_the_accounts(
    session, counter
) -> None:
    staff, owner, phone, record, account = counter
    desk, supervisor = staff["desk_a"].account, staff["supervisor_b"].account
    assert proofing.is_unproven(account.person)
    by_number = claims.find(
        session, desk, phone="", id_type=owner.id_type, id_number=owner.id_number
    )
    claim = _claim(session, desk, phone)
    assert [c.id for c in by_number] == [claim.id] and claim.claimed_person_id == record.id

    claims.propose_link(session, desk, claim.id, document_seen=True)
    assert account.person_id != record.id  # nothing moves on one person's word
    assert [c.id for c in claims.awaiting_approval(session, supervisor)] == [claim.id]
    claims.approve_link(session, supervisor, claim.id)

    session.expire_all()
    assert account.person_id == record.id and not proofing.is_unproven(account.person)
    owner_account = service.active_account_of(session, record.id)
    assert owner_account is not None and owner_account.id == account.id
    assert registration.register_self(session, account, _facts())[0].person_id == record.id
    (asked,) = _audited(session, "identity:claim:link_proposed")
    (linked,) = _audited(session, "identity:claim:linked")
    assert (asked.actor_id, linked.actor_id) == (desk.id, supervisor.id)
    assert linked.target_id == account.id
    told = messages_to(session, phone, "identity_linked")
    assert len(told) == 1 and "dipautkan" in told[0].body


def test_cannot_link_twice_nor_approve_ones_own_request(session, counter) -> None:
    staff, _owner, phone, _record, _account = counter
    supervisor, other = staff["supervisor_a"].account, staff["supervisor_b"].account
    claim = _claim(session, supervisor, phone)
    with pytest.raises(Problem) as unseen:
        claims.propose_link(session, supervisor, claim.id, document_seen=False)
    assert unseen.value.code == "claim_document_not_seen"
    claims.propose_link(session, supervisor, claim.id, document_seen=True)
    with pytest.raises(Problem) as own:
        claims.approve_link(session, supervisor, claim.id)
    assert own.value.code == "claim_needs_second_person"
    claims.approve_link(session, other, claim.id)
    for again in (
        lambda: claims.approve_link(session, other, claim.id),
        lambda: claims.propose_link(session, supervisor, claim.id, document_seen=True),
        lambda: claims.refuse(session, supervisor, claim.id, "changed my mind"),
    ):
        with pytest.raises(Problem) as decided:
            again()
        assert decided.value.code == "claim_decided"
    assert claims.find(session, supervisor, phone=phone, id_type="", id_number="") == []


def test_a_refusal_tells_the_person_and_keeps_the_record_apart(session, counter) -> None:
    staff, _owner, phone, record, account = counter
    desk = staff["desk_a"].account
    claim = _claim(session, desk, phone)
    with pytest.raises(Problem) as bare:
        claims.refuse(session, desk, claim.id, "  ")
    assert bare.value.code == "claim_reason_required"
    claims.refuse(session, desk, claim.id, "The document shows another face")
    session.expire_all()
    assert account.person_id != record.id and proofing.is_unproven(account.person)
    assert session.get(IdentityClaim, claim.id).status == "REFUSED"
    (refused,) = _audited(session, "identity:claim:refused")
    assert refused.actor_id == desk.id
    told = messages_to(session, phone, "identity_claim_refused")
    assert len(told) == 1 and ("tidak dipautkan" in told[0].body or "not linked" in told[0].body)


@pytest.mark.parametrize(
    "who, action",
    [
        ("vaccinator_a", "find"),
        ("auditor", "find"),
        ("hotline", "propose"),  # a caller's document is not seen on the telephone
        ("hotline", "refuse"),
        ("desk_a", "approve"),  # approving is a supervisor's
        ("admin", "approve"),
    ],
)
def test_the_wrong_role_is_refused_and_nothing_written(session, counter, who, action) -> None:
    staff, _owner, phone, _record, _account = counter
    claim = _claim(session, staff["desk_a"].account, phone)
    if action == "approve":
        claims.propose_link(session, staff["supervisor_a"].account, claim.id, document_seen=True)
    status = claim.status
    caller = staff[who].account
    run = {
        "find": lambda: claims.find(session, caller, phone=phone, id_type="", id_number=""),
        "propose": lambda: claims.propose_link(session, caller, claim.id, document_seen=True),
        "refuse": lambda: claims.refuse(session, caller, claim.id, "no"),
        "approve": lambda: claims.approve_link(session, caller, claim.id),
    }[action]
    with pytest.raises(Problem) as refused:
        run()
    assert refused.value.code == "forbidden" and refused.value.status == 403
    session.expire_all()
    assert session.get(IdentityClaim, claim.id).status == status


def test_the_real_owner_signing_up_meanwhile_makes_the_link_refuse(session, counter) -> None:
    """The record got its own account (its owner signed up from the phone on the record)
    before the link was approved: one person, one account; the link is refused."""
    staff, owner, phone, record, _account = counter
    claim = _claim(session, staff["desk_a"].account, phone)
    claims.propose_link(session, staff["desk_a"].account, claim.id, document_seen=True)
    proofing.record_phone(session, record, owner.phone, actor_type="staff", actor_id=None)
    assert sign_up_as(session, owner, owner.phone).person_id == record.id
    with pytest.raises(Problem) as taken:
        claims.approve_link(session, staff["supervisor_b"].account, claim.id)
    assert taken.value.code == "duplicate_identity"
