"""Account recovery (anonymous: a lost phone) and phone change (logged in): thin routes over
``identity.recovery``; the limits against takeover attempts are applied here."""

from __future__ import annotations

from fastapi import APIRouter, Depends, status
from sqlalchemy.orm import Session

from sihat.core.errors import Problem
from sihat.core.ratelimit import Limiter
from sihat.core.settings import Settings
from sihat.core.web import DB, limiter, request_ip, settings_of
from sihat.identity import accounts, recovery, service
from sihat.identity.deps import Caller, current_caller
from sihat.identity.schemas import (
    OtpRequest,
    OtpResponse,
    PendingRecoveryOut,
    PhoneChangeRequest,
    RecoveryCancel,
    RecoveryOut,
    RecoveryRequest,
)

router = APIRouter(prefix="/api/v1/accounts", tags=["identity"])


def limit_recovery_code(lim: Limiter, settings: Settings, phone: str, ip: str) -> None:
    """A code to a new phone for a recovery: per address and per new phone."""
    lim.hit_or_raise("recovery:ip", ip, f"{settings.recovery_per_ip_per_hour}/hour")
    lim.hit_or_raise(
        "recovery:phone",
        service.normalise_phone(phone),
        f"{settings.recovery_per_phone_per_day}/day",
    )


def limit_recovery_claim(
    lim: Limiter, settings: Settings, challenge_id: str, id_type: str, id_number: str, ip: str
) -> None:
    """A claim: per address, per identity (whoever tries it, from wherever) and per code."""
    lim.hit_or_raise("recovery:ip", ip, f"{settings.recovery_per_ip_per_hour}/hour")
    lim.hit_or_raise(
        "recovery:identity",
        recovery.identity_key(id_type, id_number),
        f"{settings.recovery_per_identity_per_day}/day",
    )
    lim.hit_or_raise(
        "otp-verify",
        challenge_id,
        f"{settings.otp_max_attempts}/{settings.otp_ttl_seconds} seconds",
    )


def limit_cancel(lim: Limiter, settings: Settings, ip: str) -> None:
    lim.hit_or_raise("recovery-cancel:ip", ip, f"{settings.recovery_per_ip_per_hour}/hour")


def limit_phone_change(lim: Limiter, settings: Settings, account_id: str) -> None:
    lim.hit_or_raise("phone-change:account", account_id, f"{settings.otp_per_phone_per_hour}/hour")


def claim_of(body: RecoveryRequest) -> recovery.RecoveryClaim:
    return recovery.RecoveryClaim(
        id_type=body.id_type,
        id_number=body.id_number,
        date_of_birth=body.date_of_birth,
        new_phone=body.phone,
        new_password=body.password,
        challenge_id=body.challenge_id,
        code=body.code,
        issuing_country=body.issuing_country,
    )


@router.post("/recovery/code", response_model=OtpResponse, status_code=status.HTTP_201_CREATED)
def recovery_code(
    body: OtpRequest,
    session: Session = DB,
    lim: Limiter = Depends(limiter),
    settings: Settings = Depends(settings_of),
) -> OtpResponse:
    limit_recovery_code(lim, settings, body.phone, request_ip())
    challenge, _code = accounts.start_otp(session, body.phone, "recovery")
    return OtpResponse(challenge_id=challenge.id, expires_at=challenge.expires_at)


@router.post("/recovery", response_model=RecoveryOut, status_code=status.HTTP_202_ACCEPTED)
def start_recovery(
    body: RecoveryRequest,
    session: Session = DB,
    lim: Limiter = Depends(limiter),
    settings: Settings = Depends(settings_of),
) -> RecoveryOut:
    limit_recovery_claim(
        lim, settings, body.challenge_id, body.id_type, body.id_number, request_ip()
    )
    started = recovery.start_recovery(session, claim_of(body))
    return RecoveryOut(completes_at=started.due_at)


@router.post("/recovery/cancel", status_code=status.HTTP_204_NO_CONTENT)
def cancel_recovery(
    body: RecoveryCancel,
    session: Session = DB,
    lim: Limiter = Depends(limiter),
    settings: Settings = Depends(settings_of),
) -> None:
    limit_cancel(lim, settings, request_ip())
    recovery.cancel_by_code(session, body.code)


@router.get("/me/recovery", response_model=PendingRecoveryOut)
def my_pending_recovery(
    caller: Caller = Depends(current_caller), session: Session = DB
) -> PendingRecoveryOut:
    found = recovery.pending_for(session, caller.account)
    if found is None:
        raise Problem("not_found")
    return PendingRecoveryOut(
        requested_at=found.requested_at,
        completes_at=found.due_at,
        new_phone_last4=found.new_phone[-4:],
    )


@router.delete("/me/recovery", status_code=status.HTTP_204_NO_CONTENT)
def cancel_my_recovery(caller: Caller = Depends(current_caller), session: Session = DB) -> None:
    recovery.cancel_by_owner(session, caller.account)


@router.post("/me/phone/code", response_model=OtpResponse, status_code=status.HTTP_201_CREATED)
def phone_change_code(
    body: OtpRequest,
    caller: Caller = Depends(current_caller),
    session: Session = DB,
    lim: Limiter = Depends(limiter),
    settings: Settings = Depends(settings_of),
) -> OtpResponse:
    limit_phone_change(lim, settings, caller.account.id)
    lim.hit_or_raise(
        "otp:phone",
        service.normalise_phone(body.phone),
        f"{settings.otp_per_phone_per_hour}/hour",
    )
    challenge, _code = accounts.start_otp(session, body.phone, "phone_change")
    return OtpResponse(challenge_id=challenge.id, expires_at=challenge.expires_at)


@router.post("/me/phone", status_code=status.HTTP_204_NO_CONTENT)
def change_phone(
    body: PhoneChangeRequest,
    caller: Caller = Depends(current_caller),
    session: Session = DB,
    lim: Limiter = Depends(limiter),
    settings: Settings = Depends(settings_of),
) -> None:
    limit_phone_change(lim, settings, caller.account.id)
    lim.hit_or_raise(
        "otp-verify",
        body.challenge_id,
        f"{settings.otp_max_attempts}/{settings.otp_ttl_seconds} seconds",
    )
    recovery.change_phone(
        session,
        caller.account,
        caller.session_row.id,
        challenge_id=body.challenge_id,
        code=body.code,
        new_phone=body.phone,
        password=body.password,
    )
