"""One measurement, run alone in its own process so that its peak memory is its own.

    python bench/measure.py KIND FILE WORKDIR [MEMORY_LIMIT]

KIND is ``holosec``, ``holosec-again``, ``holosec-load-tag`` (the ingest without its last step, the
refresh of the indicator day cells), ``duckdb-memory``, ``duckdb-disk``, ``pandas`` or ``pandas-str``;
MEMORY_LIMIT (holosec only) is passed to ``Store.open``, whose own default is used when it is left out.
Prints one JSON object: seconds (the operation alone, after imports), its CPU seconds (every thread of
the process: steadier than seconds on a machine other work shares), rows loaded, resident memory after
imports, and the process's peak resident memory (VmHWM: this process's own address space, unlike
``ru_maxrss``, which can carry the parent's peak over fork and exec).
"""

from __future__ import annotations

import csv
import json
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

Result = dict[str, Any]
SETTINGS = "SELECT current_setting('memory_limit'), current_setting('threads')"


def _status_mb(field: str) -> float:
    """A memory line of /proc/self/status (VmRSS, VmHWM) in MB (10^6 bytes)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024 / 1e6
    raise RuntimeError(f"no {field} in /proc/self/status")


def _holosec(file: Path, workdir: Path, memory_limit: str | None) -> Callable[[], Result]:
    from holosec.ingest import ingest_paths
    from holosec.store import Store

    options = {"memory_limit": memory_limit} if memory_limit else {}

    def run() -> Result:
        with Store.open(workdir / "store", **options) as store:
            summary = ingest_paths(store, [file])
            limit, threads = store.execute(SETTINGS).fetchone() or (None, None)
        report = summary.reports[0]
        return {
            "rows": summary.rows_stored,
            "rows_read": summary.rows_read,
            "rows_quarantined": summary.rows_quarantined,
            "status": report.status,
            "error": report.error,
            "memory_limit": limit,
            "threads": threads,
        }

    return run


def _holosec_load_tag(file: Path, workdir: Path, memory_limit: str | None) -> Callable[[], Result]:
    """What ``ingest_paths`` does but its last step: each file loaded and its rows tagged, in the file's
    transaction; the day cells are not refreshed."""
    from holosec.ingest.step import tag_stored
    from holosec.sources.registry import SOURCES
    from holosec.store import Store

    options = {"memory_limit": memory_limit} if memory_limit else {}
    load = SOURCES["gdelt"].load()

    def run() -> Result:
        with Store.open(workdir / "store", **options) as store:
            report = load(store, file, workdir=workdir / "unpacked", layout=None, on_stored=tag_stored)
            tags = store.execute("SELECT count(*) FROM event_tags").fetchone()
        return {"rows": report.rows_stored, "status": report.status, "error": report.error, "tags": tags}

    return run


def read_csv_sql(file: Path) -> str:
    """DuckDB's own reader on a GDELT file: tab-separated, no header, no quoting, types detected."""
    path = file.as_posix().replace("'", "''")
    return f"SELECT * FROM read_csv('{path}', delim = '\\t', header = false, quote = '')"


def _duckdb(file: Path, database: str) -> Callable[[], Result]:
    import duckdb

    def run() -> Result:
        con = duckdb.connect(database)
        con.execute(f"CREATE TABLE events AS {read_csv_sql(file)}")
        row = con.execute("SELECT count(*) FROM events").fetchone()
        types = Counter(str(column[1]) for column in con.execute("DESCRIBE events").fetchall())
        limit, threads = con.execute(SETTINGS).fetchone() or (None, None)
        con.close()
        return {
            "rows": int(row[0]) if row else 0,
            "columns": sum(types.values()),
            "types": dict(types),
            "memory_limit": limit,
            "threads": threads,
        }

    return run


def _pandas(file: Path, as_text: bool) -> Callable[[], Result]:
    import pandas as pd

    def run() -> Result:
        frame = pd.read_csv(
            file, sep="\t", header=None, quoting=csv.QUOTE_NONE, dtype=str if as_text else None
        )
        return {"rows": len(frame), "columns": frame.shape[1]}

    return run


def prepare(kind: str, file: Path, workdir: Path, memory_limit: str | None) -> Callable[[], Result]:
    """Import what ``kind`` needs (not timed) and return the operation to time."""
    if kind in ("holosec", "holosec-again"):
        return _holosec(file, workdir, memory_limit)
    if kind == "holosec-load-tag":
        return _holosec_load_tag(file, workdir, memory_limit)
    if kind == "duckdb-memory":
        return _duckdb(file, ":memory:")
    if kind == "duckdb-disk":
        return _duckdb(file, str(workdir / "raw.duckdb"))
    if kind in ("pandas", "pandas-str"):
        return _pandas(file, as_text=kind == "pandas-str")
    raise SystemExit(f"unknown measurement {kind!r}")


def main(argv: list[str]) -> None:
    kind, file, workdir = argv[0], Path(argv[1]), Path(argv[2])
    operation = prepare(kind, file, workdir, argv[3] if len(argv) > 3 else None)
    baseline = _status_mb("VmRSS")
    began, cpu = time.perf_counter(), time.process_time()
    result = operation()
    seconds, cpu_seconds = time.perf_counter() - began, time.process_time() - cpu
    result |= {
        "kind": kind,
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        "baseline_mb": baseline,
        "peak_mb": _status_mb("VmHWM"),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
