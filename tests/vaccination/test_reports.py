"""AEFI reports and the open-data files: exact published columns, meanings reconciled with
the dose records, recipients by registration channel, and the CLI."""

from __future__ import annotations

import csv
import json
from datetime import timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sihat.core import clock
from sihat.core.errors import Problem
from sihat.vaccination import aefi, approvals, doses, report
from tests import factories
from tests.vaccination.conftest import AZ, CANSINO, PFIZER, an_hour_ago, recipient

DATA = Path(__file__).parent / "data"


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open() as handle:
        return list(csv.DictReader(handle))


def _header(path: Path) -> list[str]:
    with path.open() as handle:
        return next(csv.reader(handle))


def test_columns_are_the_published_ones() -> None:
    assert _header(DATA / "vax_malaysia.csv") == report.COLUMNS
    assert _header(DATA / "vax_state_header.csv") == report.STATE_COLUMNS
    assert _header(DATA / "aefi_header.csv") == aefi.AEFI_COLUMNS


def _give(session, world, person, n, batch, product, at=None):
    data = doses.DoseInput(person, n, product, batch.id, "PPV-A", at or an_hour_ago())
    return doses.record(session, world.account("vaccinator_a"), data)[0]


def test_vax_rows_follow_the_citf_identities(session, world) -> None:
    v = world.account("vaccinator_a")
    two = recipient(session).person_id
    with clock.frozen(clock.now() - timedelta(days=30)):
        _give(session, world, two, 1, world.pfizer_a, PFIZER)
    _give(session, world, two, 2, world.pfizer_a, PFIZER)
    _give(session, world, recipient(session).person_id, 1, world.cansino_a, CANSINO)
    child = recipient(session, factories.child()).person_id
    _give(session, world, child, 1, world.pfizer_a, PFIZER)
    quarantined = _give(session, world, recipient(session).person_id, 1, world.az_a, AZ)
    approvals.request_amendment(session, v, quarantined.id, "VOID", {}, "recorded on wrong person")
    national, by_state = report.vax_rows(session)
    assert next(r["date"] for r in national) == str(clock.today_my() - timedelta(days=30))
    today = national[-1]
    assert today["daily_partial"] == 2 and today["pfizer1"] == 1 and today["pending1"] == 1
    assert today["daily_full"] == 2 and today["pfizer2"] == 1 and today["cansino"] == 1
    assert today["daily"] == 4 and today["daily_partial_child"] == 1
    assert today["cumul_partial"] == 4  # three first doses, one single-dose
    assert today["cumul_full"] == 2 and today["cumul"] == 5
    assert today["cumul_partial_child"] == 1 and today["cumul_full_child"] == 0
    selangor = [r for r in by_state if r["state"] == "Selangor"]
    assert [r["daily"] for r in selangor] == [r["daily"] for r in national]
    assert len(by_state) == 16 * len(national)
    channels = {r["channel"]: r for r in report.recipients_by_channel(session)}
    assert channels["mysj_app"]["recipients"] == 4
    # Approving the void removes the record from every count.
    approvals.decide_amendment(
        session, world.account("supervisor_a"), _open(session, quarantined.id), True
    )
    assert report.vax_rows(session)[0][-1]["pending1"] == 0
    assert report.vax_rows(session)[0][-1]["cumul"] == 4


def _open(session, dose_id: str) -> str:
    from sqlalchemy import select

    from sihat.vaccination.models import Amendment

    return str(session.scalar(select(Amendment.id).where(Amendment.dose_id == dose_id)))


def test_aefi_by_recipient_and_staff(session, world) -> None:
    account = recipient(session)
    dose = _give(session, world, account.person_id, 1, world.az_a, AZ)
    stranger = recipient(session)
    with pytest.raises(Problem) as hidden:
        aefi.report_by_recipient(session, stranger, dose.id, clock.today_my(), False, [])
    assert hidden.value.code == "not_found"
    with pytest.raises(Problem) as early:
        aefi.report_by_recipient(
            session, account, dose.id, clock.today_my() - timedelta(days=1), False, []
        )
    assert early.value.code == "aefi_onset_invalid"
    aefi.report_by_recipient(session, account, dose.id, clock.today_my(), False, ["fever", "rash"])
    aefi.report_by_staff(
        session, world.account("vaccinator_a"), dose.id, clock.today_my(), True, []
    )
    aefi.report_by_staff(
        session, world.account("vaccinator_a"), dose.id, clock.today_my(), False, []
    )
    with pytest.raises(Problem):
        aefi.report_by_staff(
            session, world.account("vaccinator_b"), dose.id, clock.today_my(), True, []
        )
    (row,) = aefi.aefi_rows(session)
    assert row["vaxtype"] == "astrazeneca" and row["daily_total"] == 3
    assert row["daily_serious_npra"] == 1 and row["daily_nonserious"] == 2
    assert row["daily_nonserious_npra"] == 1 and row["daily_nonserious_mysj_dose1"] == 1
    assert row["d1_fever"] == 1 and row["d1_rash"] == 1 and row["d2_fever"] == 0


def test_cli_writes_the_files(fresh_database, moved, monkeypatch, tmp_path) -> None:
    from sihat.cli import _register, app
    from sihat.core.settings import get_settings
    from tests.vaccination.conftest import build_world

    with fresh_database.unit_of_work() as s:
        world = build_world(s)
        person = recipient(s).person_id
    moved(timedelta(days=60))
    with fresh_database.unit_of_work() as s:
        dose = _give(s, world, person, 1, world.pfizer_a, PFIZER)
        aefi.report_by_staff(s, world.account("vaccinator_a"), dose.id, clock.today_my(), False, [])
    monkeypatch.setenv("SIHAT_DATABASE_URL", str(fresh_database.engine.url.render_as_string(False)))
    get_settings.cache_clear()
    _register()
    runner = CliRunner()
    vax = runner.invoke(app, ["report", "vax", "--out", str(tmp_path)])
    assert vax.exit_code == 0, vax.output
    summary = json.loads(vax.output)
    assert {r["channel"]: r["recipients"] for r in summary["recipients_by_channel"]}[
        "mysj_app"
    ] == 1
    rows = _rows(tmp_path / "vax_malaysia.csv")
    assert rows[-1]["daily_partial"] == "1" and rows[-1]["pfizer1"] == "1"
    assert (tmp_path / "vax_state.csv").exists() and (
        tmp_path / "vax_recipients_channel.csv"
    ).exists()
    out = runner.invoke(app, ["report", "aefi", "--out", str(tmp_path)])
    assert out.exit_code == 0, out.output
    (aefi_row,) = _rows(tmp_path / "aefi.csv")
    assert aefi_row["vaxtype"] == "pfizer" and aefi_row["daily_nonserious_npra"] == "1"
    get_settings.cache_clear()
