"""Materialised day cells of the default indicators (stories collapsed, no quality filter), one set per
taxonomy version, kept current incrementally: the cells of the stored events, and beside them the cells of
the stored aggregate counts (``holosec ingest gdelt-aggregates``), marked by their ``aggregate_grain``,
in the ``location`` and ``world`` views only (see :func:`insert_aggregate_cells`, :func:`aggregate_share`,
:func:`located_months` and docs/event-schema.md).

``rollup_state`` records, per version, the last ledger file the cells include and the serials of the tag
and fusion data they were built from. :func:`refresh` then does the least work that makes the cells equal a
full recompute:

- nothing, when no file was ingested since;
- the days of the events and aggregate counts that arrived in newer files, when only files were ingested:
  every cell of those days is recomputed from all stored events and counts of those days (stories never
  span days, so no other cell can change);
- a full rebuild, when there is no state yet or the tags (``holosec retag``) or the fused groups
  (``holosec fuse``) were rewritten since.

Each refresh runs in one transaction, so a crash leaves the previous, consistent cells. One assumption: an
event a newer file replaces (same source id) keeps its day, as GDELT's do (an aggregate count a newer file
replaces has the same period by its key).

Reads never refresh: they call :func:`require_current`, which raises :class:`StaleRollups` when the cells
are missing or behind the store. The ingest step (:mod:`holosec.ingest`) refreshes them after every write,
and the interfaces refresh a version explicitly before they first read it.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

import ibis

from holosec.engines.duckdb import DuckDBEngine, engine_for
from holosec.errors import StoreError
from holosec.indicators.frame import reports, with_fields
from holosec.indicators.measures import cells
from holosec.periods import Period, span
from holosec.sources.gdelt_aggregates import code_fields
from holosec.store import Store
from holosec.taxonomy import DEFAULT, recut
from holosec.taxonomy.parse import FINEST
from holosec.taxonomy.rule_tables import table
from holosec.taxonomy.versions import resolve


class StaleRollups(StoreError):
    """The day cells a read needs are missing or behind the store: refresh them first.

    >>> str(StaleRollups("v2020", "missing"))
    'the indicator day cells of v2020 are missing: refresh them first (holosec.ingest.refresh)'
    """

    def __init__(self, taxonomy: str, state: str) -> None:
        self.taxonomy = taxonomy
        super().__init__(
            f"the indicator day cells of {taxonomy} are {state}: refresh them first (holosec.ingest.refresh)"
        )


@dataclass(frozen=True)
class RefreshReport:
    """What a refresh did: ``mode`` is ``current``, ``days`` or ``full``."""

    taxonomy: str
    mode: str
    days: int
    cells: int
    seconds: float


def _state(store: Store, taxonomy: str) -> tuple[int, int, int] | None:
    row = store.execute(
        "SELECT through_file, tags_serial, fusion_serial FROM rollup_state WHERE taxonomy = ?", [taxonomy]
    ).fetchall()
    return (int(row[0][0]), int(row[0][1]), int(row[0][2])) if row else None


def _last_file(store: Store) -> int:
    return int(store.scalar("SELECT coalesce(max(file_id), 0) FROM files WHERE status = 'complete'"))


def _save_state(store: Store, taxonomy: str, through: int) -> None:
    store.execute("DELETE FROM rollup_state WHERE taxonomy = ?", [taxonomy])
    store.execute(
        "INSERT INTO rollup_state VALUES (?, ?, ?, ?, now()::TIMESTAMP)",
        [taxonomy, through, store.change_serial("tags"), store.change_serial("fusion")],
    )


def _insert_cells(engine: DuckDBEngine, taxonomy: str, events: ibis.Table | None) -> int:
    # Each report's story is decided once, for the rows of its fields and its row of all events alike;
    # the outlets are not kept in the cells, so they are not worked out.
    source = events if events is not None else engine.table("events")
    counted = engine.create_temp("holosec_rollup_reports", reports(engine, source, True).drop("outlet"))
    rows = with_fields(engine, counted, taxonomy, events, per_tag=True)  # cells only sum the weights
    day_cells = engine.create_temp("holosec_rollup_cells", cells(rows))
    engine.insert("rollup_days", day_cells.mutate(taxonomy=ibis.literal(taxonomy)))
    count = int(engine.value(day_cells.count()))
    engine.drop_temp("holosec_rollup_reports", "holosec_rollup_cells")
    return count


# The day cells of aggregate counts (``aggregate_counts``): each row's fields from its CAMEO code alone,
# weighted as shares; its quad class from the code's root; its sums as the file gave them (coop and conflict
# weights from |Goldstein sum|, exact since every CAMEO base code's scores share one sign); no mentions.
_AGGREGATE_CELLS = """
WITH a AS (SELECT * FROM aggregate_counts {where}),
rows AS (
    SELECT a.*, '' AS field, 1.0 AS w FROM a
    UNION ALL
    SELECT a.*, m.field, m.w FROM a JOIN holosec_aggregate_fields m USING (event_code)
),
keyed AS (
    SELECT *, 'location' AS view, country AS key FROM rows
    UNION ALL
    SELECT *, 'world' AS view, '' AS key FROM rows
)
SELECT ? AS taxonomy, period, view, key AS country, '' AS partner, field, grain AS aggregate_grain,
    sum(w * events) AS events,
    sum(CASE WHEN goldstein_sum IS NULL THEN 0 ELSE w * events END) AS goldstein_n,
    coalesce(sum(w * goldstein_sum), 0) AS goldstein_sum,
    sum(CASE WHEN quad_class IS NULL THEN 0 ELSE w * events END) AS quad_n,
    sum(CASE WHEN quad_class >= 3 THEN w * events ELSE 0 END) AS conflict,
    sum(CASE WHEN quad_class = 4 THEN w * events ELSE 0 END) AS material_conflict,
    coalesce(sum(CASE WHEN quad_class <= 2 THEN w * abs(goldstein_sum) ELSE 0 END), 0) AS coop_weight,
    coalesce(sum(CASE WHEN quad_class >= 3 THEN w * abs(goldstein_sum) ELSE 0 END), 0) AS conflict_weight,
    sum(CASE WHEN tone_sum IS NULL THEN 0 ELSE w * events END) AS tone_n,
    coalesce(sum(w * tone_sum), 0) AS tone_sum,
    0.0 AS mentions
