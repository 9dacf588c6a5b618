"""What MyRisk does when the case register announces something (subscribed in
``sihat.bootstrap``; the cases domain is above this one and is never imported)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from sihat.risk import immunity, service
from sihat.risk.models import RiskStatus
from sihat.risk.statuses import CONFIRMED


def on_case_confirmed(
    session: Session,
    *,
    person_id: str,
    case_ref: str,
    sample_at: datetime,
    onset_at: datetime | None,
) -> None:
    """The person is a confirmed case: CONFIRMED from symptom onset (or the sample when there
    were no symptoms). Announced twice, it gives the status once."""
    service.lock_person(session, person_id)  # two announcements at once: still once
    given = session.scalar(
        select(RiskStatus.id).where(
            RiskStatus.person_id == person_id,
            RiskStatus.source == "CASE",
            RiskStatus.source_ref == case_ref,
            RiskStatus.status == CONFIRMED,
            RiskStatus.end_reason.is_distinct_from("RETRACTED"),
        )
    )
    if given is not None:
        return
    starts_at = min(onset_at, sample_at) if onset_at is not None else sample_at
    service.set_status(
        session,
        person_id,
        CONFIRMED,
        source="CASE",
        source_ref=case_ref,
        reason="positive_test",
        starts_at=starts_at,
        fully_vaccinated=person_id in immunity.fully_vaccinated(session, [person_id]),
        symptomatic=onset_at is not None,
    )


def on_case_retracted(session: Session, *, person_id: str, case_ref: str) -> None:
    """The case was retracted: its CONFIRMED status ends (kept in the history) and whatever
    else stands for the person becomes current."""
    service.end_from_source(
        session, person_id, source="CASE", source_ref=case_ref, end_reason="RETRACTED"
    )
