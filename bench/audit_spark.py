"""What the audit costs per million input rows on Spark, beside DuckDB, at two extract sizes.

Simulates two extracts (``--scales``), runs ``sihat audit run`` on each with both engines
(the Spark session started and warmed up by one unmeasured run first, as a cluster's would
be), and prints per size: input rows, each engine's phases (load, certain tests, probable
matching) and seconds per million rows; two sizes separate the fixed cost (jobs, planning)
from the cost that grows with the rows. Prints a table, then one JSON object on the last line.

    .venv/bin/python bench/audit_spark.py [--scales 0.002 0.008] [--master local[*]]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path
from typing import Any

from sihat.audit.engine import Parameters, run_audit
from sihat.audit.simulate import SimulationConfig, simulate
from sihat.audit.spark.session import get_session


def _rows(extract: Path) -> int:
    rows = 0
    for path in extract.glob("*.csv"):
        with path.open("rb") as handle:
            rows += sum(1 for _ in handle) - 1
    return rows


def _run(extract: Path, out: Path, engine: str, master: str) -> dict[str, float]:
    started = time.perf_counter()
    result = run_audit(
        extract, out, Parameters(), show_progress=False, engine=engine, spark_master=master
    )
    return {**result.timings, "run_s": time.perf_counter() - started}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=float, nargs=2, default=[0.002, 0.008])
    parser.add_argument("--master", default="local[*]")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    get_session(args.master)
    figures: dict[str, Any] = {"master": args.master, "sizes": []}
    with tempfile.TemporaryDirectory(prefix="sihat-bench-spark-") as tmp:
        extracts = []
        for scale in args.scales:
            extracts.append(Path(tmp) / f"extract-{scale}")
            simulate(extracts[-1], SimulationConfig(seed=args.seed, scale=scale),
                     show_progress=False)  # fmt: skip
        for engine in ("duckdb", "spark"):  # warm-up, not measured: the JVM compiles, caches
            _run(extracts[0], Path(tmp) / f"warm-{engine}", engine, args.master)
        for scale, extract in zip(args.scales, extracts, strict=True):
            rows = _rows(extract)
            size: dict[str, Any] = {"scale": scale, "rows": rows}
            for engine in ("duckdb", "spark"):
                timings = _run(extract, Path(tmp) / f"out-{engine}-{scale}", engine, args.master)
                size[engine] = {k: round(v, 2) for k, v in timings.items()}
                size[engine]["s_per_million_rows"] = round(timings["run_s"] * 1e6 / rows, 1)
            figures["sizes"].append(size)
            print(f"scale {scale}: {rows:,} rows  duckdb {size['duckdb']}  spark {size['spark']}")
    small, large = figures["sizes"]
    for engine in ("duckdb", "spark"):
        # The slope between the two sizes: what one more million rows costs, fixed costs apart.
        slope = (large[engine]["run_s"] - small[engine]["run_s"]) / (large["rows"] - small["rows"])
        figures[f"{engine}_marginal_s_per_million_rows"] = round(slope * 1e6, 1)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
