"""Check-in test helpers: citizens with a session token, a premise and its signed code."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy.orm import Session

from sihat.checkins import premises, qr
from sihat.checkins.models import Premise
from sihat.identity import accounts
from sihat.identity.models import Account
from tests import factories


@dataclass
class Citizen:
    account: Account
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


def citizen(session: Session) -> Citizen:
    p = factories.adult()
    account = factories.sign_up(session, p)
    _account, token = accounts.login(session, p.phone, factories.PASSWORD)
    return Citizen(account, token)


def premise(session: Session, owner: Account, name: str = "Kedai Runcit Ah Seng", **kw) -> Premise:
    data = {
        "name": name,
        "category": "RETAIL",
        "address": "12 Jalan Besar",
        "state": "Selangor",
        "district": "Petaling",
        **kw,
    }
    return premises.register_premise(session, owner, premises.PremiseInput(**data))


def code_of(p: Premise) -> str:
    return qr.url_for(p.id, p.qr_version)


@pytest.fixture
def alice(session: Session) -> Citizen:
    return citizen(session)


@pytest.fixture
def owner(session: Session) -> Citizen:
    return citizen(session)


@pytest.fixture
def shop(session: Session, owner: Citizen) -> Premise:
    return premise(session, owner.account)
