"""Results computed from the store, kept until the store changes: a small memo keyed by
:meth:`Store.version`.

Indicators, the index, the country list and evidence read tens of millions of rows but change only when a
file is ingested, tags or fused groups are rewritten, or alert rules run; a server asked the same thing by
many clients computes it once per store version.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar, cast

from holosec.store.store import Store

T = TypeVar("T")
_MISSING = object()


class Memo:
    """The last ``size`` results by (store version, key), least recently used dropped first.

    Safe to share between threads: while one thread computes a key, others asking for the same key wait for
    its result instead of computing it again. Callers must not change the values they get.

    >>> import tempfile, pathlib
    >>> memo, calls = Memo(), []
    >>> with Store.open(pathlib.Path(tempfile.mkdtemp())) as store:
    ...     first = memo.get(store, "answer", lambda: calls.append(1) or 42)
    ...     again = memo.get(store, "answer", lambda: calls.append(1) or 42)
    >>> first, again, len(calls)
    (42, 42, 1)
    """

    def __init__(self, size: int = 128) -> None:
        self.size = size
        self._items: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
        self._computing: dict[tuple[Any, ...], threading.Lock] = {}
        self._lock = threading.Lock()

    def _found(self, full: tuple[Any, ...]) -> Any:
        with self._lock:
            if full not in self._items:
                return _MISSING
            self._items.move_to_end(full)
            return self._items[full]

    def _previous(self, place: str, key: Hashable) -> Any:
        """The most recently used result of ``key`` for the store at ``place``, at any version (called
        under the lock when the current version's is missing, so it is an earlier version's)."""
        for full in reversed(self._items):
            if full[0] == place and full[2] == key:
                return self._items[full]
        return _MISSING

    def get(self, store: Store, key: Hashable, compute: Callable[[], T], *, stale: bool = False) -> T:
        """The result of ``compute`` for ``key`` at the store's current version (computed when missing).

        With ``stale``, a caller that would wait for another thread computing the key gets the key's
        result at an earlier version instead, if the memo still holds one: a whole state of before the
        change (what a page shows just after a follow cycle, while the server builds it anew)."""
        place = str(store.data_dir.resolve())
        full = (place, store.version(), key)  # one memo may serve several stores
        value = self._found(full)
        if value is _MISSING:
            with self._lock:
                computing = self._computing.setdefault(full, threading.Lock())
                latest = self._previous(place, key) if stale else _MISSING
            if latest is not _MISSING and not computing.acquire(blocking=False):
                return cast(T, latest)  # another thread builds it: the last state meanwhile
            if latest is not _MISSING:
                computing.release()
            with computing:  # one thread computes; the others wait here for its result
                value = self._found(full)
                if value is _MISSING:
                    try:
                        value = compute()
                        with self._lock:
                            self._items[full] = value
                            while len(self._items) > self.size:
                                self._items.popitem(last=False)
                    finally:
                        with self._lock:
                            self._computing.pop(full, None)
        return cast(T, value)


PROCESS_MEMO = Memo(size=256)
"""The memo the API and the dashboard share: one per process (its keys carry each store's path)."""
