"""Benchmark the indicator rollups: full build, incremental update after one 15-minute file, queries.

    python bench/bench_indicators.py [--rows 10000000] [--workdir /tmp/holosec-bench-ind] [--store DIR]
                                     [--memory-limit 3GB] [--json]

Builds (or reuses, with ``--store``) a store of ROWS real GDELT 2.0 event rows re-dated over one year
(``make_events.py``: the bundled real rows cycled with fresh ids and dates, ingested and tagged), then, in
this process:

- **full build**: every day cell of the default taxonomy from the stored events (``build``);
- **incremental update**: ingest one real 15-minute GDELT file (the bundled 2018-01-01 00:00 export, with
  fresh ids so nothing is replaced) and ``refresh``, timed together and apart;
- **queries**: CHN x military x week over the whole year: the day cells summed to weeks alone, the whole
  ``indicators`` call without distinct sources (cells, world denominators, zero-filled periods), and with
  them (a pass over the selected events' reports); median of 7 runs after one warm-up.

Peak memory is this process's VmHWM. The issue's targets: build under 60 s, update under 2 s, query under
100 ms, memory under 4 GB.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

from holosec.engines import engine_for
from holosec.indicators import Selection, build, indicators, refresh
from holosec.indicators.measures import regrain
from holosec.indicators.query import _day_cells, _keyed
from holosec.ingest import ingest_paths
from holosec.store import Store
from make_events import sample_paths, write_events
from measure import _status_mb


def events_store(data_dir: Path, rows: int, memory_limit: str) -> Path:
    """The store in ``data_dir``, first built (unless it is there) from ``rows`` real GDELT event rows
    re-dated over 2018 (``make_events.py``), ingested and tagged. Also used by ``bench_api.py``."""
    if not (data_dir / "holosec.duckdb").exists():
        data_dir.parent.mkdir(parents=True, exist_ok=True)
        events = data_dir.parent / f"events-{rows}.csv"
        write_events(rows, events, first_id=1_000_000_000, start=date(2018, 1, 1), years=1)
        with Store.open(data_dir, memory_limit=memory_limit) as store:
            ingest_paths(store, [events])
        events.unlink()
    return data_dir


def _store(args: argparse.Namespace) -> Path:
    if args.store:
        return Path(args.store)
    return events_store(args.workdir / f"store-{args.rows}", args.rows, args.memory_limit)


def _fresh_file(workdir: Path) -> Path:
    """The real 2018-01-01 00:00 export with ids far above the store's, as the next 15-minute file."""
    real = next(p for p in sample_paths() if p.name.startswith("20180101"))
    out = workdir / "20180101001500.export.CSV"
    lines = real.read_bytes().rstrip(b"\n").split(b"\n")
    out.write_bytes(b"".join(b"9" + line + b"\n" for line in lines))  # 9 before each id: a new id
    return out


def _timed(run: Any) -> tuple[float, Any]:
    started = time.perf_counter()
    value = run()
    return time.perf_counter() - started, value


def _query_times(store: Store) -> dict[str, float]:
    selection = Selection(country="CHN", field="military", by="week").checked()
    engine = engine_for(store)
    cells_only = regrain(_keyed(_day_cells(engine, selection), selection, ["military"]), "week")
    runs: dict[str, list[float]] = {"cells_ms": [], "query_ms": [], "query_with_sources_ms": []}
    for attempt in range(8):
        cells, _ = _timed(lambda: engine.rows(cells_only))
        query, _ = _timed(lambda: indicators(store, selection, with_sources=False))
        full, _ = _timed(lambda: indicators(store, selection))
        if attempt:
            runs["cells_ms"].append(cells * 1000)
            runs["query_ms"].append(query * 1000)
            runs["query_with_sources_ms"].append(full * 1000)
    return {name: round(statistics.median(values), 1) for name, values in runs.items()}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/holosec-bench-ind"))
    parser.add_argument("--store", help="an existing store to use instead (it gains the new file's events)")
    parser.add_argument("--memory-limit", default="3GB", help="the store's DuckDB memory limit")
    parser.add_argument("--json", action="store_true", help="print the numbers as JSON")
    args = parser.parse_args(argv)
    args.workdir.mkdir(parents=True, exist_ok=True)
    data_dir = _store(args)
    result: dict[str, Any] = {"store": str(data_dir)}
    with Store.open(data_dir, memory_limit=args.memory_limit) as store:
        result["events"] = int(store.scalar("SELECT count(*) FROM events"))
        seconds, report = _timed(lambda: build(store))
        result["build_s"] = round(seconds, 2)
        result["day_cells"] = report.cells
        result["build_peak_mb"] = round(_status_mb("VmHWM"))
        new_file = _fresh_file(args.workdir)
        ingest_s, _ = _timed(lambda: ingest_paths(store, [new_file]))
        refresh_s, update = _timed(lambda: refresh(store))
        result["update_ingest_s"] = round(ingest_s, 2)
        result["update_refresh_s"] = round(refresh_s, 2)
        result["update_days"] = update.days
        result.update(_query_times(store))
        result["peak_mb"] = round(_status_mb("VmHWM"))
    if not args.store:
        shutil.rmtree(args.workdir / "tmp", ignore_errors=True)
    if args.json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f"{key:>22}: {value}")


if __name__ == "__main__":
    sys.exit(main())
