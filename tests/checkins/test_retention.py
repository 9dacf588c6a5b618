"""Retention: purge keeps each day's figures, and the open-data files stay exactly the same."""

from __future__ import annotations

import csv
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from sihat.checkins import batch, partitions, report
from sihat.checkins.models import CheckIn, CheckInAggregate
from sihat.checkins.writer import Writer, durable_sessions
from sihat.cli import _register, app
from sihat.core import clock
from sihat.core.crypto import blind_index, token_digest
from sihat.core.settings import get_settings
from sihat.identity import service as identity_service
from tests import factories
from tests.checkins.conftest import citizen, premise

_register()
D1, D2, D3 = date(2026, 8, 1), date(2026, 8, 2), date(2026, 11, 20)


def at(day: date, hh: int, mm: int) -> datetime:
    return clock.as_utc(datetime.combine(day, time(hh, mm), tzinfo=clock.MALAYSIA))


@pytest.fixture
def cli_db(fresh_database, monkeypatch):
    monkeypatch.setenv(
        "SIHAT_DATABASE_URL", fresh_database.engine.url.render_as_string(hide_password=False)
    )
    get_settings.cache_clear()
    yield fresh_database
    get_settings.cache_clear()


def seed(database) -> None:
    with database.unit_of_work() as s:
        owner, alice, bob = citizen(s), citizen(s), citizen(s)
        kid = identity_service.add_dependent(
            s, alice.account, factories.identity_of(factories.child()), "CHILD"
        )
        shop = premise(s, owner.account)
        stall = premise(
            s, owner.account, "Gerai Pak Ali", state="W.P. Kuala Lumpur", district="Kuala Lumpur"
        )
        ids = (shop.id, stall.id)
    a, b, o = (token_digest(c.token) for c in (alice, bob, owner))
    phone = "+60123456789"
    jobs: list[batch.Scan | batch.Manual] = [
        batch.Scan(a, ids[0], 1, at(D1, 10, 5), True, (kid.person_id,)),
        batch.Scan(b, ids[1], 1, at(D1, 10, 40)),
        batch.Scan(a, ids[1], 1, at(D1, 23, 50)),
        batch.Scan(b, ids[0], 1, at(D2, 0, 10)),
        batch.Manual(o, ids[0], at(D2, 12, 0), "Mak Cik", phone, blind_index("v", phone)),
        batch.Scan(a, ids[0], 1, at(D3, 9, 0)),
    ]
    writer = Writer(durable_sessions(database), get_settings(), owns_engine=True).start()
    try:
        for job in jobs:
            assert isinstance(writer.submit_wait(job), batch.Outcome)
    finally:
        writer.stop()


def read(path: Path) -> list[list[str]]:
    with path.open() as handle:
        return list(csv.reader(handle))


def test_purge_keeps_aggregates_and_the_csvs_stay_exact(cli_db, tmp_path) -> None:
    seed(cli_db)
    runner = CliRunner()
    out = runner.invoke(
        app, ["report", "checkins", "--out", str(tmp_path / "a"), "--until", "2026-11-25"]
    )
    assert out.exit_code == 0, out.output
    before = {name: read(tmp_path / "a" / name) for name in report.FILES}
    assert before["checkin_malaysia.csv"][0] == report.HEADERS["checkin_malaysia.csv"]
    assert before["checkin_malaysia.csv"][1] == ["2026-08-01", "4", "3", "2"]
    assert before["checkin_malaysia.csv"][2] == ["2026-08-02", "2", "2", "1"]
    assert before["checkin_malaysia.csv"][-1][0] == "2026-11-25"
    time_row = before["checkin_malaysia_time.csv"][1]
    assert time_row[0] == "2026-08-01" and len(time_row) == 49
    assert (time_row[21], time_row[22], time_row[48]) == ("2", "1", "1")  # 10:05, 10:40, 23:50
    assert sum(int(v) for v in time_row[1:]) == 4
    states = [r for r in before["checkin_state.csv"] if r[0] == "2026-08-01"]
    assert len(states) == 16 and [r[1] for r in states] == sorted(r[1] for r in states)
    assert ["2026-08-01", "Selangor", "2", "2", "1"] in states
    assert ["2026-08-01", "W.P. KualaLumpur", "2", "2", "1"] in states
    with cli_db.sessions() as s:
        had = set(partitions.existing(s))

    purged = runner.invoke(app, ["checkins", "purge", "--today", "2026-11-26"])
    assert purged.exit_code == 0, purged.output
    assert "check-ins removed: 6" in purged.output
    with cli_db.sessions() as s:
        left = s.scalars(select(CheckIn.checked_in_at)).all()
        assert [clock.malaysia_date(t) for t in left] == [D3]
        assert s.scalar(select(func.count()).select_from(CheckInAggregate)) == (1 + 48 + 2) + (
            1 + 48 + 1
        )
        if cli_db.engine.dialect.name == "postgresql":  # whole partitions dropped
            assert {D1, D2} <= had and not {D1, D2} & set(partitions.existing(s))
            assert D3 in partitions.existing(s)

    again = runner.invoke(
        app, ["report", "checkins", "--out", str(tmp_path / "b"), "--until", "2026-11-25"]
    )
    assert again.exit_code == 0
    for name in report.FILES:
        assert (tmp_path / "b" / name).read_bytes() == (tmp_path / "a" / name).read_bytes()
    assert runner.invoke(app, ["checkins", "purge", "--today", "2026-11-26"]).output.startswith(
        "days purged: 0"
    )


def test_headers_are_those_of_the_moh_files() -> None:
    from importlib import resources

    moh = resources.files("sihat.checkins").joinpath("data/checkin_malaysia_time.csv")
    assert moh.read_text().splitlines()[0].split(",") == report.HEADERS["checkin_malaysia_time.csv"]
    assert report.HEADERS["checkin_state.csv"] == [
        "date",
        "state",
        "checkins",
        "unique_ind",
        "unique_loc",
    ]
    assert timedelta(days=get_settings().checkin_retention_days) == timedelta(days=90)
