"""Centres close and reopen (ending assignments, cancelling appointments, all recorded);
appointments by priority and locality within capacity; accept, reschedule, cancel, no-show;
every change notifies the person through the outbox."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from sihat.core import clock
from sihat.core.errors import Problem
from sihat.core.trail import AuditEvent
from sihat.notifications.service import messages_to
from sihat.registration import service as registration
from sihat.vaccination import appointments, centres, closing, doses
from sihat.vaccination.models import Appointment, SlotBooking
from tests import factories
from tests.vaccination.conftest import PFIZER, an_hour_ago, recipient, staff_headers


def _registered(session, state="Selangor", district="Petaling", elderly=False):
    while True:
        p = factories.adult()
        age = (clock.today_my() - p.date_of_birth).days // 365
        if (age >= 61) == elderly and age >= 19:
            break
    account = factories.sign_up(session, p)
    registration.register_self(session, account, registration.Facts(state=state, district=district))
    return account, p


def test_allocation_by_priority_and_locality_within_capacity(session, world) -> None:
    admin = world.account("admin")
    centres.set_capacity(session, admin, "PPV-A", PFIZER, 2)
    young_near, _ = _registered(session)
    old_far, _ = _registered(session, district="Klang", elderly=True)
    old_near, p = _registered(session, elderly=True)
    _registered(session, state="Johor", district="Johor Bahru", elderly=True)
    day = clock.today_my() + timedelta(days=2)
    offered = appointments.allocate(session, admin, "PPV-A", PFIZER, day)
    assert [a.person_id for a in offered] == [old_near.person_id, young_near.person_id]
    assert appointments.allocate(session, admin, "PPV-A", PFIZER, day) == []
    assert "temu janji vaksin" in messages_to(session, p.phone, "appointment_offered")[0].body
    booked = session.scalar(select(SlotBooking.booked).where(SlotBooking.day == day))
    assert booked == 2
    assert old_far.person_id not in [a.person_id for a in offered]


def test_accept_reschedule_cancel_and_no_show(session, client, world) -> None:
    admin = world.account("admin")
    centres.set_capacity(session, admin, "PPV-A", PFIZER, 1)
    _account, p = _registered(session)
    day = clock.today_my() + timedelta(days=2)
    (offer,) = appointments.allocate(session, admin, "PPV-A", PFIZER, day)
    session.commit()
    login = client.post(
        "/api/v1/auth/login", json={"phone": p.phone, "password": factories.PASSWORD}
    )
    headers = {"Authorization": f"Bearer {login.json()['token']}"}
    base = "/api/v1/vaccination/appointments"
    assert client.get(f"{base}/me", headers=headers).json()[0]["status"] == "OFFERED"
    accepted = client.post(f"{base}/{offer.id}/accept", headers=headers)
    assert accepted.json()["status"] == "ACCEPTED"
    moved = client.post(
        f"{base}/{offer.id}/reschedule",
        json={"day": (day + timedelta(days=1)).isoformat()},
        headers=headers,
    )
    assert moved.status_code == 200 and moved.json()["day"] == str(day + timedelta(days=1))
    new_id = moved.json()["id"]
    stranger = factories.sign_up(session)
    session.commit()
    other = client.post(
        "/api/v1/auth/login",
        json={"phone": stranger.phone, "password": factories.PASSWORD},
    )
    other_headers = {"Authorization": f"Bearer {other.json()['token']}"}
    assert client.post(f"{base}/{new_id}/cancel", headers=other_headers).status_code == 404
    cancelled = client.post(f"{base}/{new_id}/cancel", headers=headers)
    assert cancelled.json()["status"] == "CANCELLED"
    again = client.post(f"{base}/{new_id}/cancel", headers=headers)
    assert again.json()["code"] == "appointment_closed"
    templates = [m.template for m in messages_to(session, p.phone)]
    for t in ("appointment_offered", "appointment_accepted", "appointment_rescheduled"):
        assert t in templates
    assert templates[-1] == "appointment_cancelled"
    (second,) = appointments.allocate(session, admin, "PPV-A", PFIZER, day)
    assert appointments.release_no_shows(session, day + timedelta(days=1)) == 1
    session.refresh(second)
    assert second.status == "NO_SHOW"
    assert session.scalar(select(SlotBooking.booked).where(SlotBooking.day == day)) == 0


def test_closing_ends_assignments_and_appointments_then_reopening(session, world) -> None:
    admin = world.account("admin")
    vaccinator = world.account("vaccinator_a")
    centres.set_capacity(session, admin, "PPV-A", PFIZER, 5)
    _account, p = _registered(session)
    tomorrow = clock.today_my() + timedelta(days=1)
    (offer,) = appointments.allocate(session, admin, "PPV-A", PFIZER, tomorrow)
    with pytest.raises(Problem):
        closing.close_centre(session, vaccinator, "PPV-A", clock.today_my(), "not an admin")
    closing.close_centre(session, admin, "PPV-A", clock.today_my(), "hall returned")
    assert centres.current_assignments(session, "PPV-A") == []
    session.refresh(offer)
    assert offer.status == "CANCELLED" and offer.end_reason == "centre_closed"
    assert messages_to(session, p.phone, "appointment_cancelled")
    ended = session.scalars(
        select(AuditEvent).where(AuditEvent.action == "vaccination:assignment:ended")
    ).all()
    assert len(ended) == 4 and {e.details["reason"] for e in ended} == {"centre_closed"}
    # Doses given before the closure can still be entered; after it, nothing can.
    person = recipient(session).person_id
    earlier = doses.DoseInput(person, 1, PFIZER, world.pfizer_a.id, "PPV-A", an_hour_ago())
    assert doses.record(session, vaccinator, earlier)[1]
    with clock.frozen(clock.now() + timedelta(days=1)):
        later = doses.DoseInput(
            recipient(session).person_id, 1, PFIZER, world.pfizer_a.id, "PPV-A", clock.now()
        )
        with pytest.raises(Problem) as caught:
            doses.record(session, vaccinator, later)
        assert caught.value.code == "ppv_not_operating"
    with pytest.raises(Problem) as overlap:
        centres.reopen_centre(session, admin, "PPV-A", clock.today_my())
    assert overlap.value.code == "ppv_period_invalid"
    reopen = clock.today_my() + timedelta(days=5)
    centres.reopen_centre(session, admin, "PPV-A", reopen)
    assert centres.is_operating(session, "PPV-A", reopen)
    assert not centres.is_operating(session, "PPV-A", reopen - timedelta(days=1))


def test_walk_in_is_registered_and_handed_to_the_vaccinator(session, client, world) -> None:
    session.commit()
    walker = factories.adult()
    desk = staff_headers(client, world.staff["desk_a"])
    body = {
        "ppv_code": "PPV-A",
        "channel": "WALKIN",
        "identity": factories.identity_json(walker),
        "product": PFIZER,
    }
    made = client.post("/api/v1/vaccination/walk-ins", json=body, headers=desk)
    assert made.status_code == 201, made.text
    assert made.json()["channel"] == "WALKIN"
    assert made.json()["appointment"]["status"] == "ACCEPTED"
    person_id = made.json()["person_id"]
    queue = appointments.queue(session, "PPV-A", clock.today_my())
    assert [a.person_id for a in queue] == [person_id]
    vaccinator = staff_headers(client, world.staff["vaccinator_a"])
    dose = {
        "person_id": person_id,
        "dose_number": 1,
        "product": PFIZER,
        "batch_id": world.pfizer_a.id,
        "ppv_code": "PPV-A",
        "administered_at": clock.now().isoformat(),
    }
    assert (
        client.post("/api/v1/vaccination/doses", json=dose, headers=vaccinator).status_code == 201
    )
    session.expire_all()
    handed = session.scalar(select(Appointment).where(Appointment.person_id == person_id))
    assert handed is not None and handed.status == "ATTENDED"
    elsewhere = client.post(
        "/api/v1/vaccination/walk-ins", json={**body, "ppv_code": "PPV-B"}, headers=desk
    )
    assert elsewhere.status_code == 403


def test_a_red_myrisk_status_is_refused_at_the_queue(session, client, world) -> None:
    from sihat.identity import service as identity
    from sihat.registration.models import Registration
    from sihat.risk import service as risk
    from sihat.risk.statuses import CLOSE_CONTACT

    walker = factories.adult()
    person, _ = identity.get_or_create_person(
        session, factories.identity_of(walker), actor_type="system", actor_id=None
    )
    risk.set_status(
        session,
        person.id,
        CLOSE_CONTACT,
        source="EXPOSURE",
        source_ref="case-1",
        reason="household_contact",
        starts_at=clock.now() - timedelta(days=1),
    )
    session.commit()
    body = {
        "ppv_code": "PPV-A",
        "channel": "WALKIN",
        "identity": factories.identity_json(walker),
        "product": PFIZER,
    }
    desk = staff_headers(client, world.staff["desk_a"])
    refused = client.post("/api/v1/vaccination/walk-ins", json=body, headers=desk)
    assert refused.status_code == 409 and refused.json()["code"] == "risk_status_red"
    assert "MyRisk" in refused.json()["detail_ms"]
    session.expire_all()
    assert session.scalar(select(Registration).where(Registration.person_id == person.id)) is None
    assert session.scalar(select(Appointment).where(Appointment.person_id == person.id)) is None
