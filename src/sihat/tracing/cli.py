"""``sihat tracing casual-contacts DIR --out OUT [--policy FILE] [--json] [--engine spark]``.

``--engine duckdb`` (the default) runs in this process; ``--engine spark`` runs the same SQL on
Apache Spark (``--spark-master``, default ``SIHAT_SPARK_MASTER``, ``local[*]``) and writes the
same files.

Exit status: 0 success (contacts or none), 2 bad input (the message names file, row and
column; with ``--json`` the same on stdout as ``{"error": "bad_input", ...}``).
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path

import typer


class Engine(StrEnum):
    duckdb = "duckdb"
    spark = "spark"


tracing_app = typer.Typer(
    help="Pengesanan kontak / Contact tracing from check-ins.", no_args_is_help=True
)


@tracing_app.command("casual-contacts")
def casual_contacts(
    folder: Path = typer.Argument(..., help="Folder holding visits.csv and cases.csv."),
    out: Path = typer.Option(..., "--out", help="Folder for exposures.csv and summary.json."),
    policy_file: Path | None = typer.Option(
        None, "--policy", help="Policy TOML file (default: the shipped casual-2021 policy)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print summary.json to stdout."),
    progress: bool = typer.Option(True, help="Progress display on stderr (terminal only)."),
    engine: Engine = typer.Option(
        "duckdb", "--engine", help="duckdb (this process) or spark (same SQL, same files)."
    ),
    spark_master: str | None = typer.Option(
        None, "--spark-master", help="Spark master URL (default: SIHAT_SPARK_MASTER, local[*])."
    ),
) -> None:
    """Kontak kasual / The casual contacts of the cases in FOLDER (shared spec, section 1)."""
    from sihat.tracing.errors import BadInput
    from sihat.tracing.files import run
    from sihat.tracing.policy import load

    try:
        policy = load(policy_file)
        if engine is Engine.spark:
            from sihat.tracing.spark.engine import run as run_on_spark

            summary = run_on_spark(folder, out, policy, progress, master=spark_master)
        else:
            summary = run(folder, out, policy, show_progress=progress)
    except BadInput as exc:
        if as_json:
            print(json.dumps({"error": "bad_input", **exc.as_dict()}, ensure_ascii=False))
        sys.stderr.write(f"Input tidak sah / Bad input: {exc}\n")
        raise typer.Exit(2) from None
    if as_json:
        print(json.dumps(summary, indent=2, ensure_ascii=False))
    else:
        sys.stderr.write(
            f"Kontak kasual / Casual contacts: {summary['casual_contacts']} "
            f"({out / 'exposures.csv'}, {out / 'summary.json'})\n"
        )


def register(app: typer.Typer) -> None:
    """Add ``sihat tracing ...`` to the root command."""
    app.add_typer(tracing_app, name="tracing")
