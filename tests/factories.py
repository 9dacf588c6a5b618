"""Factories and named personas shared by the domain tests."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date

import pyotp
from sqlalchemy.orm import Session

from sihat.core import clock
from sihat.demo.population import SyntheticPerson, generate
from sihat.governance import requests
from sihat.identity import accounts
from sihat.identity.models import Account
from sihat.identity.service import IdentityInput
from sihat.staff import service as staff_service
from sihat.staff.models import StaffAccount

PASSWORD = "correct horse battery"
STAFF_PASSWORD = "correct horse battery staple"
# Ages are counted from the clock the tests run on (real, or shifted by SIHAT_CLOCK_OFFSET_DAYS),
# so adult() and child() find people of the right age on any date.
_people = generate(100_000, seed=4242, today=clock.today_my())
_lock = itertools.count()


def person(*, born_before: date | None = None) -> SyntheticPerson:
    """A new synthetic adult-or-child with a valid, unique MyKad number and phone; for a test
    whose clock is frozen at a fixed date, ``born_before`` that date (the population is aged
    from the running clock, so some of it is not yet born on an old date)."""
    while True:
        p = next(_people)
        if born_before is None or p.date_of_birth < born_before:
            return p


def adult() -> SyntheticPerson:
    while True:
        p = person()
        if (clock.today_my() - p.date_of_birth).days > 20 * 366:
            return p


def child() -> SyntheticPerson:
    while True:
        p = person()
        if 6 * 366 < (clock.today_my() - p.date_of_birth).days < 11 * 365:
            return p


def identity_of(p: SyntheticPerson) -> IdentityInput:
    return IdentityInput(
        p.id_type,
        p.id_number,
        p.full_name,
        p.date_of_birth,
        p.sex,
        p.nationality,
        None,
        p.state,
        p.district,
        p.email,
    )


def identity_json(p: SyntheticPerson) -> dict[str, object]:
    return {
        "id_type": p.id_type,
        "id_number": p.id_number,
        "full_name": p.full_name,
        "date_of_birth": p.date_of_birth.isoformat(),
        "sex": p.sex,
        "state": p.state,
    }


def sign_up(session: Session, p: SyntheticPerson | None = None) -> Account:
    p = p or adult()
    challenge, code = accounts.start_otp(session, p.phone)
    return accounts.sign_up(
        session,
        challenge_id=challenge.id,
        code=code,
        phone=p.phone,
        password=PASSWORD,
        identity=identity_of(p),
    )


@dataclass
class StaffPersona:
    account: StaffAccount
    secret: str

    def totp(self) -> str:
        """A code the next login accepts: codes are single-use (the step must be after the last
        accepted one), so a test that logs one persona in twice within a period gets the next
        step's code, which the one-step window still accepts."""
        current = int(clock.now().timestamp()) // 30
        step = max(current, _handed_out.get(self.secret, current - 1) + 1)
        _handed_out[self.secret] = step
        return pyotp.TOTP(self.secret).generate_otp(step)


# The last authenticator step handed out per secret (secrets are new in every test).
_handed_out: dict[str, int] = {}


def staff_personas(session: Session) -> dict[str, StaffPersona]:
    """Three founding administrators (Alice, Bob the approver, Carol), and staff that Alice
    adds through requests Bob approves, each activated by its owner."""
    founders = staff_service.bootstrap_founders(
        session,
        [
            ("alice", "Alice Admin", STAFF_PASSWORD),
            ("approver", "Bob Approver", STAFF_PASSWORD),
            ("carol", "Carol Admin", STAFF_PASSWORD),
        ],
    )
    out = {
        name: StaffPersona(*made)
        for name, made in zip(("admin", "approver", "carol"), founders, strict=True)
    }
    personas = {
        "hotline": [{"role": "HOTLINE_OPERATOR"}],
        "desk_a": [{"role": "REGISTRATION_DESK", "scope_type": "PPV", "scope_code": "PPV-A"}],
        "vaccinator_a": [{"role": "VACCINATOR", "scope_type": "PPV", "scope_code": "PPV-A"}],
        "vaccinator_b": [{"role": "VACCINATOR", "scope_type": "PPV", "scope_code": "PPV-B"}],
        "auditor": [{"role": "AUDITOR"}],
    }
    for name, grants in personas.items():
        staff, secret = requests.onboard(
            session,
            out["admin"].account,
            [out["approver"].account, out["carol"].account],
            username=name.replace("_", "."),
            full_name=name.title(),
            grants=grants,
            password=STAFF_PASSWORD,
        )
        out[name] = StaffPersona(staff, secret)
    return out


def health_officers(session: Session, people: dict[str, StaffPersona]) -> dict[str, StaffPersona]:
    """Health officers added to :func:`staff_personas` through approved requests: two scoped
    to Selangor/Petaling (maker and checker), one to Selangor/Klang, one national."""
    officers = {
        "health_petaling": [
            {"role": "HEALTH_OFFICER", "scope_type": "DISTRICT", "scope_code": "Selangor/Petaling"}
        ],
        "health_petaling2": [
            {"role": "HEALTH_OFFICER", "scope_type": "DISTRICT", "scope_code": "Selangor/Petaling"}
        ],
        "health_klang": [
            {"role": "HEALTH_OFFICER", "scope_type": "DISTRICT", "scope_code": "Selangor/Klang"}
        ],
        "health_national": [{"role": "HEALTH_OFFICER"}],
    }
    for name, grants in officers.items():
        staff, secret = requests.onboard(
            session,
            people["admin"].account,
            [people["approver"].account, people["carol"].account],
            username=name.replace("_", "."),
            full_name=name.replace("_", " ").title(),
            grants=grants,
            password=STAFF_PASSWORD,
        )
        people[name] = StaffPersona(staff, secret)
    return people


def delivered_sms(session: Session, n: int, *, prefix: str = "+6012") -> list[str]:
    """``n`` registration SMS (one segment each) sent and receipted DELIVERED, as the worker
    and the gateway's receipts leave them; returns their ids."""
    from sihat.notifications import receipts
    from sihat.notifications.service import deliver_pending, queue_sms

    ids = []
    for i in range(n):
        message = queue_sms(session, f"{prefix}{i:07d}", "registration", channel="WEB")
        assert message is not None
        ids.append(message.id)
    session.flush()
    deliver_pending(session)
    receipts.apply(session, [{"reference": i, "status": "DELIVERED"} for i in ids])
    return ids
