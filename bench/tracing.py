"""Benchmark of the casual-contact engine (``sihat tracing casual-contacts``) on a day shaped
like the national check-in peak.

The day (2021-12-04, the peak of ``checkin_malaysia.csv``: 34.5 million check-ins, 11.5 million
people, 766,580 premises) is scaled down (default 1:10, about 3.45 million check-ins), spread
over the day's 48 half-hours as ``checkin_malaysia_time.csv`` has them, with the peak of new
cases of ``cases_malaysia.csv`` (33,406, so 3,341 at 1:10). Generation is seeded: same seed,
same files.

For two sizes (the scale, and a tenth of it) it times, each in its own subprocess (for its peak
memory): the engine on the contract's CSV files, and a hand-written minimal DuckDB interval
join on the same files (the baseline: no validation, no id rules). Prints a table, then one
JSON object on the last line.

    .venv/bin/python bench/tracing.py [--scale 0.1] [--seed 1] [--threads N]
    .venv/bin/python bench/tracing.py --scale 0.001        # a quick check that it works
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

from sihat.core import refdata

PEAK_DAY = "2021-12-04"  # the largest day of checkin_malaysia.csv
US_PER_S = 1_000_000


def _row(path: Path, key: str, value: str) -> dict[str, str]:
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row[key] == value:
                return row
    raise SystemExit(f"{value} not in {path}")


def peak_shape() -> dict[str, object]:
    """The peak day's totals and half-hour shape, and the peak of new cases."""
    mysj = refdata.require("open", "moh", "mysejahtera")
    day = _row(mysj / "checkin_malaysia.csv", "date", PEAK_DAY)
    halves = _row(mysj / "checkin_malaysia_time.csv", "date", PEAK_DAY)
    with refdata.require("open", "moh", "epidemic", "cases_malaysia.csv").open() as handle:
        peak_cases = max(int(r["cases_new"]) for r in csv.DictReader(handle))
    return {
        "checkins": int(day["checkins"]),
        "people": int(day["unique_ind"]),
        "premises": int(day["unique_loc"]),
        "half_hours": [int(halves[str(i)]) for i in range(48)],
        "cases": peak_cases,
    }


