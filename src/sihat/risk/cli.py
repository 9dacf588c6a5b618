"""``sihat report trace``: casual contacts notified per day, in MoH's open-data schema."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import typer


def report_trace(
    out: Path = typer.Option(..., "--out", help="Folder for trace_malaysia.csv."),
    until: str = typer.Option(None, help="last date (YYYY-MM-DD); default the last exposure"),
) -> None:
    """Write trace_malaysia.csv (date,casual_contacts,hide_large,hide_small)."""
    from sihat.core.db import command_unit_of_work
    from sihat.risk.report import write_trace

    try:
        last = date.fromisoformat(until) if until else None
    except ValueError:
        typer.echo("--until must be YYYY-MM-DD / --until mesti YYYY-MM-DD", err=True)
        raise typer.Exit(2) from None
    with command_unit_of_work() as session:
        path = write_trace(session, out, last)
    typer.echo(json.dumps({"files": [str(path)]}))


def register(report_app: typer.Typer) -> None:
    report_app.command("trace")(report_trace)
