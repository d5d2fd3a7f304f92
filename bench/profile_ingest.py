"""Where a holosec ingest spends its time and memory: each phase and each SQL statement, in order.

    python bench/profile_ingest.py FILE STORE_DIR [--memory-limit 2GB] [--again]

Wraps (at run time, without changing holosec) the file hashing, the line count and every statement the
store runs, and prints each one's seconds and the process's resident and peak memory after it. STORE_DIR
is emptied first. With ``--again`` it then re-ingests the file into the same store, to show what the
skip costs.
"""

from __future__ import annotations

import argparse
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from holosec.ingest import ingest_paths
from holosec.sources import inputs, loader
from holosec.store import Store

MIN_SECONDS = 0.01


def _memory() -> str:
    fields = dict(
        line.split(":", 1)
        for line in Path("/proc/self/status").read_text().splitlines()
        if line.startswith("Vm")
    )
    rss, hwm = (int(fields[name].split()[0]) * 1024 / 1e6 for name in ("VmRSS", "VmHWM"))
    return f"rss {rss:7,.0f} MB  peak {hwm:7,.0f} MB"


def _show(seconds: float, what: str) -> None:
    print(f"{seconds:8.3f} s  {_memory()}  {what}", flush=True)


def _timed(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        began = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            _show(time.perf_counter() - began, name)

    return wrapper


def _instrument() -> None:
    """Time the fingerprint, unpacking and every store statement that takes over MIN_SECONDS."""
    loader.fingerprint = _timed("python: sha256 (+ line count of a plain file)", loader.fingerprint)
    inputs._unzip = _timed("python: unpack a zip, count lines", inputs._unzip)
    inputs._gunzip = _timed("python: unpack a gzip file, count lines", inputs._gunzip)
    execute = Store.execute

    def timed_execute(self: Store, sql: str, params: list[Any] | None = None) -> Any:
        began = time.perf_counter()
        try:
            return execute(self, sql, params)
        finally:
            seconds = time.perf_counter() - began
            if seconds >= MIN_SECONDS:
                _show(seconds, "sql: " + " ".join(sql.split())[:90])

    Store.execute = timed_execute  # type: ignore[method-assign]


def _ingest(store_dir: Path, file: Path, options: dict[str, str], label: str) -> None:
    print(f"-- {label}")
    began = time.perf_counter()
    store = _timed("Store.open", Store.open)(store_dir, **options)
    summary = ingest_paths(store, [file])
    _timed("Store.close", store.close)()
    report = summary.reports[0]
    _show(
        time.perf_counter() - began,
        f"total: {report.status}, {summary.rows_stored:,} rows {report.error or ''}",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("store_dir", type=Path)
    parser.add_argument("--memory-limit", help="Store.open memory_limit (default: Store's own)")
    parser.add_argument("--again", action="store_true", help="re-ingest the file afterwards")
    args = parser.parse_args()
    shutil.rmtree(args.store_dir, ignore_errors=True)
    options = {"memory_limit": args.memory_limit} if args.memory_limit else {}
    _instrument()
    _ingest(args.store_dir, args.file, options, "ingest")
    if args.again:
        _ingest(args.store_dir, args.file, options, "re-ingest")


if __name__ == "__main__":
    main()
