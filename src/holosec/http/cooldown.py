"""A cooldown: an expensive action (running every alert rule over the store) at most once per interval,
whoever asks; the others are told how long to wait (429 with ``Retry-After``)."""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable

from holosec.http.errors import ApiError


class Cooldown:
    """At most one :meth:`take` per ``every_s`` seconds; safe to share between threads.

    >>> ticks = iter([0.0, 10.0, 61.0])
    >>> runs = Cooldown(60.0, clock=lambda: next(ticks))
    >>> runs.wait(), runs.wait(), runs.wait()
    (0.0, 50.0, 0.0)
    """

    def __init__(self, every_s: float, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.every_s = every_s
        self._clock = clock
        self._last: float | None = None
        self._lock = threading.Lock()

    def wait(self) -> float:
        """0 when the action may run now (the interval starts again), else the seconds left to wait."""
        with self._lock:
            now = self._clock()
            if self._last is not None and (left := self._last + self.every_s - now) > 0:
                return left
            self._last = now
            return 0.0

    def take(self, what: str) -> None:
        """Start the action now, or raise a 429 :class:`ApiError` naming ``what`` and when to retry."""
        left = self.wait()
        if left > 0:
            seconds = math.ceil(left)
            raise ApiError(
                429,
                f"{what} ran less than {self.every_s:g} seconds ago: try again in {seconds} s",
                headers={"Retry-After": str(seconds)},
            )
