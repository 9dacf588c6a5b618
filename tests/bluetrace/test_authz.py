"""Upload codes and tokens: only a health officer over the case's district issues a code, only
for a confirmed case; a code is stored as a keyed hash, works once, for 24 hours; wrong guesses
are limited per address; a token works once, for 2 hours; issue and use are audited."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from sihat.bluetrace import authz
from sihat.bluetrace.models import UploadCode
from sihat.bluetrace.schemas import UploadIn
from sihat.bluetrace.uploads import receive
from sihat.core import clock
from sihat.core.errors import Problem
from sihat.core.trail import AuditEvent
from tests.bluetrace.conftest import NOW


def refused(code: str, call, *args, **kwargs) -> None:
    with pytest.raises(Problem) as caught:
        call(*args, **kwargs)
    assert caught.value.code == code


def test_only_an_officer_over_the_district_issues_for_a_confirmed_case(
    session, world, limiter
) -> None:
    with clock.frozen(NOW):
        refused("not_found", authz.issue_code, session, world.crew["health_klang"].account,
                world.case.id)  # fmt: skip
        refused("forbidden", authz.issue_code, session, world.crew["auditor"].account,
                world.case.id)  # fmt: skip
        issued = authz.issue_code(session, world.crew["health_petaling"].account, world.case.id)
        assert len(issued.code) == 6 and set(issued.code) <= set(authz.ALPHABET)
        stored = session.scalar(select(UploadCode).where(UploadCode.id == issued.row.id))
        assert stored.code_hash != issued.code and issued.code not in stored.code_hash
        assert stored.expires_at - stored.issued_at == timedelta(hours=24)
        world.case.status = "RETRACTED"
        refused("trace_case_not_confirmed", authz.issue_code, session,
                world.crew["health_national"].account, world.case.id)  # fmt: skip


def test_a_code_works_once_within_a_day_and_is_audited(session, world, limiter) -> None:
    officer = world.crew["health_petaling"].account
    device = world.case_phone.device
    with clock.frozen(NOW) as advance:
        code = authz.issue_code(session, officer, world.case.id).code
        token, row = authz.exchange(session, device, code.lower(), limiter, "10.0.0.1")
        assert row.expires_at - row.issued_at == timedelta(hours=2)
        refused("trace_code_used", authz.exchange, session, device, code, limiter, "10.0.0.1")
        late = authz.issue_code(session, officer, world.case.id).code
        advance(timedelta(hours=24))
        refused("trace_code_expired", authz.exchange, session, device, late, limiter, "10.0.0.1")
    actions = set(session.scalars(select(AuditEvent.action)))
    assert {"trace:upload_code:issued", "trace:upload_code:used"} <= actions
    assert token


def test_only_the_cases_own_phone_may_use_the_code(session, world, limiter) -> None:
    officer = world.crew["health_petaling"].account
    with clock.frozen(NOW):
        code = authz.issue_code(session, officer, world.case.id).code
        stranger = world.contacts[0].device
        refused("trace_code_other_person", authz.exchange, session, stranger, code, limiter, "ip")
        # Nothing was spent: the case's phone still can.
        assert authz.exchange(session, world.case_phone.device, code, limiter, "ip")[0]


def test_wrong_guesses_are_limited_per_address(session, world, limiter) -> None:
    from sihat.security.sink import SINK

    officer = world.crew["health_petaling"].account
    device = world.case_phone.device
    SINK.clear()
    with clock.frozen(NOW):
        code = authz.issue_code(session, officer, world.case.id).code
        wrong = "AAAAAA" if code != "AAAAAA" else "BBBBBB"
        for _ in range(10):
            refused(
                "trace_code_invalid", authz.exchange, session, device, wrong, limiter, "10.9.9.9"
            )
        # The 11th try from that address is refused even with the right code.
        refused("too_many_attempts", authz.exchange, session, device, code, limiter, "10.9.9.9")
        # Another address is not held back by it; the right code still works there.
        assert authz.exchange(session, device, code, limiter, "10.0.0.2")[0]
    # The intrusion log saw the wrong codes and the refusal, by address.
    events, _rows, _dropped = SINK.drain()
    seen = {(e.kind, e.source_ip, e.target): e.count for e in events}
    assert seen[("AUTH_FAILURE", "10.9.9.9", "trace:upload-code")] == 10
    assert seen[("RATE_LIMIT", "10.9.9.9", "trace:upload-code")] == 1


def test_a_token_works_once_and_for_two_hours(session, world, limiter) -> None:
    officer = world.crew["health_petaling"].account
    device = world.case_phone.device
    with clock.frozen(NOW) as advance:
        first, _ = authz.exchange(
            session, device, authz.issue_code(session, officer, world.case.id).code, limiter, "ip"
        )
        receive(session, UploadIn(token=first, records=[]))
        refused("trace_token_used", receive, session, UploadIn(token=first, records=[]))
        second, _ = authz.exchange(
            session, device, authz.issue_code(session, officer, world.case.id).code, limiter, "ip"
        )
        advance(timedelta(hours=2))
        refused("trace_token_invalid", receive, session, UploadIn(token=second, records=[]))
        refused("trace_token_invalid", receive, session, UploadIn(token="nope", records=[]))
