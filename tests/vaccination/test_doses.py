"""Dose records: recorded with every field, the series rules, late entries approved by a
second person at the centre, and amendments that keep the original."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from sihat.core import clock
from sihat.core.errors import Problem
from sihat.core.trail import AuditEvent
from sihat.vaccination import approvals, doses, vaccines
from sihat.vaccination.models import Appointment, Dose
from tests.vaccination.conftest import (
    AZ,
    CANSINO,
    PFIZER,
    an_hour_ago,
    count_doses,
    quantity,
    recipient,
    staff_headers,
)


def _dose(world, person_id, n=1, batch=None, product=PFIZER, at=None, **kw):
    return doses.DoseInput(
        person_id=person_id,
        dose_number=n,
        product=product,
        batch_id=(batch or world.pfizer_a).id,
        ppv_code="PPV-A",
        administered_at=at or an_hour_ago(),
        **kw,
    )


def test_a_dose_is_recorded_audited_and_the_next_dose_offered(session, world) -> None:
    person = recipient(session).person_id
    vaccinator = world.account("vaccinator_a")
    dose, created = doses.record(session, vaccinator, _dose(world, person))
    assert (
        created
        and dose.slot == 1
        and dose.state == "Selangor"
        and dose.age_group in ("adults", "elderly")
    )
    assert dose.vaccinator_id == vaccinator.id and dose.received_at == clock.now()
    assert quantity(session, "PPV-A", world.pfizer_a) == 99
    actions = session.scalars(select(AuditEvent.action).where(AuditEvent.target_id == dose.id))
    assert list(actions) == ["vaccination:dose:recorded"]
    # No capacity is set at PPV-A yet: no place to offer. With capacity, the offer is made
    # at the product's interval (21 days for Comirnaty).
    assert session.scalars(select(Appointment)).all() == []
    from sihat.vaccination import centres

    centres.set_capacity(session, world.account("admin"), "PPV-A", PFIZER, 10)
    other = recipient(session).person_id
    first, _ = doses.record(session, vaccinator, _dose(world, other))
    offer = session.scalar(select(Appointment).where(Appointment.person_id == other))
    assert offer is not None and offer.status == "OFFERED" and offer.dose_number == 2
    assert offer.day == first.administered_on + timedelta(days=21)


def test_series_rules(session, world) -> None:
    vaccinator = world.account("vaccinator_a")
    person = recipient(session).person_id
    start = clock.now() - timedelta(hours=2)
    with clock.frozen(start - timedelta(days=22)):
        doses.record(session, vaccinator, _dose(world, person, at=clock.now()))
    with pytest.raises(Problem) as mixed:
        doses.record(session, vaccinator, _dose(world, person, 2, world.az_a, AZ))
    assert mixed.value.params["rule"] == "mix"
    second, _ = doses.record(session, vaccinator, _dose(world, person, 2))
    assert second.slot == 2
    with pytest.raises(Problem) as early:
        doses.record(session, vaccinator, _dose(world, person, 3))
    assert early.value.code == "dose_sequence" and early.value.params["rule"] == "interval"
    single = recipient(session).person_id
    only, _ = doses.record(session, vaccinator, _dose(world, single, 1, world.cansino_a, CANSINO))
    assert only.slot == 2  # a single-dose vaccine completes the primary series


def test_policy_booster_slots_and_limits() -> None:
    policy = vaccines.load()
    day = clock.today_my()
    given = [
        vaccines.Given(1, AZ, day - timedelta(days=400)),
        vaccines.Given(2, PFIZER, day - timedelta(days=300)),  # AZ then Pfizer: allowed mix
    ]
    assert policy.next_slot(given[:1], 2, PFIZER, day - timedelta(days=300)) == 2
    assert policy.next_slot(given, 3, CANSINO, day - timedelta(days=200)) == 3
    given.append(vaccines.Given(3, CANSINO, day - timedelta(days=200)))
    assert policy.next_slot(given, 4, PFIZER, day) == 4
    given.append(vaccines.Given(4, PFIZER, day))
    with pytest.raises(Problem) as caught:
        policy.next_slot(given, 5, PFIZER, day + timedelta(days=200))
    assert caught.value.params["rule"] == "too_many"
    with pytest.raises(Problem):
        policy.next_slot([], 2, PFIZER, day)


def test_products_carry_eu_value_set_codes() -> None:
    import json
    from importlib import resources

    data = resources.files("sihat.certificates").joinpath("data/valuesets")
    mp = json.loads(data.joinpath("vaccine-medicinal-product.json").read_text())
    ma = json.loads(data.joinpath("vaccine-mah-manf.json").read_text())
    for product in vaccines.load().products.values():
        assert product.code in mp["valueSetValues"]
        assert product.manufacturer in ma["valueSetValues"]


def test_late_entry_needs_a_supervisor_at_that_centre(session, world) -> None:
    vaccinator = world.account("vaccinator_a")
    person = recipient(session).person_id
    four_days = clock.now() - timedelta(days=4)
    day = clock.malaysia_date(four_days)
    entry = approvals.request_late_entry(
        session, vaccinator, "PPV-A", day, day, "outreach at Kampung Sungai, no network"
    )
    late = _dose(world, person, at=four_days, late_entry_id=entry.id)
    with pytest.raises(Problem) as pending:
        doses.record(session, vaccinator, late)
    assert pending.value.code == "late_entry_needs_approval"
    with pytest.raises(Problem) as self_approval:
        approvals.approve_late_entry(session, vaccinator, entry.id)
    assert self_approval.value.code == "forbidden"
    with pytest.raises(Problem):  # a vaccinator elsewhere is no supervisor here
        approvals.approve_late_entry(session, world.account("vaccinator_b"), entry.id)
    supervisor = world.account("supervisor_a")
    own = approvals.request_late_entry(session, supervisor, "PPV-A", day, day, "my own reason here")
    with pytest.raises(Problem) as second_person:
        approvals.approve_late_entry(session, supervisor, own.id)
    assert second_person.value.code == "second_person_required"
    approvals.approve_late_entry(session, supervisor, entry.id)
    dose, created = doses.record(session, vaccinator, late)
    assert created and dose.late_entry_id == entry.id
    outside = _dose(world, recipient(session).person_id, at=four_days - timedelta(days=1))
    with pytest.raises(Problem) as not_covered:
        doses.record(
            session, vaccinator, doses.DoseInput(**{**outside.__dict__, "late_entry_id": entry.id})
        )
    assert not_covered.value.code == "late_entry_needs_approval"


def test_amendment_keeps_the_original_and_needs_a_second_person(session, world) -> None:
    vaccinator = world.account("vaccinator_a")
    supervisor = world.account("supervisor_a")
    person = recipient(session).person_id
    original, _ = doses.record(session, vaccinator, _dose(world, person))
    wrong_batch_left = quantity(session, "PPV-A", world.pfizer_a)
    other = world.pfizer_b  # not held at PPV-A: the correction is checked like a new record
    amendment = approvals.request_amendment(
        session,
        vaccinator,
        original.id,
        "CORRECT",
        {"batch_id": other.id},
        "scanned the wrong vial",
    )
    with pytest.raises(Problem) as refused:
        approvals.decide_amendment(session, supervisor, amendment.id, True)
    assert refused.value.code == "batch_not_at_ppv"
    approvals.decide_amendment(session, supervisor, amendment.id, False)
    second = approvals.request_amendment(
        session,
        vaccinator,
        original.id,
        "CORRECT",
        {"batch_id": world.az_a.id, "product": AZ},
        "recorded Comirnaty, Vaxzevria was given",
    )
    with pytest.raises(Problem) as own:
        approvals.decide_amendment(session, vaccinator, second.id, True)
    assert own.value.code == "forbidden"
    approved = approvals.decide_amendment(session, supervisor, second.id, True)
    replacement = session.get(Dose, approved.replacement_id)
    assert replacement is not None and replacement.product == AZ
    assert replacement.source == "AMENDMENT" and replacement.vaccinator_id == vaccinator.id
    session.refresh(original)
    assert original.product == PFIZER and original.batch_id == world.pfizer_a.id  # untouched
    assert quantity(session, "PPV-A", world.pfizer_a) == wrong_batch_left + 1
    assert [d.id for d in doses.effective_doses(session, person)] == [replacement.id]
    assert count_doses(session) == 2
    with pytest.raises(Problem) as again:
        approvals.request_amendment(session, vaccinator, original.id, "VOID", {}, "try once more")
    assert again.value.code == "amendment_open"


def test_dose_api_and_visibility(session, client, world) -> None:
    person = recipient(session).person_id
    session.commit()
    headers = staff_headers(client, world.staff["vaccinator_a"])
    body = {
        "person_id": person,
        "dose_number": 1,
        "product": PFIZER,
        "batch_id": world.pfizer_a.id,
        "ppv_code": "PPV-A",
        "administered_at": an_hour_ago().isoformat(),
        "client_id": "tablet-7-000001",
    }
    first = client.post("/api/v1/vaccination/doses", json=body, headers=headers)
    assert first.status_code == 201 and first.json()["slot"] == 1
    again = client.post("/api/v1/vaccination/doses", json=body, headers=headers)
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    dose_id = first.json()["id"]
    assert client.get(f"/api/v1/vaccination/doses/{dose_id}", headers=headers).status_code == 200
    elsewhere = staff_headers(client, world.staff["vaccinator_b"])
    assert client.get(f"/api/v1/vaccination/doses/{dose_id}", headers=elsewhere).status_code == 404
    assert count_doses(session) == 1
