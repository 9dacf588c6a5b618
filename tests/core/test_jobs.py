"""Scheduled jobs: every job runs once per tick; one failing job does not stop the others."""

from __future__ import annotations

from sihat.core import scheduler


def test_a_tick_runs_every_job_and_reports_failures(
    fresh_database, monkeypatch, settings, tmp_path
) -> None:
    settings.var_dir = tmp_path
    settings.audit_checkpoint_dir = tmp_path / "checkpoints"
    calls: list[str] = []

    def broken(_database: object) -> object:
        calls.append("broken")
        raise RuntimeError("boom")

    monkeypatch.setitem(scheduler.JOBS, "broken", broken)
    results = scheduler.run_all(fresh_database)
    assert results["broken"] == "failed: RuntimeError"
    assert {k: v for k, v in results.items() if k != "broken"} == {
        "governance-scan": "ok",
        "audit-log-checkpoint": "ok",
        "live-audit": "ok",
        "risk-expiry": "ok",
        "contact-tracing": "ok",
        "order-enforcement": "ok",
        "account-recovery": "ok",
        "trace-archive-purge": "ok",
        "selfassess-tasks": "ok",
        "notify-delivery": "ok",
    }
    assert calls == ["broken"]
    assert (tmp_path / "audit-runs").is_dir()  # the live audit ran (nothing ran before)
