"""Bounded size (``holosec follow --keep 180d``): the raw GDELT records of a rolling window are kept, the
day cells (indicator rollups) and the alerts for ever.

:func:`prune` deletes, in one transaction, the GDELT events (sources ``gdelt*``) dated before the window
(its start is the newest GDELT event's date minus ``keep``), and everything keyed by them: their mentions,
tags, fusion links and fused groups; and the GKG records (``articles`` of the ``gdelt*-gkg`` sources with
their tags, ``gkg_counts``) dated before it. Records of the curated sources (ICEWS, ACLED, ...) are kept.
The ledger, the day cells, the source coverage and the alerts are not touched, and neither are the change
serials, so the day cells stay current.

Pruning **seals** the days before the window (:mod:`holosec.store.sealed`): every later build or refresh
of the day cells, evidence rows and source coverage rewrites only the days from the window's start on, so
neither a retag, a new taxonomy version, a correction nor a hand ingest rebuilds a pruned day from the
records left of it. The follower also prunes after each file it loads, before the cells are refreshed
(:func:`pruning`), so that a late GDELT event of a pruned day is dropped at once.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

from holosec.sources.loader import FileReport, Stored
from holosec.sources.registry import FileLoader
from holosec.store import Store
from holosec.store.sealed import seal

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
    """Delete the GDELT records dated before the window of ``keep`` and what is keyed by them, and seal
    the days before it (see the module); the rows deleted per table.

    >>> import tempfile
    >>> with Store.open(Path(tempfile.mkdtemp())) as store:
    ...     prune(store, timedelta(days=180))["events"]
    0
    """
    start = first_kept(store, keep)
    deleted = dict.fromkeys(_PRUNED, 0)
    if start is None:
        return deleted
    with store.transaction():
        for table, condition in _PRUNED.items():
            values = [start] * condition.count("?")
            deleted[table] = int(store.scalar(f"SELECT count(*) FROM {table} WHERE {condition}", values))
            if deleted[table]:
                store.execute(f"DELETE FROM {table} WHERE {condition}", values)
        if any(deleted.values()):
            seal(store, start)
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
