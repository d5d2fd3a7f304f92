"""Materialised day cells of the default indicators (stories collapsed, no quality filter), one set per
taxonomy version, kept current incrementally: the cells of the stored events, and beside them the cells of
the stored aggregate counts (``holosec ingest gdelt-aggregates``), marked by their ``aggregate_grain``,
in the ``location`` and ``world`` views only (see :func:`aggregate_cells`, :func:`aggregate_share`,
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

A store that keeps a rolling window of raw records (``holosec follow --keep``) has **sealed** the days
before it (:mod:`holosec.store.sealed`): their cells were made from every record and are kept as they are;
a build or refresh rewrites only the days from the window's start on.

Each refresh runs in one transaction, so a crash leaves the previous, consistent cells. One assumption: an
event a newer file replaces (same source id) keeps its day, as GDELT's do (an aggregate count a newer file
replaces has the same period by its key).

Reads never refresh: they call :func:`require_current`, which raises :class:`StaleRollups` when the cells
are missing or behind the store. The ingest step (:mod:`holosec.ingest`) refreshes them after every write,
and the interfaces refresh a version explicitly before they first read it.
"""

from __future__ import annotations

import contextlib
import time
from dataclasses import dataclass
from datetime import date
from typing import Protocol

import ibis

from holosec.corrections.records import cells_serial, changed_days, note_cells
from holosec.engines import Engine, engine_for
from holosec.errors import StoreError
from holosec.indicators import cells_sql, evidence_cells
from holosec.indicators.frame import ALL, reports, with_fields
from holosec.indicators.measures import cells
from holosec.periods import Period, span
from holosec.sources.gdelt_aggregates import code_fields
from holosec.store import Store
from holosec.store.sealed import sealed_before
from holosec.taxonomy import DEFAULT, recut
from holosec.taxonomy.parse import FINEST
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


def _insert_cells(engine: Engine, taxonomy: str, events: ibis.Table | None, days: list[date] | None) -> int:
    # Each report's story is decided once, for the rows of its fields and its row of all events alike;
    # the outlets are not kept in the cells, so they are not worked out.
    source = events if events is not None else engine.table("events")
    counted = engine.create_temp("holosec_rollup_reports", reports(engine, source, True).drop("outlet"))
    rows = with_fields(engine, counted, taxonomy, events, per_tag=True)  # cells only sum the weights
    event_cells = cells(rows).mutate(aggregate_grain=ibis.null("string"))
    found = aggregate_cells(engine, taxonomy, days)
    every = (
        event_cells
        if found is None
        else event_cells.union(found.select(event_cells.columns).cast(event_cells.schema()))
    )
    count = engine.write_cells(taxonomy, every.mutate(taxonomy=ibis.literal(taxonomy)), days)
    engine.drop_temp("holosec_rollup_reports")
    return count


