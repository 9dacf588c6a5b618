"""What the casual-contact computation costs per check-in on Spark, beside DuckDB, at two sizes.

Generates two days shaped like the national check-in peak with ``bench/tracing.py``'s seeded
generator (``--scale`` and a tenth of it), runs ``sihat tracing casual-contacts`` on each with
both engines in this process (the Spark session started and warmed up by one unmeasured run
first, as a cluster's would be), and prints per size: check-ins, each engine's phases (load,
compute, write) and microseconds per check-in, then the marginal cost of one more check-in
(the slope between the two sizes, which separates Spark's fixed cost per job from what grows
with the check-ins). Prints a table, then one JSON object on the last line.

    .venv/bin/python bench/tracing_spark.py [--scale 0.01] [--master local[*]]
    .venv/bin/python bench/tracing_spark.py --scale 0.0001     # a quick check that it works
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.tracing import generate  # the same seeded day as bench/tracing.py

from sihat.tracing import files
from sihat.tracing.spark import engine as spark_engine

US_PER_S = 1_000_000


def _run(engine: str, folder: Path, out: Path, master: str) -> dict[str, float]:
    timings: dict[str, float] = {}
    started = time.perf_counter()
    if engine == "spark":
        spark_engine.run(folder, out, master=master, timings=timings)
    else:
        files.run(folder, out, timings=timings)
    return {**timings, "run_s": time.perf_counter() - started}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=0.01, help="fraction of the peak day")
    parser.add_argument("--master", default="local[*]")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    spark_engine.get_session(args.master)
    figures: dict[str, Any] = {"master": args.master, "sizes": []}
    with tempfile.TemporaryDirectory(prefix="sihat-bench-tracing-spark-") as name:
        tmp = Path(name)
        days = [(scale, tmp / f"day-{scale:g}") for scale in (args.scale / 10, args.scale)]
        checkins = {scale: generate(folder, scale, args.seed)["checkins"] for scale, folder in days}
        for engine in ("duckdb", "spark"):  # warm-up, not measured: the JVM compiles, caches
            _run(engine, days[0][1], tmp / f"warm-{engine}", args.master)
        for scale, folder in days:
            size: dict[str, Any] = {"scale": scale, "checkins": checkins[scale]}
            for engine in ("duckdb", "spark"):
                timings = _run(engine, folder, tmp / f"out-{engine}-{scale:g}", args.master)
                size[engine] = {k: round(v, 3) for k, v in timings.items()}
                per = timings["run_s"] / checkins[scale] * US_PER_S
                size[engine]["us_per_checkin"] = round(per, 3)
            same = all(
                (tmp / f"out-duckdb-{scale:g}" / f).read_bytes()
                == (tmp / f"out-spark-{scale:g}" / f).read_bytes()
                for f in files.OUTPUT_FILES
            )
            size["identical_outputs"] = same
            figures["sizes"].append(size)
            print(
                f"scale {scale:g}: {checkins[scale]:>10,} check-ins  "
                f"duckdb {size['duckdb']['run_s']:8.2f} s ({size['duckdb']['us_per_checkin']} us)  "
                f"spark {size['spark']['run_s']:8.2f} s ({size['spark']['us_per_checkin']} us)  "
                f"identical {same}"
            )
    small, large = figures["sizes"]
    for engine in ("duckdb", "spark"):
        # The slope between the two sizes: what one more check-in costs, fixed costs apart.
        slope = (large[engine]["run_s"] - small[engine]["run_s"]) / (
            large["checkins"] - small["checkins"]
        )
        figures[f"{engine}_marginal_us_per_checkin"] = round(slope * US_PER_S, 3)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
