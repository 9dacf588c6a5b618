"""Benchmark of ``sihat audit run`` on a simulated extract of about 1 million dose records and
400,000 accounts.

Measures, in the same run: the whole audit (in a subprocess, for its peak memory), the
certain findings alone, the probabilistic matching alone, and the time DuckDB alone takes
to load the same CSV files into tables (the baseline); then the quality of the probable pairs:
precision and recall against the simulator's planted pairs and on the FEBRL test vectors.
Prints a table, then one JSON object on the last line.

    .venv/bin/python bench/audit.py [--scale 0.0176] [--extract DIR] [--seed 1]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

CHILD = """
import json, sys, time
from pathlib import Path
from sihat.audit.engine import Parameters, run_audit
started = time.perf_counter()
result = run_audit(Path(sys.argv[1]), Path(sys.argv[2]), Parameters(), show_progress=False)
timings = dict(result.timings, run_s=time.perf_counter() - started)
findings = result.summary["findings"]
probable = findings["duplicate_accounts"]["probable"]
timings["probable_pairs"] = probable["pair_count"]
timings["comparisons_bound"] = probable["comparisons_bound"]
timings["accounts"] = result.summary["run"]["input_files"]["accounts"]["rows"]
timings["dose_rows"] = result.summary["run"]["input_files"]["vaccinations"]["rows"]
print(json.dumps(timings))
"""


def bare_load(extract: Path) -> float:
    """DuckDB alone: each CSV into a table with its own type detection, nothing else."""
    con = duckdb.connect(":memory:")
    con.execute("SET enable_progress_bar = false")
    started = time.perf_counter()
    for path in sorted(extract.glob("*.csv")):
        con.execute(f"CREATE TABLE {path.stem} AS SELECT * FROM read_csv_auto(?)", [str(path)])
    elapsed = time.perf_counter() - started
    con.close()
    return elapsed


def whole_run(extract: Path, out: Path) -> tuple[dict[str, float], float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(extract), str(out)],
        check=True,
        capture_output=True,
        text=True,
    )
    peak_kb = max(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, before)
    return json.loads(done.stdout.strip().splitlines()[-1]), peak_kb / 1024


def quality(extract: Path, out: Path) -> dict[str, dict[str, float]]:
    """Precision and recall: the run's pairs against ``expected.json``, and FEBRL's."""
    from sihat.audit.engine import connect
    from sihat.audit.probable import find_probable
    from sihat.audit.quality import febrl_quality, load_febrl, simulated_quality
    from sihat.core import refdata

    figures = {}
    if (extract / "expected.json").is_file():
        expected = json.loads((extract / "expected.json").read_text(encoding="utf-8"))
        summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
        pairs = summary["findings"]["duplicate_accounts"]["probable"]["pairs"]
        figures["simulated"] = simulated_quality(expected, pairs).as_dict()
    for name in ("dataset1", "dataset2", "dataset3"):  # as in tests/audit/test_probable.py
        path = refdata.path("vectors", "febrl") / f"{name}.csv"
        con = connect()
        load_febrl(con, path)
        figures[f"febrl_{name}"] = febrl_quality(con, find_probable(con).pairs).as_dict()
        con.close()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=0.0176)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--extract", type=Path, help="use this extract instead of simulating")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="sihat-bench-") as tmp:
        extract = args.extract
        simulate_s = 0.0
        if extract is None:
            from sihat.audit.simulate import SimulationConfig, simulate

            extract = Path(tmp) / "extract"
            started = time.perf_counter()
            simulate(extract, SimulationConfig(seed=args.seed, scale=args.scale),
                     show_progress=False)  # fmt: skip
            simulate_s = time.perf_counter() - started
        load_s = bare_load(extract)
        timings, peak_mb = whole_run(extract, Path(tmp) / "out")
        quality_figures = quality(extract, Path(tmp) / "out")
    size_mb = sum(p.stat().st_size for p in extract.glob("*.csv")) / 1e6 if extract.exists() else 0
    figures = {
        "dose_rows": int(timings["dose_rows"]),
        "accounts": int(timings["accounts"]),
        "simulate_s": round(simulate_s, 2),
        "bare_load_s": round(load_s, 2),
        "run_s": round(timings["run_s"], 2),
        "engine_load_s": round(timings["load_s"], 2),
        "certain_findings_s": round(timings["certain_findings_s"], 2),
        "certain_vs_load_ratio": round(timings["certain_findings_s"] / load_s, 3),
        "probable_s": round(timings["probable_s"], 2),
        "probable_pairs": int(timings["probable_pairs"]),
        "comparisons_bound": int(timings["comparisons_bound"]),
        "quality": quality_figures,
        "report_s": round(timings["report_s"], 2),
        "peak_rss_mb": round(peak_mb, 1),
    }
    bound, accounts = int(timings["comparisons_bound"]), int(timings["accounts"])
    rows = [
        ("dose records / accounts", f"{figures['dose_rows']:,} / {figures['accounts']:,}"),
        ("simulate extract", f"{simulate_s:.2f} s"),
        ("DuckDB bare load (baseline)", f"{load_s:.2f} s"),
        ("whole audit run", f"{timings['run_s']:.2f} s"),
        ("  engine load + validation", f"{timings['load_s']:.2f} s"),
        ("  certain findings (11 SQL tests)", f"{timings['certain_findings_s']:.2f} s"),
        ("  probable matching (Splink)", f"{timings['probable_s']:.2f} s"),
        ("  reports (HTML, PDF, charts)", f"{timings['report_s']:.2f} s"),
        ("certain findings / bare load", f"{figures['certain_vs_load_ratio']:.2f} (target <= 2)"),
        ("peak memory of the run", f"{peak_mb:.0f} MB (target < 2048)"),
        ("probable matching", f"{timings['probable_s']:.1f} s (target <= 60)"),
        ("  comparisons (upper bound)", f"{bound:,} ({bound / max(accounts, 1):.2f} per account)"),
    ]
    for name, q in quality_figures.items():
        pr = f"{q['precision']:.3f} / {q['recall']:.3f}"
        counts = f"{q['hits']:,} of {q['found']:,} found, {q['true_pairs']:,} true"
        rows.append((f"precision / recall, {name}", f"{pr} ({counts})"))
    if size_mb:
        rows.insert(1, ("CSV size", f"{size_mb:.0f} MB"))
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value}")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
