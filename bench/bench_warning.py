"""Time the early-warning detectors over many long series (the issue's bar: 10,000 series of 500 periods
in under 30 s on this machine).

    python bench/bench_warning.py [--series 10000] [--periods 500] [--detectors surge,naive_z,...] [--json]

The series are real ICEWS monthly conflict-event counts re-sampled: each is one of the seven pairs in
`tests/data/warning/south-china-sea-conflict-cut.csv` (1991-2014, both directions summed), started at a
random month and repeated end to end to the wanted length, and scaled by a random factor between 0.2 and 5
(rounded to whole events), so that quiet and busy series of every size are in the mix. Each detector runs
through `holosec.warning.detect` on the whole panel: judging, merging, and building every alert with its
reasoning, as `holosec warn` does. Times are wall-clock seconds after the panel is built.
"""

from __future__ import annotations

import argparse
import csv
import json
import platform
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

from holosec import __version__
from holosec.periods import Grain, Period
from holosec.warning import DETECTORS, Panel, detect

DATA = (
    Path(__file__).resolve().parent.parent / "tests" / "data" / "warning" / "south-china-sea-conflict-cut.csv"
)
LIMIT = 30.0


def real_series() -> np.ndarray:
    """The seven real monthly series, 1991-01..2014-12 (288 months), zeros where ICEWS has no row."""
    counts: dict[str, dict[int, float]] = defaultdict(dict)
    with DATA.open(newline="") as handle:
        for row in csv.DictReader(handle):
            key = "-".join(sorted((row["sourcecode"], row["targetcode"])))
            month = (int(row["date"][:4]) - 1991) * 12 + int(row["date"][4:]) - 1
            if 0 <= month < 288:
                counts[key][month] = counts[key].get(month, 0.0) + float(row["count"])
    return np.array([[points.get(m, 0.0) for m in range(288)] for points in counts.values()])


def resampled(series: int, periods: int, seed: int = 1) -> Panel:
    """``series`` real-shaped series of ``periods`` months (see the module notes)."""
    rng = np.random.default_rng(seed)
    real = real_series()
    rows = rng.integers(0, real.shape[0], series)
    starts = rng.integers(0, real.shape[1], series)
    scale = np.exp(rng.uniform(np.log(0.2), np.log(5.0), series))
    index = (starts[:, None] + np.arange(periods)[None, :]) % real.shape[1]
    values = np.round(real[rows[:, None], index] * scale[:, None])
    keys = [f"S{i:05d}" for i in range(series)]
    return Panel.from_arrays(
        Grain.month, Period.parse("1990-01").ordinal, dict(zip(keys, values, strict=True))
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--series", type=int, default=10_000)
    parser.add_argument("--periods", type=int, default=500)
    parser.add_argument("--detectors", default=",".join(DETECTORS), help="comma-separated detector names")
    parser.add_argument("--json", action="store_true", help="print the numbers as JSON")
    args = parser.parse_args()
    began = time.perf_counter()
    panel = resampled(args.series, args.periods)
    built = time.perf_counter() - began
    results = []
    for name in args.detectors.split(","):
        start = time.perf_counter()
        alerts = detect(panel, name)
        seconds = time.perf_counter() - start
        results.append({"detector": name, "seconds": round(seconds, 2), "alerts": len(alerts),
                        "alert_rate": round(len(alerts) / panel.observed(), 4)})  # fmt: skip
    total = sum(r["seconds"] for r in results)
    if args.json:
        print(
            json.dumps({"series": args.series, "periods": args.periods, "results": results, "total": total})
        )
        return
    machine = platform.processor() or platform.machine()
    print(f"machine: {machine}, Python {platform.python_version()}, holosec {__version__}")
    size = f"{args.series:,} series x {args.periods} periods ({panel.observed():,} series-periods)"
    print(f"{size}, built in {built:.1f} s")
    print(f"  {'detector':<12} {'seconds':>8} {'alerts':>8} {'alert rate':>10}")
    for r in results:
        verdict = "PASS" if r["seconds"] < LIMIT else "FAIL"
        numbers = f"{r['seconds']:>8.2f} {r['alerts']:>8,} {r['alert_rate']:>10.2%}"
        print(f"  {r['detector']:<12} {numbers}  {verdict} < {LIMIT:g} s")
    print(f"  {'all':<12} {total:>8.2f}")


if __name__ == "__main__":
    sys.exit(main())