FROM keyed GROUP BY period, view, key, field, grain
"""


def _aggregate_days(store: Store, after_file: int) -> set[date]:
    """The days that hold aggregate counts of files newer than ``after_file``."""
    rows = store.execute("SELECT DISTINCT period FROM aggregate_counts WHERE file_id > ?", [after_file])
    return {row[0] for row in rows.fetchall()}


def _aggregate_fields(store: Store, taxonomy: str) -> None:
    """``holosec_aggregate_fields(event_code, field, w)``: the fields of ``taxonomy`` of every stored code."""
    codes = store.execute("SELECT DISTINCT event_code FROM aggregate_counts WHERE event_code IS NOT NULL")
    rows = [
        (code, field, weight)
        for (code,) in sorted(codes.fetchall())
        for field, weight in recut(code_fields(code), FINEST, taxonomy).items()
    ]
    columns = {"event_code": "VARCHAR", "field": "VARCHAR", "w": "DOUBLE"}
    table(store, "holosec_aggregate_fields", columns, rows)


def insert_aggregate_cells(store: Store, taxonomy: str, days: list[date] | None = None) -> int:
    """Add the day cells of the stored aggregate counts (of ``days`` only, when given) to ``rollup_days``
    for ``taxonomy``; returns the cells written. They are marked with their ``aggregate_grain``."""
    _aggregate_fields(store, taxonomy)
    where = "" if days is None else "WHERE list_contains(?, period)"
    params: list[Any] = ([] if days is None else [days]) + [taxonomy]
    sql = _AGGREGATE_CELLS.format(where=where)
    row = store.execute(f"INSERT INTO rollup_days BY NAME {sql}", params).fetchone()
    store.execute("DROP TABLE IF EXISTS holosec_aggregate_fields")
    return int(row[0]) if row else 0


def build(store: Store, taxonomy: str = DEFAULT) -> RefreshReport:
    """Recompute every day cell of ``taxonomy`` from the stored events and aggregate counts."""
    version = resolve(taxonomy).version
    started = time.perf_counter()
    engine = engine_for(store)
    with store.transaction():
        through = _last_file(store)
        engine.delete_where("rollup_days", "taxonomy", [version])
        count = _insert_cells(engine, version, None) + insert_aggregate_cells(store, version)
        stored = engine.table("rollup_days")
        days = int(engine.value(stored.filter(stored.taxonomy == version).period.nunique()))
        _save_state(store, version, through)
    return RefreshReport(version, "full", days, count, round(time.perf_counter() - started, 3))


def refresh(store: Store, taxonomy: str = DEFAULT) -> RefreshReport:
    """Bring the day cells of ``taxonomy`` up to date with the store, doing the least work (see above).

    Threads take turns (the store's lock), so when several ask at once one refreshes and the others find
    the cells current."""
    version = resolve(taxonomy).version
    with store.lock:
        return _refresh(store, version)


def _refresh(store: Store, version: str) -> RefreshReport:
    state = _state(store, version)
    if state is None or state[1:] != (store.change_serial("tags"), store.change_serial("fusion")):
        return build(store, version)
    started = time.perf_counter()
    through = _last_file(store)
    if through == state[0]:
        return RefreshReport(version, "current", 0, 0, 0.0)
    engine = engine_for(store)
    with store.transaction():
        events = engine.table("events")
        arrived = events.filter(events.file_id > state[0]).select("date").distinct().order_by("date")
        found = {row["date"] for row in engine.rows(arrived)}
        days: list[date] = sorted(found | _aggregate_days(store, state[0]))
        count = 0
        if days:
            engine.delete_where("rollup_days", "period", days, also={"taxonomy": version})
            count = _insert_cells(engine, version, events.filter(events.date.isin(days)))
            count += insert_aggregate_cells(store, version, days)
        _save_state(store, version, through)
    return RefreshReport(version, "days", len(days), count, round(time.perf_counter() - started, 3))


def staleness(store: Store, taxonomy: str = DEFAULT) -> str | None:
    """Why the day cells of ``taxonomy`` cannot be read as they are (``missing``, ``out of date``), or
    None when they are current. A store with nothing ingested has nothing to roll up: its cells are current.

    >>> import tempfile, pathlib
    >>> with Store.open(pathlib.Path(tempfile.mkdtemp())) as store:
    ...     staleness(store)
    """
    version = resolve(taxonomy).version
    serials = (store.change_serial("tags"), store.change_serial("fusion"))
    state = _state(store, version)
    if state is None:
        return None if _last_file(store) == 0 and serials == (0, 0) else "missing"
    return None if state == (_last_file(store), *serials) else "out of date"


def require_current(store: Store, taxonomy: str = DEFAULT) -> str:
    """The version ``taxonomy`` names, once its day cells are known current; :class:`StaleRollups`
    otherwise. Every read of the cells calls this, and none writes."""
    version = resolve(taxonomy).version
    if state := staleness(store, version):
        raise StaleRollups(version, state)
    return version


def maintained(store: Store) -> list[str]:
    """The taxonomy versions that have rollups (refreshed after every ingest)."""
    return [row[0] for row in store.execute("SELECT taxonomy FROM rollup_state ORDER BY 1").fetchall()]


def refresh_all(store: Store) -> list[RefreshReport]:
    """Refresh the rollups of every maintained version (after an ingest)."""
    return [refresh(store, version) for version in maintained(store)]


AGGREGATE_NOTE = "aggregates: no events behind this number"
"""What evidence and pages say where a number holds aggregate counts (see :func:`aggregate_share`)."""
_FINER = {"day": ("month",), "week": ("month",), "month": ()}


class Keyed(Protocol):
    """What :func:`aggregate_share` reads of a selection (an ``indicators.query.Selection``, checked)."""

    @property
    def view(self) -> str: ...

    @property
    def key(self) -> tuple[str, str]: ...

    @property
    def field(self) -> str | None: ...

    @property
    def taxonomy(self) -> str: ...

    @property
    def by(self) -> str: ...


@dataclass(frozen=True)
class AggregateShare:
    """How much of one cell's count comes from aggregate counts rather than stored events.

    ``grains`` are the grains of the aggregates in it (``month``, ``day``); ``comparable`` is False when
    the period is finer than one of them (a weekly or daily read of a monthly aggregate puts the whole
    month on its first day: that number is not a week's or a day's count).
    """

    events: float
    aggregate_events: float
    grains: tuple[str, ...]
    comparable: bool

    @property
    def share(self) -> float | None:
        """The aggregates' share of the cell's events; None for an empty cell."""
        return self.aggregate_events / self.events if self.events else None

    @property
    def note(self) -> str | None:
        """:data:`AGGREGATE_NOTE` when any of the number is aggregate counts, else None."""
        return AGGREGATE_NOTE if self.aggregate_events > 0 else None


def aggregate_share(store: Store, selection: Keyed, period: str | Period) -> AggregateShare:
    """The part of ``selection``'s number in ``period`` (a label of the selection's grain, or a
    :class:`Period`) that comes from aggregate counts, read from the day cells (which must be current).

    Evidence and pages call it to say :data:`AGGREGATE_NOTE` where no events stand behind a number
    (aggregates feed the ``location`` and ``world`` views only; a ``country`` or pair cell has none).

    >>> import tempfile, pathlib
    >>> from holosec.indicators.query import Selection
    >>> with Store.open(pathlib.Path(tempfile.mkdtemp())) as store:
    ...     found = aggregate_share(store, Selection(country="CHN", location=True, by="month"), "2012-05")
    >>> found.share, found.note, found.comparable
    (None, None, True)
    """
    version = require_current(store, selection.taxonomy)
    chosen = period if isinstance(period, Period) else Period.parse(period, [selection.by])
    country, partner = selection.key
    rows = store.execute(
        "SELECT aggregate_grain, sum(events) FROM rollup_days WHERE taxonomy = ? AND view = ? "
        "AND country = ? AND partner = ? AND field = ? AND period BETWEEN ? AND ? GROUP BY ALL",
        [version, selection.view, country, partner, selection.field or "", chosen.start, chosen.end],
    ).fetchall()
    grains = tuple(sorted(grain for grain, events in rows if grain is not None and events))
    return AggregateShare(
        events=float(sum(events for _, events in rows)),
        aggregate_events=float(sum(events for grain, events in rows if grain is not None)),
        grains=grains,
        comparable=not set(grains) & set(_FINER.get(str(chosen.grain), ())),
    )


@dataclass(frozen=True)
class LocatedMonth:
    """One month of a place's ``location`` cells: its events and conflict events (quad classes 3-4), and
    the part of each that is aggregate counts (no events behind it) rather than event records."""

    period: Period
    events: float
    conflict_events: float
    aggregate_events: float
    aggregate_conflict: float

    @property
    def aggregate_share(self) -> float | None:
        """The aggregate counts' share of the month's events; None for a quiet month."""
        return self.aggregate_events / self.events if self.events else None


_LOCATED = """
SELECT date_trunc('month', period)::DATE AS month, sum(events), sum(conflict),
    coalesce(sum(events) FILTER (WHERE aggregate_grain IS NOT NULL), 0),
    coalesce(sum(conflict) FILTER (WHERE aggregate_grain IS NOT NULL), 0)
