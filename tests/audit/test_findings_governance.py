"""Staff changes, bulk downloads, intrusions, payments (A08-A11) and the outcomes."""

from __future__ import annotations

import statistics
from typing import Any

import pytest

from tests.audit.conftest import exceptions


def _staff(eid: str, **over: Any) -> dict[str, Any]:
    row = {
        "event_id": eid,
        "system": "MYVAS",
        "user_id": "U1",
        "action": "CREATE",
        "occurred_at": "2021-05-01T10:00:00+08:00",
        "performed_by": "ADM1",
        "via": "APP",
        "request_id": "REQ1",
        "approved_by": "APR1",
        "approved_at": "2021-05-01T09:00:00+08:00",
    }
    row.update(over)
    return row


def test_staff_changes_outside_app(audit: Any) -> None:
    events = [
        _staff("OK"),
        _staff("OK_SAME_SECOND", approved_at="2021-05-01T02:00:00Z"),  # = occurred_at
        _staff("SCRIPT", via="SCRIPT", action="TERMINATE"),
        _staff("DB", via="database", action="CANCEL_PPV_USER", request_id="", approved_by="",
               approved_at=""),
        _staff("NO_REQ", request_id="", action="ROLE_CHANGE"),
        _staff("NO_APPROVER", approved_by="", approved_at=""),
        _staff("SELF", approved_by="adm1"),
        _staff("LATE", approved_at="2021-05-01T02:00:01Z"),
    ]  # fmt: skip
    summary = audit({"staff_events": events})
    result = summary["findings"]["staff_changes_outside_app"]
    assert result["events"] == 6
    assert result["by_action"] == {"CANCEL_PPV_USER": 1, "CREATE": 3, "ROLE_CHANGE": 1,
                                   "TERMINATE": 1}  # fmt: skip
    assert result["by_reason"] == {
        "approved_after_change": 1,
        "no_approver": 2,
        "no_request": 2,
        "not_via_app": 2,
        "self_approved": 1,
    }
    reasons = {r["event_id"]: r["reason"] for r in exceptions(summary, "staff_changes_outside_app")}
    assert reasons["DB"] == "not_via_app;no_request;no_approver"
    assert "OK" not in reasons and "OK_SAME_SECOND" not in reasons


def _access(eid: str, user: str, records: int, ip: str = "10.0.0.1", **over: Any) -> dict[str, Any]:
    row = {
        "event_id": eid,
        "user_id": user,
        "role": "OFFICER",
        "action": "DOWNLOAD",
        "record_count": records,
        "source_ip": ip,
        "occurred_at": "2021-10-28T10:00:00+08:00",
        "request_id": "",
    }
    row.update(over)
    return row


def test_bulk_downloads(audit: Any) -> None:
    events = [
        _access("SA1", "SA", 1_500_000, "1.1.1.1", role="SUPER_ADMIN", action="EXPORT"),
        _access("SA2", "SA", 1_500_000, "1.1.1.2", role="SUPER_ADMIN"),
        _access("SA3", "SA", 9_000_000, "1.1.1.3", role="SUPER_ADMIN", action="VIEW"),
        _access("EXACT", "AT_LIMIT", 100_000),
        _access("BELOW", "BELOW", 99_999),
        _access("TWO_IP_1", "TWO_IP", 5_000, "2.2.2.1"),
        _access("TWO_IP_2", "TWO_IP", 5_000, "2.2.2.2"),
        _access("TWO_IP_LOW_1", "TWO_IP_LOW", 5_000, "3.3.3.1"),
        _access("TWO_IP_LOW_2", "TWO_IP_LOW", 4_999, "3.3.3.2"),
        _access("APPROVED", "EXPORTER", 5_000_000, action="EXPORT", request_id="XR-1"),
        _access("VIEWER", "VIEWER", 5_000_000, action="VIEW"),
    ]
    summary = audit({"data_access": events})
    result = summary["findings"]["bulk_downloads"]
    assert result["accounts"] == [
        {"user_id": "SA", "role": "SUPER_ADMIN", "records": 3_000_000, "distinct_ips": 2,
         "events": 2},
        {"user_id": "AT_LIMIT", "role": "OFFICER", "records": 100_000, "distinct_ips": 1,
         "events": 1},
        {"user_id": "TWO_IP", "role": "OFFICER", "records": 10_000, "distinct_ips": 2,
         "events": 2},
    ]  # fmt: skip
    ids = {r["event_id"] for r in exceptions(summary, "bulk_downloads")}
    assert ids == {"SA1", "SA2", "EXACT", "TWO_IP_1", "TWO_IP_2"}
    higher = audit({"data_access": events}, bulk_threshold=200_000)
    assert [a["user_id"] for a in higher["findings"]["bulk_downloads"]["accounts"]] == ["SA"]