def aggregate_cells(engine: Engine, taxonomy: str, days: list[date] | None = None) -> ibis.Table | None:
    """The day cells of the stored aggregate counts (``aggregate_counts``, of ``days`` only, when given)
    for ``taxonomy``, marked with their ``aggregate_grain``, in the ``location`` and ``world`` views; None
    when there are none. Each count's fields come from its CAMEO code alone, weighted as shares; its quad
    class from the code's root; its sums as the file gave them (coop and conflict weights from |Goldstein
    sum|, exact since every CAMEO base code's scores share one sign); no mentions."""
    counts = engine.table("aggregate_counts")
    if days is not None:
        counts = counts.filter(counts.period.isin(days))
    if not int(engine.value(counts.count()) or 0):  # None: a dry run, which counts nothing
        return None
    codes = counts.filter(counts.event_code.notnull()).select("event_code").distinct()
    found = sorted(row["event_code"] for row in engine.rows(codes))
    shares = [
        (code, field, weight)
        for code in found
        for field, weight in recut(code_fields(code), FINEST, taxonomy).items()
    ]
    mapping = engine.small_table(
        "holosec_aggregate_fields",
        {"event_code": [r[0] for r in shares], "field": [r[1] for r in shares], "w": [r[2] for r in shares]},
        {"event_code": "string", "field": "string", "w": "float64"},
    )
    base = counts.select(
        "period", "country", "grain", "event_code", "quad_class", "events", "goldstein_sum", "tone_sum"
    )
    every = base.mutate(field=ibis.literal(ALL), w=ibis.literal(1.0))
    tagged = base.join(mapping, "event_code").select(every.columns)
    every = every.cast(tagged.schema())  # the same types, NULLs allowed on both sides of the union
    rows = every.union(tagged)
    keyed = ibis.union(
        rows.mutate(view=ibis.literal("location"), key=rows.country),
        rows.mutate(view=ibis.literal("world"), key=ibis.literal(ALL)),
    )
    x = keyed.w * keyed.events.cast("float64")
    quad, g, zero = keyed.quad_class, keyed.goldstein_sum, ibis.literal(0.0)
    keys = ["period", "view", keyed.key.name("country"), "field", keyed.grain.name("aggregate_grain")]
    out = keyed.group_by(keys).aggregate(
        events=x.sum(),
        goldstein_n=ibis.ifelse(g.isnull(), zero, x).sum(),
        goldstein_sum=(keyed.w * g).sum().fill_null(0.0),
        quad_n=ibis.ifelse(quad.isnull(), zero, x).sum(),
        conflict=ibis.ifelse(quad >= 3, x, zero).sum(),
        material_conflict=ibis.ifelse(quad == 4, x, zero).sum(),
        coop_weight=ibis.ifelse(quad <= 2, keyed.w * g.abs(), zero).sum().fill_null(0.0),
        conflict_weight=ibis.ifelse(quad >= 3, keyed.w * g.abs(), zero).sum().fill_null(0.0),
        tone_n=ibis.ifelse(keyed.tone_sum.isnull(), zero, x).sum(),
        tone_sum=(keyed.w * keyed.tone_sum).sum().fill_null(0.0),
    )
    return out.mutate(partner=ibis.literal(ALL), mentions=zero)


def _aggregate_days(engine: Engine, after_file: int) -> set[date]:
    """The days that hold aggregate counts of files newer than ``after_file``."""
    counts = engine.table("aggregate_counts")
    newer = counts.filter(counts.file_id > after_file).select("period").distinct()
    return {row["period"] for row in engine.rows(newer)}


def _unsealed(store: Store, first: date) -> list[date]:
    """Every day from ``first`` to the last with events, aggregate counts or cells."""
    last = store.scalar(
        "SELECT max(day) FROM (SELECT max(date) AS day FROM events UNION ALL "
        "SELECT max(period) FROM aggregate_counts UNION ALL SELECT max(period) FROM rollup_days)"
    )
    return [p.start for p in span(first, max(first, last or first), "day")]


def _not_sealed(store: Store, engine: Engine, days: set[date]) -> set[date]:
    """``days`` but those sealed (a remote engine's cells follow its export and seal nothing)."""
    first = sealed_before(store) if engine.local else None
    return days if first is None else {day for day in days if day >= first}


def _months(days: set[date]) -> list[date]:
    """Every day of the months of ``days`` (for an engine that rewrites its cells a month at a time)."""
    months = sorted({day.replace(day=1) for day in days})
    return [p.start for month in months for p in span(month, Period.of(month, "month").end, "day")]


def _transaction(store: Store, engine: Engine) -> contextlib.AbstractContextManager[None]:
    """The store's transaction for its own engine; none for a remote engine (whose state is written last,
    so a crash leaves the old state and the next refresh redoes the work)."""
    return store.transaction() if engine.local else contextlib.nullcontext()


