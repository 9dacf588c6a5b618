"""Helpers for the audit tests: write small hand-made extracts and run the engine on them."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from sihat.audit.cli import register
from sihat.audit.engine import Parameters, run_audit

Files = dict[str, list[dict[str, Any]]]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "audit_slow: the full-size extract with the audit's own numbers (about a minute); "
        "it runs in `make test` and CI; deselect locally with -m 'not audit_slow'",
    )


def write_extract(folder: Path, files: Files) -> Path:
    """Write each file's rows (dicts); the header is the union of keys in first-seen order."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in files.items():
        header: list[str] = []
        for row in rows:
            header += [k for k in row if k not in header]
        with (folder / f"{name}.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
            writer.writeheader()
            for row in rows:
                writer.writerow({k: "" if v is None else v for k, v in row.items()})
    return folder


def account(mysj_id: str, id_number: str, **over: Any) -> dict[str, Any]:
    row = {
        "mysj_id": mysj_id,
        "id_type": "MYKAD",
        "id_number": id_number,
        "full_name": f"Person {mysj_id}",
        "date_of_birth": "1985-01-01",
        "sex": "M",
        "nationality": "MY",
        "phone": "",
        "email": "",
        "created_at": "2021-01-01T10:00:00+08:00",
        "status": "ACTIVE",
        "identity_verified": "true",
    }
    row.update(over)
    return row


def dose(record_id: str, **over: Any) -> dict[str, Any]:
    row = {
        "record_id": record_id,
        "mysj_id": "",
        "id_type": "MYKAD",
        "id_number": "850101145678",
        "dose_number": "1",
        "vaccine_brand": "PFIZER",
        "batch_no": "PF1234",
        "ppv_code": "P1",
        "vaccinator_id": "VAC1",
        "vaccinated_at": "2021-08-01",
        "uploaded_at": "2021-08-01T12:00:00+08:00",
    }
    row.update(over)
    return row


OPEN_PPV = [{"ppv_code": "P1", "opened_on": "2021-01-01", "closed_on": ""}]


@pytest.fixture
def audit(tmp_path: Path) -> Callable[..., dict[str, Any]]:
    """Write ``files`` as an extract, run the engine (no Splink unless asked), return summary."""
    counter = [0]

    def go(files: Files, **params: Any) -> dict[str, Any]:
        counter[0] += 1
        extract = write_extract(tmp_path / f"extract{counter[0]}", files)
        params.setdefault("probable", False)
        out = tmp_path / f"out{counter[0]}"
        result = run_audit(extract, out, Parameters(**params), show_progress=False)
        return {**result.summary, "_out": str(out), "_exit": result.exit_code}

    return go


def exceptions(summary: dict[str, Any], key: str) -> list[dict[str, str]]:
    """Rows of ``exceptions/<key>.csv`` for the run that produced ``summary``."""
    out = Path(summary["_out"])
    with (out / "exceptions" / f"{key}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def cli() -> Callable[..., Any]:
    """Invoke ``sihat ...`` (audit and simulate commands) in-process."""
    app = typer.Typer()
    simulate_app = typer.Typer()
    report_app = typer.Typer()
    app.add_typer(simulate_app, name="simulate")
    app.add_typer(report_app, name="report")
    register(app, simulate_app, report_app)
    runner = CliRunner()

    def go(*args: str) -> Any:
        return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)

    return go


def load_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def spark() -> Any:
    """One local Spark session per test worker, small and quiet (the engine reuses it)."""
    from sihat.audit.spark.session import get_session

    session = get_session(
        "local[2]",
        **{
            "spark.sql.shuffle.partitions": "2",
            "spark.default.parallelism": "2",
            "spark.driver.memory": "1g",
        },
    )
    yield session
    session.stop()
