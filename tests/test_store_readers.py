"""Reads in parallel with one writer, on the real store with real threads: readers never wait for a write
and never see half of one, and a read past the time limit is stopped with a clear error."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from holosec.errors import QueryTimeLimit
from holosec.ingest import ingest_paths
from holosec.samples import gdelt_samples
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
