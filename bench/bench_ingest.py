"""Benchmark ``holosec`` ingest against DuckDB's own ``read_csv`` and ``pandas.read_csv``, on one file.

    python bench/bench_ingest.py [--rows 1000000 5000000] [--workdir /tmp/holosec-bench] [--keep]
                                 [--repeat N] [--pandas default|str|both|none] [--memory-limit 2GB]
                                 [--json] [--save FILE]

For each size it builds (or reuses) a GDELT 2.0 events file with ``make_events.py``, reads it once to warm
the page cache, then runs every measurement on that same file, each in a fresh process (``measure.py``) so
that its peak memory is its own; with ``--repeat`` the tools take turns, run after run. See
bench/README.md for what each number means.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from make_events import write_events

HERE = Path(__file__).resolve().parent
CHUNK = 1 << 24
LABELS = {
    "holosec": "holosec ingest",
    "holosec-again": "holosec re-ingest (skipped)",
    "duckdb-memory": "duckdb read_csv, in-memory db",
    "duckdb-disk": "duckdb read_csv, on-disk db",
    "pandas": "pandas.read_csv (default dtypes)",
    "pandas-str": "pandas.read_csv (dtype=str)",
}
EXPECTED_STATUS = {"holosec": "stored", "holosec-again": "skipped"}
LIMIT = "duckdb-memory"  # the bar the issue sets (its ~470k rows/s): the faster of the two DuckDB loads
OTHER = "duckdb-disk"
PANDAS_KINDS = {"default": ["pandas"], "str": ["pandas-str"], "both": ["pandas", "pandas-str"], "none": []}
PANDAS_BYTES_FACTOR = 4.0  # peak RSS per file byte, used only when no smaller file was measured
TARGET_RATIO, STRETCH_RATIO, PEAK_MB, AGAIN_SECONDS = 0.5, 0.8, 1500.0, 1.0


@dataclass
class Measurement:
    """One tool on one file: every run's numbers; times are summed up by the median."""

    kind: str
    runs: list[dict[str, Any]] = field(default_factory=list)
    failures: list[dict[str, Any]] = field(default_factory=list)
    skipped: str | None = None

    @property
    def seconds(self) -> float:
        return statistics.median(run["seconds"] for run in self.runs)

    @property
    def spread(self) -> tuple[float, float]:
        times = [run["seconds"] for run in self.runs]
        return min(times), max(times)

    @property
    def peak_mb(self) -> float:
        return max(run["peak_mb"] for run in self.runs + self.failures)


