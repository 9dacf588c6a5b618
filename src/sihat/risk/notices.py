"""What MyRisk tells people, through the notification outbox, in their language (Malay or
English).

A notice never names the case, the premise or anyone else: it says what the person's status
is now (or that they may have been exposed) and asks them to open the app. A dependent's
notice goes to their guardian's phone and does not name the dependent either.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from sihat.core import clock
from sihat.identity.access import current as current_link
from sihat.identity.models import Account, Dependent
from sihat.notifications import service as notifications
from sihat.notifications import texts
from sihat.risk.statuses import STATUSES

_IN_BATCH = 1000  # people per IN (...) list

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


def phones_of(session: Session, person_ids: Collection[str]) -> dict[str, tuple[str, bool]]:
    """The phone that hears about each person: their own active account's, or their current
    guardian's (then ``True``); people nobody can tell are left out. Two queries per
    thousand people."""
    found: dict[str, tuple[str, bool]] = {}
    wanted = sorted(set(person_ids))
    for start in range(0, len(wanted), _IN_BATCH):
        batch = wanted[start : start + _IN_BATCH]
        own = session.execute(
            select(Account.person_id, Account.phone).where(
                Account.person_id.in_(batch), Account.status == "ACTIVE"
            )
        )
        for person_id, phone in own:
            found.setdefault(person_id, (phone, False))
        rest = [p for p in batch if p not in found]
        if not rest:
            continue
        guardians = session.execute(
            select(Dependent.person_id, Account.phone)
            .join(Dependent, Dependent.guardian_account_id == Account.id)
            .where(Dependent.person_id.in_(rest), current_link(), Account.status == "ACTIVE")
        )
        for person_id, phone in guardians:
            found.setdefault(person_id, (phone, True))
    return found


def phone_of(session: Session, person_id: str) -> tuple[str, bool] | None:
    """The phone that hears about ``person_id`` (see :func:`phones_of`); ``None`` when nobody
    can be told."""
    return phones_of(session, [person_id]).get(person_id)


Notice = tuple[str, str, dict[str, object]]  # (phone, template, params) for the outbox


def status_notice(found: tuple[str, bool], status: str, until: datetime | None) -> Notice:
    """The notice telling the person (or their guardian) what their status is now."""
    phone, guardian = found
    if guardian:
        return phone, "risk_status_dependent", {}
    _colour, ms, en = STATUSES[status]
    day = shown_date(until) if until else None
    return (
        phone,
        "risk_status",
        {
            "ms": ms,
            "en": en,
            "until_ms": f" hingga {day}" if day else "",
            "until_en": f" until {day}" if day else "",
        },
    )


def exposure_notice(found: tuple[str, bool], day: date, watch_days: int) -> Notice:
    """The notice asking a casual contact (or their guardian) to watch for symptoms."""
    phone, guardian = found
    template = "risk_exposure_dependent" if guardian else "risk_exposure"
    return phone, template, {"day": shown_date(day), "days": watch_days}


def status_changed(session: Session, person_id: str, status: str, until: datetime | None) -> None:
    """Tell the person (or their guardian) what their status is now."""
    found = phone_of(session, person_id)
    if found is not None:
        phone, template, params = status_notice(found, status, until)
        notifications.queue_sms(session, phone, template, **params)


def exposed(session: Session, person_id: str, day: date, watch_days: int) -> bool:
    """Tell a casual contact to watch for symptoms (no status change); ``False`` when nobody
    can be told."""
    found = phone_of(session, person_id)
    if found is None:
        return False
    phone, template, params = exposure_notice(found, day, watch_days)
    notifications.queue_sms(session, phone, template, **params)
    return True


def statuses_changed(session: Session, told: Sequence[tuple[str, str, datetime | None]]) -> int:
    """:func:`status_changed` for many ``(person_id, status, until)`` at once; returns how
    many notices were queued."""
    phones = phones_of(session, {person for person, _s, _u in told})
    queued = [
        status_notice(phones[person], status, until)
        for person, status, until in told
        if person in phones
    ]
    notifications.queue_many(session, queued)
    return len(queued)


def exposed_many(session: Session, exposed: Sequence[tuple[str, date, int]]) -> int:
    """:func:`exposed` for many ``(person_id, day, watch_days)`` at once; returns how many
    notices were queued (people nobody can tell are skipped)."""
    phones = phones_of(session, {person for person, _d, _w in exposed})
    queued = [
        exposure_notice(phones[person], day, days)
        for person, day, days in exposed
        if person in phones
    ]
    notifications.queue_many(session, queued)
    return len(queued)