def generate(folder: Path, scale: float, seed: int) -> dict[str, int]:
    """visits.csv and cases.csv for one day at ``scale`` of the national peak.

    Every draw is a hash of (seed, row, draw number), so the files depend on the seed alone
    (not on threads), and DuckDB writes millions of rows in seconds.
    """
    shape = peak_shape()
    n = max(2, round(shape["checkins"] * scale))  # type: ignore[operator]
    people = max(1, min(n, round(shape["people"] * scale)))  # type: ignore[operator]
    premises = max(1, min(n, round(shape["premises"] * scale)))  # type: ignore[operator]
    n_cases = max(1, min(people, round(shape["cases"] * scale)))  # type: ignore[operator]
    halves: list[int] = shape["half_hours"]  # type: ignore[assignment]
    total = sum(halves)
    bounds, running = [], 0
    for i, count in enumerate(halves):  # the day's shape as cumulative shares per half-hour
        bounds.append(f"({i}, {running / total!r})")
        running += count
    folder.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(":memory:")
    con.execute("SET enable_progress_bar = false").fetchall()
    con.execute(
        f"CREATE MACRO h(i, k) AS hash(CAST(i AS BIGINT) * 1024 + k + {int(seed)} * 1099511627776);"
        "CREATE MACRO u(i, k) AS h(i, k) / 18446744073709551616.0;"
        f"CREATE MACRO ts(us) AS strftime(make_timestamp(CAST(us AS BIGINT)), '%Y-%m-%dT%H:%M:%S');"
        f"CREATE TABLE halves AS SELECT * FROM (VALUES {', '.join(bounds)}) AS t(half, lo)"
    )
    day_us = f"epoch_us(TIMESTAMP '{PEAK_DAY}')"
    # A check-in: its half-hour by the day's shape, a second within it; every person and
    # premise once, then people uniformly and premises by popularity ~ 1 / (rank + 10).
    con.execute(
        f"""CREATE TABLE v AS
        SELECT i, h.half,
               CAST({day_us} + (h.half * 1800 + h(i, 2) % 1800) * 1000000
                    AS BIGINT) AS in_us,
               CASE WHEN i < {people} THEN i ELSE CAST(h(i, 3) % {people} AS BIGINT) END AS who,
               CASE WHEN i < {premises} THEN i ELSE least({premises - 1}, CAST(floor(
                 10 * pow(({premises} + 10) / 10.0, u(i, 4)) - 10) AS BIGINT)) END AS place,
               u(i, 5) AS out_kind, CAST(h(i, 6) % 10740 AS BIGINT) AS stay_s
        FROM (SELECT range AS i, u(range, 1) AS share FROM range({n})) AS d
        ASOF JOIN halves AS h ON d.share >= h.lo"""
    )
    # One visit in ten checks out (one in fifty with a clock before the check-in).
    con.execute(
        f"""COPY (SELECT row_number() OVER (ORDER BY in_us, i) AS visit_id,
                   'p' || who AS individual, 'L' || place AS premise_id,
                   ts(in_us) AS checked_in_at,
                   CASE WHEN out_kind < 0.08 THEN ts(in_us + (60 + stay_s) * 1000000)
                        WHEN out_kind < 0.10 THEN ts(in_us - 3600000000) END AS checked_out_at
            FROM v ORDER BY visit_id) TO '{folder / "visits.csv"}' (HEADER)"""
    )
    # Cases: people drawn without repeats, sample taken during the day; onset for 60 %,
    # isolation given for 50 %.
    con.execute(
        f"""COPY (SELECT row_number() OVER (ORDER BY pick) AS case_id, 'p' || who AS individual,
                   ts(sample_us) AS sample_at,
                   CASE WHEN u(who, 12) < 0.6
                        THEN ts(sample_us - CAST(h(who, 13) % 432000 AS BIGINT) * 1000000)
                   END AS onset_at,
                   CASE WHEN u(who, 14) < 0.5
                        THEN ts(sample_us + CAST(h(who, 15) % 172800 AS BIGINT) * 1000000)
                   END AS isolated_at
            FROM (SELECT range AS who, h(range, 10) AS pick,
                         CAST({day_us} + (h(range, 11) % 86400) * 1000000
                              AS BIGINT) AS sample_us
                  FROM range({people}) ORDER BY pick LIMIT {n_cases})
            ORDER BY case_id) TO '{folder / "cases.csv"}' (HEADER)"""
    )
    con.close()
    return {"checkins": n, "people": people, "premises": premises, "cases": n_cases}


# Peak resident memory of the measuring process itself (VmHWM: reset at exec, unlike
# ru_maxrss, which a child inherits from the benchmark that forked it), DuckDB's memory included.
PEAK = """
def PEAK():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
"""

ENGINE = (
    PEAK
    + """
import json, sys, time
from pathlib import Path
from sihat.tracing.files import run
threads = int(sys.argv[3]) or None
timings = {}
started = time.perf_counter()
summary = run(Path(sys.argv[1]), Path(sys.argv[2]), threads=threads, timings=timings)
elapsed = time.perf_counter() - started
print(json.dumps({"s": elapsed, "peak_rss_mb": PEAK(), "exposures": summary["exposures"],
                  "case_visits": summary["case_visits"], **timings}))
"""
)

