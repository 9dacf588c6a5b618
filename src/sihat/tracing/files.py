"""The contract's file interface: a folder of ``visits.csv`` and ``cases.csv`` in, a folder of
``exposures.csv`` and ``summary.json`` out.

The output is written to a temporary folder beside OUT and moved in at the end: OUT is renamed
into place when it does not exist, else each file replaces its old version with an atomic
rename. Bad input stops the run before anything is written.
"""

from __future__ import annotations

import json
import os
import shutil
import time
import uuid
from pathlib import Path
from typing import Any

import duckdb

from sihat.core import csvsafe
from sihat.tracing import engine, loader
from sihat.tracing.policy import Policy
from sihat.tracing.policy import load as load_policy
from sihat.tracing.progress import steps

OUTPUT_FILES = ("exposures.csv", "summary.json")


def run(
    folder: Path,
    out: Path,
    policy: Policy | None = None,
    show_progress: bool = False,
    threads: int | None = None,
    timings: dict[str, float] | None = None,
) -> dict[str, Any]:
    """Compute the casual contacts of ``folder`` into ``out``; return summary.json's content.

    ``timings``, when given, receives the seconds of each phase (load, compute, write).
    """
    clock = timings if timings is not None else {}
    started = time.perf_counter()
    policy = policy or load_policy()
    con = duckdb.connect(":memory:")
    try:
        con.execute("SET enable_progress_bar = false").fetchall()
        if threads:
            con.execute(f"SET threads = {int(threads)}").fetchall()
        with steps(len(loader.FILES) + len(engine.STEPS) + 1, show_progress) as advance:
            loader.load(con, folder, advance)
            clock["load_s"] = time.perf_counter() - started
            summary = engine.compute(con, policy, advance)
            clock["compute_s"] = time.perf_counter() - started - clock["load_s"]
            _write(con, out, summary)
            advance("written")
            clock["write_s"] = time.perf_counter() - started - clock["load_s"] - clock["compute_s"]
    finally:
        con.close()
    return summary


def _write(con: duckdb.DuckDBPyConnection, out: Path, summary: dict[str, Any]) -> None:
    out = out.absolute()
    out.parent.mkdir(parents=True, exist_ok=True)
    temp = out.parent / f".{out.name}.{uuid.uuid4().hex}.tmp"  # same filesystem as OUT
    temp.mkdir()  # with the user's umask, as OUT itself would be
    try:
        # in the table's order, which is the output's (preserve_insertion_order, on); a DATE
        # is written as YYYY-MM-DD without a DATEFORMAT (which would format each one anew)
        csvsafe.duckdb_copy(
            con,
            f"SELECT {', '.join(engine.EXPOSURE_COLUMNS)} FROM exposures",
            str(temp / "exposures.csv"),
            "FORMAT csv, HEADER",
        )
        text = json.dumps(summary, indent=2, ensure_ascii=False) + "\n"
        (temp / "summary.json").write_text(text, encoding="utf-8")
        if not out.exists() or (out.is_dir() and not any(out.iterdir())):
            os.replace(temp, out)  # the whole folder at once (an empty OUT is replaced)
            return
        for name in OUTPUT_FILES:
            os.replace(temp / name, out / name)
    finally:
        shutil.rmtree(temp, ignore_errors=True)
