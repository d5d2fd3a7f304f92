"""Reads in parallel with one writer, on the real store with real threads: readers never wait for a write
and never see half of one, and a read past the time limit is stopped with a clear error."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from holosec.engines import engine_for
from holosec.errors import QueryTimeLimit
from holosec.indicators import Selection, evidence_cells, indicators
from holosec.indicators.evidence import evidence
from holosec.indicators.rollup import staleness
from holosec.ingest import ingest_paths
from holosec.ingest.step import ingest_files, refresh_kept
from holosec.samples import gdelt_samples
from holosec.sources.registry import SOURCES
from holosec.store import Store

# In one statement, so one snapshot: the events stored and what the ledger says its complete event files
# stored.
_LEDGER_AND_EVENTS = (
    "SELECT (SELECT count(*) FROM events), "
    "(SELECT coalesce(sum(rows_stored), 0) FROM files WHERE status = 'complete' AND layout LIKE 'events%')"
)


def test_a_reader_does_not_wait_for_a_long_write_and_sees_it_whole_when_it_commits(tmp_path: Path) -> None:
    with Store.open(tmp_path) as store:
        store.execute("CREATE TABLE numbers (n INTEGER)")
        store.execute("INSERT INTO numbers SELECT range FROM range(100)")
        written, release = threading.Event(), threading.Event()

        def writer() -> None:
            with store.transaction():
                store.execute("INSERT INTO numbers SELECT range FROM range(100, 1100)")
                store.execute("DELETE FROM numbers WHERE n < 50")
                written.set()
                release.wait(30)  # a long cycle: the transaction stays open

        def reader() -> tuple[float, int, int]:
            started = time.perf_counter()
            count, total = store.execute("SELECT count(*), sum(n) FROM numbers").fetchone() or (0, 0)
            return time.perf_counter() - started, int(count), int(total)

        thread = threading.Thread(target=writer)
        thread.start()
        assert written.wait(30)
        with ThreadPoolExecutor(4) as pool:
            during = list(pool.map(lambda _: reader(), range(8)))
        release.set()
        thread.join(30)
        with ThreadPoolExecutor(4) as pool:
            after = list(pool.map(lambda _: reader(), range(8)))
    assert all(seconds < 5 for seconds, _, _ in during)  # the writer held its transaction for all of it
    assert {(count, total) for _, count, total in during} == {(100, sum(range(100)))}
    assert {(count, total) for _, count, total in after} == {(1050, sum(range(50, 1100)))}


def test_readers_during_a_real_ingest_always_see_whole_files(tmp_path: Path) -> None:
    files = gdelt_samples()
    assert len(files) >= 3
    seen: list[tuple[int, int]] = []
    done = threading.Event()
    with Store.open(tmp_path) as store:

        def read_until_done() -> None:
            while not done.is_set():
                row = store.execute(_LEDGER_AND_EVENTS).fetchone()
                assert row is not None
                seen.append((int(row[0]), int(row[1])))

        readers = [threading.Thread(target=read_until_done) for _ in range(3)]
        for thread in readers:
            thread.start()
        try:
            summary = ingest_paths(store, files)
        finally:
            done.set()
            for thread in readers:
                thread.join(60)
        final = store.execute(_LEDGER_AND_EVENTS).fetchone()
    assert summary.reports and final is not None and final[0] > 0
    assert seen, "the readers read nothing while the ingest ran"
    assert all(events == ledger for events, ledger in seen), "a reader saw a file half stored"
    assert len({events for events, _ in seen}) > 1, "the readers never saw the ingest move"


def test_a_read_past_the_time_limit_is_stopped_and_the_next_one_answers(tmp_path: Path) -> None:
    with Store.open(tmp_path) as store:
        store.query_seconds = 0.3

        def heavy() -> str:
            started = time.perf_counter()
            with pytest.raises(QueryTimeLimit) as cut:
                store.execute("SELECT count(*) FROM range(100000000000)").fetchall()
            assert time.perf_counter() - started < 10
            return str(cut.value)

        def light() -> int:
            return int(store.scalar("SELECT 41 + 1"))

        with ThreadPoolExecutor(2) as pool:
            message = pool.submit(heavy).result(60)
            assert pool.submit(light).result(60) == 42
        assert "0.3 s limit" in message and "stopped" in message
        with store.transaction():  # the writer is never cut, reads in its transaction included
            assert store.scalar("SELECT sum(range % 7) FROM range(300000000)") == 899_999_997


def test_between_a_writers_load_and_its_refresh_readers_read_the_cells_of_before(tmp_path: Path) -> None:
    """A live follower loads its files, then publishes the cells: readers in between read the numbers
    and the evidence of before the cycle (from the evidence rows, not a scan of the new events), never
    an error, and the store's version (what kept results are keyed by) does not move; after the refresh
    they read the new ones."""
    files = [p for p in gdelt_samples() if p.name.endswith(".export.CSV") or p.name == "events.csv"]
    first, later = files[0], files[1:]
    selection = Selection(country="CHN", by="month")
    with Store.open(tmp_path) as store:
        ingest_paths(store, [first])
        numbers, shown = indicators(store, selection), evidence(store, selection, limit=50)
        before = store.version()
        summary = ingest_files(store, later, SOURCES["gdelt"].load(), refresh_cells=False)
        assert store.version() == before  # loaded, not published: results kept of the cells still hold
        assert sum(report.rows_stored for report in summary.reports) > 0
        assert staleness(store) == "out of date"  # a writer would refresh; readers read what was published
        engine = engine_for(store)
        assert evidence_cells.current(engine, selection.checked().taxonomy)
        assert indicators(store, selection) == numbers and evidence(store, selection, limit=50) == shown
        published = store.version()  # what the memo keys results by: still the cells of before
        refresh_kept(store)
        assert indicators(store, selection) != numbers
        assert store.version() != published


def test_at_most_readers_read_at_once_and_a_read_within_a_read_does_not_wait(tmp_path: Path) -> None:
    with Store.open(tmp_path) as store:
        store.readers = threading.BoundedSemaphore(2)
        inside, most, lock = 0, 0, threading.Lock()

        def read(n: int) -> int:
            nonlocal inside, most
            with store.limited():
                with lock:
                    inside += 1
                    most = max(most, inside)
                time.sleep(0.05)
                value = int(store.scalar("SELECT ? * 2", [n]))  # a read within a read: no second turn
                with lock:
                    inside -= 1
            return value

        with ThreadPoolExecutor(8) as pool:
            assert list(pool.map(read, range(16))) == [n * 2 for n in range(16)]
        assert most == 2
        store.readers = threading.BoundedSemaphore(1)
        with store.transaction():  # the writer never waits for readers' turns
            assert read(21) == 42