@dataclass
class FileResult:
    rows: int
    path: str
    size: int
    measurements: dict[str, Measurement] = field(default_factory=dict)

    def rate(self, kind: str) -> float | None:
        found = self.measurements.get(kind)
        return self.rows / found.seconds if found and found.runs else None

    def ratio(self, kind: str) -> float | None:
        ours, theirs = self.rate("holosec"), self.rate(kind)
        return ours / theirs if ours and theirs else None


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def machine() -> dict[str, Any]:
    """What the numbers were measured on."""
    meminfo = Path("/proc/meminfo").read_text().splitlines()
    total_kb = next(int(line.split()[1]) for line in meminfo if line.startswith("MemTotal:"))
    cpuinfo = Path("/proc/cpuinfo").read_text().splitlines()
    cpu = next((line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name")), "?")
    versions = {}
    for name in ("holosec", "duckdb", "pandas", "pyarrow"):
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return {
        "nproc": len(os.sched_getaffinity(0)),
        "cpu": cpu,
        "ram_gib": round(total_kb / 2**20, 1),
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        **versions,
    }


def count_lines(path: Path) -> int:
    """Lines of a file (a last line without a newline counts); reading it also warms the page cache."""
    lines, last = 0, b"\n"
    with path.open("rb") as stream:
        while chunk := stream.read(CHUNK):
            lines += chunk.count(b"\n")
            last = chunk[-1:]
    return lines + (last != b"\n")


def events_file(rows: int, workdir: Path) -> Path:
    """The benchmark file of ``rows`` rows, built unless a complete one is already there."""
    path = workdir / f"events-{rows}.csv"
    if path.exists() and count_lines(path) == rows:
        log(f"reusing {path}")
        return path
    log(f"writing {path} ...")
    began = time.perf_counter()
    write_events(rows, path, first_id=1_000_000_000, start=date(2018, 1, 1), years=6)
    log(f"  {path.stat().st_size / 1e6:,.0f} MB in {time.perf_counter() - began:.1f} s")
    return path


def run_child(kind: str, file: Path, workdir: Path, memory_limit: str | None) -> dict[str, Any]:
    """Run one measurement in a fresh interpreter. Dirty pages are flushed first, so that no tool pays
    for another's writes."""
    os.sync()
    command = [sys.executable, str(HERE / "measure.py"), kind, str(file), str(workdir)]
    command += [memory_limit] if memory_limit and kind.startswith("holosec") else []
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{kind} crashed ({done.returncode}):\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    result["ok"] = result.get("status", "ok") == EXPECTED_STATUS.get(kind, "ok")
    outcome = "" if result["ok"] else f"  FAILED: {result.get('error') or result.get('status')}"
    log(f"  {LABELS[kind]:<34} {result['seconds']:7.2f} s  peak {result['peak_mb']:7,.0f} MB{outcome}")
    return result


def too_big(kind: str, result: FileResult, earlier: list[FileResult], max_gb: float) -> str | None:
    """Why a pandas run is skipped (its expected peak memory is over ``max_gb``), or None to run it.

    The peak is scaled from the largest smaller file measured, else estimated from the file size."""
    if not kind.startswith("pandas"):
        return None
    known = [r for r in earlier if kind in r.measurements and r.measurements[kind].runs]
    if known:
        base = max(known, key=lambda r: r.rows)
        estimate = base.measurements[kind].peak_mb * result.rows / base.rows
    else:
        estimate = result.size * PANDAS_BYTES_FACTOR / 1e6
    if estimate <= max_gb * 1000:
        return None
    return f"skipped: expected peak {estimate / 1000:.1f} GB > {max_gb} GB"


def bench_file(rows: int, args: argparse.Namespace, earlier: list[FileResult]) -> FileResult:
    file = events_file(rows, args.workdir)
    result = FileResult(rows, str(file), file.stat().st_size)
    log(f"warming the page cache: read {file.name} once ({count_lines(file):,} lines)")
    kinds = ["duckdb-memory", "duckdb-disk", "holosec", "holosec-again", *PANDAS_KINDS[args.pandas]]
    for kind in kinds:
        result.measurements[kind] = Measurement(
            kind, skipped=too_big(kind, result, earlier, args.pandas_max_gb)
        )
    scratch = args.workdir / f"run-{rows}"
    for repeat in range(args.repeat):
        log(f"{rows:,} rows, run {repeat + 1} of {args.repeat}")
        for kind in kinds:
            measurement = result.measurements[kind]
            if measurement.skipped:
                continue
            if kind == "holosec-again" and not result.measurements["holosec"].runs:
                measurement.skipped = "skipped: the ingest failed, so there is nothing to skip"
                continue
            if kind != "holosec-again":  # the re-ingest reuses the store the ingest just made
                shutil.rmtree(scratch, ignore_errors=True)
                scratch.mkdir(parents=True)
            run = run_child(kind, file, scratch, args.memory_limit)
            (measurement.runs if run["ok"] else measurement.failures).append(run)
        shutil.rmtree(scratch, ignore_errors=True)
    check_rows(result)
    return result


def check_rows(result: FileResult) -> None:
    """Every tool must have loaded every row (the re-ingest none), or the comparison means nothing."""
    for kind, measurement in result.measurements.items():
        expected = 0 if kind == "holosec-again" else result.rows
        wrong = [run["rows"] for run in measurement.runs if run["rows"] != expected]
        if wrong:
            raise SystemExit(f"{LABELS[kind]} loaded {wrong[0]:,} rows of {result.rows:,}: not comparable")


def targets(result: FileResult) -> list[dict[str, Any]]:
    """The issue's targets for one file, each with its value and PASS or FAIL."""
    ingest, again = result.measurements["holosec"], result.measurements["holosec-again"]
    failed = "ingest failed" if ingest.failures else None
    found: list[dict[str, Any]] = []
    for kind in (LIMIT, OTHER):
        ratio = result.ratio(kind) if not failed else None
        for name, bar in (("target", TARGET_RATIO), ("stretch", STRETCH_RATIO)):
            found.append(_target(f"ingest rows/s >= {bar} x {LABELS[kind]} ({name})", ratio, bar, failed))
    peak = ingest.peak_mb
    found.append(
        {
            "target": f"ingest peak RSS < {PEAK_MB:,.0f} MB",
            "value": round(peak),
            "pass": not failed and peak < PEAK_MB,
        }
    )
    found.append(_again_target(again, failed))
    return found


def _again_target(again: Measurement, failed: str | None) -> dict[str, Any]:
    name = f"re-ingest (store open included) < {AGAIN_SECONDS} s"
    if again.failures:
        return {"target": name, "value": "the file was not skipped", "pass": False}
    if not again.runs:
        return {"target": name, "value": failed or again.skipped, "pass": False}
    return {"target": name, "value": round(again.seconds, 3), "pass": again.seconds < AGAIN_SECONDS}


def _target(name: str, ratio: float | None, bar: float, failed: str | None) -> dict[str, Any]:
    value = failed if ratio is None else round(ratio, 3)
    return {"target": name, "value": value, "pass": ratio is not None and ratio >= bar}


def as_dict(result: FileResult) -> dict[str, Any]:
    tools: dict[str, Any] = {}
    for kind, m in result.measurements.items():
        tools[kind] = {"label": LABELS[kind], "skipped": m.skipped, "runs": m.runs, "failures": m.failures}
        if m.runs:
            tools[kind] |= {
                "seconds": round(m.seconds, 3),
                "rows_per_s": None if kind == "holosec-again" else round(result.rows / m.seconds),
                "peak_rss_mb": round(m.peak_mb),
            }
    return {
        "rows": result.rows,
        "file": result.path,
        "bytes": result.size,
        "tools": tools,
        "limit": LIMIT,
        "ratio_holosec_to": {kind: result.ratio(kind) for kind in (LIMIT, OTHER)},
        "targets": targets(result),
    }


def table(result: FileResult) -> str:
    lines = [
        f"\n{result.rows:,} rows, {result.size / 1e6:,.0f} MB: {result.path}",
        f"  {'tool':<34} {'seconds':>8} {'(min-max)':>13} {'rows/s':>10} {'peak RSS MB':>12}",
    ]
    for kind, m in result.measurements.items():
        if m.skipped:
            lines.append(f"  {LABELS[kind]:<34} {m.skipped}")
        for failure in m.failures:
            reason = failure.get("error") or failure.get("status")
            seconds, peak = failure["seconds"], failure["peak_mb"]
            lines.append(f"  {LABELS[kind]:<34} FAILED after {seconds:.2f} s, peak {peak:,.0f} MB: {reason}")
        if not m.runs:
            continue
        rate = "-" if kind == "holosec-again" else f"{result.rows / m.seconds:,.0f}"
        spread = "({:.2f}-{:.2f})".format(*m.spread)
        lines.append(f"  {LABELS[kind]:<34} {m.seconds:8.2f} {spread:>13} {rate:>10} {m.peak_mb:12,.0f}")
    for kind in (LIMIT, OTHER):
        ratio = result.ratio(kind)
        shown = "-" if ratio is None else f"{ratio:.2f}"
        lines.append(f"  ratio holosec / {LABELS[kind]}{' (the limit)' if kind == LIMIT else ''}: {shown}")
    lines.append("  targets:")
    lines += [f"    {'PASS' if t['pass'] else 'FAIL'}  {t['target']}: {t['value']}" for t in targets(result)]
    return "\n".join(lines)


def settings_line(results: list[FileResult]) -> str:
    seen = {kind: run for r in results for kind, m in r.measurements.items() for run in m.runs + m.failures}
    return "; ".join(
        f"{LABELS[kind]}: memory_limit {seen[kind]['memory_limit']}, threads {seen[kind]['threads']}"
        for kind in ("holosec", LIMIT)
        if kind in seen
    )


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[1_000_000, 5_000_000], help="file sizes")
    parser.add_argument(
        "--workdir", type=Path, default=Path("/tmp/holosec-bench"), help="for files and stores"
    )
    parser.add_argument("--keep", action="store_true", help="keep the generated files for the next run")
    parser.add_argument("--repeat", type=int, default=1, help="runs per tool; the median time is reported")
    parser.add_argument("--pandas", choices=list(PANDAS_KINDS), default="default", help="pandas variants")
    parser.add_argument("--pandas-max-gb", type=float, default=12.0, help="skip pandas above this peak")
    parser.add_argument("--memory-limit", help="holosec's Store.open memory_limit (default: Store's own)")
    parser.add_argument("--json", action="store_true", help="print the numbers as JSON instead of tables")
    parser.add_argument("--save", type=Path, help="also write the numbers as JSON to this file")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse(argv)
    args.workdir.mkdir(parents=True, exist_ok=True)
    results: list[FileResult] = []
    try:
        for rows in sorted(args.rows):
            results.append(bench_file(rows, args, results))
    finally:
        if not args.keep:
            for rows in args.rows:
                (args.workdir / f"events-{rows}.csv").unlink(missing_ok=True)
    report = {"machine": machine(), "files": [as_dict(r) for r in results]}
    if args.save:
        args.save.write_text(json.dumps(report, indent=2) + "\n")
    if args.json:
        print(json.dumps(report, indent=2))
        return
    m = report["machine"]
    print(
        f"machine: {m['nproc']} CPUs ({m['cpu']}), {m['ram_gib']} GiB RAM, {m['os']}, Python {m['python']}, "
        f"holosec {m['holosec']}, duckdb {m['duckdb']}, pandas {m['pandas']}, pyarrow {m['pyarrow']}"
    )
    print(f"settings: {settings_line(results)}")
    for result in results:
        print(table(result))


if __name__ == "__main__":
    main()
