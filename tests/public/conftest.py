"""The citizen's app in a browser: a signed-up adult with one dose (so a certificate and the
next dose's appointment), a dependent, and a premise to check in at."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.orm import Session

from sihat.checkins import qr
from sihat.identity import service as identity_service
from sihat.vaccination import centres
from tests import factories
from tests.certificates.wiring.conftest import certificate_of, give_dose, holder, key_dir  # noqa: F401
from tests.checkins.conftest import premise
from tests.conftest import settings  # noqa: F401  (the application's settings fixture)
from tests.vaccination.conftest import PFIZER, build_world, moved  # noqa: F401  (fixtures)


@dataclass
class Citizen:
    phone: str
    full_name: str
    ci: str
    kid_id: str
    kid_name: str
    token: str


def citizen(session: Session, moved_by) -> Citizen:
    world = build_world(session)
    centres.set_capacity(session, world.account("admin"), "PPV-A", PFIZER, 50)
    moved_by(timedelta(days=60))
    h = holder(session)
    certificate = certificate_of(session, give_dose(session, world, h.account.person_id))
    kid = identity_service.add_dependent(
        session, h.account, factories.identity_of(factories.child()), "CHILD"
    )
    owner = factories.sign_up(session, factories.adult())
    shop = premise(session, owner, "Kedai Runcit Maju")
    return Citizen(
        h.phone,
        h.account.person.full_name,
        certificate.ci,
        kid.person_id,
        kid.person.full_name,
        qr.sign(shop.id, shop.qr_version),
    )


def log_in(page, phone: str, start: str = "/login") -> None:
    page.goto(start)
    page.fill("#phone", phone)
    page.fill("#password", factories.PASSWORD)
    page.click("form[action='/login'] button[type=submit]")