def build(store: Store, taxonomy: str = DEFAULT, *, engine: Engine | None = None) -> RefreshReport:
    """Recompute every day cell of ``taxonomy`` from the stored events and aggregate counts, in ``engine``
    (default: the store's engine, see :mod:`holosec.engines`)."""
    version = resolve(taxonomy).version
    started = time.perf_counter()
    engine = engine or engine_for(store)
    with _transaction(store, engine):
        mark = engine.watermark()
        first = sealed_before(store) if engine.local else None
        if first is None:
            count = _insert_cells(engine, version, None, None)
        else:  # the days from the first not sealed on
            events = engine.table("events").filter(engine.table("events").date >= first)
            count = _insert_cells(engine, version, events, _unsealed(store, first))
        stored = engine.table("rollup_days")
        days = int(engine.value(stored.filter(stored.taxonomy == version).period.nunique()) or 0)
        evidence_cells.keep(engine, version, None, mark, None)
        engine.save_rollup_state(version, mark)
    return RefreshReport(version, "full", days, count, round(time.perf_counter() - started, 3))


def refresh(store: Store, taxonomy: str = DEFAULT, *, engine: Engine | None = None) -> RefreshReport:
    """Bring the day cells of ``taxonomy`` up to date with the store, doing the least work (see above).

    Threads take turns (the store's lock), so when several ask at once one refreshes and the others find
    the cells current. ``engine``: whose cells (default: the store's engine; the write steps keep the
    store's own DuckDB cells, :func:`holosec.engines.local_engine`, whatever engine reads run on)."""
    version = resolve(taxonomy).version
    with store.lock:
        engine = engine or engine_for(store)
        return _corrected_days(store, version, engine, _refresh(store, version, engine))


def _corrected_days(store: Store, version: str, engine: Engine, done: RefreshReport) -> RefreshReport:
    """After :func:`_refresh`: rewrite the cells of the days whose events analysts' corrections changed
    since the cells last honoured them (:mod:`holosec.corrections`); a full build honours them all."""
    started = time.perf_counter()
    serial = cells_serial(store, version, engine.name) or 0
    newest, found = changed_days(store, serial)
    found = _not_sealed(store, engine, found)
    if done.mode == "full" or not found:
        if newest != serial and done.mode != "current":  # noted only where the cells were just written
            note_cells(store, version, engine.name, newest)
        return done
    with _transaction(store, engine):
        days = sorted(found) if engine.cell_unit == "day" else _months(found)
        events = engine.table("events")
        count = _insert_cells(engine, version, events.filter(events.date.isin(days)), days)
        if evidence_cells.current(engine, version):  # the evidence rows of those days too
            evidence_cells.rewrite(engine, version, days)
        note_cells(store, version, engine.name, newest)
    seconds = round(done.seconds + time.perf_counter() - started, 3)
    return RefreshReport(version, "days", done.days + len(found), done.cells + count, seconds)


def _refresh(store: Store, version: str, engine: Engine) -> RefreshReport:
    state, mark = engine.rollup_state(version), engine.watermark()
    if state is None or state[1:] != mark[1:]:
        return build(store, version, engine=engine)
    started = time.perf_counter()
    if mark[0] == state[0]:
        if evidence_cells.behind(engine, version, mark):  # a store from before the evidence rows
            with _transaction(store, engine):
                evidence_cells.keep(engine, version, state, mark, [])
        return RefreshReport(version, "current", 0, 0, 0.0)
    with _transaction(store, engine):
        events = engine.table("events")
        arrived = events.filter(events.file_id > state[0]).select("date").distinct()
        found = {row["date"] for row in engine.rows(arrived)} | _aggregate_days(engine, state[0])
        found = _not_sealed(store, engine, found)
        days = sorted(found) if engine.cell_unit == "day" else _months(found)
        count = 0
        if days:
            count = _insert_cells(engine, version, events.filter(events.date.isin(days)), days)
        evidence_cells.keep(engine, version, state, mark, days)
        engine.save_rollup_state(version, mark)
    return RefreshReport(version, "days", len(found), count, round(time.perf_counter() - started, 3))


def staleness(store: Store, taxonomy: str = DEFAULT, *, engine: Engine | None = None) -> str | None:
    """Why the day cells of ``taxonomy`` cannot be read as they are (``missing``, ``out of date``), or
    None when they are current. A store with nothing ingested has nothing to roll up: its cells are current.

    >>> import tempfile, pathlib
    >>> with Store.open(pathlib.Path(tempfile.mkdtemp())) as store:
    ...     staleness(store)
    """
    version = resolve(taxonomy).version
    engine = engine or engine_for(store)
    mark, state = engine.watermark(), engine.rollup_state(version)
    if state is None:
        return None if mark == (0, 0, 0) else "missing"
    return None if state == mark else "out of date"


