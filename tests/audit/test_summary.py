"""One headline per finding (``sihat.audit.summary``), in the audit's own units, the same in
``summary.json``, the report and the run's result."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sihat.audit.findings import load_findings
from sihat.audit.summary import HEADLINES, AuditSummary
from tests.audit.conftest import account, dose


def test_every_finding_has_one_headline_in_test_order() -> None:
    assert list(HEADLINES) == [f.key for f in load_findings()]


def test_headlines_count_individuals_and_records(audit: Any) -> None:
    accounts = [account(f"A{i}", "850101145678") for i in range(3)]
    accounts += [account(f"B{i}", "900202101111") for i in range(2)]
    access = [
        {"event_id": f"E{i}", "user_id": "SA", "role": "SUPER_ADMIN", "action": "EXPORT",
         "record_count": 60_000, "source_ip": f"10.0.0.{i}",
         "occurred_at": "2021-10-28T10:00:00+08:00", "request_id": ""}
        for i in range(2)
    ]  # fmt: skip
    doses = [dose(f"V{a['mysj_id']}", mysj_id=a["mysj_id"]) for a in accounts]
    summary = audit({"accounts": accounts, "vaccinations": doses, "data_access": access})
    headlines = summary["headlines"]
    assert headlines["duplicate_accounts"] == {
        "count": 2,
        "unit": "individuals",
        "of": "individuals",
    }
    assert headlines["bulk_downloads"]["count"] == 120_000  # records, not the one account
    assert headlines["irregular_payments"]["count"] is None  # payments.csv absent: not run
    assert AuditSummary.from_summary(summary).counts() == {
        k: h["count"] for k, h in headlines.items()
    }
    html = (Path(summary["_out"]) / "report.html").read_text(encoding="utf-8")
    assert 'data-key="duplicate_accounts" data-count="2"' in html
    assert 'data-key="bulk_downloads" data-count="120000"' in html
    assert 'data-key="irregular_payments"' not in html  # not run: no headline, never 0
    assert summary["run"]["result"] == "findings" and summary["_exit"] == 1


def test_a_stored_run_reads_back_the_same_summary() -> None:
    counts = {"duplicate_accounts": 2, "bulk_downloads": 0}
    back = AuditSummary.from_counts(counts)
    assert back.get("duplicate_accounts").found and not back.get("bulk_downloads").found
    assert back.get("unknown_ppv").count is None and not back.get("unknown_ppv").run
    assert back.counts() == {k: counts.get(k) for k in HEADLINES}
    assert back.result == "findings"
    assert AuditSummary.from_counts({"bulk_downloads": 0}).result == "clear"
