"""``sihat security report [--json]``: attempts by kind and source, blocked requests and sources
(the audit's "1.12 million intrusion attempts" figure, from our own log)."""

from __future__ import annotations

import json
from datetime import datetime

import typer

security_app = typer.Typer(help="Security events and blocked sources.", no_args_is_help=True)


@security_app.command("report")
def report(
    as_json: bool = typer.Option(False, "--json", help="print JSON"),
    since: datetime | None = typer.Option(None, help="only events from then (UTC)"),
    until: datetime | None = typer.Option(None, help="only events before then (UTC)"),
    top: int = typer.Option(10, help="how many sources to list"),
) -> None:
    """Counts by kind, the busiest sources, blocked requests and sources."""
    from sihat.core import clock
    from sihat.core.db import command_unit_of_work
    from sihat.security import service

    with command_unit_of_work() as session:
        service.write(session, service.SINK.drain()[0])  # anything this process buffered
        figures = service.report(
            session,
            since=clock.as_utc(since) if since else None,
            until=clock.as_utc(until) if until else None,
            top=top,
        )
    if as_json:
        typer.echo(json.dumps(figures, indent=2, sort_keys=True))
        return
    typer.echo(f"attempts: {figures['attempts']:,}")
    for kind, n in figures["by_kind"].items():
        typer.echo(f"  {kind:<16} {n:>12,}")
    typer.echo("busiest sources:")
    for row in figures["by_source"]:
        typer.echo(f"  {row['source_ip']:<40} {row['attempts']:>12,}")
    typer.echo(f"blocked requests: {figures['blocked_requests']:,}")
    typer.echo(
        f"sources blocked: {figures['sources_blocked']:,} (now: {figures['sources_blocked_now']:,})"
    )


def register(app: typer.Typer) -> None:
    app.add_typer(security_app, name="security")
