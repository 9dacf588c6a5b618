"""Identity and account routes: thin; rules live in ``service`` and ``accounts``."""

from __future__ import annotations

from fastapi import APIRouter, Depends, status
from sqlalchemy.orm import Session

from sihat.core.ratelimit import Limiter
from sihat.core.settings import Settings
from sihat.core.web import DB, limiter, request_ip, settings_of
from sihat.identity import accounts, documents, lockout, proofing, service
from sihat.identity.deps import Caller, current_caller
from sihat.identity.models import Account, Dependent
from sihat.identity.schemas import (
    AccountOut,
    DependentIn,
    DependentOut,
    IdentityIn,
    LoginRequest,
    LoginResponse,
    OtpRequest,
    OtpResponse,
    SessionOut,
    SignUpRequest,
)

router = APIRouter(prefix="/api/v1", tags=["identity"])


def identity_input(data: IdentityIn) -> service.IdentityInput:
    return service.IdentityInput(**data.model_dump())


def account_out(account: Account) -> AccountOut:
    person = account.person
    unlinked = proofing.is_unproven(person)
    return AccountOut(
        record_unlinked=unlinked,
        next_step_ms=proofing.NEXT_STEP[0] if unlinked else None,
        next_step_en=proofing.NEXT_STEP[1] if unlinked else None,
        account_id=account.id,
        mysj_id=account.mysj_id,
        full_name=person.full_name,
        id_type=person.id_type,
        id_number_masked=documents.mask(person.id_number),
        verified=person.verified_at is not None,
        verification_method=person.verification_method,
        verified_at=person.verified_at,
    )


def dependent_out(link: Dependent) -> DependentOut:
    return DependentOut(
        person_id=link.person_id,
        full_name=link.person.full_name,
        id_type=link.person.id_type,
        id_number_masked=documents.mask(link.person.id_number),
        relationship=link.relationship_,
        added_at=link.added_at,
    )


def limit_phone_and_ip(
    lim: Limiter, scope: str, phone: str, ip: str, per_phone: int, per_ip: int
) -> None:
    lim.hit_or_raise(f"{scope}:ip", ip, f"{per_ip}/hour")
    lim.hit_or_raise(f"{scope}:phone", service.normalise_phone(phone), f"{per_phone}/hour")


@router.post("/accounts/otp", response_model=OtpResponse, status_code=status.HTTP_201_CREATED)
def request_otp(
    body: OtpRequest,
    session: Session = DB,
    lim: Limiter = Depends(limiter),
    settings: Settings = Depends(settings_of),
) -> OtpResponse:
    limit_phone_and_ip(
        lim,
        "otp",
        body.phone,
        request_ip(),
        settings.otp_per_phone_per_hour,
        settings.otp_per_ip_per_hour,
    )
    challenge, _code = accounts.start_otp(session, body.phone, "signup")
    return OtpResponse(challenge_id=challenge.id, expires_at=challenge.expires_at)


@router.post("/accounts", response_model=AccountOut, status_code=status.HTTP_201_CREATED)
def sign_up(
    body: SignUpRequest,
    session: Session = DB,
    lim: Limiter = Depends(limiter),
    settings: Settings = Depends(settings_of),
) -> AccountOut:
    # Guesses at one code are counted here, so a wrong guess writes nothing.
    lim.hit_or_raise(
        "otp-verify",
        body.challenge_id,
        f"{settings.otp_max_attempts}/{settings.otp_ttl_seconds} seconds",
    )
    account = accounts.sign_up(
        session,
        challenge_id=body.challenge_id,
        code=body.code,
        phone=body.phone,
        password=body.password,
        identity=identity_input(body.identity),
    )
    return account_out(account)


@router.post("/auth/login", response_model=LoginResponse)
def login(
    body: LoginRequest,
    session: Session = DB,
    lim: Limiter = Depends(limiter),
    settings: Settings = Depends(settings_of),
) -> LoginResponse:
    account, token = lockout.guarded_login(
        session, lim, settings, body.phone, body.password, request_ip()
    )
    return LoginResponse(token=token, mysj_id=account.mysj_id)


@router.post("/auth/logout", status_code=status.HTTP_204_NO_CONTENT)
def logout(caller: Caller = Depends(current_caller), session: Session = DB) -> None:
    accounts.revoke_session(session, caller.account, caller.session_row.id)


@router.get("/accounts/me", response_model=AccountOut)
def me(caller: Caller = Depends(current_caller)) -> AccountOut:
    return account_out(caller.account)


@router.post("/accounts/me/verify", response_model=AccountOut)
def verify_me(caller: Caller = Depends(current_caller), session: Session = DB) -> AccountOut:
    service.verify_against_register(
        session, caller.account.person, actor_type="account", actor_id=caller.account.id
    )
    return account_out(caller.account)


@router.get("/accounts/me/sessions", response_model=list[SessionOut])
def my_sessions(
    caller: Caller = Depends(current_caller), session: Session = DB
) -> list[SessionOut]:
    return [
        SessionOut(
            id=s.id,
            created_at=s.created_at,
            expires_at=s.expires_at,
            current=s.id == caller.session_row.id,
        )
        for s in accounts.sessions_of(session, caller.account)
    ]


@router.delete("/accounts/me/sessions/{session_id}", status_code=status.HTTP_204_NO_CONTENT)
def revoke_session(
    session_id: str, caller: Caller = Depends(current_caller), session: Session = DB
) -> None:
    accounts.revoke_session(session, caller.account, session_id)


@router.delete("/accounts/me/sessions", status_code=status.HTTP_204_NO_CONTENT)
def revoke_all(caller: Caller = Depends(current_caller), session: Session = DB) -> None:
    accounts.revoke_all_sessions(session, caller.account)


@router.get("/accounts/me/dependents", response_model=list[DependentOut])
def list_dependents(
    caller: Caller = Depends(current_caller), session: Session = DB
) -> list[DependentOut]:
    return [dependent_out(d) for d in service.dependents_of(session, caller.account)]


@router.post(
    "/accounts/me/dependents", response_model=DependentOut, status_code=status.HTTP_201_CREATED
)
def add_dependent(
    body: DependentIn, caller: Caller = Depends(current_caller), session: Session = DB
) -> DependentOut:
    link = service.add_dependent(
        session, caller.account, identity_input(body.identity), body.relationship
    )
    return dependent_out(link)


@router.delete("/accounts/me/dependents/{person_id}", status_code=status.HTTP_204_NO_CONTENT)
def remove_dependent(
    person_id: str, caller: Caller = Depends(current_caller), session: Session = DB
) -> None:
    service.remove_dependent(session, caller.account, person_id)
