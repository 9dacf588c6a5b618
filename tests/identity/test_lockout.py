"""Public login throttling (#17 item 2): credential stuffing is held, the owner is never
locked out, and a successful login never counts."""

from __future__ import annotations

from tests import factories


def attempt(client, phone: str, password: str, ip: str):
    return client.post(
        "/api/v1/auth/login",
        headers={"x-forwarded-for": ip},
        json={"phone": phone, "password": password},
    )


def test_stuffing_from_1000_addresses_is_held_and_the_owner_still_logs_in(
    client, session, settings
) -> None:
    settings.trusted_proxies = ["0.0.0.0/0"]
    owner = factories.adult()
    factories.sign_up(session, owner)
    session.commit()
    home = "192.0.2.10"
    assert attempt(client, owner.phone, factories.PASSWORD, home).status_code == 200
    answers = [
        attempt(client, owner.phone, f"guess-{n:04d}-pw", f"10.{n // 250}.{n % 250}.7").json()
        for n in range(1000)
    ]
    guessed = sum(a["code"] == "login_failed" for a in answers)
    held = [a for a in answers if a["code"] == "too_many_attempts"]
    assert 0 < guessed <= settings.login_per_account_per_hour
    assert len(held) == 1000 - guessed
    assert all(a["params"]["retry_after"] > 0 for a in held)
    # The owner, at the address they use, is not locked out by the attack.
    ok = attempt(client, owner.phone, factories.PASSWORD, home)
    assert ok.status_code == 200, ok.text
    # Another account is not slowed either.
    other = factories.adult()
    factories.sign_up(session, other)
    session.commit()
    assert attempt(client, other.phone, factories.PASSWORD, "198.51.100.3").status_code == 200


def test_successful_logins_never_count(client, session, settings) -> None:
    settings.trusted_proxies = ["0.0.0.0/0"]
    settings.login_per_account_per_hour = 5
    owner = factories.adult()
    factories.sign_up(session, owner)
    session.commit()
    for _ in range(25):  # more than every limit on the account and on the address
        assert attempt(client, owner.phone, factories.PASSWORD, "192.0.2.20").status_code == 200


def test_waits_grow_with_failures_from_one_address(client, session, settings) -> None:
    settings.trusted_proxies = ["0.0.0.0/0"]
    owner = factories.adult()
    factories.sign_up(session, owner)
    session.commit()
    codes = [attempt(client, owner.phone, "wrong-password", "203.0.113.9") for _ in range(6)]
    assert [r.status_code for r in codes] == [401] * 5 + [429]
    first_wait = codes[-1].json()["params"]["retry_after"]
    assert 0 < first_wait <= 60
    # The address is held for this account even with the right password (a short wait).
    held = attempt(client, owner.phone, factories.PASSWORD, "203.0.113.9")
    assert held.json()["code"] == "too_many_attempts"
    # An unknown phone is counted the same way, so the answers do not tell them apart.
    unknown = [attempt(client, "+60129999998", "x-password", "203.0.113.10") for _ in range(6)]
    assert [r.status_code for r in unknown] == [401] * 5 + [429]
