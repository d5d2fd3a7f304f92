"""Sweep the default detector's (``surge``) settings over the backtest panels of ``docs/backtests.md``.

    python bench/sweep_surge.py [SHARED_DATA] [--full] [--budget 0.025] [--json FILE]

For every setting tried it prints, per panel, episodes caught / episodes, major episodes caught, the alert
rate and the precision, measured exactly as the report does (``holosec.documents.backtests``: same panels,
same episodes, an episode caught by an alert from 2 months before to 1 month after its start). Settings are
*chosen* on the 1991-2006 half of the South China Sea panel (``train``): the most episodes caught there among
the settings whose alert rate stays within ``--budget`` on every ICEWS panel; the later years (``later``), the
ICEWS05-15 panels (``icews-CHN``, ``icews-8``) and the dense GDELT countries (``GDELT``) are the check. The
naive 12-month z-score is printed for comparison. ``--full`` tries the whole grid (slower); by default a
smaller one around the shipped defaults.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from holosec.documents.backtests import Case, _cases, _verify
from holosec.ingest import ingest_paths
from holosec.samples import icews_samples
from holosec.store import Store
from holosec.warning.backtest import Record
from holosec.warning.detectors import Surge
from holosec.warning.episodes import load_episodes

SHORT = ("SCS all", "train", "later", "CHN 7", "icews-CHN", "icews-8", "GDELT")
BUDGETED = 6
"""The budget holds on the first six (ICEWS) panels; the GDELT panel, added later, is a check."""
SMALL = {
    "alpha": (1e-3, 3e-3, 5e-3, 1e-2, 2e-2),
    "ratio": (1.5, 2.0),
    "min_count": (3.0, 4.0),
    "floor": (0.3,),
    "merge": (3,),
}
FULL = {
    "alpha": (1e-3, 2e-3, 3e-3, 5e-3, 1e-2, 2e-2),
    "ratio": (1.3, 1.5, 2.0),
    "min_count": (2.0, 3.0, 4.0),
    "floor": (0.3, 0.5, 1.0),
    "merge": (2, 3, 6),
}


def _cell(every: Record, major: Record) -> str:
    return (
        f"{every.caught:>3}/{every.episodes:<3} {major.caught}/{major.episodes} "
        f"{every.alert_rate:5.1%} {every.precision:4.2f}"
    )


def _label(settings: dict[str, Any]) -> str:
    if not settings:
        return "naive_z (z >= 3)"
    return " ".join(f"{k}={v:g}" for k, v in settings.items())


def sweep(shared: Path, grid: dict[str, tuple[float, ...]]) -> list[dict[str, Any]]:
    """Every setting of the grid (and the naive z-score) measured on every panel."""
    episodes = load_episodes()
    with tempfile.TemporaryDirectory() as folder, Store.open(Path(folder)) as store:
        ingest_paths(store, icews_samples(), source="icews")
        cases: list[Case] = _cases(shared, store)
    rows: list[dict[str, Any]] = []
    tried: list[tuple[str, dict[str, Any]]] = [("naive_z", {})]
    tried += [("surge", dict(zip(grid, values, strict=True))) for values in itertools.product(*grid.values())]
    for name, settings in tried:
        results = [_verify(case, episodes, name, **settings) for case in cases]
        rows.append({"detector": name, "settings": settings, "results": results})
    return rows


def main(argv: list[str]) -> None:
    """Run the sweep, print the table and the setting it would choose."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("shared", nargs="?", default="../shared/data", help="folder holding series/")
    parser.add_argument("--full", action="store_true", help="the whole grid (slower)")
    parser.add_argument("--budget", type=float, default=0.025, help="highest alert rate on any panel")
    parser.add_argument("--json", type=Path, help="also write the numbers as JSON")
    args = parser.parse_args(argv)
    began = time.perf_counter()
    rows = sweep(Path(args.shared), FULL if args.full else SMALL)
    default = Surge()
    print(
        f"cells: caught/episodes major-caught alert-rate precision; budget {args.budget:.1%} on every "
        "ICEWS panel"
    )
    print("| setting | " + " | ".join(SHORT) + " | within |")
    print("|---" * (len(SHORT) + 2) + "|")
    best: dict[str, Any] | None = None
    for row in rows:
        results = row["results"]
        within = all(every.alert_rate <= args.budget for every, _ in results[:BUDGETED])
        mark = (
            " (shipped)"
            if row["detector"] == "surge"
            and all(getattr(default, k) == v for k, v in row["settings"].items())
            else ""
        )
        cells = " | ".join(_cell(every, major) for every, major in results)
        print(f"| {_label(row['settings'])}{mark} | {cells} | {'yes' if within else 'no'} |")
        if row["detector"] == "surge" and within:
            train, train_major = results[1]
            key = (train.caught, train_major.caught, -train.alert_rate)
            if best is None or key > best["key"]:
                best = {"key": key, "row": row}
    if best is not None:
        print(f"\nchosen on 'train' within budget: {_label(best['row']['settings'])}")
    print(f"{len(rows)} settings in {time.perf_counter() - began:.0f} s", file=sys.stderr)
    if args.json:
        args.json.write_text(
            json.dumps(
                [
                    {
                        "detector": row["detector"],
                        "settings": row["settings"],
                        "panels": {
                            name: {"all": every.as_dict(), "major": major.as_dict()}
                            for name, (every, major) in zip(SHORT, row["results"], strict=True)
                        },
                    }
                    for row in rows
                ],
                indent=1,
            )
            + "\n",
            encoding="utf-8",
        )


if __name__ == "__main__":
    main(sys.argv[1:])
