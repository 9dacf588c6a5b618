"""The delivery worker against a real stand-in gateway process: sent once with the gateway's
id, retried with backoff, dead-lettered, refused, expired, claimed by one worker only, and
never sent twice when a worker is killed mid-send."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from datetime import timedelta

import httpx
from sqlalchemy import select

from sihat.core import clock
from sihat.notifications.models import OutboxMessage
from sihat.notifications.service import owner_of, preference, queue_sms, set_preferences
from sihat.notifications.worker import deliver_due
from tests.notifications import sms
from tests.servers import kill, serve


def queue(database, n: int, template: str = "registration", **params) -> list[str]:
    ids = []
    with database.unit_of_work() as s:
        for i in range(n):
            params = params or {"channel": "WEB"}
            message = sms(queue_sms(s, f"+6019{i:07d}", template, **params))
            ids.append(message.id)
    return ids


def rows(database) -> list[OutboxMessage]:
    with database.unit_of_work() as s:
        return list(s.scalars(select(OutboxMessage).order_by(OutboxMessage.created_at)))


def test_sent_once_with_the_gateways_id(fresh_database, http_sms, gateway) -> None:
    queue(fresh_database, 3)
    assert deliver_due(fresh_database) == {"claimed": 3, "sent": 3}
    sent = rows(fresh_database)
    assert {m.status for m in sent} == {"SENT"}
    assert {m.provider_message_id for m in sent} == {m["message_id"] for m in gateway.messages()}
    assert all(m.attempts == 1 and m.lease_until is None for m in sent)
    assert deliver_due(fresh_database) == {"claimed": 0, "sent": 0}  # nothing sent twice
    assert gateway.stats()["accepted"] == 3


def test_a_form_gateway_with_its_own_field_names(fresh_database, http_sms, gateway) -> None:
    """The generic adapter posts a form with the field names a gateway wants (the stand-in
    reads ``to``/``text``/``reference``; the sender goes as ``from``)."""
    http_sms.sms_gateway_format, http_sms.sms_gateway_sender_field = "form", "from"
    http_sms.sms_sender = "KKM"
    [message_id] = queue(fresh_database, 1)
    assert deliver_due(fresh_database)["sent"] == 1
    [received] = gateway.messages()
    assert received["reference"] == message_id and received["to"] == "+60190000000"


def test_retried_with_backoff_then_sent(fresh_database, http_sms, gateway) -> None:
    gateway.control(fail_next=2)
    queue(fresh_database, 1)
    with clock.frozen(clock.now()) as advance:
        assert deliver_due(fresh_database)["sent"] == 0
        [first] = rows(fresh_database)
        assert (first.status, first.attempts, first.last_error) == (
            "PENDING",
            1,
            "gateway answered 503",
        )
        assert first.not_before is not None
        wait = first.not_before - clock.now()
        assert timedelta(seconds=5) <= wait <= timedelta(seconds=10)  # 10 s, half jittered
        assert deliver_due(fresh_database)["claimed"] == 0  # not due yet
        advance(wait + timedelta(seconds=1))
        deliver_due(fresh_database)
        [second] = rows(fresh_database)
        assert (second.status, second.attempts) == ("PENDING", 2)
        assert second.not_before is not None
        assert timedelta(seconds=10) <= second.not_before - clock.now() <= timedelta(seconds=20)
        advance(timedelta(seconds=21))
        assert deliver_due(fresh_database)["sent"] == 1
    [done] = rows(fresh_database)
    assert (done.status, done.attempts) == ("SENT", 3)
    assert len(gateway.messages()) == 1


def test_dead_letter_after_the_last_attempt(fresh_database, http_sms, gateway) -> None:
    http_sms.notify_max_attempts = 2
    gateway.control(fail_next=10)
    queue(fresh_database, 1)
    with clock.frozen(clock.now()) as advance:
        deliver_due(fresh_database)
        advance(timedelta(hours=1))
        deliver_due(fresh_database)
        advance(timedelta(hours=1))
        assert deliver_due(fresh_database)["claimed"] == 0
    [dead] = rows(fresh_database)
    assert (dead.status, dead.attempts, dead.last_error) == ("DEAD", 2, "gateway answered 503")
    assert gateway.messages() == []


def test_a_refused_number_fails_at_once(fresh_database, http_sms, gateway) -> None:
    gateway.control(reject_next=1)
    queue(fresh_database, 1)
    deliver_due(fresh_database)
    [failed] = rows(fresh_database)
    assert failed.status == "FAILED" and failed.attempts == 1
    assert (failed.last_error or "").startswith("gateway refused: 400")


def test_an_otp_older_than_its_validity_is_expired_not_sent(
    fresh_database, http_sms, gateway
) -> None:
    http_sms.otp_ttl_seconds = 300
    with clock.frozen(clock.now()) as advance:
        queue(fresh_database, 1, "otp", code="123456", minutes=5)
        queue(fresh_database, 1, "registration", channel="WEB")
        advance(timedelta(seconds=301))
        assert deliver_due(fresh_database) == {"claimed": 1, "sent": 1}
    by_template = {m.template: m for m in rows(fresh_database)}
    assert by_template["otp"].status == "EXPIRED" and by_template["otp"].attempts == 0
    assert by_template["registration"].status == "SENT"
    assert [m["text"] for m in gateway.messages()] == [by_template["registration"].body]


def test_two_workers_never_claim_one_message(fresh_database, http_sms, gateway) -> None:
    http_sms.notify_batch = 5
    queue(fresh_database, 40)
    barrier = threading.Barrier(2)
    totals: list[dict[str, int]] = []

    def work(name: str) -> None:
        barrier.wait()
        totals.append(deliver_due(fresh_database, worker=name))

    threads = [threading.Thread(target=work, args=(f"w{i}",)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(t["sent"] for t in totals) == 40
    assert gateway.stats() == {"requests": 40, "accepted": 40, "duplicates": 0}
    assert {m.status for m in rows(fresh_database)} == {"SENT"}


def test_no_double_send_when_a_worker_dies_mid_send(fresh_database, http_sms, gateway) -> None:
    [message_id] = queue(fresh_database, 1)
    gateway.control(hold=True)  # the gateway takes the message and holds its answer
    env = {
        **os.environ,
        "SIHAT_DATABASE_URL": fresh_database.engine.url.render_as_string(hide_password=False),
        "SIHAT_SMS_PROVIDER": "http",
        "SIHAT_SMS_GATEWAY_URL": http_sms.sms_gateway_url,
        "SIHAT_LOG_LEVEL": "WARNING",
    }
    worker = subprocess.Popen(
        [sys.executable, "-m", "sihat", "notify", "deliver"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 30
        while not gateway.messages() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(gateway.messages()) == 1  # the handset has it; the worker has no answer yet
    finally:
        kill(worker)  # SIGKILL: no chance to record anything
    gateway.control(hold=False)
    [claimed] = rows(fresh_database)
    assert (claimed.status, claimed.attempts) == ("SENDING", 1)
    assert claimed.provider_message_id is None
    assert deliver_due(fresh_database)["claimed"] == 0  # its lease still holds
    assert claimed.lease_until is not None
    with clock.frozen(claimed.lease_until + timedelta(seconds=1)):
        assert deliver_due(fresh_database) == {"claimed": 1, "sent": 1}
    [done] = rows(fresh_database)
    first = gateway.messages()
    assert len(first) == 1 and first[0]["reference"] == message_id
    assert (done.status, done.attempts) == ("SENT", 2)
    assert done.provider_message_id == first[0]["message_id"]
    assert gateway.stats()["duplicates"] == 1


def test_the_server_delivers_in_the_background(fresh_database, http_sms, gateway) -> None:
    """``sihat serve`` runs the delivery job on its own short interval: a code asked for
    through the API reaches the gateway with nobody running a command."""
    url = fresh_database.engine.url.render_as_string(hide_password=False)
    proc, base = serve(
        url,
        env={
            "SIHAT_SMS_PROVIDER": "http",
            "SIHAT_SMS_GATEWAY_URL": http_sms.sms_gateway_url,
            "SIHAT_NOTIFY_EVERY_SECONDS": "0.2",
        },
    )
    try:
        asked = httpx.post(f"{base}/api/v1/accounts/otp", json={"phone": "+60191230000"})
        assert asked.status_code == 201
        deadline = time.monotonic() + 30
        while not gateway.messages() and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        kill(proc)
    [received] = gateway.messages()
    assert received["to"] == "+60191230000" and "kod anda" in received["text"]


def test_a_channel_without_a_provider_is_retried_not_stuck(fresh_database, settings) -> None:
    settings.email_provider, settings.notify_quiet_hours = "carrier-pigeon", (0, 0)
    with fresh_database.unit_of_work() as s:
        set_preferences(s, "+60191239999", language="ms", quiet_hours=True, opted_out=[])
        s.flush()
        pref = preference(s, owner_of("+60191239999"))
        assert pref is not None
        pref.email = "siti@example.my"
        queue_sms(s, "+60191239999", "registration", channel="WEB")
    deliver_due(fresh_database)
    by_channel = {m.channel: m for m in rows(fresh_database)}
    assert by_channel["sms"].status == "SENT"  # the demo provider
    email = by_channel["email"]
    assert (email.status, email.attempts, email.lease_until) == ("PENDING", 1, None)
    assert email.last_error is not None and "carrier-pigeon" in email.last_error
