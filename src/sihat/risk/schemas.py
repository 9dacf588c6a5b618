"""What the MyRisk API answers (Pydantic; never the tables). Nothing here names a case: the
source's reference stays inside the domain."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel

from sihat.risk.models import RiskStatus
from sihat.risk.service import Current
from sihat.risk.statuses import REASONS, SOURCE_TEXT, STATUSES


class RiskOut(BaseModel):
    person_id: str
    full_name: str
    is_self: bool
    status: str
    colour: str
    label_ms: str
    label_en: str
    reason_ms: str
    reason_en: str
    since: datetime | None
    until: datetime | None

    @classmethod
    def of(cls, shown: Current, full_name: str, is_self: bool) -> RiskOut:
        colour, label_ms, label_en = STATUSES[shown.status]
        reason_ms, reason_en = REASONS[shown.reason]
        return cls(
            person_id=shown.person_id,
            full_name=full_name,
            is_self=is_self,
            status=shown.status,
            colour=colour,
            label_ms=label_ms,
            label_en=label_en,
            reason_ms=reason_ms,
            reason_en=reason_en,
            since=shown.since,
            until=shown.until,
        )


class MeOut(BaseModel):
    people: list[RiskOut]


class HistoryOut(BaseModel):
    status: str
    label_ms: str
    label_en: str
    reason_ms: str
    reason_en: str
    source_ms: str
    source_en: str
    starts_at: datetime
    expires_at: datetime
    given_at: datetime
    current: bool
    outcome: str
    ended_at: datetime | None
    end_reason: str | None
    policy_version: str

    @classmethod
    def of(cls, row: RiskStatus) -> HistoryOut:
        _colour, label_ms, label_en = STATUSES[row.status]
        reason_ms, reason_en = REASONS[row.reason]
        source_ms, source_en = SOURCE_TEXT[row.source]
        return cls(
            status=row.status,
            label_ms=label_ms,
            label_en=label_en,
            reason_ms=reason_ms,
            reason_en=reason_en,
            source_ms=source_ms,
            source_en=source_en,
            starts_at=row.starts_at,
            expires_at=row.expires_at,
            given_at=row.created_at,
            current=row.is_current,
            outcome=row.outcome,
            ended_at=row.ended_at,
            end_reason=row.end_reason,
            policy_version=row.policy_version,
        )
