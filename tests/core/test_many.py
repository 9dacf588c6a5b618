"""``core.db.insert_many`` and ``update_many`` (the live tracing job's writes): the rows read
back as an ORM insert or update would leave them, on both databases, in parts or in one."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from sihat.core import db as core_db
from sihat.core.db import insert_many, update_many
from sihat.identity import service as identity
from sihat.notifications.models import OutboxMessage
from sihat.risk.models import Exposure, RiskStatus
from tests import factories

AT = datetime(2021, 12, 4, 3, 30, 15, 123456, tzinfo=UTC)


def registered(session) -> str:
    """A person's id in the register (exposures and statuses refer to one)."""
    found, _new = identity.get_or_create_person(
        session, factories.identity_of(factories.adult()), actor_type="system", actor_id=None
    )
    return str(found.id)


@pytest.fixture(params=[10_000, 2], ids=["one-statement", "in-parts"])
def part(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr(core_db, "_UNNEST_ROWS", request.param)
    return int(request.param)


def exposure(person_id: str, case: str, **extra: object) -> dict[str, object]:
    return {
        "id": f"x-{case}-{person_id[:8]}",
        "kind": "CASUAL",
        "case_ref": case,
        "person_id": person_id,
        "premise_ref": None,
        "overlap_minutes": 12,
        "exposed_on": date(2021, 12, 4),
        "created_at": AT,
        "outcome": "STATUS",
        **extra,
    }


def test_skips_stored_keys_and_returns_what_it_inserted(session, part: int) -> None:
    people = [registered(session) for _ in range(3)]
    first = [exposure(p, "C1") for p in people[:2]]
    assert sorted(insert_many(session, Exposure, first, returning="id")) == sorted(
        str(r["id"]) for r in first
    )
    again = [exposure(p, "C1", id=f"y-{p[:8]}", premise_ref="P9") for p in people]
    keys = ("case_ref", "person_id", "kind")
    inserted = insert_many(session, Exposure, again, skip_conflicts=keys, returning="id")
    assert inserted == [f"y-{people[2][:8]}"]  # the two stored keys were skipped
    stored = session.scalars(select(Exposure).order_by(Exposure.id)).all()
    assert len(stored) == 3
    by_person = {e.person_id: e for e in stored}
    assert by_person[people[0]].premise_ref is None  # the first row stands
    assert by_person[people[2]].premise_ref == "P9"
    assert by_person[people[2]].created_at == AT  # microseconds and UTC kept
    assert by_person[people[2]].exposed_on == date(2021, 12, 4)
    assert by_person[people[2]].overlap_minutes == 12


def test_a_stored_key_is_refused_without_skip_conflicts(session) -> None:
    person = registered(session)
    insert_many(session, Exposure, [exposure(person, "C1")])
    with pytest.raises(IntegrityError):
        insert_many(session, Exposure, [exposure(person, "C1", id="other")])


def test_fills_defaults_and_encrypts_as_the_orm_does(session, part: int) -> None:
    rows = [
        {  # no id, status, urgent, segments, attempts, language: the model's defaults
            "channel": "sms",
            "recipient": f"+6012000000{n}",
            "recipient_hash": f"hash{n}",
            "template": "risk_status",
            "body": f"Status anda {n} / Your status {n}",
            "created_at": AT,
            "not_before": AT + timedelta(hours=n) if n % 2 else None,
        }
        for n in range(5)
    ]
    insert_many(session, OutboxMessage, rows)
    stored = sorted(session.scalars(select(OutboxMessage)).all(), key=lambda m: m.recipient)
    assert [m.recipient for m in stored] == [r["recipient"] for r in rows]
    assert [m.body for m in stored] == [r["body"] for r in rows]
    assert [m.not_before for m in stored] == [r["not_before"] for r in rows]
    assert len({m.id for m in stored}) == 5
    assert {(m.status, m.urgent, m.segments, m.attempts, m.language) for m in stored} == {
        ("PENDING", False, 1, 0, "ms")
    }
    raw = session.execute(text("SELECT recipient, body FROM outbox")).all()
    assert not any(r.recipient in {row["recipient"] for row in rows} for r in raw)  # encrypted
    assert not any("Status anda" in r.body for r in raw)


def status_row(person_id: str, n: int, current: bool) -> dict[str, object]:
    return {
        "id": f"s{n}",
        "person_id": person_id,
        "status": "CASUAL_CONTACT",
        "reason": "casual_contact",
        "source": "EXPOSURE",
        "source_ref": None,
        "policy_version": "2021-01-01",
        "starts_at": AT,
        "expires_at": AT + timedelta(days=10),
        "created_at": AT,
        "outcome": "APPLIED",
        "is_current": current,
        "ended_at": None,
        "end_reason": None,
    }


def test_update_many_sets_each_row_by_key(session, part: int) -> None:
    people = [registered(session) for _ in range(5)]
    insert_many(session, RiskStatus, [status_row(p, n, True) for n, p in enumerate(people)])
    ended = AT + timedelta(days=10, microseconds=7)
    update_many(
        session,
        RiskStatus,
        [
            {"id": f"s{n}", "is_current": False, "ended_at": ended, "end_reason": "EXPIRED"}
            for n in (0, 2, 4)
        ],
    )
    stored = {r.id: r for r in session.scalars(select(RiskStatus)).all()}
    for n in range(5):
        changed = n % 2 == 0
        assert stored[f"s{n}"].is_current is not changed
        assert stored[f"s{n}"].ended_at == (ended if changed else None)
        assert stored[f"s{n}"].end_reason == ("EXPIRED" if changed else None)
        assert stored[f"s{n}"].outcome == "APPLIED"  # not named: untouched


def test_nothing_to_write_writes_nothing(session) -> None:
    assert insert_many(session, Exposure, [], returning="id") == []
    update_many(session, RiskStatus, [])
    assert session.scalar(select(Exposure.id)) is None
