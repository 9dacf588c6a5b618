"""Registration routes: self and dependents (app), public web form, hotline and centre staff."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Response, status
from sqlalchemy.orm import Session

from sihat.core.errors import Problem
from sihat.core.ratelimit import Limiter
from sihat.core.settings import Settings
from sihat.core.web import DB, limiter, request_ip, settings_of
from sihat.identity.api import identity_input
from sihat.identity.deps import Caller, current_caller
from sihat.registration import service
from sihat.registration.models import Registration
from sihat.registration.schemas import (
    FactsIn,
    RegistrationOut,
    StaffRegistrationIn,
    WebRegistrationIn,
    WebRegistrationReceived,
)
from sihat.staff.deps import current_staff
from sihat.staff.models import StaffAccount

router = APIRouter(prefix="/api/v1/registrations", tags=["registration"])


def out(registration: Registration, created: bool, response: Response) -> RegistrationOut:
    response.status_code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
    return RegistrationOut(
        registration_id=registration.id,
        person_id=registration.person_id,
        channel=registration.channel,
        registered_at=registration.registered_at,
        priority_phase=registration.priority_phase,
        policy_version=registration.policy_version,
        created=created,
    )


def facts(body: FactsIn) -> service.Facts:
    return service.Facts(**body.model_dump())


# 200 for a registration that already existed, 201 for a new one (``out``).
REGISTERED_NOW: dict[int | str, dict[str, object]] = {
    201: {"model": RegistrationOut, "description": "Registered now"}
}


@router.get("/me", response_model=RegistrationOut)
def mine(
    response: Response, caller: Caller = Depends(current_caller), session: Session = DB
) -> RegistrationOut:
    found = service.registration_of(session, caller.account.person_id)
    if found is None:
        raise Problem("not_found")
    return out(found, False, response)


@router.post("/me", response_model=RegistrationOut, responses=REGISTERED_NOW)
def register_me(
    body: FactsIn,
    response: Response,
    caller: Caller = Depends(current_caller),
    session: Session = DB,
) -> RegistrationOut:
    return out(*service.register_self(session, caller.account, facts(body)), response)


@router.post("/dependents/{person_id}", response_model=RegistrationOut, responses=REGISTERED_NOW)
def register_dependent(
    person_id: str,
    body: FactsIn,
    response: Response,
    caller: Caller = Depends(current_caller),
    session: Session = DB,
) -> RegistrationOut:
    registration, created = service.register_dependent(
        session, caller.account, person_id, facts(body)
    )
    return out(registration, created, response)


@router.post("/web", response_model=WebRegistrationReceived, status_code=status.HTTP_202_ACCEPTED)
def register_web(
    body: WebRegistrationIn,
    session: Session = DB,
    lim: Limiter = Depends(limiter),
    settings: Settings = Depends(settings_of),
) -> WebRegistrationReceived:
    """Anyone, without logging in: the same answer for a new and an existing registration."""
    lim.hit_or_raise(
        "registration-web:ip",
        request_ip(),
        f"{settings.registration_web_per_ip_per_hour}/hour",
    )
    service.register_web(session, identity_input(body.identity), body.phone, facts(body.facts))
    return WebRegistrationReceived()


@router.post("/staff", response_model=RegistrationOut, responses=REGISTERED_NOW)
def register_by_staff(
    body: StaffRegistrationIn,
    response: Response,
    session: Session = DB,
    staff: StaffAccount = Depends(current_staff),
) -> RegistrationOut:
    registration, created = service.register_by_staff(
        session,
        staff,
        body.channel,
        identity_input(body.identity),
        facts(body.facts),
        phone=body.phone,
        ppv_code=body.ppv_code,
    )
    return out(registration, created, response)
