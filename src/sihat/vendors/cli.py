"""``sihat vendors meter`` (meter delivered SMS from the outbox) and ``sihat vendors usage``."""

from __future__ import annotations

import json
from datetime import datetime

import typer

vendors_app = typer.Typer(help="Vendor usage, contracts and payments.", no_args_is_help=True)


@vendors_app.command("meter")
def meter() -> None:
    """Meter every delivered SMS not metered yet (safe to run any time; never counts twice)."""
    from sihat.core.db import command_unit_of_work
    from sihat.vendors import metering

    with command_unit_of_work() as session:
        added = metering.meter_delivered_sms(session)
    typer.echo(f"metered {added} SMS")


@vendors_app.command("usage")
def usage(
    service: str = typer.Option("SMS", help="SMS, MAPS_API or OTHER"),
    first: datetime = typer.Option(..., formats=["%Y-%m-%d"], help="first Malaysia day"),
    last: datetime = typer.Option(..., formats=["%Y-%m-%d"], help="last Malaysia day"),
    as_json: bool = typer.Option(False, "--json", help="print JSON"),
) -> None:
    """Metered units per Malaysia day."""
    from sihat.core.db import command_unit_of_work
    from sihat.vendors import metering

    with command_unit_of_work() as session:
        by_day = metering.usage_by_day(session, service.upper(), first.date(), last.date())
    days = {d.isoformat(): n for d, n in by_day.items()}
    total = sum(days.values())
    if as_json:
        typer.echo(json.dumps({"service": service.upper(), "units": total, "by_day": days}))
        return
    for day, n in days.items():
        typer.echo(f"{day}  {n:>10,}")
    typer.echo(f"total       {total:>10,}")


def register(app: typer.Typer) -> None:
    app.add_typer(vendors_app, name="vendors")
