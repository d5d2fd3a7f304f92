"""What a period's numbers rest on: per period and source, the days with records and the records stored.

The store keeps ``source_days`` (one row per day and source: the event records of that day; aggregate
counts by their own grain, each on its period's first day), rebuilt whenever the day cells are refreshed
(:func:`refresh_coverage`). :func:`coverage` reads it for any grain and span; pages, the API, the CLI and
briefings print it beside the numbers (``holosec.presentation.i18n.coverage_line``), so a reader sees
when a month rests on two days of one source, or when a source arrived or left.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from holosec.periods import Period
from holosec.store import Store

__all__ = ["NAMES", "SourceCoverage", "coverage", "index_sources", "refresh_coverage", "summed"]

_REBUILD = (
    "DELETE FROM source_days",
    "INSERT INTO source_days SELECT date, source, 'day', count(*) FROM events GROUP BY ALL",
    "INSERT INTO source_days SELECT period, source, grain, sum(events) FROM aggregate_counts GROUP BY ALL",
)
NAMES = {
    "gdelt1": "GDELT 1.0",
    "gdelt2": "GDELT 2.0",
    "icews": "ICEWS",
    "polecat": "POLECAT",
    "ucdp": "UCDP GED",
    "acled": "ACLED",
    "gdelt_aggregates": "GDELT aggregates",
}
"""Display names of the stored source ids (an id not listed shows as itself)."""


@dataclass(frozen=True)
class SourceCoverage:
    """One source in one period: the days it has records on (None for aggregate counts, whose days are
    not known), the records (events, or events counted by an aggregate) and the grain of its rows."""

    source: str
    days: int | None
    records: int
    grain: str = "day"

    @property
    def name(self) -> str:
        """The source's display name."""
        return NAMES.get(self.source, self.source)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: ``source``, ``name``, ``days``, ``records``, ``aggregate`` (True for counts)."""
        return {
            "source": self.source,
            "name": self.name,
            "days": self.days,
            "records": self.records,
            "aggregate": self.days is None,
        }


_AGGREGATE_SOURCES = frozenset({"gdelt_aggregates"})


def refresh_coverage(store: Store) -> None:
    """Rebuild ``source_days`` from the stored events and aggregate counts (in one transaction)."""
    with store.transaction():
        for statement in _REBUILD:
            store.execute(statement)


def coverage(
    store: Store,
    *,
    by: str = "month",
    start: date | None = None,
    end: date | None = None,
    aggregates: bool = True,
) -> dict[str, list[SourceCoverage]]:
    """Period label -> the sources with records in it (largest first), for the periods of ``by`` from
    ``start`` to ``end`` (default: all) that hold any record; a period without records is absent.
    ``aggregates=False`` leaves out aggregate counts (for numbers of the actor views, which they do not
    feed).

    >>> import tempfile, pathlib
    >>> with Store.open(pathlib.Path(tempfile.mkdtemp())) as store:
    ...     coverage(store)
    {}
    """
    where, params = [], []
    if not aggregates:
        where.append(
            f"grain = 'day' AND source NOT IN ({', '.join(repr(x) for x in sorted(_AGGREGATE_SOURCES))})"
        )
    if start is not None:
        where.append("day >= ?")
        params.append(Period.of(start, by).start)
    if end is not None:
        where.append("day <= ?")
        params.append(Period.of(end, by).end)
    sql = "SELECT day, source, grain, records FROM source_days"
    if where:
        sql += " WHERE " + " AND ".join(where)
    rows = store.execute(sql + " ORDER BY day, source", params).fetchall()
    return summed(rows, by)


def index_sources(store: Store, label: str) -> list[SourceCoverage]:
    """The sources behind one period of the threat index (a period label of any grain): event records
    only, since the index reads the actor views, which aggregate counts do not feed.

    >>> import tempfile, pathlib
    >>> with Store.open(pathlib.Path(tempfile.mkdtemp())) as store:
    ...     index_sources(store, "2015-10")
    []
    """
    period = Period.parse(label)
    found = coverage(store, by=period.grain, start=period.start, end=period.start, aggregates=False)
    return found.get(period.label, [])


def summed(rows: Iterable[Sequence[Any]], by: str) -> dict[str, list[SourceCoverage]]:
    """``(day, source, grain, records)`` rows summed per period of ``by`` and source.

    >>> found = summed([(date(2014, 5, 2), "icews", "day", 40), (date(2014, 5, 3), "icews", "day", 2),
    ...                 (date(2014, 5, 1), "gdelt_aggregates", "month", 900)], "month")
    >>> [(c.source, c.days, c.records) for c in found["2014-05"]]
    [('gdelt_aggregates', None, 900), ('icews', 2, 42)]
    """
    days: dict[tuple[str, str, str], set[date]] = {}
    records: dict[tuple[str, str, str], int] = {}
    for day, source, grain, count in rows:
        key = (Period.of(day, by).label, source, grain)
        days.setdefault(key, set()).add(day)
        records[key] = records.get(key, 0) + int(count)
    found: dict[str, list[SourceCoverage]] = {}
    for (label, source, grain), count in records.items():
        known = None if grain != "day" or source in _AGGREGATE_SOURCES else len(days[label, source, grain])
        found.setdefault(label, []).append(SourceCoverage(source, known, count, grain))
    return {
        label: sorted(items, key=lambda c: (-c.records, c.source)) for label, items in sorted(found.items())
    }
