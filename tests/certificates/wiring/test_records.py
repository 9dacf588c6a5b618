"""A certificate for every recorded dose, in the dose's transaction; amendments revoke and
replace; production without keys refuses the dose."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from sihat.certificates import records, service, signing
from sihat.certificates.trustlist import ci_hash
from sihat.core import hooks
from sihat.core.errors import Problem
from sihat.core.trail import AuditEvent
from sihat.identity.models import Person
from sihat.vaccination import approvals
from tests.certificates.wiring.conftest import certificate_of, counts, give_dose, holder


def _verify(session, code):
    return service.verify_code(code, signing.trust_list(), records.StoredRevocations(session))


def test_vaccination_listeners_are_found_without_importing_certificates() -> None:
    names = {fn.__module__ for fn in hooks.listeners("vaccination:dose:recorded")}
    assert names == {"sihat.certificates.listeners"}
    assert hooks.listeners("vaccination:amendment:decided")


def test_a_recorded_dose_carries_its_certificate(session, world, key_dir) -> None:
    assert not key_dir.exists()
    person_id = holder(session).account.person_id
    dose = give_dose(session, world, person_id)
    assert (key_dir / "keystore.json").is_file()  # demo mode made the keys
    certificate = certificate_of(session, dose)
    assert certificate.status == "VALID" and certificate.person_id == person_id
    result = _verify(session, certificate.code)
    assert result.valid, result.reasons
    assert result.checks["revocation"].ok is True and result.kid.hex() == certificate.kid
    entry = result.cwt.dcc["v"][0]
    assert entry["ci"] == certificate.ci and entry["mp"] == "EU/1/20/1528"
    assert (entry["dn"], entry["sd"], entry["dt"]) == (1, 2, dose.administered_on.isoformat())
    person = session.get(Person, person_id)
    assert result.cwt.dcc["nam"]["fn"] == person.full_name
    assert result.cwt.dcc["dob"] == person.date_of_birth.isoformat()
    actions = session.scalars(
        select(AuditEvent.action).where(AuditEvent.target_id == certificate.id)
    )
    assert list(actions) == ["certificates:certificate:issued"]


def test_an_approved_correction_revokes_and_replaces(session, world) -> None:
    dose = give_dose(session, world, holder(session).account.person_id)
    old = certificate_of(session, dose)
    amendment = approvals.request_amendment(
        session,
        world.account("vaccinator_a"),
        dose.id,
        "CORRECT",
        {"batch_id": world.az_a.id, "product": "EU/1/21/1529"},
        "wrong vial scanned at the desk",
    )
    assert old.status == "VALID"  # a request alone changes nothing
    approvals.decide_amendment(session, world.account("supervisor_a"), amendment.id, True)
    assert amendment.replacement_id is not None
    replacement = records.valid_certificates(session, amendment.replacement_id)[0]
    assert old.status == "REVOKED" and old.replaced_by == replacement.id
    assert _verify(session, old.code).reasons == ["revoked"]
    fresh = _verify(session, replacement.code)
    assert fresh.valid and fresh.cwt.dcc["v"][0]["mp"] == "EU/1/21/1529"
    published = records.revocation_document(session)["revoked"]
    assert published == [ci_hash(old.ci)]


def test_a_rejected_amendment_and_a_void(session, world) -> None:
    dose = give_dose(session, world, holder(session).account.person_id)
    certificate = certificate_of(session, dose)
    vaccinator, supervisor = world.account("vaccinator_a"), world.account("supervisor_a")
    asked = approvals.request_amendment(
        session, vaccinator, dose.id, "VOID", {}, "recorded for the wrong person"
    )
    approvals.decide_amendment(session, supervisor, asked.id, False)
    assert certificate.status == "VALID" and counts(session)[2] == 0
    again = approvals.request_amendment(
        session, vaccinator, dose.id, "VOID", {}, "recorded for the wrong person"
    )
    approvals.decide_amendment(session, supervisor, again.id, True)
    assert certificate.status == "REVOKED" and certificate.replaced_by is None
    assert _verify(session, certificate.code).reasons == ["revoked"]


def test_production_without_keys_refuses_the_dose(session, world, monkeypatch, key_dir) -> None:
    person_id = holder(session).account.person_id
    monkeypatch.setenv("SIHAT_DEMO", "false")
    from sihat.certificates.settings import get_settings

    get_settings.cache_clear()
    before = counts(session)
    with pytest.raises(Problem) as refused, session.begin_nested():
        give_dose(session, world, person_id)
    assert refused.value.code == "no_signing_key" and refused.value.status == 409
    assert counts(session) == before and not key_dir.exists()
