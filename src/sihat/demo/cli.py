"""``sihat demo seed``, ``sihat simulate population`` and ``sihat staff ...`` commands."""

from __future__ import annotations

import json
from pathlib import Path

import typer

demo_app = typer.Typer(help="The demo database.", no_args_is_help=True)


@demo_app.command("seed")
def seed(
    size: int = typer.Option(300, help="synthetic people"),
    seed_value: int = typer.Option(1, "--seed"),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Seed the demo once, dated from today: personas, population, doses, appointments,
    premises and check-ins, a case with contacts and a surveillance order."""
    from rich.progress import Progress

    from sihat.core.db import command_unit_of_work
    from sihat.demo import seed as demo_seed

    with Progress(transient=True, disable=as_json) as progress, command_unit_of_work() as s:
        task = progress.add_task("demo", total=size)
        result = demo_seed.seed(
            s, size, seed_value, progress=lambda _n, done: progress.update(task, completed=done)
        )
    if as_json:
        typer.echo(json.dumps(result.__dict__))
        return
    if not result.seeded:
        typer.echo("demo already seeded; nothing changed")
        with command_unit_of_work() as session:
            if demo_seed.outdated(session):
                typer.echo(
                    "this demo's dates have run out (seeded by an older version or long ago): "
                    "stop sihat, remove var/ and run `make run` again for a demo dated today"
                )
        return
    typer.echo(
        f"demo seeded: {result.people} people, {result.accounts} accounts, "
        f"{result.registrations} registrations, {result.doses} doses, "
        f"{result.appointments} appointments this week, {result.premises} premises, "
        f"{result.checkins} check-ins, {result.cases} cases "
        f"({result.casual_contacts} casual contacts), {result.orders} surveillance order"
    )


@demo_app.command("logins")
def logins() -> None:
    """Print the URL and the demo logins (demo mode only)."""
    from sihat.core.db import command_unit_of_work
    from sihat.core.settings import get_settings
    from sihat.demo.logins import text

    settings = get_settings()
    if not settings.demo:
        typer.echo("refused: only in demo mode (SIHAT_DEMO=true)", err=True)
        raise typer.Exit(2)
    with command_unit_of_work() as session:
        typer.echo(text(session, settings.base_url))


def simulate_population(
    size: int = typer.Option(1000, "--size"),
    seed_value: int = typer.Option(1, "--seed"),
    out: Path = typer.Option(Path("var/population"), "--out"),
) -> None:
    """Write a synthetic population (people.csv) and its reference register (register.csv)."""
    from rich.progress import track

    from sihat.core import clock
    from sihat.demo.population import generate, write

    people = list(
        track(
            generate(size, seed_value, clock.today_my()),
            total=size,
            description="people",
            transient=True,
        )
    )
    people_csv, register_csv = write(people, out)
    typer.echo(
        json.dumps({"people": str(people_csv), "register": str(register_csv), "size": len(people)})
    )


def register(app: typer.Typer, simulate_app: typer.Typer) -> None:
    app.add_typer(demo_app, name="demo")
    simulate_app.command("population")(simulate_population)
