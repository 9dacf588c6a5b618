"""The bulk path of ``record_exposures`` against the one-by-one path (``service.set_status``
per exposure) on the same random input: the same statuses, history, exposures, notices and
counts; a second run of either creates nothing."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from sihat.core import clock
from sihat.identity import service as identity
from sihat.identity.models import Account
from sihat.notifications import service as notifications
from sihat.notifications.models import InboxMessage, OutboxMessage
from sihat.risk import exposures, service
from sihat.risk.exposures import ExposureCounts, ExposureIn, record_exposures
from sihat.risk.models import Exposure, RiskStatus
from sihat.risk.statuses import (
    CASUAL_CONTACT,
    CLOSE_CONTACT,
    CONFIRMED,
    PERSON_UNDER_SURVEILLANCE,
    SUSPECTED,
)
from tests import factories

NOW = datetime(2022, 3, 6, 4, 0, tzinfo=UTC)  # 12:00 in Malaysia, the new policy in force
GIVEN = [  # statuses that stood before the exposures: (status, source, reason)
    (CONFIRMED, "CASE", "positive_test"),
    (SUSPECTED, "ASSESSMENT", "symptoms_reported"),
    (CLOSE_CONTACT, "EXPOSURE", "close_contact"),
    (PERSON_UNDER_SURVEILLANCE, "MANUAL", "travel"),
    (CASUAL_CONTACT, "EXPOSURE", "casual_contact"),
]


def population(session, rng: random.Random) -> list[str]:
    """People who can be told in every way: own account (some in English, with an e-mail or
    a push subscription), a guardian's phone, or nobody; some with standing statuses, some of
    which have expired unnoticed (the expiry job has not run)."""
    accounts = [factories.sign_up(session) for _ in range(6)]
    notifications.set_preferences(
        session, accounts[0].phone, language="en", quiet_hours=True, opted_out=[]
    )
    notifications.set_preferences(
        session,
        accounts[1].phone,
        language="ms",
        quiet_hours=False,
        opted_out=[],
        email="orang@example.my",
    )
    notifications.subscribe_push(
        session, accounts[2].phone, "https://push.example.my/s/1", "p" * 87, "a" * 22
    )
    kids = [
        identity.add_dependent(
            session, accounts[3], factories.identity_of(factories.child()), "CHILD"
        ).person_id
        for _ in range(2)
    ]
    alone = [
        identity.get_or_create_person(
            session,
            factories.identity_of(factories.adult()),
            actor_type="system",
            actor_id=None,
        )[0].id
        for _ in range(2)
    ]
    people = [a.person_id for a in accounts] + kids + alone
    for i, pid in enumerate(people):
        for j in range(rng.randrange(3)):
            status, source, reason = rng.choice(GIVEN)
            at = NOW - timedelta(days=rng.randrange(1, 14), hours=rng.randrange(24))
            with clock.frozen(at):
                service.set_status(
                    session,
                    pid,
                    status,
                    source=source,
                    source_ref=f"before-{i}-{j}",
                    reason=reason,
                    starts_at=at,
                    fully_vaccinated=rng.random() < 0.5,
                    symptomatic=rng.choice([None, False, True]),
                )
    session.flush()
    return people


def exposures_for(people: list[str], rng: random.Random, n: int) -> list[ExposureIn]:
    """Random exposures on both sides of 2022-03-01, some of them repeated."""
    rows = []
    for _ in range(n):
        day = date(2022, 2, 20) + timedelta(days=rng.randrange(15))
        kind = rng.choice(["CASUAL", "CASUAL", "CLOSE", "BLUETOOTH"])
        rows.append(
            ExposureIn(
                kind,
                f"C-{rng.randrange(6)}",
                rng.choice(people),
                day,
                f"P-{rng.randrange(4)}" if kind == "CASUAL" else None,
                rng.randrange(1, 90) if kind == "CASUAL" else None,
            )
        )
    return rows + rng.sample(rows, n // 5)


def snapshot(session, counts: ExposureCounts) -> dict[str, object]:
    """Everything the exposures wrote, with the new rows' random ids replaced by what they
    stand for."""
    keys = {
        e.id: (e.case_ref, e.person_id, e.kind) for e in session.scalars(select(Exposure)).all()
    }
    statuses = sorted(
        (
            r.person_id,
            r.status,
            r.reason,
            r.source,
            str(keys.get(r.source_ref or "", r.source_ref)),
            r.policy_version,
            r.starts_at,
            r.expires_at,
            r.created_at,
            r.outcome,
            r.is_current,
            r.ended_at,
            r.end_reason,
        )
        for r in session.scalars(select(RiskStatus)).all()
    )
    stored = sorted(
        (e.kind, e.case_ref, e.person_id, e.premise_ref, e.overlap_minutes, e.exposed_on, e.outcome)
        for e in session.scalars(select(Exposure)).all()
    )
    outbox = sorted(
        (m.channel, m.recipient, m.template, m.body, m.language, m.urgent, str(m.not_before))
        for m in session.scalars(select(OutboxMessage)).all()
        if m.template.startswith("risk_")
    )
    inbox = sorted(
        (m.owner_hash, m.template, m.body_ms, m.body_en)
        for m in session.scalars(select(InboxMessage)).all()
        if m.template.startswith("risk_")
    )
    return {
        "statuses": statuses,
        "exposures": stored,
        "outbox": outbox,
        "inbox": inbox,
        "counts": (counts.received, counts.created, counts.known, counts.statuses),
        "notified": counts.notified,
        "by_kind": counts.by_kind,
    }


@pytest.mark.parametrize(("seed", "chunk"), [(1, 2000), (2, 7), (3, 1)])
def test_bulk_and_one_by_one_give_the_same_statuses_history_and_notices(
    session, monkeypatch, seed, chunk
) -> None:
    monkeypatch.setattr(exposures, "BULK_CHUNK", chunk)  # people straddle chunks
    rng = random.Random(seed)
    people = population(session, rng)
    rows = exposures_for(people, rng, 40)
    vaccinated = set(rng.sample(people, 4))
    results = {}
    for bulk in (False, True):
        with clock.frozen(NOW), session.begin_nested() as attempt:
            counts = record_exposures(session, rows, fully_vaccinated=vaccinated, bulk=bulk)
            results[bulk] = snapshot(session, counts)
            again = record_exposures(session, rows, fully_vaccinated=vaccinated, bulk=bulk)
            assert (again.created, again.statuses, again.notified) == (0, 0, 0)
            assert snapshot(session, again) | {"counts": 0, "notified": 0, "by_kind": 0} == (
                results[bulk] | {"counts": 0, "notified": 0, "by_kind": 0}
            )
            attempt.rollback()
    assert results[True] == results[False]
    made = results[True]
    assert made["outbox"] and made["statuses"]
    assert {"APPLIED", "IGNORED"} <= {row[9] for row in made["statuses"]}  # type: ignore[attr-defined]
    for row in made["outbox"]:  # type: ignore[attr-defined]
        assert "C-" not in row[3] and "P-" not in row[3]  # never the case, never the premise


def test_one_current_status_per_person_after_the_bulk_path(session) -> None:
    rng = random.Random(9)
    people = population(session, rng)
    with clock.frozen(NOW):
        record_exposures(session, exposures_for(people, rng, 60))
        for pid in people:
            current = session.scalars(
                select(RiskStatus).where(RiskStatus.person_id == pid, RiskStatus.is_current)
            ).all()
            assert len(current) <= 1
            shown = service.current(session, pid)
            assert shown.status == (current[0].status if current else "LOW_RISK")


def test_a_notice_reaches_a_guardian_without_naming_the_dependent(session) -> None:
    guardian = factories.sign_up(session)
    kid = identity.add_dependent(
        session, guardian, factories.identity_of(factories.child()), "CHILD"
    )
    with clock.frozen(NOW):
        record_exposures(
            session,
            [
                ExposureIn("CLOSE", "C-9", kid.person_id, date(2022, 3, 5)),
                ExposureIn("CASUAL", "C-8", kid.person_id, date(2022, 3, 5), "P-1", 20),
            ],
        )
    sent = [
        m.template
        for m in notifications.messages_to(session, guardian.phone)
        if m.template.startswith("risk_")
    ]
    assert sorted(sent) == ["risk_exposure_dependent", "risk_status_dependent"]
    assert session.scalar(select(Account.id).where(Account.person_id == kid.person_id)) is None
