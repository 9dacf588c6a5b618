"""Devices and TempID batches: 100 TempIDs of 15 minutes (the first a minute early), refresh
in 12 hours, with the active key; a revoked device gets none; two batches of one device share
no bytes beyond chance; the API in OpenTrace's shapes; MySJ Trace users counted and carried by
the live audit's ``trace_users_cumulative``."""

from __future__ import annotations

import base64
from datetime import timedelta

import pytest

from sihat.bluetrace import devices, keys, tempid
from sihat.core import clock
from sihat.core.errors import Problem
from tests.bluetrace.conftest import phone
from tests.risk.test_api import login


def test_a_batch_is_laid_out_as_the_spec_says(session, trace_settings) -> None:
    p = phone(session)
    assert len(base64.b64decode(p.device.uid)) == 21 and len(p.device.pin) == 6
    now = clock.now()
    with clock.frozen(now):
        batch = devices.tempids(session, p.account, p.device.uid, trace_settings)
    assert len(batch.tempids) == 100
    first = int(now.timestamp()) - 60
    assert batch.tempids[0][1] == first
    for i, (text, start, expiry) in enumerate(batch.tempids):
        assert (start, expiry) == (first + 900 * i, first + 900 * (i + 1))
        found = tempid.decode(keys.active_key(trace_settings).secret, text)
        assert (found.uid, found.start, found.expiry) == (p.device.uid, start, expiry)
    assert batch.refresh_time == int((now + timedelta(hours=12)).timestamp())
    assert p.device.last_fetch_at is not None


def test_two_batches_of_one_device_share_no_bytes_beyond_chance(session, trace_settings) -> None:
    p = phone(session)
    one = devices.tempids(session, p.account, p.device.uid, trace_settings)
    two = devices.tempids(session, p.account, p.device.uid, trace_settings)
    a = [base64.b64decode(t) for t, _, _ in one.tempids]
    b = [base64.b64decode(t) for t, _, _ in two.tempids]
    assert not set(a) & set(b)
    # Same positions of the same time slot: equal bytes no more than chance (1/256 each).
    equal = sum(x == y for s, t in zip(a, b, strict=True) for x, y in zip(s, t, strict=True))
    total = sum(len(s) for s in a)
    assert equal < total / 256 * 2  # expected ~24 of 6100; a shared UID would give 2100+
    # No TempID contains the UID or the PIN in any form the phone could see.
    for text, _, _ in one.tempids:
        assert p.device.uid not in text and p.device.uid[:6] not in text


def test_a_revoked_device_gets_no_tempids_and_others_devices_are_not_found(
    session, trace_settings
) -> None:
    p, other = phone(session), phone(session)
    with pytest.raises(Problem) as refused:
        devices.tempids(session, other.account, p.device.uid, trace_settings)
    assert refused.value.code == "trace_device_not_found"
    devices.revoke(session, p.account, p.device.uid)
    devices.revoke(session, p.account, p.device.uid)  # idempotent
    with pytest.raises(Problem) as refused:
        devices.tempids(session, p.account, p.device.uid, trace_settings)
    assert refused.value.code == "trace_device_revoked"


def test_active_users_and_cumulative_accounts(session, trace_settings) -> None:
    from sihat.audit_live.sources_governance import app_metrics
    from sihat.checkins.models import CheckInAggregate

    before = devices.active_users(session)
    day = clock.today_my() - timedelta(days=3)
    with clock.frozen(clock.now() - timedelta(days=3)):
        a, b = phone(session), phone(session)
        devices.register(session, a.account)  # a second phone: the same account
        devices.tempids(session, a.account, a.device.uid, trace_settings)
    devices.tempids(session, b.account, b.device.uid, trace_settings)
    devices.revoke(session, a.account, a.device.uid)  # revoked: not active, still "ever"
    assert devices.active_users(session) == before + 1
    with clock.frozen(clock.now() + timedelta(days=15)):
        assert devices.active_users(session) == before  # b fetched 15 days ago
    session.add(
        CheckInAggregate(
            day=day, state="", bucket=-1, checkins=1, unique_ind=1, unique_loc=1,
            computed_at=clock.now(),
        )
    )  # fmt: skip
    session.flush()
    (row,) = [r for r in app_metrics(session) if r["date"] == day]
    assert row["trace_users_cumulative"] == len(devices.first_enabled_days(session))
    assert row["trace_users_cumulative"] >= 2


def test_the_api_in_opentraces_shapes(client, session) -> None:
    account, headers = login(client, session)
    made = client.post("/api/v1/trace/devices", headers=headers)
    assert made.status_code == 201
    uid, pin = made.json()["uid"], made.json()["pin"]
    got = client.get("/api/v1/trace/tempids", params={"uid": uid}, headers=headers)
    assert got.status_code == 200
    body = got.json()
    assert body["status"] == "SUCCESS" and len(body["tempIDs"]) == 100
    assert set(body["tempIDs"][0]) == {"tempID", "startTime", "expiryTime"}
    assert body["refreshTime"] - body["tempIDs"][0]["startTime"] == 12 * 3600 + 60
    assert client.get(
        "/api/v1/trace/handshake-pin", params={"uid": uid}, headers=headers
    ).json() == {"pin": pin}
    assert client.get("/api/v1/trace/tempids", params={"uid": uid}).status_code == 401
    _stranger, theirs = login(client, session)
    refused = client.get("/api/v1/trace/tempids", params={"uid": uid}, headers=theirs)
    assert refused.status_code == 404 and refused.json()["code"] == "trace_device_not_found"
    assert refused.json()["detail_ms"] and refused.json()["detail_en"]
    assert (
        client.delete("/api/v1/trace/devices", params={"uid": uid}, headers=headers).status_code
        == 204
    )
    gone = client.get("/api/v1/trace/tempids", params={"uid": uid}, headers=headers)
    assert gone.status_code == 410 and gone.json()["code"] == "trace_device_revoked"
    assert account.id
