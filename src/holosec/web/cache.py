"""Results the pages reuse until the store changes: a small memo keyed by the store's version.

The version changes when a file is ingested, tags or fused groups are rewritten, or alert rules run, so a
page never shows a result older than the store; between changes, the costly parts (the index over the
whole panel, the coupling matrix, the map's table) are computed once per set of arguments.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from holosec.store import Store

T = TypeVar("T")
SIZE = 128


def store_version(store: Store) -> tuple[Any, ...]:
    """What changes whenever anything a page shows may change."""
    row = store.execute(
        "SELECT (SELECT coalesce(max(file_id), 0) FROM files WHERE status = 'complete'), "
        "(SELECT coalesce(max(serial), 0) FROM changes), "
        "(SELECT max(last_run) FROM alerts), (SELECT count(*) FROM alerts)"
    ).fetchone()
    return tuple(row or ())


class Memo:
    """Least-recently-used results by (store version, key); safe to share between threads (a result may
    be computed twice when two requests ask at once, never mixed up)."""

    def __init__(self, size: int = SIZE) -> None:
        self.size = size
        self._items: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, store: Store, key: Hashable, compute: Callable[[], T]) -> T:
        """The result of ``compute`` for ``key`` at the store's current version."""
        full = (store_version(store), key)
        with self._lock:
            if full in self._items:
                self._items.move_to_end(full)
                found: T = self._items[full]
                return found
        value = compute()
        with self._lock:
            self._items[full] = value
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value
