"""The staff audit page and the run's report show the same headline per finding: both read the
engine's ``AuditSummary`` (the page from ``audit_runs.counts``, the report from the run)."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from sihat.audit.summary import HEADLINES
from sihat.audit_live import runs
from sihat.audit_live.models import AuditRun
from sihat.core.db import Database
from sihat.core.settings import get_settings
from sihat.staff import sessions as staff_sessions
from sihat.staff.deps import COOKIE
from tests import factories
from tests.audit.conftest import OPEN_PPV, account, dose
from tests.audit.conftest import write_extract as write_csvs
from tests.audit_live.conftest import Populated

CELL = re.compile(r'<td class="figure" data-key="([a-z_]+)"(?: data-count="(\d+)")?>')
REPORT = re.compile(r'<p class="headline" data-key="([a-z_]+)" data-count="(\d+)">')


@pytest.fixture
def auditor(populated: Populated, tmp_path: Path) -> Iterator[TestClient]:
    """The real application on the committed database, signed in as the auditor."""
    from sihat.app import create_app

    settings = get_settings()
    settings.var_dir = tmp_path
    persona = populated.personas["auditor"]
    with populated.unit_of_work() as s:
        _, token = staff_sessions.login(
            s, persona.account.username, factories.STAFF_PASSWORD, persona.totp()
        )
    with TestClient(create_app(settings, database=populated), client=("127.0.0.1", 50000)) as c:
        c.cookies.set(COOKIE, token)
        yield c


def page_figures(html: str) -> dict[str, int | None]:
    """The latest finished run's findings on the staff page: {finding: figure, None for '–'}."""
    return {k: None if n == "" else int(n) for k, n in CELL.findall(html)}


def report_figures(out: Path) -> dict[str, int | None]:
    html = (out / "report.html").read_text(encoding="utf-8")
    shown: dict[str, int | None] = dict.fromkeys(HEADLINES)
    shown.update({k: int(n) for k, n in REPORT.findall(html)})
    return shown


def summary_figures(out: Path) -> dict[str, int | None]:
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    return {k: h["count"] for k, h in summary["headlines"].items()}


def wait_done(database: Database, run_id: str) -> AuditRun:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        with database.unit_of_work() as s:
            run = s.get(AuditRun, run_id)
            assert run is not None
            if run.status != "RUNNING":
                return run
        time.sleep(0.2)
    raise AssertionError("the run did not finish")


def test_run_now_then_the_page_and_the_report_agree(
    auditor: TestClient, populated: Database
) -> None:
    answer = auditor.post("/staff/audit/runs")
    assert answer.status_code == 200, answer.text
    assert 'data-status="RUNNING"' in answer.text  # recorded in the request's transaction
    with populated.unit_of_work() as s:
        (run_id,) = [r.id for r in runs.recent(s)]
    run = wait_done(populated, run_id)
    assert run.status == "DONE", run.error
    out = runs.run_dir(run_id) / "out"

    shown = page_figures(auditor.get("/staff/audit/runs").text)
    assert list(shown) == list(HEADLINES)
    assert shown == report_figures(out) == summary_figures(out) == run.counts
    assert shown["staff_changes_outside_app"] == 3  # the three founders: not zero


def test_page_and_report_agree_on_individuals_and_records(
    auditor: TestClient, populated: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The two findings whose unit used to differ: duplicate accounts count individuals (not
    accounts), bulk downloads count records (not accounts), on the page as in the report."""
    from sihat.audit_live import extract

    def planted(_session: Any, folder: Path) -> None:
        accounts = [account(f"A{i}", "850101145678") for i in range(3)]
        accounts += [account(f"B{i}", "900202101111") for i in range(2)]
        access = [
            {"event_id": f"E{i}", "user_id": "SA", "role": "SUPER_ADMIN", "action": "DOWNLOAD",
             "record_count": 1_500_000, "source_ip": f"10.0.0.{i}",
             "occurred_at": "2021-10-28T10:00:00+08:00", "request_id": ""}
            for i in range(2)
        ]  # fmt: skip
        doses = [dose(f"V{a['mysj_id']}", mysj_id=a["mysj_id"]) for a in accounts]
        write_csvs(
            folder,
            {"accounts": accounts, "vaccinations": doses, "ppv": OPEN_PPV, "data_access": access},
        )

    monkeypatch.setattr(extract, "write_extract", planted)
    with populated.unit_of_work() as s:
        run_id = runs.start(s, "MANUAL").id
    runs.execute(populated, run_id)
    out = runs.run_dir(run_id) / "out"
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["findings"]["duplicate_accounts"]["accounts"] == 5

    shown = page_figures(auditor.get("/staff/audit/runs").text)
    assert shown["duplicate_accounts"] == 2  # individuals, as the audit: "1,543 individuals"
    assert shown["bulk_downloads"] == 3_000_000  # records: "downloaded 3 million records"
    assert shown["staff_changes_outside_app"] is None  # not in this extract: not run, never 0
    assert shown == report_figures(out) == summary_figures(out)
    report = (out / "report.html").read_text(encoding="utf-8")
    assert "2 individuals held 2 to 3 accounts each: 5 MySJ IDs" in report
    assert "downloaded 3 million records" in report


def test_a_requested_run_starts_only_once_its_transaction_commits(
    populated: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[str] = []
    monkeypatch.setattr(runs, "start_in_background", lambda _db, run_id: started.append(run_id))
    with pytest.raises(RuntimeError), populated.unit_of_work() as s:
        runs.request_run(s, populated, "MANUAL")
        raise RuntimeError("the request failed")
    assert started == []
    with populated.unit_of_work() as s:
        run = runs.request_run(s, populated, "MANUAL")
        s.begin_nested().commit()  # a savepoint released is not the transaction's commit
        assert started == []
    assert started == [run.id]
    with populated.unit_of_work() as s:
        assert [r.status for r in runs.recent(s)] == ["RUNNING"]  # the failed one left nothing