def test_intrusion_attempts(audit: Any) -> None:
    events = [
        {"occurred_at": "2021-05-01T10:00:00", "source_ip": "1.1.1.1", "kind": "BRUTE_FORCE",
         "blocked": "true", "count": "1000"},
        {"occurred_at": "2021-05-01T10:00:00", "source_ip": "1.1.1.2", "kind": "xss",
         "blocked": "FALSE", "count": ""},
        {"occurred_at": "2021-05-01T10:00:00", "source_ip": "1.1.1.3", "kind": "BRUTE_FORCE",
         "blocked": "", "count": "20"},
        {"occurred_at": "2021-05-01T10:00:00", "source_ip": "1.1.1.4", "kind": "DOS",
         "blocked": "True", "count": "lots"},
    ]  # fmt: skip
    summary = audit({"security_events": events})
    assert summary["findings"]["intrusion_attempts"] == {
        "attempts": 1022,
        "by_kind": {"BRUTE_FORCE": 1020, "DOS": 1, "XSS": 1},
        "blocked": 1001,
    }
    assert summary["data_quality"]["security_events.csv:count"]["rows"] == 1


def _pay(pid: str, **over: Any) -> dict[str, Any]:
    row = {
        "payment_id": pid,
        "vendor": "V",
        "service": "SMS",
        "contract_ref": "C1",
        "invoice_date": "2021-05-05",
        "amount_myr": "1000.00",
        "verified_by": "VER",
        "verified_at": "2021-05-06T10:00:00+08:00",
        "approved_by": "APP",
        "approved_at": "2021-05-07T10:00:00+08:00",
        "approver_limit_myr": "1000.00",
        "paid_at": "2021-05-08T10:00:00+08:00",
    }
    row.update(over)
    return row


def test_irregular_payments_each_reason(audit: Any) -> None:
    payments = [
        _pay("OK"),
        _pay("OK_EDGES", approved_at="2021-05-06T02:00:00Z", paid_at="2021-05-06T10:00:00+08:00"),
        # Approved 00:30 on the invoice day in Malaysia (UTC: the day before): fine.
        _pay("OK_TZ", invoice_date="2021-05-06", verified_at="2021-05-06T00:10:00+08:00",
             approved_at="2021-05-05T16:30:00Z"),
        _pay("NO_CONTRACT", contract_ref=""),
        _pay("NO_VERIFIER", verified_by="", verified_at=""),
        _pay("NO_APPROVER", approved_by="", approved_at=""),
        _pay("SAME", approved_by="ver"),
        _pay("BEFORE_VERIFY", approved_at="2021-05-06T09:59:59+08:00"),
        _pay("PAID_EARLY", paid_at="2021-05-07T09:00:00+08:00"),
        _pay("BEFORE_INVOICE", invoice_date="2021-05-08", paid_at="2021-05-09T10:00:00"),
        _pay("OVER", amount_myr="1000.01", contract_ref=""),
    ]  # fmt: skip
    summary = audit({"payments": payments})
    result = summary["findings"]["irregular_payments"]
    assert result["payments"] == 8
    assert result["amount_myr"] == pytest.approx(8000.01)
    assert result["by_reason"] == {
        "above_approver_limit": 1,
        "approved_before_invoice": 1,
        "approved_before_verified": 1,
        "approver_is_verifier": 1,
        "no_approver": 1,
        "no_contract": 2,
        "no_verifier": 1,
        "paid_before_approved": 1,
    }
    reasons = {r["payment_id"]: r["reason"] for r in exceptions(summary, "irregular_payments")}
    assert reasons["OVER"] == "no_contract;above_approver_limit"
    assert not {"OK", "OK_EDGES", "OK_TZ"} & set(reasons)


def test_outcomes(audit: Any) -> None:
    days = [
        ("2021-07-01", 100, 10, 3, 1, 500, 50),
        ("2021-07-02", 200, 20, 4, "", 900, 80),
        ("2021-07-03", 300, 40, "", 2, 700, ""),
        ("2021-07-04", 400, 50, 6, 2, 1500, 200),
    ]
    cols = ("date", "checkins", "registered_users_cumulative", "trace_users_cumulative",
            "self_assessment_users_cumulative", "myrisk_views", "new_cases")  # fmt: skip
    summary = audit({"app_metrics": [dict(zip(cols, d, strict=True)) for d in days]})
    outcomes = summary["outcomes"]
    assert outcomes["checkins_total"] == 1000
    assert outcomes["trace_users"] == 6
    assert outcomes["self_assessment_pct"] == 4.0  # 2 of 50
    expected_r = statistics.correlation([500.0, 900.0, 1500.0], [50.0, 80.0, 200.0])
    assert outcomes["myrisk_cases_correlation"] == pytest.approx(expected_r, abs=1e-4)
    assert outcomes["myrisk_cases_days"] == 3
