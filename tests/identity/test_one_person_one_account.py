"""One verified person, one account: refused on every path, enforced by the database."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from sihat.core import clock
from sihat.core.errors import Problem
from sihat.core.trail import AuditEvent
from sihat.identity import accounts, service
from sihat.identity.models import Account, Dependent, Person
from sihat.registration import service as registration
from tests import factories


def count(session, model, *where) -> int:
    q = select(func.count()).select_from(model)
    for w in where:
        q = q.where(w)
    return int(session.scalar(q) or 0)


def refused(expected: str, fn, *args, **kwargs) -> Problem:
    with pytest.raises(Problem) as caught:
        fn(*args, **kwargs)
    assert caught.value.code == expected
    return caught.value


def test_second_sign_up_with_same_identity_is_refused(session) -> None:
    p = factories.adult()
    factories.sign_up(session, p)
    session.commit()
    other_phone = factories.adult().phone
    challenge, code = accounts.start_otp(session, other_phone)
    session.commit()
    # Same MyKad typed differently still maps to the same identity key.
    identity = factories.identity_of(p)
    spaced = f"{p.id_number[:6]}-{p.id_number[6:8]}-{p.id_number[8:]}"
    identity = service.IdentityInput(**{**identity.__dict__, "id_number": spaced})
    problem = refused(
        "duplicate_identity",
        accounts.sign_up,
        session,
        challenge_id=challenge.id,
        code=code,
        phone=other_phone,
        password=factories.PASSWORD,
        identity=identity,
    )
    assert "recovery" in problem.detail_en and "pemulihan" in problem.detail_ms
    session.rollback()
    assert count(session, Account) == 1 and count(session, Person) == 1


def test_database_refuses_second_active_account_even_without_the_code(session) -> None:
    account = factories.sign_up(session)
    session.flush()
    with pytest.raises(IntegrityError), session.begin_nested():
        session.add(
            Account(
                mysj_id="MSJTEST00001",
                person_id=account.person_id,
                phone="+60123334444",
                phone_hash="x" * 64,
                password_hash="h",
                status="ACTIVE",
                created_at=clock.now(),
            )
        )
        session.flush()


def test_dependent_cannot_be_someone_with_an_account(session) -> None:
    holder, guardian_person = factories.adult(), factories.adult()
    factories.sign_up(session, holder)
    guardian = factories.sign_up(session, guardian_person)
    refused(
        "duplicate_identity",
        service.add_dependent,
        session,
        guardian,
        factories.identity_of(holder),
        "PARENT",
    )
    refused(
        "duplicate_identity",
        service.add_dependent,
        session,
        guardian,
        factories.identity_of(guardian_person),
        "OTHER",
    )
    assert count(session, Dependent) == 0


def test_dependent_has_one_guardian_and_a_limit(session, settings) -> None:
    a, b = factories.sign_up(session), factories.sign_up(session)
    kid = factories.child()
    service.add_dependent(session, a, factories.identity_of(kid), "CHILD")
    refused(
        "dependent_already_linked",
        service.add_dependent,
        session,
        b,
        factories.identity_of(kid),
        "CHILD",
    )
    settings.max_dependents = 2
    service.add_dependent(session, a, factories.identity_of(factories.child()), "CHILD")
    problem = refused(
        "dependent_limit",
        service.add_dependent,
        session,
        a,
        factories.identity_of(factories.child()),
        "CHILD",
    )
    assert "2" in problem.detail_en and "2" in problem.detail_ms
    assert count(session, Dependent, Dependent.guardian_account_id == a.id) == 2


def test_ten_dependents_allowed_eleventh_refused_over_api(client, session) -> None:
    p = factories.adult()
    factories.sign_up(session, p)
    session.commit()
    token = client.post(
        "/api/v1/auth/login", json={"phone": p.phone, "password": factories.PASSWORD}
    ).json()["token"]
    h = {"Authorization": f"Bearer {token}"}
    for _ in range(10):
        body = {"identity": factories.identity_json(factories.child()), "relationship": "CHILD"}
        assert (
            client.post("/api/v1/accounts/me/dependents", json=body, headers=h).status_code == 201
        )
    body = {"identity": factories.identity_json(factories.child()), "relationship": "CHILD"}
    r = client.post("/api/v1/accounts/me/dependents", json=body, headers=h)
    assert r.status_code == 409 and r.json()["code"] == "dependent_limit"
    assert len(client.get("/api/v1/accounts/me/dependents", headers=h).json()) == 10


def test_dependent_who_signs_up_takes_over(session) -> None:
    """With proof (``identity.proofing``): the phone they gave at the hotline."""
    staff = factories.staff_personas(session)
    guardian = factories.sign_up(session)
    grown = factories.adult()
    service.add_dependent(session, guardian, factories.identity_of(grown), "CHILD")
    registration.register_by_staff(
        session,
        staff["hotline"].account,
        "HOTLINE",
        factories.identity_of(grown),
        registration.Facts(),
        phone=grown.phone,
    )
    own = factories.sign_up(session, grown)
    person = service.find_person(session, "MYKAD", grown.id_number)
    assert person is not None and own.person_id == person.id
    assert service.dependents_of(session, guardian) == []
    link = session.scalar(select(Dependent))
    assert link.end_reason == "took_over" and link.ended_at is not None
    event = session.scalar(
        select(AuditEvent).where(AuditEvent.action == "identity:dependent:took_over")
    )
    assert event.details["former_guardian_account_id"] == guardian.id
    refused(
        "not_found",
        registration.register_dependent,
        session,
        guardian,
        own.person_id,
        registration.Facts(),
    )


def test_hotline_and_walkin_reuse_the_person_never_duplicate(session) -> None:
    staff = factories.staff_personas(session)
    p = factories.adult()
    account = factories.sign_up(session, p)
    reg, created = registration.register_by_staff(
        session, staff["hotline"].account, "HOTLINE", factories.identity_of(p), registration.Facts()
    )
    again, created_again = registration.register_by_staff(
        session,
        staff["desk_a"].account,
        "WALKIN",
        factories.identity_of(p),
        registration.Facts(),
        ppv_code="PPV-A",
    )
    assert created and not created_again and again.id == reg.id
    assert reg.person_id == account.person_id
    assert count(session, Person) == 1 + 0


@pytest.mark.parametrize("attempts", [6])
def test_concurrent_sign_ups_for_one_identity_create_one_account(
    fresh_database, attempts: int
) -> None:
    p = factories.adult()
    phones = [factories.adult().phone for _ in range(attempts)]
    challenges = []
    with fresh_database.unit_of_work() as s:
        for phone in phones:
            challenge, code = accounts.start_otp(s, phone)
            challenges.append((phone, challenge.id, code))
    barrier = threading.Barrier(attempts)
    results: list[str] = []

    def attempt(phone: str, challenge_id: str, code: str) -> None:
        barrier.wait()
        try:
            with fresh_database.unit_of_work() as s:
                accounts.sign_up(
                    s,
                    challenge_id=challenge_id,
                    code=code,
                    phone=phone,
                    password=factories.PASSWORD,
                    identity=factories.identity_of(p),
                )
            results.append("created")
        except Problem as problem:
            results.append(problem.code)

    threads = [threading.Thread(target=attempt, args=c) for c in challenges]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["created"] + ["duplicate_identity"] * (attempts - 1)
    with fresh_database.unit_of_work() as s:
        assert count(s, Account) == 1 and count(s, Person) == 1
        dupes = s.execute(text("SELECT count(*) FROM people GROUP BY id_type, id_hash")).all()
        assert dupes == [(1,)]
