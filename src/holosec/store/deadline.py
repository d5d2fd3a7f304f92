"""A time limit on questions: one watchdog thread interrupts a DuckDB statement that runs past its time,
so that one heavy question cannot hold a server that answers many (``HOLOSEC_QUERY_SECONDS``)."""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import duckdb


@dataclass
class Watched:
    """One statement being watched; ``cut`` is set when the watchdog interrupted it."""

    due: float
    connection: duckdb.DuckDBPyConnection
    cut: bool = field(default=False)


class Watchdog:
    """Interrupts the statements watched through :meth:`watch` that pass their time. Its thread starts on
    first use and sleeps until the nearest deadline.

    >>> import duckdb
    >>> con = duckdb.connect()
    >>> dog = Watchdog()
    >>> try:
    ...     with dog.watch(con, 0.2) as watched:
    ...         con.execute("SELECT count(*) FROM range(10000000000) a").fetchall()
    ... except duckdb.InterruptException:
    ...     watched.cut
    True
    >>> with dog.watch(con, 5.0) as watched:
    ...     con.execute("SELECT 42").fetchall()
    [(42,)]
    >>> watched.cut
    False
    """

    def __init__(self) -> None:
        self._watched: dict[int, Watched] = {}
        self._keys = itertools.count()
        self._wake = threading.Condition()
        self._thread: threading.Thread | None = None

    @contextmanager
    def watch(self, connection: duckdb.DuckDBPyConnection, seconds: float) -> Iterator[Watched]:
        """Watch what ``connection`` runs in the block: interrupted after ``seconds``."""
        key = next(self._keys)
        watched = Watched(time.monotonic() + seconds, connection)
        with self._wake:
            self._watched[key] = watched
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, daemon=True, name="holosec-deadlines")
                self._thread.start()
            self._wake.notify()
        try:
            yield watched
        finally:
            with self._wake:  # under the lock: once the block is left, this statement is never cut
                self._watched.pop(key, None)

    def _run(self) -> None:
        with self._wake:
            while True:
                now = time.monotonic()
                for key, watched in list(self._watched.items()):
                    if watched.due <= now:
                        watched.cut = True
                        watched.connection.interrupt()
                        del self._watched[key]
                nearest = min((watched.due for watched in self._watched.values()), default=None)
                self._wake.wait(None if nearest is None else max(0.001, nearest - now))


WATCHDOG = Watchdog()
"""The process's one watchdog."""
