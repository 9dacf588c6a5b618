"""Uploads: each record classified (valid, no_msg, expired_id, failed_decryption, foreign org);
the close-contact rule at its boundaries (15 minutes, 2 metres, the infectious window); close
contacts go to the officer, then to MyRisk as CLOSE_CONTACT with a notice, or at once under an
automatic policy; an upload processed twice, or the same records uploaded again, creates
nothing twice; the raw upload is sealed and purged after 21 days; officers see only their own
district's contacts; no identity in the logs."""

from __future__ import annotations

import base64
import dataclasses
import logging
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select, text

from sihat.bluetrace import authz, contacts, policy, rule, uploads
from sihat.bluetrace.classify import Seen
from sihat.bluetrace.models import TraceContact, TraceUpload
from sihat.bluetrace.schemas import UploadIn
from sihat.core import clock
from sihat.core.errors import Problem
from sihat.notifications.models import OutboxMessage
from sihat.risk import service as risk
from sihat.risk.models import Exposure
from tests.bluetrace.conftest import MET, NOW, World, active_secret, seen

PETALING = "health_petaling"


def upload(session, world: World, records, limiter, **kw) -> TraceUpload:
    officer = world.crew[PETALING].account
    code = authz.issue_code(session, officer, world.case.id).code
    token, _ = authz.exchange(session, world.case_phone.device, code, limiter, "10.1.1.1")
    return uploads.receive(session, UploadIn(token=token, records=records), **kw)


def test_records_are_classified(session, world, limiter) -> None:
    key = active_secret()
    uid = world.contacts[0].device.uid
    good = seen(key, uid, MET, 2)
    expired = dict(good[0], timestamp=int(str(good[0]["timestamp"])) + 3600)  # TempID over
    raw = bytearray(base64.b64decode(str(good[0]["msg"])))
    raw[0] ^= 0xFF
    tampered = dict(good[0], msg=base64.b64encode(bytes(raw)).decode())
    other_key = dict(good[0], msg=seen(b"\x07" * 32, uid, MET, 1)[0]["msg"])
    records = [
        *good,
        dict(good[0], msg=None),
        dict(good[0], msg=""),
        expired,
        tampered,
        other_key,
        dict(good[0], msg="not a tempid"),
        dict(good[0], org="SG_MOH"),
    ]
    with clock.frozen(NOW):
        done = upload(session, world, records, limiter)
    assert (done.records, done.valid, done.no_msg, done.expired_id) == (9, 2, 2, 1)
    assert (done.failed_decryption, done.foreign_org) == (3, 1)


@pytest.mark.parametrize(
    ("minutes", "metres", "close"),
    [(15, 2.0, True), (14, 2.0, False), (15, 2.01, False), (60, 0.5, True)],
)
def test_the_rule_at_its_boundaries(minutes, metres, close) -> None:
    p = policy.load()
    start = datetime(2026, 11, 17, 2, 0, tzinfo=UTC)
    window = (start, start + timedelta(days=2))
    marks = [Seen("U", int(start.timestamp()) + 60 * i + 5, metres) for i in range(minutes)]
    marks += [Seen("U", int(start.timestamp()) + 30, metres)]  # a second look, same minute
    found = rule.minutes_by_uid(marks, window, p)
    assert bool(found and found[0].close(p)) is close
    if metres <= p.close_contact_metres:
        assert found[0].minutes == minutes  # the second look in one minute adds nothing
    else:
        assert found == []  # too far: no close minute at all


def test_minutes_are_counted_per_day_and_only_inside_the_window() -> None:
    p = policy.load()
    start = datetime(2026, 11, 17, 15, 50, tzinfo=UTC)  # 23:50 in Malaysia
    marks = [Seen("U", int(start.timestamp()) + 60 * i, 1.0) for i in range(20)]
    (found,) = rule.minutes_by_uid(marks, (start, start + timedelta(days=1)), p)
    assert found.minutes == 10  # 10 before midnight, 10 after: neither day reaches 15
    late = (start + timedelta(minutes=6), start + timedelta(days=1))
    assert rule.minutes_by_uid(marks, late, p)[0].minutes == 10
    assert rule.minutes_by_uid(marks, (start - timedelta(days=2), start), p) == []


def test_calibration_corrects_the_distance() -> None:
    p = policy.load()
    assert p.distance(-60, None, None) == pytest.approx(1.0)
    assert p.distance(-66.0206, "unknown", "unknown") == pytest.approx(2.0, rel=1e-4)
    # A Redmi Note 8 receives 6 dB low: the same RSSI means a nearer phone.
    assert p.distance(-66, "Redmi Note 8", None) < p.distance(-66, None, None)
    for model in ("Pixel 4", "SM-G975F", None):
        assert p.distance(p.rssi_for(1.7, model, "Pixel 4"), model, "Pixel 4") == pytest.approx(1.7)