FROM rollup_days WHERE taxonomy = ? AND view = 'location' AND list_contains(?, country) AND partner = ''
    AND field = ? GROUP BY month ORDER BY month
"""


def located_months(
    store: Store, places: tuple[str, ...], field: str | None = None, taxonomy: str = DEFAULT
) -> list[LocatedMonth]:
    """Every month from the first to the last month with aggregate counts located in ``places`` (ISO3
    codes counted as one place: a perspective's home set, or one country), quiet months as 0, read from
    the day cells (which must be current): the events located there in ``field`` (None: all events), event
    records and aggregate counts together, and the aggregate part. Empty when no aggregate counts are
    located there.

    >>> import tempfile, pathlib
    >>> with Store.open(pathlib.Path(tempfile.mkdtemp())) as store:
    ...     located_months(store, ("PRK",))
    []
    """
    version = require_current(store, taxonomy)
    rows = store.execute(_LOCATED, [version, list(places), field or ""]).fetchall()
    found = {
        Period.of(month, "month"): LocatedMonth(Period.of(month, "month"), *(float(v) for v in values))
        for month, *values in rows
    }
    held = [period for period, month in found.items() if month.aggregate_events > 0]
    if not held:
        return []
    quiet = dict.fromkeys(("events", "conflict_events", "aggregate_events", "aggregate_conflict"), 0.0)
    return [
        found.get(period) or LocatedMonth(period, **quiet)
        for period in span(held[0].start, held[-1].start, "month")
    ]
