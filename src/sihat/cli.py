"""The ``sihat`` command. Each domain owns its commands in ``<domain>/cli.py``; this file
only assembles them. Heavy libraries are imported inside commands, so ``sihat --help`` is fast.

Exit status convention: 0 success, 1 "checked and found wrong", 2 bad input.
"""

from __future__ import annotations

import typer

app = typer.Typer(
    help="sihat: national vaccination programme and public-health check-in platform",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
# Shared command groups that several domains add commands to.
simulate_app = typer.Typer(help="Generate realistic synthetic data.", no_args_is_help=True)
report_app = typer.Typer(help="Write open-data reports.", no_args_is_help=True)


@app.callback()
def _setup() -> None:
    """Before any command: the domains wired (``sihat.bootstrap``); logs to stderr as JSON
    lines, so stdout carries only a command's output. (Not run for ``--help``, which stays
    fast.)"""
    from sihat import bootstrap
    from sihat.core import logging as sihat_logging

    bootstrap.boot()
    from sihat.core.settings import get_settings

    sihat_logging.configure(get_settings().log_level)


app.add_typer(simulate_app, name="simulate")
app.add_typer(report_app, name="report")


def serve(
    host: str | None = typer.Option(None, help="defaults to SIHAT_HOST"),
    port: int | None = typer.Option(None, help="defaults to SIHAT_PORT"),
    workers: int = typer.Option(1, help="worker processes"),
) -> None:
    """Serve the platform (API, pages, OpenAPI at /docs). In demo mode the URL and the demo
    logins are printed once the server answers, and the JSON logs go to var/log/sihat.log."""
    import os

    from granian import Granian
    from granian.constants import Interfaces
    from granian.log import LogLevels

    from sihat.core.settings import get_settings

    os.environ.setdefault("SIHAT_SCHEDULER", "true")
    get_settings.cache_clear()
    if get_settings().demo:  # request logs to a file, so the logins stay on screen
        os.environ.setdefault("SIHAT_LOG_FILE", str(get_settings().var_dir / "log" / "sihat.log"))
        get_settings.cache_clear()
    settings = get_settings()
    address, bound = host or settings.host, port or settings.port
    if settings.demo:
        from sihat.demo import ready

        served = f"http://{address}:{bound}"
        ready.announce_when_ready(
            f"{served}/api/v1/health",
            ready.banner(
                settings.base_url if "SIHAT_BASE_URL" in os.environ else served,
                settings.log_file,
            ),
            lambda text: typer.echo(text),
        )
    # Granian forks the workers from this process: no thread of ours may be running by now
    # (a fork copies the locks other threads hold; see ``sihat.demo.ready``).
    Granian(
        "sihat.app:create_app",
        factory=True,
        interface=Interfaces.ASGI,
        address=address,
        port=bound,
        workers=workers,
        websockets=False,
        log_level=LogLevels.warning,
    ).serve()


jobs_app = typer.Typer(help="Scheduled jobs.", no_args_is_help=True)


@jobs_app.command("run")
def run_jobs() -> None:
    """Run every scheduled job once (for cron when the server's scheduler is off)."""
    import json

    from sihat.core import scheduler
    from sihat.core.db import Database

    database = Database.from_url()
    try:
        results = scheduler.run_all(database)
    finally:
        database.engine.dispose()
    typer.echo(json.dumps(results))
    raise typer.Exit(0 if all(v == "ok" for v in results.values()) else 1)


def _register() -> None:
    # Domains register themselves here, one line each.
    from sihat.checkins import cli as checkins_cli
    from sihat.core import cli as core_cli
    from sihat.demo import cli as demo_cli
    from sihat.governance import cli as governance_cli
    from sihat.identity import cli as identity_cli
    from sihat.registration import cli as registration_cli
    from sihat.staff import cli as staff_cli

    core_cli.register(app)
    app.add_typer(jobs_app, name="jobs")
    app.command("serve")(serve)
    checkins_cli.register(app, simulate_app, report_app)
    identity_cli.register(app)
    staff_cli.register(app)
    governance_cli.register(app)
    registration_cli.register(report_app)
    from sihat.risk import cli as risk_cli

    risk_cli.register(report_app)
    demo_cli.register(app, simulate_app)
    from sihat.audit import cli as audit_cli
    from sihat.certificates import cli as certificates_cli

    audit_cli.register(app, simulate_app, report_app)
    from sihat.audit_live import cli as audit_live_cli

    audit_live_cli.register(audit_cli.audit_app)
    certificates_cli.register(app)
    from sihat.vaccination import cli as vaccination_cli

    vaccination_cli.register(app, report_app)
    from sihat.cases import cli as cases_cli

    cases_cli.register(app)
    from sihat.notifications import cli as notifications_cli

    notifications_cli.register(app)
    from sihat.orders import cli as orders_cli

    orders_cli.register(app)
    from sihat.bluetrace import cli as bluetrace_cli

    bluetrace_cli.register(app, simulate_app)
    from sihat.exports import cli as exports_cli
    from sihat.security import cli as security_cli
    from sihat.vendors import cli as vendors_cli

    exports_cli.register(app)
    security_cli.register(app)
    vendors_cli.register(app)
    from sihat.tracing import cli as tracing_cli

    tracing_cli.register(app)


def main() -> None:
    from sihat.core.logging import install_crash_hooks

    install_crash_hooks()
    _register()
    app()