def test_close_contacts_wait_for_the_officer_then_go_to_myrisk(session, world, limiter) -> None:
    key = active_secret()
    near, short, far = world.contacts
    records = [
        *seen(key, near.device.uid, MET, 20, rssi=-64),
        *seen(key, short.device.uid, MET, 14, rssi=-60),
        *seen(key, far.device.uid, MET, 30, rssi=-70),
        *seen(key, world.case_phone.device.uid, MET, 30),  # the case's own other phone
    ]
    with clock.frozen(NOW):
        done = upload(session, world, records, limiter)
        assert done.contacts == 1
        (row,) = session.scalars(select(TraceContact).where(TraceContact.case_id == world.case.id))
        assert (row.person_id, row.minutes, row.status) == (near.person.id, 20, "PENDING")
        assert risk.current(session, near.person.id).status == "LOW_RISK"
        # Another district's officer cannot see or decide it.
        klang = world.crew["health_klang"].account
        with pytest.raises(Problem) as caught:
            contacts.confirm(session, klang, row.id)
        assert caught.value.code == "not_found"
        with pytest.raises(Problem):
            contacts.contacts_of_case(session, klang, world.case.id)
        contacts.confirm(session, world.crew[PETALING].account, row.id)
        with pytest.raises(Problem) as caught:
            contacts.dismiss(session, world.crew[PETALING].account, row.id)
        assert caught.value.code == "trace_contact_not_pending"
        status = risk.current(session, near.person.id)
        assert status.status == "CLOSE_CONTACT"
    exposure = session.scalar(select(Exposure).where(Exposure.person_id == near.person.id))
    assert (exposure.kind, exposure.overlap_minutes) == ("BLUETOOTH", 20)
    notices = session.scalar(select(func.count(OutboxMessage.id)))
    assert notices and notices >= 1


def test_an_upload_processed_twice_creates_nothing_twice(session, world, limiter) -> None:
    automatic = dataclasses.replace(policy.load(), confirmation="automatic")
    key = active_secret()
    near = world.contacts[0]
    records = seen(key, near.device.uid, MET, 16)
    with clock.frozen(NOW):
        first = upload(session, world, records, limiter, policy=automatic)
        assert first.contacts == 1
        assert risk.current(session, near.person.id).status == "CLOSE_CONTACT"
        counted = (
            session.scalar(select(func.count(TraceContact.id))),
            session.scalar(select(func.count(Exposure.id))),
            session.scalar(select(func.count(OutboxMessage.id))),
        )
        uploads.reprocess(session, first.id, policy=automatic)
        again = upload(session, world, records, limiter, policy=automatic)  # a new code
        assert again.contacts == 0 and again.valid == 16
        assert first.digest == again.digest
        assert counted == (
            session.scalar(select(func.count(TraceContact.id))),
            session.scalar(select(func.count(Exposure.id))),
            session.scalar(select(func.count(OutboxMessage.id))),
        )


def test_the_raw_upload_is_sealed_and_purged_after_21_days(session, world, limiter) -> None:
    key = active_secret()
    records = seen(key, world.contacts[0].device.uid, MET, 2)
    with clock.frozen(NOW) as advance:
        done = upload(session, world, records, limiter)
        stored = session.execute(
            text("SELECT archive FROM trace_uploads WHERE id = :id"), {"id": done.id}
        ).scalar_one()
        assert stored.startswith("v1.") and str(records[0]["msg"]) not in stored
        assert done.archive_until - done.received_at == timedelta(days=21)
        advance(timedelta(days=20))
        assert uploads.purge_archives(session) == 0
        advance(timedelta(days=1))
        assert uploads.purge_archives(session) == 1
        session.refresh(done)
        assert done.archive is None and done.valid == 2
        with pytest.raises(Problem):
            uploads.reprocess(session, done.id)


def test_too_many_records_are_refused(session, world, limiter, trace_settings) -> None:
    small = trace_settings.model_copy(update={"max_records": 3})
    records = seen(active_secret(), world.contacts[0].device.uid, MET, 4)
    with clock.frozen(NOW), pytest.raises(Problem) as caught:
        upload(session, world, records, limiter, settings=small)
    assert caught.value.code == "trace_too_many_records"


def test_no_identity_reaches_the_logs(session, world, limiter, caplog, capsys) -> None:
    key = active_secret()
    records = seen(key, world.contacts[0].device.uid, MET, 16)
    with caplog.at_level(logging.DEBUG), clock.frozen(NOW):
        upload(session, world, records, limiter)
        with pytest.raises(Problem):
            authz.exchange(session, world.case_phone.device, "ZZZZZZ", limiter, "10.2.2.2")
    logged = caplog.text + capsys.readouterr().err
    people = [world.case_phone, *world.contacts]
    for p in people:
        for secret in (p.person.id_number, p.person.full_name, p.account.phone, p.device.uid):
            assert secret not in logged
        assert p.device.pin not in logged or len(p.device.pin) < 6


def test_the_reprocess_command_exits_0_or_2(fresh_database, monkeypatch) -> None:
    from typer.testing import CliRunner

    from sihat.bluetrace.cli import trace_app
    from sihat.core.ratelimit import Limiter
    from sihat.core.settings import get_settings
    from tests.bluetrace.conftest import make_world

    monkeypatch.setenv(
        "SIHAT_DATABASE_URL", fresh_database.engine.url.render_as_string(hide_password=False)
    )
    get_settings.cache_clear()
    try:
        with clock.frozen(NOW), fresh_database.unit_of_work() as s:
            world = make_world(s, contacts=1)
            records = seen(active_secret(), world.contacts[0].device.uid, MET, 16)
            done = upload(s, world, records, Limiter())
            upload_id = done.id
        runner = CliRunner()
        with clock.frozen(NOW):
            again = runner.invoke(trace_app, ["reprocess", upload_id, "--json"])
        assert again.exit_code == 0, again.output
        assert '"valid": 16' in again.stdout and '"contacts": 1' in again.stdout
        with fresh_database.unit_of_work() as s:
            assert s.scalar(select(func.count(TraceContact.id))) == 1
        users = runner.invoke(trace_app, ["users", "--json"])
        assert users.exit_code == 0 and '"accounts_ever": 2' in users.stdout
        missing = runner.invoke(trace_app, ["reprocess", "no-such-upload", "--json"])
        assert missing.exit_code == 2 and "not_found" in missing.stdout
    finally:
        get_settings.cache_clear()
