"""Public login throttling (#17 item 2): an attacker can neither lock the owner out nor get
more than ``login_per_account_per_hour`` guesses at one account an hour, from any number of
addresses. Only failures count; a login that succeeds is never slowed by anything.

Three counts of failed logins, each with growing waits (``core.ratelimit.Tiers``):

- per (account, address): 5 a minute, 10 a quarter hour, 20 an hour;
- per address, over all accounts: ``login_per_ip_per_hour`` an hour, a twentieth of it a
  minute;
- per account, from unfamiliar addresses: ``login_per_account_per_hour`` an hour, 10 per 5
  minutes. An address is familiar when this account logged in from it within
  ``login_familiar_days``; the owner there is judged by the first two counts only, so
  credential stuffing from a thousand addresses exhausts the account's count for strangers
  and still leaves the owner's own address open.

An unknown phone number is counted like a real one, so the answers do not tell them apart.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from sihat.core import clock
from sihat.core.crypto import blind_index
from sihat.core.errors import Problem
from sihat.core.ratelimit import Limiter, Tiers
from sihat.core.settings import Settings
from sihat.identity import accounts, service
from sihat.identity.models import Account, AccountSession

PAIR_LIMITS = ("5/minute", "10/15 minutes", "20/hour")


def _phone_key(phone: str) -> str:
    try:
        return service.normalise_phone(phone)
    except Problem:
        return phone.strip()[:40]


def familiar(session: Session, account_id: str, ip: str, days: int) -> bool:
    """This account opened a session from ``ip`` within ``days``."""
    since = clock.now() - timedelta(days=days)
    return (
        session.scalar(
            select(AccountSession.id)
            .where(
                AccountSession.account_id == account_id,
                AccountSession.ip == ip,
                AccountSession.created_at >= since,
            )
            .limit(1)
        )
        is not None
    )


def guarded_login(
    session: Session, limiter: Limiter, settings: Settings, phone: str, password: str, ip: str
) -> tuple[Account, str]:
    """``accounts.login`` behind the three counts; a refusal is ``too_many_attempts`` (with
    ``scope`` and ``retry_after``) before the password is even looked at."""
    key = _phone_key(phone)
    per_ip = settings.login_per_ip_per_hour
    counts = [
        (Tiers(limiter, "login:ip", (f"{per_ip}/hour", f"{max(per_ip // 20, 1)}/minute")), ip),
        (Tiers(limiter, "login:account-ip", PAIR_LIMITS), f"{key}|{ip}"),
    ]
    account = session.scalar(
        select(Account.id).where(
            Account.phone_hash == blind_index("phone", key), Account.status == "ACTIVE"
        )
    )
    if account is None or not familiar(session, account, ip, settings.login_familiar_days):
        hourly = f"{settings.login_per_account_per_hour}/hour"
        counts.append((Tiers(limiter, "login:account", (hourly, "10/5 minutes")), key))
    for tiers, tier_key in counts:
        tiers.before(tier_key)
    try:
        return accounts.login(session, phone, password)
    except Problem as refused:
        if refused.code == "login_failed":
            for tiers, tier_key in counts:
                tiers.failed(tier_key)
        raise
