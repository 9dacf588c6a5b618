"""``sihat report vax``, ``sihat report aefi`` and ``sihat vaccination release-no-shows``."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import typer

vaccination_app = typer.Typer(help="Vaccination jobs.", no_args_is_help=True)


def _day(value: str | None, name: str) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        typer.echo(f"{name} must be YYYY-MM-DD", err=True)
        raise typer.Exit(2) from None


def report_vax(
    out: Path = typer.Option(..., "--out"),
    until: str = typer.Option(None, help="last date (YYYY-MM-DD); default the last dose"),
) -> None:
    """Write vax_malaysia.csv and vax_state.csv (CITF schema) and recipients by channel."""
    from sihat.core.db import command_unit_of_work
    from sihat.vaccination.report import recipients_by_channel, write_vax

    last = _day(until, "--until")
    with command_unit_of_work() as session:
        paths = write_vax(session, out, last)
        channels = recipients_by_channel(session)
    typer.echo(json.dumps({"files": [str(p) for p in paths], "recipients_by_channel": channels}))


def report_aefi(out: Path = typer.Option(..., "--out")) -> None:
    """Write aefi.csv in the MoH schema."""
    from sihat.core.db import command_unit_of_work
    from sihat.vaccination.aefi import write_aefi

    with command_unit_of_work() as session:
        path = write_aefi(session, out)
    typer.echo(json.dumps({"files": [str(path)]}))


@vaccination_app.command("release-no-shows")
def release_no_shows(
    before: str = typer.Option(None, help="release open appointments before this date (today)"),
) -> None:
    """Mark open appointments on past days as no-shows and free their places (daily job)."""
    from sihat.core import clock
    from sihat.core.db import command_unit_of_work
    from sihat.vaccination.appointments import release_no_shows as release

    day = _day(before, "--before") or clock.today_my()
    with command_unit_of_work() as session:
        released = release(session, day)
    typer.echo(json.dumps({"released": released, "before": day.isoformat()}))


def register(app: typer.Typer, report_app: typer.Typer) -> None:
    app.add_typer(vaccination_app, name="vaccination")
    report_app.command("vax")(report_vax)
    report_app.command("aefi")(report_aefi)
