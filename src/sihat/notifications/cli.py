"""``sihat notify deliver`` (run the delivery worker), ``sihat notify status`` (messages by
channel and state) and ``sihat notify standin`` (the stand-in SMS gateway)."""

from __future__ import annotations

import json

import typer

notify_app = typer.Typer(help="Message delivery.", no_args_is_help=True)


@notify_app.command("deliver")
def deliver(
    loop: bool = typer.Option(False, "--loop", help="keep delivering until stopped"),
    every: float = typer.Option(2.0, help="seconds between rounds with --loop"),
) -> None:
    """Deliver every due message once (or keep doing it with --loop); prints JSON totals."""
    import threading

    from sihat.core.db import Database
    from sihat.notifications.worker import deliver_due

    database = Database.from_url()
    stop = threading.Event()
    try:
        totals = deliver_due(database)
        while loop and not stop.wait(every):
            deliver_due(database)
    finally:
        database.engine.dispose()
    typer.echo(json.dumps(totals))


@notify_app.command("status")
def status(as_json: bool = typer.Option(False, "--json", help="print JSON")) -> None:
    """How many messages are in each state, per channel."""
    from sqlalchemy import func, select

    from sihat.core.db import command_unit_of_work
    from sihat.notifications.models import OutboxMessage

    with command_unit_of_work() as session:
        rows = session.execute(
            select(OutboxMessage.channel, OutboxMessage.status, func.count()).group_by(
                OutboxMessage.channel, OutboxMessage.status
            )
        ).all()
    counts: dict[str, dict[str, int]] = {}
    for channel, state, n in rows:
        counts.setdefault(channel, {})[state] = int(n)
    if as_json:
        typer.echo(json.dumps(counts, sort_keys=True))
        return
    for channel, states in sorted(counts.items()):
        typer.echo(f"{channel}: " + ", ".join(f"{k} {v}" for k, v in sorted(states.items())))


@notify_app.command("standin")
def standin(
    port: int = typer.Option(9100),
    receipt_url: str = typer.Option("", help="where to post signed delivery receipts"),
    auto_receipts: bool = typer.Option(False, help="post a DELIVERED receipt for each SMS"),
) -> None:
    """Run the stand-in SMS gateway (tests, bench, demo); signs receipts with
    SIHAT_SMS_RECEIPT_SECRET."""
    from sihat.core.settings import get_settings
    from sihat.notifications import standin as gateway

    server = gateway.make_server(port, receipt_url, get_settings().sms_receipt_secret)
    gateway.gateway_of(server).set_control({"auto_receipts": auto_receipts})
    typer.echo(f"stand-in SMS gateway on http://127.0.0.1:{port}/sms")
    server.serve_forever()


def register(app: typer.Typer) -> None:
    app.add_typer(notify_app, name="notify")