def published(state: tuple[int, int, int] | None, mark: tuple[int, int, int]) -> bool:
    """Whether day cells (or rows kept with them) at ``state`` may be read on a store at ``mark``: built
    from the same tags and fused groups, and from every file up to one the store has completed, so that
    they are what the store held when they were last refreshed. A writer loads files first and refreshes
    the cells after (a live follower publishes each cycle's cells in one transaction), and a reader, who
    never waits for it, reads the cells of before the write meanwhile, not an error.

    >>> published((7, 1, 0), (9, 1, 0)), published((7, 1, 0), (9, 2, 0)), published(None, (0, 0, 0))
    (True, False, False)
    """
    return state is not None and state[1:] == mark[1:] and state[0] <= mark[0]


def require_current(store: Store, taxonomy: str = DEFAULT) -> str:
    """The version ``taxonomy`` names, once its day cells can be read (:func:`published`: current, or
    behind only by files a writer has loaded and not yet refreshed the cells for); :class:`StaleRollups`
    otherwise. Every read of the cells calls this, and none writes."""
    version = resolve(taxonomy).version
    engine = engine_for(store)
    if (state := staleness(store, version, engine=engine)) and not published(
        engine.rollup_state(version), engine.watermark()
    ):
        raise StaleRollups(version, state)
    return version


def maintained(store: Store, *, engine: Engine | None = None) -> list[str]:
    """The taxonomy versions that have rollups (refreshed after every ingest)."""
    return (engine or engine_for(store)).maintained()


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
    engine = engine_for(store)
    days = engine.table("rollup_days")
    days = days.filter(
        (days.taxonomy == version)
        & (days["view"] == selection.view)
        & (days.country == country)
        & (days.partner == partner)
        & (days.field == (selection.field or ALL))
        & days.period.between(chosen.start, chosen.end)
    )
    found = engine.rows(days.group_by("aggregate_grain").aggregate(events=days.events.sum()))
    rows = [(row["aggregate_grain"], row["events"]) for row in found]
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


def _located_months(engine: Engine, taxonomy: str, places: tuple[str, ...], field: str | None) -> ibis.Table:
    """The Ibis expression of :func:`located_months`' sums per month."""
    days = engine.table("rollup_days")
    days = days.filter(
        (days.taxonomy == taxonomy)
        & (days["view"] == "location")
        & days.country.isin(list(places))
        & (days.partner == ALL)
        & (days.field == (field or ALL))
    )
    aggregate = days.aggregate_grain.notnull()
    return days.group_by(month=days.period.truncate("M").cast("date")).aggregate(
        events=days.events.sum(),
        conflict_events=days.conflict.sum(),
        aggregate_events=days.events.sum(where=aggregate).fill_null(0.0),
        aggregate_conflict=days.conflict.sum(where=aggregate).fill_null(0.0),
    )


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
    engine = engine_for(store)
    if engine.name == "duckdb":  # the same sums as parametrised SQL: no Ibis expression to compile
        summed = cells_sql.rows(store, cells_sql.located_months(version, places, field))
    else:
        summed = engine.rows(_located_months(engine, version, places, field))
    found = {
        Period.of(row["month"], "month"): LocatedMonth(
            Period.of(row["month"], "month"),
            *(
                float(row[name])
                for name in ("events", "conflict_events", "aggregate_events", "aggregate_conflict")
            ),
        )
        for row in summed
    }
    held = sorted(period for period, month in found.items() if month.aggregate_events > 0)
    if not held:
        return []
    quiet = dict.fromkeys(("events", "conflict_events", "aggregate_events", "aggregate_conflict"), 0.0)
    return [
        found.get(period) or LocatedMonth(period, **quiet)
        for period in span(held[0].start, held[-1].start, "month")
    ]
