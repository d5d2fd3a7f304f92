"""Results kept until the store changes: :meth:`Store.version` moves with every write, whichever thread or
Store of the process made it, and :class:`Memo` computes each key once per version."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from holosec.ingest import ingest_paths
from holosec.server import create_app
from holosec.store import Memo, Store

from conftest import EVENTS2, EVENTS2_B


def test_version_moves_with_writes_only(store: Store) -> None:
    before = store.version()
    store.scalar("SELECT count(*) FROM events")
    assert store.version() == before
    store.mark_changed("tags")
    assert store.version() != before


def test_version_sees_writes_of_other_threads_and_stores(data_dir: Path) -> None:
    with Store.open(data_dir) as first, Store.open(data_dir) as second:
        seen = first.version()
        writer = threading.Thread(target=first.mark_changed, args=("fusion",))
        writer.start()
        writer.join()
        assert first.version() != seen
        seen = first.version()
        second.mark_changed("tags")
        assert first.version() != seen
        seen = first.version()
        with second.transaction():
            second.mark_changed("fusion")
            inside = first.version()  # another cursor: the uncommitted change is not seen yet
        assert inside == seen and first.version() != seen


def test_memo_computes_once_per_version(store: Store) -> None:
    memo, calls = Memo(), []

    def compute() -> int:
        calls.append(1)
        return len(calls)

    assert memo.get(store, "k", compute) == memo.get(store, "k", compute) == 1
    assert memo.get(store, "other", compute) == 2
    store.mark_changed("tags")
    assert memo.get(store, "k", compute) == 3


def test_memo_computes_once_when_threads_ask_together(store: Store) -> None:
    memo, calls, results = Memo(), [], []

    def compute() -> str:
        calls.append(1)
        time.sleep(0.2)
        return "done"

    def ask() -> None:
        results.append(memo.get(store, "slow", compute))

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == ["done"] * 8 and len(calls) == 1


def test_memo_keeps_the_last_results_only(store: Store) -> None:
    memo = Memo(size=2)
    for key in "abc":
        memo.get(store, key, lambda key=key: key)
    assert memo.get(store, "a", lambda: "again") == "again"
    assert memo.get(store, "c", lambda: "again") == "c"


def test_api_answers_follow_the_store(data_dir: Path) -> None:
    from fastapi.testclient import TestClient

    with Store.open(data_dir) as store:
        ingest_paths(store, [EVENTS2])
        app = create_app(data_dir)
        app.state.users.add("reader", "viewer")
        headers = {"Authorization": f"Bearer {app.state.users.new_token('reader')}"}
        with TestClient(app) as client:
            url = "/api/v1/indicators?by=month&no_sources=true"
            first = client.get(url, headers=headers).json()
            assert client.get(url, headers=headers).json() == first
            ingest_paths(store, [EVENTS2_B])  # another Store of the process writes
            after = client.get(url, headers=headers).json()
    assert sum(row["events"] for row in after["data"]) > sum(row["events"] for row in first["data"])


def test_a_stale_reader_gets_the_state_of_before_while_another_builds_the_new(store: Store) -> None:
    """With ``stale``, a reader arriving while another thread computes the key at a new version gets the
    key's value at the previous version at once, never half of either; without it, it waits."""
    memo, started, release = Memo(), threading.Event(), threading.Event()
    assert memo.get(store, "page", lambda: "before", stale=True) == "before"
    store.mark_changed("tags")

    def slow() -> str:
        started.set()
        release.wait(10)
        return "after"

    builder = threading.Thread(target=lambda: memo.get(store, "page", slow, stale=True))
    builder.start()
    assert started.wait(10)
    began = time.monotonic()
    assert memo.get(store, "page", lambda: "not asked", stale=True) == "before"
    assert time.monotonic() - began < 1.0
    waiting: list[str] = []
    waiter = threading.Thread(target=lambda: waiting.append(memo.get(store, "page", lambda: "again")))
    waiter.start()
    time.sleep(0.2)
    assert not waiting  # without stale it waits for the builder's result
    release.set()
    builder.join(10)
    waiter.join(10)
    assert waiting == ["after"] and memo.get(store, "page", lambda: "not asked", stale=True) == "after"
