"""Helpers for the MyRisk tests: people with accounts, and times on either side of the
2022-03-01 policy change (Malaysia time)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sihat.notifications.models import OutboxMessage
from sihat.notifications.service import messages_to
from sihat.risk.models import RiskStatus

BEFORE = datetime(2022, 2, 10, 2, 0, tzinfo=UTC)  # 10:00 in Malaysia, old policy
AFTER = datetime(2022, 3, 10, 2, 0, tzinfo=UTC)  # new policy


def rows_of(session: Session, person_id: str) -> list[RiskStatus]:
    return list(
        session.scalars(
            select(RiskStatus)
            .where(RiskStatus.person_id == person_id)
            .order_by(RiskStatus.created_at, RiskStatus.starts_at)
        )
    )


def currents(session: Session, person_id: str) -> int:
    return int(
        session.scalar(
            select(func.count())
            .select_from(RiskStatus)
            .where(RiskStatus.person_id == person_id, RiskStatus.is_current)
        )
        or 0
    )


def notices(session: Session, phone: str) -> list[OutboxMessage]:
    return [m for m in messages_to(session, phone) if m.template.startswith("risk_")]
