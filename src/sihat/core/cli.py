"""``sihat db ...`` and ``sihat serve``."""

from __future__ import annotations

import typer

db_app = typer.Typer(help="Database schema (Alembic).", no_args_is_help=True)


@db_app.command("upgrade")
def upgrade(revision: str = typer.Argument("heads")) -> None:
    """Create or upgrade the database schema (SIHAT_DATABASE_URL)."""
    from sihat.core import migrate

    migrate.upgrade(revision=revision)
    typer.echo("database upgraded")


@db_app.command("revision")
def revision(message: str) -> None:
    """Write a new migration from the difference between the models and the database."""
    from sihat.core import migrate

    migrate.revision(message)


def serve(
    host: str | None = typer.Option(None, help="defaults to SIHAT_HOST"),
    port: int | None = typer.Option(None, help="defaults to SIHAT_PORT"),
    workers: int = typer.Option(1, help="worker processes"),
) -> None:
    """Serve the platform (API, pages, OpenAPI at /docs)."""
    import os

    from granian import Granian
    from granian.constants import Interfaces
    from granian.log import LogLevels

    from sihat.core.settings import get_settings

    os.environ.setdefault("SIHAT_SCHEDULER", "true")
    get_settings.cache_clear()
    settings = get_settings()
    Granian(
        "sihat.app:create_app",
        factory=True,
        interface=Interfaces.ASGI,
        address=host or settings.host,
        port=port or settings.port,
        workers=workers,
        websockets=False,
        log_level=LogLevels.warning,
    ).serve()


jobs_app = typer.Typer(help="Scheduled jobs.", no_args_is_help=True)


@jobs_app.command("run")
def run_jobs() -> None:
    """Run every scheduled job once (for cron when the server's scheduler is off)."""
    import json

    from sihat import jobs
    from sihat.core.db import Database

    database = Database.from_url()
    try:
        results = jobs.run_all(database)
    finally:
        database.engine.dispose()
    typer.echo(json.dumps(results))
    raise typer.Exit(0 if all(v == "ok" for v in results.values()) else 1)


def register(app: typer.Typer) -> None:
    app.add_typer(db_app, name="db")
    app.add_typer(jobs_app, name="jobs")
    app.command("serve")(serve)
