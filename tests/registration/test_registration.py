"""One registration per person through every channel; repeats are attempts; who may register."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from sihat.core.errors import Problem
from sihat.notifications.service import messages_to
from sihat.registration import policy, schemas, service
from sihat.registration.models import Registration, RegistrationAttempt
from tests import factories


def count(session, model) -> int:
    return int(session.scalar(select(func.count()).select_from(model)) or 0)


def login(client, p) -> dict[str, str]:
    token = client.post(
        "/api/v1/auth/login", json={"phone": p.phone, "password": factories.PASSWORD}
    ).json()["token"]
    return {"Authorization": f"Bearer {token}"}


def staff_login(client, persona) -> dict[str, str]:
    r = client.post(
        "/api/v1/staff/login",
        json={
            "username": persona.account.username,
            "password": factories.STAFF_PASSWORD,
            "totp": persona.totp(),
        },
    )
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['token']}"}


def test_self_registration_is_idempotent_over_api(client, session) -> None:
    p = factories.adult()
    factories.sign_up(session, p)
    session.commit()
    h = login(client, p)
    first = client.post("/api/v1/registrations/me", json={"comorbidity": True}, headers=h)
    assert first.status_code == 201 and first.json()["created"]
    assert first.json()["priority_phase"] == 2
    again = client.post("/api/v1/registrations/me", json={}, headers=h)
    assert again.status_code == 200 and not again.json()["created"]
    assert again.json()["registration_id"] == first.json()["registration_id"]
    assert count(session, Registration) == 1 and count(session, RegistrationAttempt) == 1
    assert client.get("/api/v1/registrations/me", headers=h).json()["channel"] == "MYSJ"


def test_every_channel_returns_the_existing_registration(client, session) -> None:
    staff = factories.staff_personas(session)
    p = factories.adult()
    session.commit()
    web = client.post(
        "/api/v1/registrations/web", json={"identity": factories.identity_json(p), "phone": p.phone}
    )
    assert web.status_code == 202
    hotline = client.post(
        "/api/v1/registrations/staff",
        headers=staff_login(client, staff["hotline"]),
        # the phone the caller gives the operator: their proof when they sign up later
        json={"channel": "HOTLINE", "identity": factories.identity_json(p), "phone": p.phone},
    )
    walkin = client.post(
        "/api/v1/registrations/staff",
        headers=staff_login(client, staff["desk_a"]),
        json={"channel": "WALKIN", "ppv_code": "PPV-A", "identity": factories.identity_json(p)},
    )
    factories.sign_up(session, p)
    session.commit()
    app = client.post("/api/v1/registrations/me", json={}, headers=login(client, p))
    ids = {r.json()["registration_id"] for r in (hotline, walkin, app)}
    assert len(ids) == 1
    assert [r.status_code for r in (hotline, walkin, app)] == [200, 200, 200]
    assert count(session, Registration) == 1 and count(session, RegistrationAttempt) == 3
    channels = sorted(session.scalars(select(RegistrationAttempt.channel)))
    assert channels == ["HOTLINE", "MYSJ", "WALKIN"]


def test_the_anonymous_web_form_discloses_nothing_about_an_existing_registration(
    client, session
) -> None:
    """#17 item 3: someone else's MyKad number and any name give the same answer as a new
    registration: no date, channel, phase or person id; the repeat is told to the owner."""
    owner, stranger = factories.adult(), factories.adult()
    factories.sign_up(session, owner)
    session.commit()
    client.post(
        "/api/v1/registrations/me", json={"comorbidity": True}, headers=login(client, owner)
    )
    new = client.post(
        "/api/v1/registrations/web",
        json={"identity": factories.identity_json(stranger), "phone": stranger.phone},
    )
    probe_phone = factories.adult().phone
    probe = client.post(
        "/api/v1/registrations/web",
        json={
            "identity": {**factories.identity_json(owner), "full_name": "Any Name At All"},
            "phone": probe_phone,
        },
    )
    assert new.status_code == probe.status_code == 202
    assert (
        new.json()
        == probe.json()
        == {
            "status": "received",
            "detail_en": schemas.RECEIVED_EN,
            "detail_ms": schemas.RECEIVED_MS,
        }
    )
    assert count(session, Registration) == 2 and count(session, RegistrationAttempt) == 1
    assert messages_to(session, owner.phone, "registration_repeated")
    assert not messages_to(session, probe_phone)  # the prober's phone is told nothing


def test_the_anonymous_refusals_depend_only_on_what_was_entered(client, session) -> None:
    """A registered person's stored facts never decide an anonymous answer: a passport entered
    without a date of birth is refused alike whether its holder is registered or not."""
    p = factories.adult()

    def passport(number: str) -> dict:
        return {
            **factories.identity_json(p),
            "id_type": "PASSPORT",
            "issuing_country": "SG",
            "id_number": number,
            "sex": None,
        }

    registered = {"identity": passport("K1234567X"), "phone": p.phone}
    assert client.post("/api/v1/registrations/web", json=registered).status_code == 202
    answers = [
        client.post(
            "/api/v1/registrations/web",
            json={"identity": {**passport(number), "date_of_birth": None}, "phone": p.phone},
        )
        for number in ("K1234567X", "K7654321Y")
    ]
    assert [a.json()["code"] for a in answers] == ["date_of_birth_required"] * 2
    assert count(session, RegistrationAttempt) == 0


def test_staff_channels_need_the_right_role_and_centre(client, session) -> None:
    staff = factories.staff_personas(session)
    session.commit()
    p = factories.adult()
    body = {"channel": "WALKIN", "ppv_code": "PPV-B", "identity": factories.identity_json(p)}
    r = client.post(
        "/api/v1/registrations/staff", json=body, headers=staff_login(client, staff["desk_a"])
    )
    assert r.status_code == 403 and r.json()["code"] == "forbidden"
    body = {"channel": "HOTLINE", "identity": factories.identity_json(p)}
    r = client.post(
        "/api/v1/registrations/staff", json=body, headers=staff_login(client, staff["vaccinator_a"])
    )
    assert r.json()["code"] == "forbidden"
    r = client.post("/api/v1/registrations/staff", json=body)
    assert r.status_code == 401
    assert count(session, Registration) == 0


def test_dependent_registration_only_by_their_guardian(client, session) -> None:
    a, b = factories.adult(), factories.adult()
    guardian, stranger = factories.sign_up(session, a), factories.sign_up(session, b)
    from sihat.identity import service as identity

    kid = identity.add_dependent(
        session, guardian, factories.identity_of(factories.child()), "CHILD"
    )
    session.commit()
    r = client.post(
        f"/api/v1/registrations/dependents/{kid.person_id}", json={}, headers=login(client, b)
    )
    assert r.status_code == 404 and r.json()["code"] == "not_found"
    r = client.post(
        f"/api/v1/registrations/dependents/{kid.person_id}", json={}, headers=login(client, a)
    )
    assert r.status_code == 201 and r.json()["priority_phase"] == 5
    reg = session.scalar(select(Registration))
    assert reg.as_dependent and reg.by_id == guardian.id
    assert stranger.id != guardian.id


@pytest.mark.parametrize(
    ("facts", "age_years", "phase"),
    [
        ({"frontline": True}, 30, 1),
        ({}, 65, 2),
        ({"oku": True}, 30, 2),
        ({}, 30, 3),
        ({}, 15, 4),
        ({}, 8, 5),
    ],
)
def test_priority_phase_comes_from_the_policy_file(facts, age_years: int, phase: int) -> None:
    rules = policy.load()
    born = date(2000 - age_years, 6, 1)
    assert rules.version == "PICK-2021-02"
    assert rules.phase_for(policy.Eligibility(born, **facts), date(2000, 6, 2)) == phase
    assert rules.phase_for(policy.Eligibility(date(1998, 1, 1)), date(2000, 6, 2)) is None


def test_bad_registration_input_is_refused_with_nothing_written(client, session) -> None:
    p = factories.adult()
    male = p if p.sex == "M" else None
    while male is None:
        q = factories.adult()
        male = q if q.sex == "M" else None
    cases = [
        (
            {
                "identity": {**factories.identity_json(p), "id_number": "901301145677"},
                "phone": p.phone,
            },
            "invalid_nric",
        ),
        ({"identity": factories.identity_json(p), "phone": "1234567"}, "invalid_phone"),
        (
            {
                "identity": factories.identity_json(male),
                "phone": male.phone,
                "facts": {"pregnant": True},
            },
            "pregnancy_sex_mismatch",
        ),
        (
            {
                "identity": {
                    **factories.identity_json(p),
                    "date_of_birth": None,
                    "id_type": "PASSPORT",
                    "issuing_country": "SG",
                    "id_number": "K1234567X",
                    "sex": None,
                },
                "phone": p.phone,
            },
            "date_of_birth_required",
        ),
        ({"identity": factories.identity_json(p), "phone": p.phone, "extra": 1}, "invalid_input"),
    ]
    for body, code in cases:
        r = client.post("/api/v1/registrations/web", json=body)
        assert r.json()["code"] == code, (code, r.text)
        assert r.headers["content-type"].startswith("application/problem+json")
    assert count(session, Registration) == 0


def test_under_five_not_eligible(session) -> None:
    from sihat.core import clock

    today = clock.today_my()
    baby = factories.person()
    while not 0 < (today - baby.date_of_birth).days < 4 * 365:
        baby = factories.person()
    with pytest.raises(Problem) as caught:
        service.register_web(session, factories.identity_of(baby), baby.phone, service.Facts())
    assert caught.value.code == "not_eligible_age"
    assert count(session, Registration) == 0


def test_staff_may_not_register_on_the_app_channel(session) -> None:
    staff = factories.staff_personas(session)
    p = factories.adult()
    with pytest.raises(Problem) as caught:
        service.register_by_staff(
            session, staff["hotline"].account, "MYSJ", factories.identity_of(p), service.Facts()
        )
    assert caught.value.code == "invalid_channel"
    assert count(session, Registration) == 0
