"""What a period's numbers rest on: per period and source, the days with records and the records stored.

The store keeps ``source_days`` (one row per day and source: the event records of that day; aggregate
counts by their own grain, each on its period's first day), rebuilt whenever the day cells are refreshed
(:func:`refresh_coverage`). :func:`coverage` reads it for any grain and span; pages, the API, the CLI and
briefings print it beside the numbers (``holosec.presentation.i18n.coverage_line``), so a reader sees
when a month rests on two days of one source, or when a source arrived or left.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from holosec.periods import Period
from holosec.store import Memo, Store
from holosec.store.sealed import sealed_before

__all__ = [
    "BASELINE_PERIODS",
    "MIN_SHARE",
    "NAMES",
    "PeriodVolume",
    "SourceCoverage",
    "adequate_latest",
    "coverage",
    "current_period",
    "index_sources",
    "kept_current_period",
    "period_volumes",
    "refresh_coverage",
    "summed",
]

# One ``?``: the first day not sealed (:mod:`holosec.store.sealed`); aggregate counts are never pruned.
_REBUILD = (
    "DELETE FROM source_days WHERE day >= ? OR grain <> 'day' OR source = 'gdelt_aggregates'",
    "INSERT INTO source_days SELECT date, source, 'day', count(*) FROM events WHERE date >= ? GROUP BY ALL",
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
    """Rebuild ``source_days`` from the stored events and aggregate counts (in one transaction); the
    event rows of sealed days are kept as they were."""
    first = sealed_before(store) or date.min
    with store.transaction():
        for statement in _REBUILD:
            store.execute(statement, [first] * statement.count("?"))


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


MIN_SHARE = 0.25
"""A current period holds at least this share of the median records of the periods before it."""
BASELINE_PERIODS = 12
"""How many earlier periods with records that median reads (a year of months)."""


@dataclass(frozen=True)
class PeriodVolume:
    """One period's event records over every source: its label, its records and its days with records
    (aggregate counts left out: no days are known for them)."""

    label: str
    records: int
    days: int

    @property
    def min_days(self) -> int:
        """The days with records the period needs to count as covered: two thirds of its days, rounded
        up (21 of a 31-day month, 19 of February, 5 of a week, 1 of a day).

        >>> PeriodVolume("2015-12", 608, 31).min_days, PeriodVolume("2015-W10", 5, 2).min_days
        (21, 5)
        """
        found = Period.parse(self.label)
        return math.ceil(((found.end - found.start).days + 1) * 2 / 3)


def period_volumes(store: Store, by: str = "month") -> list[PeriodVolume]:
    """Every period of ``by`` holding event records, oldest first: its records and days with records.

    >>> import tempfile, pathlib
    >>> with Store.open(pathlib.Path(tempfile.mkdtemp())) as store:
    ...     period_volumes(store)
    []
    """
    excluded = ", ".join(repr(x) for x in sorted(_AGGREGATE_SOURCES))
    rows = store.execute(
        f"SELECT day, sum(records) FROM source_days WHERE grain = 'day' AND source NOT IN ({excluded}) "
        "GROUP BY day ORDER BY day"
    ).fetchall()
    records: dict[str, int] = {}
    days: dict[str, int] = {}
    for day, count in rows:
        label = Period.of(day, by).label
        records[label] = records.get(label, 0) + int(count)
        days[label] = days.get(label, 0) + 1
    return [PeriodVolume(label, records[label], days[label]) for label in records]


def adequate_latest(volumes: Sequence[PeriodVolume]) -> str | None:
    """The latest of ``volumes`` (oldest first) with adequate coverage, else the latest of all (None
    when there are none): see :func:`current_period` for the rule.

    >>> months = [PeriodVolume(f"2015-{m:02}", 600, 28) for m in range(1, 13)]
    >>> adequate_latest(months + [PeriodVolume("2016-01", 3, 1)])  # a stray record or three
    '2015-12'
    >>> adequate_latest(months + [PeriodVolume("2016-01", 900, 2)])  # two days of a busy feed
    '2015-12'
    >>> adequate_latest(months + [PeriodVolume("2016-01", 100, 22)])  # a feed that lost most of its records
    '2015-12'
    >>> adequate_latest(months + [PeriodVolume("2016-01", 200, 22)])  # a quieter month, covered
    '2016-01'
    >>> adequate_latest([PeriodVolume("2018-01", 2391, 1)]), adequate_latest([])  # nothing adequate
    ('2018-01', None)
    """
    for at in range(len(volumes) - 1, -1, -1):
        period = volumes[at]
        before = [v.records for v in volumes[max(0, at - BASELINE_PERIODS) : at]]
        usual = statistics.median(before) if before else 0
        if period.days >= period.min_days and period.records >= MIN_SHARE * usual:
            return period.label
    return volumes[-1].label if volumes else None


def current_period(store: Store, by: str = "month") -> str | None:
    """The period every page, API answer and briefing shows unless told otherwise: the latest period of
    ``by`` (month, week or day) with adequate coverage, or None for a store without event records.

    A period is adequate when (1) it has records on at least two thirds of its days
    (:attr:`PeriodVolume.min_days`), so a few misdated or stray records, one 15-minute file, or a month
    or week still under way, do not make a period; and (2) its records
    are at least :data:`MIN_SHARE` (a quarter) of the median records of the :data:`BASELINE_PERIODS`
    (12) periods before it that hold records, so a month in which the feed broke down is not taken for
    a quiet month (news volume moves by tens of percent month to month; a fall below a quarter is a
    gap in the data, not in the world). Event records of every source count; aggregate counts do not
    (their days are unknown). When no period is adequate (a store of a few sample files), it is the
    latest period with records. On the bundled demo data the monthly current period is 2015-12, the
    last month of the ICEWS records (31 days, 608 records); the later months hold one to three days of
    GDELT sample files (2019-07: ten records on one day, misdated by the source).

    >>> import tempfile, pathlib
    >>> with Store.open(pathlib.Path(tempfile.mkdtemp())) as store:
    ...     current_period(store) is None
    True
    """
    return adequate_latest(period_volumes(store, by))


def kept_current_period(store: Store, memo: Memo, by: str = "month") -> str | None:
    """:func:`current_period`, kept in ``memo`` until the store changes: how the server's pages and API
    answers ask for it, all under one key."""
    found: str | None = memo.get(store, ("current-period", by), lambda: current_period(store, by))
    return found
