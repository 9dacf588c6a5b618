"""``sihat report vaxreg``."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import typer


def report_vaxreg(
    out: Path = typer.Option(..., "--out"),
    until: str = typer.Option(None, help="last date (YYYY-MM-DD); default the last registration"),
) -> None:
    """Write vaxreg_malaysia.csv and vaxreg_state.csv in the CITF schema."""
    from sihat.core.db import command_unit_of_work
    from sihat.registration.report import write_vaxreg

    try:
        last = date.fromisoformat(until) if until else None
    except ValueError:
        typer.echo("--until must be YYYY-MM-DD", err=True)
        raise typer.Exit(2) from None
    with command_unit_of_work() as session:
        paths = write_vaxreg(session, out, last)
    typer.echo(json.dumps({"files": [str(p) for p in paths]}))


def register(report_app: typer.Typer) -> None:
    report_app.command("vaxreg")(report_vaxreg)
