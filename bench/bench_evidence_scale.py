"""Evidence latency at ten times the rows: the evidence rows of a 10M-event store, and the same rows copied
into nine more two-year spans (the rows of 100M events), one client, uncached.

    python bench/bench_evidence_scale.py --store DIR [--copies 9] [--questions 300] [--seed 1]

DIR is a 10M-event store whose evidence rows are built (``bench_evidence.py`` builds them); it is
changed in place: work on a copy. The script asks QUESTIONS seeded random evidence questions (a country
among the 60 busiest, one in five a pair; all events or one of five fields; a month of the store's first
year with data; the plain ranking or the evidence of ``conflict_events`` or ``goldstein_mean``; 20 rows)
and prints p50, p95 and max in ms; then it copies every version's evidence rows COPIES times, each copy
moved on by two more years and with its own event ids, sorted by field and day as a build writes them,
and asks the same questions again, then questions spread over every span.

Only the evidence rows are copied: an evidence question reads nothing else (the events table, the day
cells and the file ledger stay those of 10M events, so the rows stay current). That is the structure at
100M events, not a store of 100M events.
"""

from __future__ import annotations

import argparse
import random
import time
from pathlib import Path
from typing import Any

from holosec.indicators import Selection
from holosec.indicators.evidence import evidence
from holosec.store import Store

FIELDS = (None, "military", "political", "economic", "homeland", "social")
INDICATORS = (None, None, "conflict_events", "goldstein_mean")
SPAN_YEARS = 2


def _questions(store: Store, count: int, seed: int, years: list[int]) -> list[tuple[Selection, str, Any]]:
    busiest = [
        str(row[0])
        for row in store.execute(
            "SELECT country FROM rollup_days WHERE view = 'country' AND field = '' "
            "GROUP BY country ORDER BY sum(events) DESC, country LIMIT 60"
        ).fetchall()
    ]
    pick = random.Random(seed)
    found = []
    for _ in range(count):
        country = pick.choice(busiest)
        partner = pick.choice([c for c in busiest if c != country]) if pick.random() < 0.2 else None
        month = f"{pick.choice(years)}-{pick.randint(1, 12):02d}"
        found.append(
            (
                Selection(country=country, partner=partner, field=pick.choice(FIELDS)),
                month,
                pick.choice(INDICATORS),
            )
        )
    return found


def _asked(store: Store, questions: list[tuple[Selection, str, Any]]) -> str:
    times, answered = [], 0
    for selection, month, indicator in questions:
        started = time.perf_counter()
        found = evidence(store, selection, month, limit=20, indicator=indicator)
        times.append((time.perf_counter() - started) * 1000)
        answered += bool(found["count"])
    times.sort()
    rows = store.scalar("SELECT count(*) FROM evidence_rows")
    p50, p95 = times[len(times) // 2], times[int(0.95 * len(times))]
    return (
        f"{rows:,} evidence rows, {len(times)} questions ({answered} with events): p50 {p50:.1f} ms,"
        f" p95 {p95:.1f} ms, max {times[-1]:.1f} ms"
    )


def _copied(store: Store, copies: int, first: int) -> None:
    """Copy every version's evidence rows ``copies`` times, each ``SPAN_YEARS`` more years on."""
    last = store.scalar("SELECT max(date) FROM evidence_rows")
    for copy in range(1, copies + 1):
        started = time.perf_counter()
        for (taxonomy,) in store.execute("SELECT DISTINCT taxonomy FROM evidence_rows").fetchall():
            store.execute(
                "INSERT INTO evidence_rows SELECT * REPLACE (CAST(date + INTERVAL (?) YEAR AS DATE) AS date, "
                "event_id || ':' || ? AS event_id) FROM evidence_rows "
                "WHERE taxonomy = ? AND date <= ? ORDER BY field, date",
                [SPAN_YEARS * copy, str(copy), taxonomy, last],
            )
        store.execute("CHECKPOINT")
        print(
            f"copy {copy} ({first + SPAN_YEARS * copy}-): {time.perf_counter() - started:.1f} s", flush=True
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", type=Path, required=True, help="a copy of a 10M-event store")
    parser.add_argument("--copies", type=int, default=9)
    parser.add_argument("--questions", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with Store.open(args.store, memory_limit="2GB") as store:
        first = int(store.scalar("SELECT year(max(date)) FROM evidence_rows"))
        one = _questions(store, args.questions, args.seed, [first])
        print("as built:", _asked(store, one), flush=True)
        _copied(store, args.copies, first)
        print("copied, the same questions:", _asked(store, one), flush=True)
        spread = [first + SPAN_YEARS * copy for copy in range(args.copies + 1)]
        print("copied, every span:", _asked(store, _questions(store, args.questions, args.seed, spread)))


if __name__ == "__main__":
    main()
