"""Benchmark ICEWS ingest with actor resolution on the 92,367 bundled ICEWS05-15 events (the bar: 30 s).

    python bench/bench_icews.py [--repeat 3] [--workdir /tmp/holosec-bench-icews] [--json]

Each run ingests the two bundled files (gzip, name triples) into a fresh store and reports the time, the
rows per second, and how many actor mentions were resolved. The first run of a process also builds the
ICEWS lookup tables; their share is measured on its own.
"""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import statistics
import time
from pathlib import Path
from typing import Any

from holosec.ingest import ingest_paths
from holosec.samples import icews_samples
from holosec.sources.icews import actor_resolution, prepare_reference
from holosec.store import Store

BAR_SECONDS = 30.0


def one_run(workdir: Path) -> dict[str, Any]:
    """Ingest the bundled ICEWS files into a fresh store; time the lookups and the whole ingest."""
    shutil.rmtree(workdir, ignore_errors=True)
    with Store.open(workdir) as store:
        started = time.perf_counter()
        prepare_reference(store)
        lookups = time.perf_counter() - started
        summary = ingest_paths(store, icews_samples(), source="icews")
        seconds = time.perf_counter() - started
        resolution = actor_resolution(store)
    return {
        "seconds": round(seconds, 3),
        "lookup_seconds": round(lookups, 3),
        "rows": summary.rows_stored,
        "rows_per_second": round(summary.rows_stored / seconds),
        "quarantined": summary.rows_quarantined,
        "actors": resolution.actors,
        "resolved": resolution.resolved,
        "with_country": resolution.with_country,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/holosec-bench-icews"))
    parser.add_argument("--json", action="store_true", help="print the numbers as one JSON object")
    args = parser.parse_args()
    runs = [one_run(args.workdir / f"run{n}") for n in range(args.repeat)]
    shutil.rmtree(args.workdir, ignore_errors=True)
    median = statistics.median(run["seconds"] for run in runs)
    last = runs[-1]
    result = {
        "machine": f"{platform.machine()} {platform.python_implementation()} {platform.python_version()}",
        "runs": runs,
        "median_seconds": median,
        "bar_seconds": BAR_SECONDS,
        "within_bar": median < BAR_SECONDS,
        "resolved_rate": round(last["resolved"] / last["actors"], 4),
        "country_rate": round(last["with_country"] / last["actors"], 4),
    }
    if args.json:
        print(json.dumps(result, indent=2))
        return
    for n, run in enumerate(runs, start=1):
        print(
            f"run {n}: {run['rows']:,} events in {run['seconds']:.2f} s ({run['rows_per_second']:,} rows/s; "
            f"lookups {run['lookup_seconds']:.2f} s), {run['quarantined']} quarantined"
        )
    print(f"median {median:.2f} s (bar {BAR_SECONDS:.0f} s): {'ok' if result['within_bar'] else 'TOO SLOW'}")
    print(
        f"actor mentions {last['actors']:,}: resolved {last['resolved']:,} ({result['resolved_rate']:.2%}), "
        f"with a country {last['with_country']:,} ({result['country_rate']:.2%})"
    )


if __name__ == "__main__":
    main()
