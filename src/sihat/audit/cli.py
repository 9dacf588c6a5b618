"""``sihat audit run`` and ``sihat simulate extract`` (``sihat audit extract`` is the live
audit's, ``audit_live/cli.py``).

Exit status: 0 the tests ran and found nothing wrong, 1 they ran and found findings,
2 bad input (a malformed extract: the message names file, row and column).
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


audit_app = typer.Typer(
    help="Ujian audit ke atas ekstrak / The auditor's tests on an extract.", no_args_is_help=True
)


def _err(text: str) -> None:
    sys.stderr.write(text + "\n")


@audit_app.command("run")
def run(
    extract_dir: Path = typer.Argument(..., help="Folder of the extract's CSV files."),
    out: Path = typer.Option(..., "--out", help="Folder for summary.json, exceptions, reports."),
    threshold_days: int = typer.Option(30, min=0, help="Upload delay above this is late."),
    bulk_threshold: int = typer.Option(100_000, min=1, help="Records that make a bulk download."),
    probable_threshold: float = typer.Option(
        0.9, min=0.0, max=1.0, help="Match probability for probable duplicate accounts."
    ),
    probable: bool = typer.Option(True, help="Run probabilistic duplicate matching (Splink)."),
    memory_limit: str = typer.Option(
        "1GB", help="DuckDB's memory; beyond it, work spills to --temp-dir."
    ),
    temp_dir: Path | None = typer.Option(
        None, help="Where DuckDB spills (default: beside --out); removed after the run."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print summary.json to stdout."),
    progress: bool = typer.Option(True, help="Progress bars on stderr (terminal only)."),
    engine: Engine = typer.Option(
        "duckdb", "--engine", help="duckdb (this process) or spark (same tests, same outputs)."
    ),
    spark_master: str | None = typer.Option(
        None, "--spark-master", help="Spark master URL (default: SIHAT_SPARK_MASTER, local[*])."
    ),
) -> None:
    """Jalankan ujian audit / Run the audit tests on EXTRACT_DIR."""
    from sihat.audit.engine import Parameters, run_audit
    from sihat.audit.loader import MalformedExtract

    params = Parameters(threshold_days, bulk_threshold, probable_threshold, probable)
    try:
        result = run_audit(
            extract_dir,
            out,
            params,
            show_progress=progress,
            memory_limit=memory_limit,
            temp_dir=temp_dir,
            engine=engine.value,
            spark_master=spark_master,
        )
    except MalformedExtract as exc:
        if as_json:
            print(json.dumps({"error": "malformed_extract", **exc.as_dict()}, ensure_ascii=False))
        _err(f"Ekstrak rosak / Malformed extract: {exc}")
        raise typer.Exit(2) from None
    if as_json:
        print(json.dumps(result.summary, indent=2, ensure_ascii=False, default=str))
    else:
        status = result.summary["run"]["result"]
        word = "Penemuan / Findings" if status == "findings" else "Tiada penemuan / No findings"
        _err(f"{word}: {out / 'summary.json'}, {out / 'report.html'}, {out / 'report.pdf'}")
    raise typer.Exit(result.exit_code)


def simulate_extract(
    out: Path = typer.Option(..., "--out", help="Folder to write the extract into."),
    seed: int = typer.Option(1, "--seed", help="Random seed: same seed, same extract."),
    scale: float = typer.Option(
        0.0005, "--scale", min=0.0, help="Fraction of Malaysia's registrants to simulate."
    ),
    audit_numbers: bool = typer.Option(
        False, "--audit-numbers", help="Plant the Auditor-General's own figures."
    ),
    probable_pairs: int | None = typer.Option(
        None, min=0, help="Probable duplicate pairs to plant (default: scaled from 400)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print expected.json to stdout."),
    progress: bool = typer.Option(True, help="Progress bar on stderr (terminal only)."),
) -> None:
    """Jana ekstrak simulasi / Generate a simulated extract with planted findings."""
    from sihat.audit.simulate import SimulationConfig, simulate

    config = SimulationConfig(
        seed=seed, scale=scale, audit_numbers=audit_numbers, probable_pairs=probable_pairs
    )
    expected = simulate(out, config, show_progress=progress)
    if as_json:
        print(json.dumps(expected, indent=2, ensure_ascii=False))
    else:
        _err(f"Ekstrak / Extract: {out} (expected: {out / 'expected.json'})")


def register(app: typer.Typer, simulate_app: typer.Typer, report_app: typer.Typer) -> None:
    """Add ``sihat audit ...`` and ``sihat simulate extract`` to the root command."""
    app.add_typer(audit_app, name="audit")
    simulate_app.command("extract")(simulate_extract)
