"""The same questions on DuckDB and on Spark, side by side on one machine: seconds per query and the ratio.

    python bench/bench_engines.py                      # the demo store (real bundled data), in /tmp
    python bench/bench_engines.py --store DIR          # an existing store (events ingested, say 1M rows)
    python bench/bench_engines.py --master 'local[2]' --repeat 3 --json

Both engines answer from a warm start: the Spark session is started once and its start-up is reported
on its own line (a CLI call pays it; a long-lived server or a Spark Connect server does not), and each
engine's day cells are built once and timed as their own line. Every query is asked ``--repeat`` times
and the median is reported; the answers of the two engines are checked equal before timing.
"""

from __future__ import annotations

import argparse
import json
import math
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from holosec.demo import run_demo
from holosec.engines.spark import session
from holosec.engines.url import EngineURL
from holosec.export import export_for_spark
from holosec.indicators.evidence import evidence
from holosec.indicators.frame import Quality
from holosec.indicators.index import threat_index
from holosec.indicators.query import Selection, indicators, panel
from holosec.indicators.rollup import build
from holosec.store import Store
from holosec.store.store import STORE_FILE
from holosec.taxonomy import load_taxonomy

QUERIES: dict[str, Callable[[Store], Any]] = {
    "indicators CHN by month (day cells)": lambda s: indicators(s, Selection(country="CHN", by="month")),
    "indicators CHN x field x month (from events, no dedup filter)": lambda s: [
        indicators(s, Selection(country="CHN", field=f, by="month", quality=Quality(min_sources=1)))
        for f in load_taxonomy("v2014").ids()
    ],
    "indicators CHN-VNM by week, min 2 sources": lambda s: indicators(
        s, Selection(country="CHN", partner="VNM", by="week", quality=Quality(min_sources=2))
    ),
    "evidence CHN-VNM 2014-05": lambda s: evidence(
        s, Selection(country="CHN", partner="VNM", by="month"), "2014-05"
    ),
    "panel of countries by month": lambda s: panel(s, by="month"),
    "threat index CHN": lambda s: threat_index(s, "CHN"),
}


def _close(a: Any, b: Any) -> bool:
    """Equal, floats to 1e-9 relative (the parity suite's tolerance)."""
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_close(a[k], b[k]) for k in a)
    if isinstance(a, list | tuple) and isinstance(b, list | tuple):
        return len(a) == len(b) and all(_close(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and isinstance(b, float | int):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12) or (math.isnan(a) and math.isnan(b))
    return bool(a == b)


def _timed(call: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    times, found = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        found = call()
        times.append(time.perf_counter() - started)
    return statistics.median(times), found


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--store", type=Path, help="an existing store (default: build the demo's)")
    parser.add_argument("--master", default="local[2]", help="Spark master (default local[2])")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="holosec-engines-"))
    try:
        duck_dir, spark_dir = work / "duckdb", work / "spark"
        duck_dir.mkdir()
        spark_dir.mkdir()
        if args.store:
            shutil.copy2(args.store / STORE_FILE, duck_dir / STORE_FILE)
        else:
            with Store.open(duck_dir) as store:
                run_demo(store)
        shutil.copy2(duck_dir / STORE_FILE, spark_dir / STORE_FILE)
        url = f"spark://{args.master}?data={spark_dir / 'parquet'}"
        started = time.perf_counter()
        session(EngineURL.parse(url))
        results: list[dict[str, Any]] = [
            {
                "query": "start the Spark session",
                "duckdb": 0.0,
                "spark": round(time.perf_counter() - started, 2),
            }
        ]
        with Store.open(duck_dir) as duck, Store.open(spark_dir, engine=url) as spark:
            events = int(duck.scalar("SELECT count(*) FROM events"))
            started = time.perf_counter()
            export_for_spark(spark, spark_dir / "parquet")
            results.append(
                {"query": "export for Spark", "duckdb": 0.0, "spark": round(time.perf_counter() - started, 2)}
            )
            cells = {}
            for name, store in (("duckdb", duck), ("spark", spark)):
                started = time.perf_counter()
                cells[name] = build(store).cells
                cells[f"{name}_s"] = round(time.perf_counter() - started, 2)
            assert cells["duckdb"] == cells["spark"], cells
            results.append(
                {
                    "query": f"build the day cells ({cells['duckdb']:,})",
                    **{k: cells[f"{k}_s"] for k in ("duckdb", "spark")},
                }
            )
            for query, ask in QUERIES.items():
                row: dict[str, Any] = {"query": query}
                answers = {}
                for name, store in (("duckdb", duck), ("spark", spark)):
                    ask(store)  # warm: the first ask compiles and caches what the engine caches
                    row[name], answers[name] = _timed(lambda s=store, a=ask: a(s), args.repeat)
                    row[name] = round(row[name], 3)
                row["same_answer"] = _close(answers["duckdb"], answers["spark"])
                results.append(row)
        for row in results:
            row["ratio"] = round(row["spark"] / row["duckdb"], 1) if row["duckdb"] else None
        report = {"events": events, "master": args.master, "repeat": args.repeat, "results": results}
        if args.json:
            print(json.dumps(report, indent=1))
            return
        print(f"{events:,} events; Spark {args.master}; median of {args.repeat}; {date.today()}")
        print(f"{'query':66} {'DuckDB s':>9} {'Spark s':>9} {'ratio':>6}  same")
        for row in results:
            ratio = "" if row["ratio"] is None else f"{row['ratio']:.1f}"
            print(
                f"{row['query'][:66]:66} {row['duckdb']:9.3f} {row['spark']:9.3f} {ratio:>6}  "
                f"{row.get('same_answer', '')}"
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
