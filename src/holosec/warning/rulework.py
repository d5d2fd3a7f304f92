"""What the alert rules worked out per series and period, kept between runs, so that a run after a follow
cycle redoes only the periods the cycle changed.

A candidate alert (a period the detector flags, on a series with enough of what is watched) costs three
reads of that period's own events: its distinct outlets (``sources``), each source's contribution to the
value (``parts``, for the coverage guard) and the evidence stored with the alert. Each depends on the
events of its period alone, so :class:`RuleWork` keeps them in ``alert_work``, per rule, series and
period, and reads them back while the period's events stay as they were. A rule's mark in ``alert_marks``
(the store's ledger mark and the corrections serial the work was done at, and a digest of the rule) says
what changed since: a period holding an event or aggregate count of a newer file, or an event whose
corrections changed, is worked out again; everything is after a retag or fusion, a changed rule or a mark
that went back. Detection and the cheap checks run over the whole panel every time (numpy, milliseconds),
so an alert is still raised, kept or dropped by today's series.

Work kept for a period whose raw events were pruned since (``follow --keep``) stays: it is what the
alert was raised on.
"""

from __future__ import annotations

import bisect
import hashlib
import json
from collections.abc import Callable
from datetime import date
from typing import Any

from holosec.corrections.records import changed_days, newest_serial
from holosec.periods import Period
from holosec.store import Store

__all__ = ["RuleWork", "changed_since", "digest"]

_ITEMS = ("sources", "parts", "evidence")


def changed_since(store: Store, through_file: int, corrections: int) -> list[date]:
    """The days whose events changed after file ``through_file`` and corrections serial ``corrections``:
    days of the events and aggregate counts of newer files, and of the events whose corrections changed
    (sorted).

    >>> import tempfile, pathlib
    >>> with Store.open(pathlib.Path(tempfile.mkdtemp())) as store:
    ...     changed_since(store, 0, 0)
    []
    """
    rows = store.execute(
        "SELECT DISTINCT date FROM events WHERE file_id > ? "
        "UNION SELECT DISTINCT period FROM aggregate_counts WHERE file_id > ?",
        [through_file, through_file],
    ).fetchall()
    _, corrected = changed_days(store, corrections)
    return sorted({row[0] for row in rows} | corrected)


class RuleWork:
    """The kept work of one rule for one run: :meth:`get` reads an item back or works it out, and
    :meth:`save` (inside the run's transaction) keeps what this run used and the rule's new mark.

    >>> import tempfile, pathlib
    >>> with Store.open(pathlib.Path(tempfile.mkdtemp())) as store:
    ...     work = RuleWork(store, "r", "digest")
    ...     period = Period.parse("2018-01")
    ...     first = work.get("CHN", period, "sources", lambda: 4)
    ...     work.save()
    ...     again = RuleWork(store, "r", "digest")
    ...     (first, again.get("CHN", period, "sources", lambda: 99), again.reused)
    (4, 4, 1)
    """

    def __init__(self, store: Store, rule: str, digest: str) -> None:
        self.store, self.rule = store, rule
        self.mark = (digest, *store.ledger_mark(), newest_serial(store))
        self.reused = self.worked = 0
        self._used: dict[tuple[str, date], dict[str, Any]] = {}
        prior = store.execute(
            "SELECT digest, through_file, tags_serial, fusion_serial, corrections FROM alert_marks "
            "WHERE rule = ?",
            [rule],
        ).fetchall()
        self._kept: dict[tuple[str, date], dict[str, Any]] = {}
        if not prior or not _comparable(tuple(prior[0]), self.mark):
            self._changed: list[date] = []
            return
        self._changed = changed_since(store, int(prior[0][1]), int(prior[0][4]))
        for series, start, *items in store.execute(
            f"SELECT series, period_start, {', '.join(_ITEMS)} FROM alert_work WHERE rule = ?", [rule]
        ).fetchall():
            self._kept[series, start] = dict(zip(_ITEMS, items, strict=True))

    def _settled(self, period: Period) -> bool:
        """Whether none of the period's days changed since the work was kept."""
        at = bisect.bisect_left(self._changed, period.start)
        return at == len(self._changed) or self._changed[at] > period.end

    def get(self, series: str, period: Period, item: str, work: Callable[[], Any]) -> Any:
        """The ``item`` (sources, parts or evidence) of ``series`` in ``period``: kept, or worked out now."""
        key = (series, period.start)
        row = self._used.setdefault(key, {})
        if item in row:
            return row[item]
        kept = self._kept.get(key, {}).get(item)
        if kept is not None and self._settled(period):
            self.reused += 1
            row[item] = json.loads(kept) if item == "parts" else kept
        else:
            self.worked += 1
            row[item] = work()
        return row[item]

    def save(self) -> None:
        """Keep the work this run used (and nothing older) and the rule's mark."""
        self.store.execute("DELETE FROM alert_work WHERE rule = ?", [self.rule])
        rows = [
            (self.rule, series, start, row.get("sources"), _json(row.get("parts")), row.get("evidence"))
            for (series, start), row in self._used.items()
        ]
        if rows:
            self.store.executemany("INSERT INTO alert_work VALUES (?, ?, ?, ?, ?, ?)", rows)
        self.store.execute("DELETE FROM alert_marks WHERE rule = ?", [self.rule])
        self.store.execute("INSERT INTO alert_marks VALUES (?, ?, ?, ?, ?, ?)", [self.rule, *self.mark])


def digest(*parts: Any) -> str:
    """A short digest of what the kept work depends on besides the events (the rule's settings).

    >>> digest("a", 1) == digest("a", 1) != digest("a", 2)
    True
    """
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:16]


def _comparable(prior: tuple[Any, ...], now: tuple[Any, ...]) -> bool:
    """Whether work kept at mark ``prior`` may be read at mark ``now``: the same rule, the same tags and
    fusion, and files and corrections that only moved forward.

    >>> _comparable(("d", 3, 1, 0, 2), ("d", 5, 1, 0, 2)), _comparable(("d", 3, 1, 0, 2), ("d", 5, 2, 0, 2))
    (True, False)
    """
    same = prior[0] == now[0] and prior[2:4] == now[2:4]
    return bool(same and prior[1] <= now[1] and prior[4] <= now[4])


def _json(value: Any) -> str | None:
    return None if value is None else json.dumps(value, sort_keys=True)
