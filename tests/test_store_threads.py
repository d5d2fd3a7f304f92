"""The store used from many threads at once, as the web server's workers use it: each thread gets its own
results, temporary tables and reference lookups, and the indicators computed concurrently equal those
computed alone."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from holosec.indicators import Selection, indicators
from holosec.store import Store


def rounded(value: Any) -> Any:
    """``value`` with floats to 9 significant digits (DuckDB's parallel sums differ in the last bits)."""
    if isinstance(value, float):
        return float(f"{value:.9g}")
    if isinstance(value, dict):
        return {k: rounded(v) for k, v in value.items()}
    if isinstance(value, list):
        return [rounded(v) for v in value]
    return value


def test_threads_never_see_each_others_results(tmp_path: Path) -> None:
    with Store.open(tmp_path) as store:

        def numbers(start: int) -> list[int]:
            got = []
            for _ in range(20):
                rows = store.execute("SELECT ? + range FROM range(2000)", [start]).fetchall()
                got.append(sum(row[0] for row in rows))
            return got

        with ThreadPoolExecutor(8) as pool:
            results = dict(zip(range(8), pool.map(numbers, [n * 100_000 for n in range(8)]), strict=True))
    for n, sums in results.items():
        assert sums == [2000 * n * 100_000 + sum(range(2000))] * 20


def test_temporary_tables_belong_to_their_thread(tmp_path: Path) -> None:
    with Store.open(tmp_path) as store:

        def own_table(n: int) -> tuple[int, int]:
            store.execute(f"CREATE OR REPLACE TEMP TABLE mine AS SELECT {n} AS n")
            looked_up = store.scalar("SELECT count(*) FROM ref_fips")  # each thread has the lookups too
            return int(store.scalar("SELECT n FROM mine")), int(looked_up)

        with ThreadPoolExecutor(6) as pool:
            seen = list(pool.map(own_table, range(30)))
    assert [n for n, _ in seen] == list(range(30))
    assert len({lookups for _, lookups in seen}) == 1 and seen[0][1] > 200


def test_concurrent_indicators_equal_those_computed_alone(demo_store: Store) -> None:
    selections = [
        Selection(country=code, by="month").checked() for code in ("CHN", "VNM", "USA", "JPN", "PHL", "RUS")
    ]
    alone = [indicators(demo_store, s, with_sources=False) for s in selections]
    with ThreadPoolExecutor(6) as pool:
        together = list(pool.map(lambda s: indicators(demo_store, s, with_sources=False), selections * 2))
    assert rounded(together) == rounded(alone * 2)
