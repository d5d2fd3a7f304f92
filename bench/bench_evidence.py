"""Evidence latency, one client, uncached: the evidence rows kept with the day cells against a scan of the
events.

    python bench/bench_evidence.py --store DIR [--questions 200] [--scanned 40] [--seed 1]
                                   [--countries 60] [--memory-limit 2GB] [--json]

Opens the store in DIR (work on a copy: opening migrates it, and the refresh builds the evidence rows if
the store has none, timed and reported with the disk they take), then asks QUESTIONS seeded random
evidence questions one after another: a country among the COUNTRIES busiest (a pair of two of them for
one question in five), a field of the default taxonomy or all events, a month of the store, and the plain
ranking or the evidence of ``conflict_events`` or ``goldstein_mean``; 20 rows from the first. Each is
answered from the evidence rows; the first SCANNED are also answered by a scan of the events (the path
every evidence question took before, and the one any other counting still takes), and the two answers
must list the same events. Printed: p50, p95 and max latency in ms of each path. Nothing is memoised:
the library has no cache (the server's memo is not in the way).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from pathlib import Path
from typing import Any

from holosec.indicators import Selection, refresh
from holosec.indicators.evidence import evidence
from holosec.indicators.evidence_cells import TABLE
from holosec.store import Store
from holosec.taxonomy import DEFAULT
from holosec.taxonomy.versions import resolve

INDICATORS = (None, None, "conflict_events", "goldstein_mean")
"""The indicators questions ask for (None: the plain ranking, twice as often)."""


def _questions(
    store: Store, count: int, countries: int, seed: int
) -> list[tuple[Selection, str, str | None]]:
    """``count`` seeded questions: (selection, month label, indicator)."""
    busiest = [
        str(row[0])
        for row in store.execute(
            "SELECT country FROM rollup_days WHERE view = 'country' AND field = '' "
            "GROUP BY country ORDER BY sum(events) DESC, country LIMIT ?",
            [countries],
        ).fetchall()
    ]
    months = [
        str(row[0])
        for row in store.execute(
            "SELECT DISTINCT strftime(period, '%Y-%m') AS m FROM rollup_days ORDER BY m"
        ).fetchall()
    ]
    fields: list[str | None] = [None, *resolve(DEFAULT).ids()]
    pick = random.Random(seed)
    found = []
    for _ in range(count):
        country = pick.choice(busiest)
        partner = pick.choice([c for c in busiest if c != country]) if pick.random() < 0.2 else None
        selection = Selection(country=country, partner=partner, field=pick.choice(fields), by="month")
        found.append((selection, pick.choice(months), pick.choice(INDICATORS)))
    return found


def _timed(store: Store, question: tuple[Selection, str, str | None], scan: bool) -> tuple[float, list[str]]:
    selection, month, indicator = question
    started = time.perf_counter()
    found = evidence(store, selection, month, limit=20, indicator=indicator, scan=scan)
    return (time.perf_counter() - started) * 1000, [row["event_id"] for row in found["data"]]


def _summary(times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    return {
        "n": len(ordered),
        "p50_ms": round(statistics.median(ordered), 1),
        "p95_ms": round(ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))], 1),
        "max_ms": round(ordered[-1], 1),
    }


def _size_mb(store: Store) -> float:
    """The disk the evidence rows take: their distinct storage blocks (256 KiB each) in MB."""
    blocks = store.scalar(f"SELECT count(DISTINCT block_id) FROM pragma_storage_info('{TABLE}')")
    return round(int(blocks or 0) * 262_144 / 1e6, 1)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", type=Path, required=True, help="a store (a copy: it is migrated)")
    parser.add_argument("--questions", type=int, default=200)
    parser.add_argument("--scanned", type=int, default=40, help="how many of them a scan answers too")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--countries", type=int, default=60)
    parser.add_argument("--memory-limit", default="2GB", help="the store's DuckDB memory limit")
    parser.add_argument("--json", action="store_true", help="print the numbers as JSON")
    args = parser.parse_args(argv)
    result: dict[str, Any] = {"store": str(args.store)}
    with Store.open(args.store, memory_limit=args.memory_limit) as store:
        started = time.perf_counter()
        report = refresh(store)
        result["refresh"] = {"mode": report.mode, "seconds": round(time.perf_counter() - started, 1)}
        result["evidence_rows"] = int(store.scalar(f"SELECT count(*) FROM {TABLE}") or 0)
        result["evidence_rows_mb"] = _size_mb(store)
        result["events"] = int(store.scalar("SELECT count(*) FROM events") or 0)
        questions = _questions(store, args.questions, args.countries, args.seed)
        _timed(store, questions[0], scan=False)  # warm up: the first read loads the catalogue
        kept = [_timed(store, question, scan=False) for question in questions]
        scanned = [_timed(store, question, scan=True) for question in questions[: args.scanned]]
        differ = sum(a[1] != b[1] for a, b in zip(kept, scanned, strict=False))
        result["kept"] = _summary([t for t, _ in kept])
        result["scan"] = _summary([t for t, _ in scanned]) if scanned else None
        result["answers_differ"] = differ
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(f"store {result['store']}: {result['events']:,} events")
    print(
        f"refresh ({report.mode}) {result['refresh']['seconds']} s; evidence rows "
        f"{result['evidence_rows']:,}, {result['evidence_rows_mb']} MB"
    )
    for name in ("kept", "scan"):
        if result[name]:
            numbers = result[name]
            print(
                f"{name:5} n={numbers['n']:4}  p50 {numbers['p50_ms']:8.1f} ms  "
                f"p95 {numbers['p95_ms']:8.1f} ms  max {numbers['max_ms']:8.1f} ms"
            )
    print(f"answers that differ (of {len(scanned)} asked both ways): {differ}")
    print("target: evidence p95 under 100 ms, one client, uncached (issue 25)")


if __name__ == "__main__":
    main()
