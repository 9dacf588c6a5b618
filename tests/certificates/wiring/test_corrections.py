"""Correcting a dose (``vaccination.corrections``) through the amendment flow: what changes,
checked when asked, approved by another supervisor; the certificate issued again only when
what it says changes, and carried to the corrected record when it does not."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from sihat.certificates import records
from sihat.core import clock
from sihat.core.errors import Problem
from sihat.core.trail import AuditEvent
from sihat.vaccination import approvals, corrections, stock
from sihat.vaccination.models import Amendment, Dose
from tests import factories
from tests.certificates.wiring.conftest import certificate_of, counts, give_dose, holder
from tests.certificates.wiring.test_records import _verify
from tests.vaccination.conftest import PFIZER, quantity, recipient


def _second_pfizer_batch(session, world):
    later = clock.today_my() + timedelta(days=90)
    batch = stock.create_batch(session, world.account("admin"), PFIZER, "FA101", later)
    stock.receive(session, world.account("admin"), "PPV-A", batch.id, 10)
    return batch


def _wanted(dose, **changed):
    values = {
        "batch_id": dose.batch_id,
        "dose_number": dose.dose_number,
        "administered_at": dose.administered_at,
    }
    return corrections.Wanted(**{**values, **changed})


def _actions(session, target_id):
    query = select(AuditEvent.action).where(AuditEvent.target_id == target_id)
    return list(session.scalars(query.order_by(AuditEvent.id)))


def test_a_wrong_batch_corrected_keeps_the_certificate(session, world) -> None:
    dose = give_dose(session, world, holder(session).account.person_id)
    certificate = certificate_of(session, dose)
    right = _second_pfizer_batch(session, world)
    vaccinator, supervisor = world.account("vaccinator_a"), world.account("supervisor_a")
    asked = corrections.request_correction(
        session,
        vaccinator,
        "PPV-A",
        dose.id,
        _wanted(dose, batch_id=right.id),
        "scanned the vial of the next tray",
    )
    assert asked.kind == "CORRECT" and asked.changes == {"batch_id": right.id}
    shown = corrections.described(session, asked, dose)
    assert [(c.field, c.before, c.after) for c in shown] == [("batch_id", "FA100", "FA101")]
    left = quantity(session, "PPV-A", world.pfizer_a)
    approvals.decide_amendment(session, supervisor, asked.id, True)
    replacement = session.get(Dose, asked.replacement_id)
    assert replacement.batch_id == right.id and replacement.product == PFIZER
    assert quantity(session, "PPV-A", world.pfizer_a) == left + 1
    assert quantity(session, "PPV-A", right) == 9
    # The certificate says the same (the batch is not on it): it stays valid, now the new record's.
    assert certificate.status == "VALID" and certificate.dose_id == replacement.id
    assert _verify(session, certificate.code).valid
    assert counts(session)[1:] == (1, 0)
    assert "certificates:certificate:carried" in _actions(session, certificate.id)
    # Voiding the corrected record later revokes the certificate it carries.
    void = approvals.request_amendment(
        session, vaccinator, replacement.id, "VOID", {}, "the recipient refused the dose"
    )
    approvals.decide_amendment(session, supervisor, void.id, True)
    assert certificate.status == "REVOKED"


def test_a_wrong_date_corrected_issues_the_certificate_again(session, world) -> None:
    dose = give_dose(session, world, holder(session).account.person_id)
    old = certificate_of(session, dose)
    day_before = dose.administered_at - timedelta(days=1)
    asked = corrections.request_correction(
        session,
        world.account("vaccinator_a"),
        "PPV-A",
        dose.id,
        _wanted(dose, administered_at=day_before),
        "entered the next morning with today's date",
    )
    assert set(asked.changes) == {"administered_at"}
    approvals.decide_amendment(session, world.account("supervisor_a"), asked.id, True)
    assert asked.replacement_id is not None
    fresh = records.valid_certificates(session, asked.replacement_id)
    assert len(fresh) == 1 and old.status == "REVOKED" and old.replaced_by == fresh[0].id
    entry = _verify(session, fresh[0].code).cwt.dcc["v"][0]
    assert entry["dt"] == clock.malaysia_date(day_before).isoformat()
    assert _verify(session, old.code).reasons == ["revoked"]


def _amendments(session) -> int:
    return int(session.scalar(select(func.count()).select_from(Amendment)) or 0)


@pytest.mark.parametrize(
    ("who", "change", "code"),
    [
        ("vaccinator_a", {}, "correction_unchanged"),
        ("vaccinator_a", {"dose_number": 2}, "dose_sequence"),
        ("vaccinator_a", {"batch_id": "expired_a"}, "batch_expired"),
        ("vaccinator_a", {"administered_at": "future"}, "administered_in_future"),
        ("desk_a", {"dose_number": 2}, "vaccinator_not_assigned"),
        ("vaccinator_b", {"dose_number": 2}, "vaccinator_not_assigned"),
    ],
)
def test_a_correction_refused_when_asked_writes_nothing(session, world, who, change, code):
    dose = give_dose(session, world, holder(session).account.person_id)
    if change.get("batch_id") == "expired_a":
        change = {"batch_id": world.expired_a.id}
    if change.get("administered_at") == "future":
        change = {"administered_at": clock.now() + timedelta(hours=2)}
    with pytest.raises(Problem) as refused:
        corrections.request_correction(
            session,
            world.account(who),
            "PPV-A",
            dose.id,
            _wanted(dose, **change),
            "a reason long enough",
        )
    assert refused.value.code == code
    assert _amendments(session) == 0


def test_a_dose_of_another_centre_is_not_found(session, world) -> None:
    dose = give_dose(session, world, holder(session).account.person_id)
    with pytest.raises(Problem) as refused:
        corrections.request_correction(
            session,
            world.account("vaccinator_b"),
            "PPV-B",
            dose.id,
            _wanted(dose, dose_number=2),
            "a reason long enough",
        )
    assert refused.value.code == "not_found"


def test_a_dose_moved_to_a_namesake_gets_a_certificate_of_its_own(session, world) -> None:
    """Same name and date of birth, another person: the certificate says the same, but it
    is not carried to someone else (the amendment API may change the recipient)."""
    first = holder(session).account
    born = first.person.date_of_birth
    assert born is not None
    dose = give_dose(session, world, first.person_id)
    old = certificate_of(session, dose)
    twin = factories.adult()
    namesake = recipient(
        session,
        dataclasses.replace(
            twin,
            id_type="OTHER",
            id_number="K" + twin.id_number[-8:],
            nationality="ID",
            full_name=first.person.full_name,
            date_of_birth=born,
        ),
    )
    asked = approvals.request_amendment(
        session,
        world.account("vaccinator_a"),
        dose.id,
        "CORRECT",
        {"person_id": namesake.person_id},
        "recorded on the wrong person's card",
    )
    approvals.decide_amendment(session, world.account("supervisor_a"), asked.id, True)
    assert asked.replacement_id is not None
    [fresh] = records.valid_certificates(session, asked.replacement_id)
    assert fresh.person_id == namesake.person_id and fresh.id != old.id
    assert old.status == "REVOKED" and old.dose_id == dose.id
