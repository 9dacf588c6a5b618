"""Factories and named personas shared by the domain tests."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date

import pyotp
from sqlalchemy.orm import Session

from sihat.core import clock
from sihat.demo.population import SyntheticPerson, generate
from sihat.identity import accounts
from sihat.identity.models import Account
from sihat.identity.service import IdentityInput
from sihat.staff import service as staff_service
from sihat.staff.models import StaffAccount

PASSWORD = "correct horse battery"
STAFF_PASSWORD = "correct horse battery staple"
_people = generate(100_000, seed=4242, today=date(2021, 1, 1))
_lock = itertools.count()


def person() -> SyntheticPerson:
    """A new synthetic adult-or-child with a valid, unique MyKad number and phone."""
    return next(_people)


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
        return pyotp.TOTP(self.secret).at(clock.now())


def staff_personas(session: Session) -> dict[str, StaffPersona]:
    """Alice the administrator, and staff she adds through the application."""
    admin, secret = staff_service.bootstrap_admin(session, "alice", "Alice Admin", STAFF_PASSWORD)
    out = {"admin": StaffPersona(admin, secret)}
    personas = {
        "approver": [staff_service.RoleGrant("ADMIN")],
        "hotline": [staff_service.RoleGrant("HOTLINE_OPERATOR")],
        "desk_a": [staff_service.RoleGrant("REGISTRATION_DESK", "PPV", "PPV-A")],
        "vaccinator_a": [staff_service.RoleGrant("VACCINATOR", "PPV", "PPV-A")],
        "vaccinator_b": [staff_service.RoleGrant("VACCINATOR", "PPV", "PPV-B")],
        "auditor": [staff_service.RoleGrant("AUDITOR")],
    }
    for name, grants in personas.items():
        staff, s = staff_service.create_staff(
            session,
            admin,
            username=name.replace("_", "."),
            full_name=name.title(),
            password=STAFF_PASSWORD,
            grants=grants,
        )
        out[name] = StaffPersona(staff, s)
    return out
