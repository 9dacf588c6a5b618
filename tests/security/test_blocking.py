"""Abusive sources are blocked for a while; security officers block and lift by hand."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient
from sqlalchemy import select

from sihat.core import clock
from sihat.core.trail import AuditEvent
from sihat.security import service
from sihat.security.models import SecurityEvent, SourceBlock
from tests import factories
from tests.exports.conftest import add_staff, bearer

AT = datetime(2021, 10, 28, 3, 0, tzinfo=UTC)


def test_a_scanner_is_blocked_for_a_while(app, session, db, settings) -> None:
    settings.security_block_threshold = 5
    with clock.frozen(AT) as advance:
        scanner = TestClient(app, client=("203.0.113.66", 5555))
        neighbour = TestClient(app, client=("203.0.113.67", 5555))
        for path in ("/admin", "/.git/config", "/wp-login.php", "/backup.sql", "/phpinfo.php"):
            assert scanner.get(path).status_code == 404
        blocked = scanner.get("/api/v1/health")
        assert blocked.status_code == 403 and blocked.json()["code"] == "source_blocked"
        assert scanner.get("/", headers={"accept": "text/html"}).status_code == 403
        assert neighbour.get("/api/v1/health").status_code == 200
        block = session.scalars(select(SourceBlock)).one()
        assert block.source_ip == "203.0.113.66" and block.by_type == "system"
        assert block.until == AT + timedelta(seconds=settings.security_block_seconds)
        service.flush(db)  # refused requests are counted lazily
        refused = session.scalars(
            select(SecurityEvent).where(SecurityEvent.kind == "BLOCKED")
        ).all()
        assert sum(e.count for e in refused) == 2 and all(e.blocked for e in refused)
        assert service.report(session)["blocked_requests"] == 2
        advance(timedelta(seconds=settings.security_block_seconds + 1))
        assert scanner.get("/api/v1/health").status_code == 200


def test_security_officer_blocks_and_lifts_by_hand(client, session) -> None:
    people = factories.staff_personas(session)
    officer = bearer(session, add_staff(session, people, "sec", "SECURITY_OFFICER"))
    auditor = bearer(session, people["auditor"])
    session.commit()
    body = {"source_ip": "198.51.100.99", "minutes": 30, "reason": "credential stuffing"}
    r = client.post("/api/v1/security/blocks", json=body, headers=auditor)
    assert r.status_code == 403
    bad = client.post(
        "/api/v1/security/blocks", json={**body, "source_ip": "nope"}, headers=officer
    )
    assert bad.json()["code"] == "invalid_source_ip"
    assert session.scalars(select(SourceBlock)).all() == []
    made = client.post("/api/v1/security/blocks", json=body, headers=officer)
    assert made.status_code == 201
    listed = client.get("/api/v1/security/blocks", headers=auditor).json()
    assert [b["source_ip"] for b in listed] == ["198.51.100.99"]
    victim = TestClient(client.app, client=("198.51.100.99", 1))
    assert victim.get("/api/v1/health").json()["code"] == "source_blocked"
    assert (
        client.delete(f"/api/v1/security/blocks/{made.json()['id']}", headers=officer).status_code
        == 204
    )
    assert victim.get("/api/v1/health").status_code == 200
    actions = session.scalars(
        select(AuditEvent.action).where(AuditEvent.action.like("security:%"))
    ).all()
    assert actions == ["security:source:blocked", "security:source:unblocked"]
    report = client.get("/api/v1/security/report", headers=auditor).json()
    assert report["sources_blocked"] == 1 and report["sources_blocked_now"] == 0


SCANS = ("/admin", "/.git/config", "/wp-login.php", "/backup.sql", "/phpinfo.php")


def test_behind_one_address_only_the_attacker_is_blocked(app, session, db, settings) -> None:
    """#17 item 8: a vaccination centre's staff share one address (its NAT). One of them
    scanning is blocked for (address, account): the others, and anonymous visitors, are not.
    An anonymous scanner there is blocked as anonymous: the staff's sessions still work."""
    settings.security_block_threshold = 5
    settings.security_block_threshold_account = 5
    people = factories.staff_personas(session)
    session.commit()
    centre = ("203.0.113.10", 5555)
    insider, colleagues = people["desk_a"], [people["vaccinator_a"], people["hotline"]]
    with clock.frozen(AT):
        attacker = TestClient(app, client=centre, headers=bearer(session, insider))
        staff = [TestClient(app, client=centre, headers=bearer(session, c)) for c in colleagues]
        visitor = TestClient(app, client=centre)
        for path in SCANS:
            assert attacker.get(path).status_code == 404
        refused = attacker.get("/api/v1/health")
        assert refused.status_code == 403 and refused.json()["code"] == "source_blocked"
        assert [s.get("/api/v1/health").status_code for s in staff] == [200, 200]
        assert visitor.get("/api/v1/health").status_code == 200
        block = session.scalars(select(SourceBlock)).one()
        assert (block.source_ip, block.account) == ("203.0.113.10", f"staff:{insider.account.id}")
        events = session.scalars(select(SecurityEvent).where(SecurityEvent.kind == "SCAN")).all()
        assert {e.account for e in events} == {f"staff:{insider.account.id}"}

        for path in SCANS:  # now an anonymous scanner behind the same address
            assert visitor.get(path).status_code == 404
        assert visitor.get("/api/v1/health").json()["code"] == "source_blocked"
        assert [s.get("/api/v1/health").status_code for s in staff] == [200, 200]
        anonymous = session.scalars(select(SourceBlock).where(SourceBlock.account == "-")).one()
        assert anonymous.source_ip == "203.0.113.10"
        assert attacker.get("/api/v1/health").status_code == 403  # still blocked


def test_a_block_by_hand_refuses_everyone_at_the_address(app, session, settings) -> None:
    people = factories.staff_personas(session)
    service.block(session, people["admin"].account.id, "203.0.113.11", 30, "by hand")
    session.commit()
    signed_in = TestClient(
        app, client=("203.0.113.11", 1), headers=bearer(session, people["carol"])
    )
    assert signed_in.get("/api/v1/health").json()["code"] == "source_blocked"
