"""What MyRisk tells people, through the notification outbox, in their language (Malay or
English).

A notice never names the case, the premise or anyone else: it says what the person's status
is now (or that they may have been exposed) and asks them to open the app. A dependent's
notice goes to their guardian's phone and does not name the dependent either.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from sihat.core import clock
from sihat.identity.access import current as current_link
from sihat.identity.models import Account, Dependent
from sihat.notifications import service as notifications
from sihat.notifications import texts
from sihat.risk.statuses import STATUSES

# Risk notices are urgent (quiet hours do not hold them) and may not be turned off.
_POLICY = {"urgent": True, "optional": False}
texts.define(
    "risk_status",
    "sihat: status risiko anda kini {ms}{until_ms}. Lihat aplikasi MySejahtera.",
    "sihat: your risk status is now {en}{until_en}. See the MySejahtera app.",
    **_POLICY,
)
texts.define(
    "risk_status_dependent",
    "sihat: status risiko seorang tanggungan anda telah berubah. Lihat aplikasi MySejahtera.",
    "sihat: the risk status of one of your dependents has changed. See the MySejahtera app.",
    **_POLICY,
)
texts.define(
    "risk_exposure",
    "sihat: anda mungkin terdedah kepada COVID-19 pada {day}. Pantau gejala selama {days} "
    "hari dan buat ujian jika bergejala.",
    "sihat: you may have been exposed to COVID-19 on {day}. Watch for symptoms for {days} "
    "days and take a test if you have any.",
    **_POLICY,
)
texts.define(
    "risk_exposure_dependent",
    "sihat: seorang tanggungan anda mungkin terdedah kepada COVID-19 pada {day}. Pantau "
    "gejala selama {days} hari.",
    "sihat: one of your dependents may have been exposed to COVID-19 on {day}. Watch for "
    "symptoms for {days} days.",
    **_POLICY,
)


def shown_date(moment: datetime | date) -> str:
    """A date as people read it in Malaysia (dd/mm/yyyy)."""
    day = clock.malaysia_date(moment) if isinstance(moment, datetime) else moment
    return day.strftime("%d/%m/%Y")


def phone_of(session: Session, person_id: str) -> tuple[str, bool] | None:
    """The phone that hears about ``person_id``: their own active account's, or their current
    guardian's (then ``True``); ``None`` when nobody can be told."""
    own = session.scalar(
        select(Account.phone).where(Account.person_id == person_id, Account.status == "ACTIVE")
    )
    if own is not None:
        return own, False
    guardian = session.scalar(
        select(Account.phone)
        .join(Dependent, Dependent.guardian_account_id == Account.id)
        .where(Dependent.person_id == person_id, current_link(), Account.status == "ACTIVE")
    )
    return (guardian, True) if guardian is not None else None


def _queue(session: Session, phone: str, template: str, **params: object) -> None:
    """In the person's language, to the inbox and by SMS (and push, e-mail if they have
    them), through the same path as every other notice."""
    notifications.queue_sms(session, phone, template, **params)


def status_changed(session: Session, person_id: str, status: str, until: datetime | None) -> None:
    """Tell the person (or their guardian) what their status is now."""
    found = phone_of(session, person_id)
    if found is None:
        return
    phone, guardian = found
    if guardian:
        _queue(session, phone, "risk_status_dependent")
        return
    _colour, ms, en = STATUSES[status]
    day = shown_date(until) if until else None
    _queue(
        session,
        phone,
        "risk_status",
        ms=ms,
        en=en,
        until_ms=f" hingga {day}" if day else "",
        until_en=f" until {day}" if day else "",
    )


def exposed(session: Session, person_id: str, day: date, watch_days: int) -> bool:
    """Tell a casual contact to watch for symptoms (no status change); ``False`` when nobody
    can be told."""
    found = phone_of(session, person_id)
    if found is None:
        return False
    phone, guardian = found
    template = "risk_exposure_dependent" if guardian else "risk_exposure"
    _queue(session, phone, template, day=shown_date(day), days=watch_days)
    return True
