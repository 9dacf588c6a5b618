"""The audit log is hash-chained and checkpointed: every tampering is detected and named."""

from __future__ import annotations

import copy
import itertools
import json
import random
from types import SimpleNamespace

import pytest
from sqlalchemy import select, text

from sihat.core import trail
from sihat.core.trail import AuditEvent
from sihat.governance import auditlog
from tests import factories


@pytest.fixture
def checkpoint_dir(tmp_path, settings, monkeypatch):
    settings.audit_checkpoint_dir = tmp_path / "checkpoints"
    settings.audit_signing_key = tmp_path / "keys" / "audit.pem"
    return settings.audit_checkpoint_dir


def make_events(session, n: int) -> None:
    for i in range(n):
        trail.record(session, "test:thing:done", actor_type="system", target_id=i, n=i)
        if i % 7 == 6:
            session.commit()
    session.commit()


def snapshot(session) -> list[SimpleNamespace]:
    rows = session.scalars(select(AuditEvent).order_by(AuditEvent.seq)).all()
    return [
        SimpleNamespace(
            **{
                c: getattr(r, c)
                for c in (
                    "id",
                    "seq",
                    "occurred_at",
                    "action",
                    "actor_type",
                    "actor_id",
                    "target_type",
                    "target_id",
                    "ip",
                    "user_agent",
                    "request_id",
                    "channel",
                    "details",
                    "prev_hash",
                    "chain_hash",
                )
            }
        )
        for r in rows
    ]


def test_events_are_chained_in_commit_order(session, checkpoint_dir) -> None:
    make_events(session, 20)
    events = snapshot(session)
    assert [e.seq for e in events] == list(range(1, 21))
    assert events[0].prev_hash == trail.GENESIS
    assert all(b.prev_hash == a.chain_hash for a, b in itertools.pairwise(events))
    assert auditlog.verify_database(session).ok


def tamper(events: list[SimpleNamespace], rng: random.Random, kind: str) -> list[SimpleNamespace]:
    out = copy.deepcopy(events)
    i = rng.randrange(1, len(out) - 1)
    if kind == "edit":
        field = rng.choice(["action", "actor_id", "target_id", "details", "occurred_at", "ip"])
        value = getattr(out[i], field)
        if field == "details":
            out[i].details = {**value, "n": -1}
        elif field == "occurred_at":
            out[i].occurred_at = value.replace(microsecond=(value.microsecond + 1) % 10**6)
        else:
            out[i].__dict__[field] = f"{value}x"
    elif kind == "insert":
        forged = copy.deepcopy(out[i])
        forged.id, forged.seq = 10**6, None
        out.insert(i, forged)
    elif kind == "delete":
        del out[i]
    elif kind == "reorder":
        out[i].seq, out[i + 1].seq = out[i + 1].seq, out[i].seq
        out.sort(key=lambda e: e.seq)
    elif kind == "truncate":
        out = out[: rng.randrange(1, len(out) - 5)]
    elif kind == "recompute":
        out[i].action = "test:thing:forged"
        prev = out[i].prev_hash
        for e in out[i:]:
            e.prev_hash = prev
            e.chain_hash = prev = trail.link(prev, e, key=b"attacker-guess")
    return out


def test_a_hundred_random_tamperings_are_all_detected(session, checkpoint_dir) -> None:
    make_events(session, 40)
    auditlog.write_checkpoint(session)
    checkpoints, forged = auditlog.load_checkpoints()
    assert len(checkpoints) == 1 and not forged
    events = snapshot(session)
    assert auditlog.verify_events(events, checkpoints).ok
    rng = random.Random(2021)
    kinds = ["edit", "insert", "delete", "reorder", "truncate", "recompute"]
    for n in range(100):
        kind = kinds[n % len(kinds)]
        report = auditlog.verify_events(tamper(events, rng, kind), checkpoints)
        assert not report.ok, kind
        assert report.reason


def test_edit_in_the_database_is_named_and_cli_exits_1(session, db, checkpoint_dir) -> None:
    make_events(session, 10)
    victim = session.scalar(select(AuditEvent).where(AuditEvent.seq == 4))
    db.connection.execute(
        text("UPDATE audit_events SET actor_id = 'mallory' WHERE id = :i"), {"i": victim.id}
    )
    session.expire_all()
    report = auditlog.verify_database(session)
    assert not report.ok and report.first_bad_seq == 4 and report.first_bad_id == victim.id


def test_forged_checkpoint_and_cut_log_are_detected(session, db, checkpoint_dir) -> None:
    make_events(session, 12)
    made = auditlog.write_checkpoint(session)
    assert made is not None
    path = next(checkpoint_dir.glob("*.json"))
    bad = {**made, "chain_hash": "f" * 64}
    (checkpoint_dir / "checkpoint-999999999999.json").write_text(json.dumps(bad))
    report = auditlog.verify_database(session)
    assert not report.ok and "bad signature" in report.problems[-1]
    (checkpoint_dir / "checkpoint-999999999999.json").unlink()
    db.connection.execute(text("DELETE FROM audit_events WHERE seq > 9"))
    session.expire_all()
    report = auditlog.verify_database(session)
    assert not report.ok and "cut below signed checkpoint" in (report.reason or "")
    assert path.exists()


def test_staff_actions_are_in_the_chain(session, checkpoint_dir) -> None:
    factories.staff_personas(session)
    session.commit()
    actions = set(session.scalars(select(AuditEvent.action)))
    assert {
        "staff:account:bootstrapped",
        "governance:request:made",
        "governance:request:approved",
        "staff:account:created",
        "staff:account:activated",
    } <= actions
    assert auditlog.verify_database(session).ok


def test_a_rolled_back_savepoint_keeps_the_rest_of_the_transaction_chained(
    fresh_database, checkpoint_dir
) -> None:
    from sqlalchemy.exc import IntegrityError

    from sihat.governance.scan import scan

    with fresh_database.unit_of_work() as s:
        factories.staff_personas(s)
    with fresh_database.unit_of_work() as s:
        trail.record(s, "test:before:savepoint", actor_type="system")
        with pytest.raises(IntegrityError), s.begin_nested():
            trail.record(s, "test:inside:savepoint", actor_type="system")
            s.execute(text("INSERT INTO staff_accounts (id) VALUES (NULL)"))
        trail.record(s, "test:after:savepoint", actor_type="system")
        s.execute(
            text("UPDATE staff_accounts SET full_name = 'Renamed' WHERE username = 'hotline'")
        )
    with fresh_database.unit_of_work() as s:
        actions = s.scalars(
            select(AuditEvent.action)
            .where(AuditEvent.action.like("test:%"))
            .order_by(AuditEvent.seq)
        ).all()
        assert actions == ["test:before:savepoint", "test:after:savepoint"]
        assert auditlog.verify_database(s).ok
        result = scan(s)
        assert result.clean, result.flagged


def test_checkpoints_of_another_database_in_the_same_folder_are_not_applied(
    session, fresh_database, checkpoint_dir
) -> None:
    with fresh_database.unit_of_work() as other:
        make_events(other, 30)
        auditlog.write_checkpoint(other)
    make_events(session, 5)
    assert auditlog.verify_database(session).ok
    with fresh_database.unit_of_work() as other:
        report = auditlog.verify_database(other)
        assert report.ok and report.checkpoints == 1