# The hand-written minimal interval join: DuckDB's own CSV typing, the same rules, no checks.
BASELINE = (
    PEAK
    + """
import json, sys, time
import duckdb
folder, out, threads = sys.argv[1], sys.argv[2], int(sys.argv[3])
started = time.perf_counter()
con = duckdb.connect(":memory:")
con.execute("SET enable_progress_bar = false").fetchall()
if threads:
    con.execute(f"SET threads = {threads}").fetchall()
con.execute(f"CREATE TABLE v AS SELECT * FROM read_csv('{folder}/visits.csv', types = "
            "{'checked_in_at': 'TIMESTAMP', 'checked_out_at': 'TIMESTAMP'})")
con.execute(f"CREATE TABLE c AS SELECT * FROM read_csv('{folder}/cases.csv', types = "
            "{'sample_at': 'TIMESTAMP', 'onset_at': 'TIMESTAMP', 'isolated_at': 'TIMESTAMP'})")
con.execute('''
CREATE TABLE i AS SELECT visit_id, individual, premise_id, checked_in_at AS s,
  CASE WHEN checked_out_at > checked_in_at THEN checked_out_at
       ELSE least(checked_in_at + INTERVAL 60 MINUTE, coalesce(lead(checked_in_at) OVER
            (PARTITION BY individual ORDER BY checked_in_at), checked_in_at + INTERVAL 60 MINUTE))
  END AS e FROM v''')
con.execute('''
CREATE TABLE cv AS SELECT c.case_id, c.individual, i.visit_id, i.premise_id,
  greatest(i.s, coalesce(c.onset_at, c.sample_at) - INTERVAL 2 DAY) AS s,
  least(i.e, coalesce(c.isolated_at, c.sample_at + INTERVAL 24 HOUR)) AS e
FROM c JOIN i ON i.individual = c.individual
WHERE i.s < coalesce(c.isolated_at, c.sample_at + INTERVAL 24 HOUR)
  AND i.e > coalesce(c.onset_at, c.sample_at) - INTERVAL 2 DAY''')
con.execute(f'''
COPY (SELECT case_id, individual, arg_max(premise_id, m), arg_max(visit_id, m), max(m)
  FROM (SELECT cv.case_id, i.individual, i.premise_id, i.visit_id,
          round(epoch(least(i.e, cv.e + INTERVAL 30 MINUTE) - greatest(i.s, cv.s)) / 60) AS m
        FROM cv JOIN i ON i.premise_id = cv.premise_id
         AND i.s < cv.e + INTERVAL 30 MINUTE AND i.e > cv.s AND i.individual <> cv.individual
        WHERE NOT EXISTS (SELECT 1 FROM c k WHERE k.individual = i.individual
                          AND k.sample_at <= i.s))
  WHERE m >= 1 GROUP BY ALL ORDER BY ALL) TO '{out}/exposures.csv' (HEADER)''')
elapsed = time.perf_counter() - started
peak = PEAK()
with open(f"{out}/exposures.csv") as handle:
    rows = sum(1 for _ in handle) - 1
print(json.dumps({"s": elapsed, "peak_rss_mb": peak, "exposures": rows}))
"""
)


def measure(code: str, folder: Path, out: Path, threads: int) -> dict[str, float]:
    out.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        [sys.executable, "-c", code, str(folder), str(out), str(threads)],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def one_size(tmp: Path, scale: float, seed: int, threads: int) -> dict[str, float]:
    folder = tmp / f"day-{scale:g}"
    started = time.perf_counter()
    sizes = generate(folder, scale, seed)
    generate_s = time.perf_counter() - started
    engine = measure(ENGINE, folder, tmp / f"engine-{scale:g}", threads)
    baseline = measure(BASELINE, folder, tmp / f"baseline-{scale:g}", threads)
    return {
        **sizes,
        "generate_s": round(generate_s, 2),
        "engine_s": round(engine["s"], 3),
        "baseline_s": round(baseline["s"], 3),
        "ratio": round(engine["s"] / baseline["s"], 3),
        "engine_load_s": round(engine["load_s"], 3),
        "engine_compute_s": round(engine["compute_s"], 3),
        "engine_write_s": round(engine["write_s"], 3),
        "peak_rss_mb": round(engine["peak_rss_mb"], 1),
        "baseline_peak_rss_mb": round(baseline["peak_rss_mb"], 1),
        "case_visits": int(engine["case_visits"]),
        "exposures": int(engine["exposures"]),
        "baseline_exposures": int(baseline["exposures"]),
        "us_per_checkin": round(engine["s"] / sizes["checkins"] * US_PER_S, 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=0.1, help="fraction of the peak day")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--threads", type=int, default=0, help="DuckDB threads (0: all cores)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="sihat-bench-tracing-") as name:
        tmp = Path(name)
        small = one_size(tmp, args.scale / 10, args.seed, args.threads)
        large = one_size(tmp, args.scale, args.seed, args.threads)
    for label, fig in ((f"1:{10 / args.scale:g}", small), (f"1:{1 / args.scale:g}", large)):
        print(
            f"{label:>8}  {fig['checkins']:>10,} check-ins  {fig['cases']:>6,} cases  "
            f"{fig['exposures']:>9,} exposures  engine {fig['engine_s']:8.2f} s  "
            f"baseline {fig['baseline_s']:8.2f} s  ratio {fig['ratio']:5.2f}  "
            f"{fig['us_per_checkin']:7.3f} us/check-in  peak {fig['peak_rss_mb']:7.0f} MB"
        )
    figures = {
        "scale": args.scale,
        **large,
        "small_scale": args.scale / 10,
        **{f"small_{key}": value for key, value in small.items()},
        "us_per_checkin_growth": round(large["us_per_checkin"] / small["us_per_checkin"], 3),
    }
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
