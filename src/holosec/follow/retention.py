"""Bounded size (``holosec follow --keep 180d``): the raw GDELT records of a rolling window are kept, the
day cells (indicator rollups) and the alerts for ever.

:func:`prune` deletes, in one transaction, the GDELT events (sources ``gdelt*``) dated before the window
(its start is the newest GDELT event's date minus ``keep``), and everything keyed by them: their mentions,
tags, fusion links and fused groups; and the GKG records (``articles`` of the ``gdelt*-gkg`` sources with
their tags, ``gkg_counts``) dated before it. Records of the curated sources (ICEWS, ACLED, ...) are kept.
The ledger, the day cells, the source coverage and the alerts are not touched, and neither are the change
serials, so the day cells stay current.

The day cells are refreshed from events only for the days that new files bring
(:mod:`holosec.indicators.rollup`): a late GDELT event of a pruned day would rebuild that day from itself
alone. The follower therefore prunes after each file it loads and before the cells are refreshed
(:func:`pruning`), so such an event is dropped, and the day's cells stay as they were. The source
coverage (``source_days``), which every refresh rebuilds from the events, gets its GDELT rows of the
pruned days back after the ingest (:func:`coverage_kept`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

from holosec.sources.loader import FileReport, Stored
from holosec.sources.registry import FileLoader
from holosec.store import Store

_EVENTS = "SELECT event_id FROM events WHERE source LIKE 'gdelt%' AND date < ?"
_GKG_ARTICLES = "SELECT article_id FROM articles WHERE source LIKE 'gdelt%' AND date < ?"
# table -> the condition of the rows to delete (one ``?``: the first day kept), dependents first
_PRUNED: dict[str, str] = {
    "mentions": f"event_id IN ({_EVENTS})",
    "event_tags": f"event_id IN ({_EVENTS})",
    "event_links": f"event_a IN ({_EVENTS}) OR event_b IN ({_EVENTS})",
    "fused_events": f"event_id IN ({_EVENTS})",
    "article_tags": f"article_id IN ({_GKG_ARTICLES})",
    "articles": "source LIKE 'gdelt%' AND date < ?",
    "gkg_counts": "date < ?",
    "events": "source LIKE 'gdelt%' AND date < ?",
}
# the source coverage of the GDELT events (not of the aggregate counts, which are kept)
_COVERAGE = "source LIKE 'gdelt%' AND source <> 'gdelt_aggregates' AND grain = 'day'"
_SPAN = re.compile(r"\s*(\d+)\s*([dw])\s*", re.IGNORECASE)


def parse_keep(text: str) -> timedelta:
    """A window as ``holosec follow --keep`` takes it: days (``180d``) or weeks (``26w``).

    >>> parse_keep("180d"), parse_keep("26w")
    (datetime.timedelta(days=180), datetime.timedelta(days=182))
    >>> parse_keep("3m")
    Traceback (most recent call last):
    ...
    ValueError: '3m' is not a window: give days or weeks, as 180d or 26w
    """
    found = _SPAN.fullmatch(text)
    if found is None or int(found[1]) < 1:
        raise ValueError(f"{text!r} is not a window: give days or weeks, as 180d or 26w")
    count = int(found[1])
    return timedelta(days=count) if found[2].lower() == "d" else timedelta(weeks=count)


def first_kept(store: Store, keep: timedelta) -> date | None:
    """The first day of the window: the newest GDELT event's date minus ``keep`` (None without events).

    >>> import tempfile
    >>> with Store.open(Path(tempfile.mkdtemp())) as store:
    ...     first_kept(store, timedelta(days=180)) is None
    True
    """
    newest = store.scalar("SELECT max(date) FROM events WHERE source LIKE 'gdelt%'")
    if newest is None:
        return None
    day: date = newest - timedelta(days=keep.days)
    return day


def prune(store: Store, keep: timedelta) -> dict[str, int]:
    """Delete the GDELT records dated before the window of ``keep`` and what is keyed by them (see the
    module); the rows deleted per table.

    >>> import tempfile
    >>> with Store.open(Path(tempfile.mkdtemp())) as store:
    ...     prune(store, timedelta(days=180))["events"]
    0
    """
    start = first_kept(store, keep)
    deleted = dict.fromkeys(_PRUNED, 0)
    if start is None:
        return deleted
    with store.lock, store.transaction():
        for table, condition in _PRUNED.items():
            values = [start] * condition.count("?")
            deleted[table] = int(store.scalar(f"SELECT count(*) FROM {table} WHERE {condition}", values))
            if deleted[table]:
                store.execute(f"DELETE FROM {table} WHERE {condition}", values)
    return deleted


def pruning(load: FileLoader, keep: timedelta, deleted: dict[str, int]) -> FileLoader:
    """``load`` followed by :func:`prune` after each file, adding the rows deleted to ``deleted``: the
    follower's loader, so late events of pruned days are gone before the day cells are refreshed."""

    def load_and_prune(
        store: Store, path: Path, *, workdir: Path, layout: str | None = None, on_stored: Stored | None = None
    ) -> FileReport:
        report = load(store, path, workdir=workdir, layout=layout, on_stored=on_stored)
        for table, count in prune(store, keep).items():
            deleted[table] = deleted.get(table, 0) + count
        return report

    return load_and_prune


@contextmanager
def coverage_kept(store: Store, keep: timedelta) -> Iterator[None]:
    """Around a write that rebuilds the source coverage from the events (the ingest step): give the GDELT
    rows of the days before the window back their counts from before it, as pruned events had them.

    >>> import tempfile
    >>> with Store.open(Path(tempfile.mkdtemp())) as store, coverage_kept(store, timedelta(days=9)):
    ...     pass
    """
    query = f"SELECT day, source, grain, records FROM source_days WHERE {_COVERAGE}"
    before = store.execute(query).fetchall()
    yield
    start = first_kept(store, keep)
    if start is None:
        return
    with store.lock, store.transaction():
        store.execute(f"DELETE FROM source_days WHERE {_COVERAGE} AND day < ?", [start])
        rows = [tuple(row) for row in before if row[0] < start]
        if rows:
            store.executemany("INSERT INTO source_days VALUES (?, ?, ?, ?)", rows)
