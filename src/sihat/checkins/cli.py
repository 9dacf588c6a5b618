"""``sihat checkins ...`` (partitions, closing visits, purge, the daily ``maintain``),
``sihat report checkins`` and ``sihat simulate checkins``."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import typer

checkins_app = typer.Typer(
    help="Check-ins: partitions, retention, maintenance.", no_args_is_help=True
)


def _partitions(ahead: int | None) -> list[date]:
    from sihat.checkins import partitions
    from sihat.core.db import command_unit_of_work
    from sihat.core.settings import get_settings

    with command_unit_of_work() as session:
        return partitions.ensure_ahead(session, ahead or get_settings().checkin_partitions_ahead)


def _close_expired() -> int:
    from sihat.checkins import visits
    from sihat.core.db import command_unit_of_work

    with command_unit_of_work() as session:
        return visits.close_expired(session)


def _purge(today: date | None) -> tuple[int, int]:
    """One transaction per day: a day's aggregates and its removal commit together."""
    from sihat.checkins import retention
    from sihat.core.db import command_unit_of_work

    with command_unit_of_work() as session:
        days = retention.days_to_purge(session, today)
    removed = 0
    for day in days:
        with command_unit_of_work() as session:
            removed += retention.purge_day(session, day)
    return len(days), removed


@checkins_app.command("partitions")
def partitions_command(
    ahead: int = typer.Option(0, help="days ahead (default SIHAT_CHECKIN_PARTITIONS_AHEAD)"),
) -> None:
    """Create the PostgreSQL day partitions of the coming days (no-op on SQLite)."""
    made = _partitions(ahead or None)
    typer.echo(f"partitions created: {len(made)}")


@checkins_app.command("close-expired")
def close_expired_command() -> None:
    """End visits left open longer than the default visit length."""
    typer.echo(f"visits closed: {_close_expired()}")


@checkins_app.command("purge")
def purge_command(
    today: str = typer.Option("", help="pretend today is this date (YYYY-MM-DD), for replays"),
) -> None:
    """Keep the figures of days older than the retention period, then remove their check-ins
    (on PostgreSQL by dropping the day partitions)."""
    days, removed = _purge(date.fromisoformat(today) if today else None)
    typer.echo(f"days purged: {days}; check-ins removed: {removed}")


@checkins_app.command("maintain")
def maintain_command() -> None:
    """The daily schedule hook (cron/systemd timer): partitions ahead, close expired visits,
    purge past retention."""
    made = _partitions(None)
    closed = _close_expired()
    days, removed = _purge(None)
    typer.echo(
        f"partitions created: {len(made)}; visits closed: {closed}; "
        f"days purged: {days}; check-ins removed: {removed}"
    )


def report_command(
    out: Path = typer.Option(..., "--out", help="directory for the three CSV files"),
    until: str = typer.Option("", help="last day to include (default yesterday)"),
) -> None:
    """Write checkin_malaysia.csv, checkin_malaysia_time.csv and checkin_state.csv."""
    from sihat.checkins import report
    from sihat.core.db import command_unit_of_work

    with command_unit_of_work() as session:
        counts = report.write(session, out, date.fromisoformat(until) if until else None)
    for name, n in counts.items():
        typer.echo(f"{out / name}: {n} rows")


def simulate_command(
    url: str = typer.Option("http://127.0.0.1:8000", help="the running server"),
    checkins: int = typer.Option(20_000, help="check-ins in the simulated day"),
    seconds: float = typer.Option(60.0, help="wall-clock length of the replayed day"),
    phones: int = typer.Option(200, help="concurrent simulated phones"),
    accounts: int = typer.Option(500, help="accounts to create for the simulation"),
    premise_count: int = typer.Option(200, "--premises", help="premises to create"),
    day: str = typer.Option("", help="MoH date whose half-hour shape to replay (default peak)"),
) -> None:
    """Replay a day shaped like MoH's checkin_malaysia_time.csv through the HTTP API and
    report what the server acknowledged and what it stored (SIHAT_DATABASE_URL)."""
    from sihat.checkins import simulate

    report = simulate.run(
        url=url,
        checkins=checkins,
        seconds=seconds,
        phones=phones,
        accounts=accounts,
        premise_count=premise_count,
        day=date.fromisoformat(day) if day else None,
    )
    typer.echo(report.text())
    if report.acknowledged_missing:
        raise typer.Exit(1)


def register(app: typer.Typer, simulate_app: typer.Typer, report_app: typer.Typer) -> None:
    app.add_typer(checkins_app, name="checkins")
    report_app.command("checkins")(report_command)
    simulate_app.command("checkins")(simulate_command)
