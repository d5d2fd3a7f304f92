"""Evidence rows: the counted rows behind the day cells, kept beside them so that evidence need not scan
the events.

``evidence_rows`` holds, per taxonomy version with day cells, one row per counted (event, field) of the
default counting (stories collapsed, no quality filter): exactly the rows
:func:`holosec.indicators.frame.counted_rows` gives with ``counted`` 1, each with the event's field weight
``w``, its actor and location countries (``a1``, ``a2``, ``loc``: the keys of every view), what the
evidence ranking reads (quad class, Goldstein score, mentions, sources) and its story's ``reports`` and
``outlets``. A full build writes them a few months at a time (:data:`CHUNK_EVENTS` events, so its memory
stays bounded on a large store), each run sorted by field, then day, so DuckDB's zone maps skip all but the
row groups of one field's days: a cell's evidence reads about as much as its indicator does. The columns
only a page shows (actors, place, URL ...: :data:`SHOWN`) are kept on each event's row of all events
(field ``''``), so a page never reads ``events`` (whose rows of one day are spread over the whole table).

:func:`keep` is called by :mod:`holosec.indicators.rollup` in the transaction that writes the day cells,
for the same days (or all of them), and records the ledger mark it matches in ``evidence_state``; the
rows are read only at the mark of the day cells readers read (:func:`current`). Only the store's own
DuckDB keeps them: a remote engine's evidence scans its events.

An incremental refresh rewrites the rows of its days (:func:`rewrite`) at the end of the table, out of
that order: after weeks of 15-minute cycles the rows of recent days would sit in row groups that span
every field and many months, which every lookup of those months reads. So ``evidence_order`` lists the
days rewritten since the rows were last sorted, with their rows (``run`` 0), and once those rows reach
:data:`TIDY_SHARE` of the version's rows (or :data:`TIDY_ROWS`; a little more for each further version,
so that the versions tidy in different cycles), :func:`tidy` rewrites them sorted by month, field, then
day, in the same transaction, as one sorted run (``run`` 1, 2 ...), merged with the last runs while they
are no larger (at most :data:`TIDY_MERGED` rows a tidy), so that the runs a lookup reads stay few. A full
build sorts everything again and forgets the runs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import ibis

from holosec.engines import Engine
from holosec.indicators.frame import ALL, OUTLET_HOST, Quality, counted_rows, first_of_group, reports
from holosec.store import Store

TABLE = "evidence_rows"
"""The stored evidence rows."""
QUADS = {
    "conflict_events": (3, 4),
    "conflict_share": (3, 4),
    "material_conflict_events": (4,),
    "material_conflict_share": (4,),
}
"""The quad classes of the events counting toward each count or share of conflict."""
SHOWN = (
    "tone",
    "source_url",
    "actor1_code",
    "actor1_name",
    "actor2_code",
    "actor2_name",
    "event_code",
    "root_code",
    "plover_type",
    "event_label",
    "loc_name",
)
"""The event's columns a page of evidence shows besides those ranked on, kept on its row of all events
(field ``''``) only."""
_READ = (
    "event_id",
    "date",
    "file_id",
    "source",
    "quad_class",
    "goldstein",
    "num_mentions",
    "num_sources",
    "actor1_country",
    "actor2_country",
    "loc_country",
    "loc_feature_id",
    "quality",
    *SHOWN,
)
"""The columns of ``events`` the evidence rows are made from (story keys, counted rows, :data:`SHOWN`)."""
_STORY = (
    "actor1_code",
    "actor1_name",
    "actor2_code",
    "actor2_name",
    "event_code",
    "loc_feature_id",
    "loc_name",
)


def stories(engine: Engine, events: ibis.Table, dedup: bool, quality: Quality) -> ibis.Table:
    """(story, reports, outlets): per story its counted report's id, its record count and news hosts.

    Stories are keyed as in :mod:`holosec.indicators.frame` (fused group, else day, actors, code and place)
    among the records that pass the quality filters; without dedup every record is its own story.
    """
    passed = reports(engine, events, dedup, quality).select("event_id")
    keyed = events.select(
        "event_id", "date", "num_mentions", "num_sources", "source_url", "loc_country", *_STORY
    )
    records = passed.join(keyed, "event_id")
    host = records.source_url.re_extract(OUTLET_HOST, 1).lower().nullif("")
    if not dedup:
        return records.select(
            story=records.event_id,
            reports=ibis.literal(1, type="int64"),
            outlets=ibis.array([host]).filter(lambda item: item.notnull()),
        )
    fused = engine.table("fused_events")
    records = records.mutate(host=host).left_join(fused, "event_id").drop("event_id_right")
    alone = records.fused_id.isnull()
    keys = {
        "date": records.date,
        "a1": records.actor1_code.fill_null(records.actor1_name),
        "a2": records.actor2_code.fill_null(records.actor2_name),
        "code": records.event_code,
        "place": records.loc_feature_id.fill_null(records.loc_name).fill_null(records.loc_country),
    }
    group = [
        records.fused_id.name("story_fused"),
        *(ibis.ifelse(alone, v, ibis.null(v.type())).name(f"story_{k}") for k, v in keys.items()),
    ]
    best = [
        records.num_mentions.desc(nulls_first=False),
        records.num_sources.desc(nulls_first=False),
        records.event_id,
    ]
    records = records.mutate(first=first_of_group(records, group, best), **{g.get_name(): g for g in group})
    return records.group_by([g.get_name() for g in group]).aggregate(
        story=records.event_id.max(where=records["first"]),
        reports=records.count(),
        outlets=records.host.collect(distinct=True),
    )


def _narrow(engine: Engine, taxonomy: str, events: ibis.Table) -> ibis.Table:
    """The evidence rows of ``events`` without the columns of :data:`SHOWN`."""
    rows = counted_rows(engine, taxonomy=taxonomy, events=events)
    rows = rows.filter(rows.counted == 1)
    found = stories(engine, events, True, Quality())
    kept = rows.join(found, rows.event_id == found.story).join(
        events.select("event_id", "source"), "event_id"
    )
    return kept.select(
        taxonomy=ibis.literal(taxonomy),
        field=kept.field,
        date=kept.date,
        event_id=kept.event_id,
        source=kept.source,
        a1=kept.a1,
        a2=kept.a2,
        loc=kept.loc,
        w=kept.w,
        quad_class=kept.quad,
        goldstein=kept.goldstein,
        num_mentions=kept.mentions,
        num_sources=kept.nsources,
        reports=kept.reports,
        outlets=kept.outlets,
    )


def _shown(rows: ibis.Table, events: ibis.Table) -> ibis.Table:
    """Rows of all events (field ``''``) with the columns of :data:`SHOWN` of their events."""
    return rows.join(events.select("event_id", *SHOWN), "event_id")


def counted(engine: Engine, taxonomy: str, events: ibis.Table) -> ibis.Table:
    """The evidence rows of ``events`` (whole days) for ``taxonomy``: their counted (event, field) rows of
    the default counting, with their story statistics, and the columns of :data:`SHOWN` on the rows of
    all events (the columns of ``evidence_rows``; :func:`keep` writes the same rows a field at a time)."""
    rows = _narrow(engine, taxonomy, events)
    every = _shown(rows.filter(rows.field == ALL), events)
    others = rows.filter(rows.field != ALL)
    others = others.mutate(**{name: ibis.null(every[name].type()) for name in SHOWN})
    return others.union(every.select(others.columns))


def _write(engine: Engine, taxonomy: str, events: ibis.Table) -> None:
    """Append the evidence rows of ``events`` (whole days), sorted by field and day: first worked out
    narrow, then written a field at a time (sorting one field's rows at a time keeps the memory small)."""
    made = engine.create_temp("holosec_evidence_rows", _narrow(engine, taxonomy, events))
    fields = engine.rows(made.select("field").distinct().order_by("field"))
    for field in (str(row["field"]) for row in fields):
        part = made.filter(made.field == field)
        if field == ALL:
            part = _shown(part, events)
        engine.store.execute(f"INSERT INTO {TABLE} BY NAME {engine.sql(part.order_by('date'))}")
    engine.drop_temp("holosec_evidence_rows")


CHUNK_EVENTS = 2_000_000
"""A full build of the evidence rows works on about this many events at a time (whole months)."""


def _chunks(store: Store) -> list[tuple[date, date]]:
    """The stored events' span cut into runs of whole months of about :data:`CHUNK_EVENTS` events (stories
    never span days, so each run's rows are those a build of all of them gives)."""
    months = store.execute(
        "SELECT date_trunc('month', date)::DATE AS month, count(*) FROM events GROUP BY 1 ORDER BY 1"
    ).fetchall()
    runs: list[tuple[date, date]] = []
    start, size = None, 0
    for month, count in months:
        if start is not None and size + int(count) > CHUNK_EVENTS:
            runs.append((start, month - timedelta(days=1)))
            start, size = None, 0
        start, size = start or month, size + int(count)
    if start is not None:
        runs.append((start, date.max))
    return runs


def _write_days(engine: Engine, taxonomy: str, events: ibis.Table) -> None:
    """:func:`_write` for the events of some days, read once (they are spread over the whole table)."""
    picked = engine.create_temp("holosec_evidence_events", events.select(*_READ))
    _write(engine, taxonomy, picked)
    engine.drop_temp("holosec_evidence_events")


def state(engine: Engine, taxonomy: str) -> tuple[int, int, int] | None:
    """The ledger mark the evidence rows of ``taxonomy`` were kept at; None when there are none (or the
    engine is not the store's own DuckDB)."""
    if not engine.local:
        return None
    row = engine.store.execute(
        "SELECT through_file, tags_serial, fusion_serial FROM evidence_state WHERE taxonomy = ?", [taxonomy]
    ).fetchall()
    return (int(row[0][0]), int(row[0][1]), int(row[0][2])) if row else None


def current(engine: Engine, taxonomy: str) -> bool:
    """Whether the evidence rows of ``taxonomy`` can be read: kept by the store's own DuckDB at the mark of
    the day cells they were written with, which readers may read (a live follower's reader between its
    load and its publish reads both as they were: :func:`holosec.indicators.rollup.published`).

    >>> import tempfile, pathlib
    >>> from holosec.engines import engine_for
    >>> from holosec.store import Store
    >>> with Store.open(pathlib.Path(tempfile.mkdtemp())) as store:
    ...     current(engine_for(store), "v2023")
    False
    """
    found, mark = state(engine, taxonomy), engine.watermark()
    kept = engine.rollup_state(taxonomy)
    return found is not None and found == kept and found[1:] == mark[1:] and found[0] <= mark[0]


def behind(engine: Engine, taxonomy: str, mark: tuple[int, int, int]) -> bool:
    """Whether the store's own DuckDB must still bring the evidence rows of ``taxonomy`` to ``mark``."""
    return engine.local and state(engine, taxonomy) != mark


def keep(
    engine: Engine,
    taxonomy: str,
    before: tuple[int, int, int] | None,
    mark: tuple[int, int, int],
    days: Sequence[date] | None,
) -> None:
    """Bring the evidence rows of ``taxonomy`` to ``mark`` (call inside the transaction that writes the
    day cells): the rows of ``days`` only when they were at ``before`` (the day cells' previous mark),
    else every row. Nothing for a remote engine, nor when the rows are at ``mark`` already."""
    if not behind(engine, taxonomy, mark):
        return
    store = engine.store
    events = engine.table("events")
    if days is None or state(engine, taxonomy) != before:
        store.execute(f"DELETE FROM {TABLE} WHERE taxonomy = ?", [taxonomy])
        for first, last in _chunks(store):  # a few million events at a time: the memory stays bounded
            _write_days(engine, taxonomy, events.filter(events.date.between(first, last)))
        store.execute("DELETE FROM evidence_order WHERE taxonomy = ?", [taxonomy])  # all sorted
    elif days:
        rewrite(engine, taxonomy, days)
    store.execute("DELETE FROM evidence_state WHERE taxonomy = ?", [taxonomy])
    store.execute("INSERT INTO evidence_state VALUES (?, ?, ?, ?, now()::TIMESTAMP)", [taxonomy, *mark])


TIDY_SHARE = 0.1
"""The share of a version's evidence rows that incremental refreshes may leave out of order before
:func:`tidy` sorts them."""
TIDY_ROWS = 200_000
"""... or this many rows, whichever is fewer (so that one tidy's cost stays bounded on a large store)."""
TIDY_MERGED = 800_000
"""The most rows one tidy rewrites when it merges sorted runs of earlier tidies with the new rows."""


def rewrite(engine: Engine, taxonomy: str, days: Sequence[date]) -> None:
    """Write again the evidence rows of ``days`` of ``taxonomy`` (after their events changed), note them
    as out of order, and sort the rows out of order when they are due (:func:`tidy`). Call inside the
    transaction that writes the day cells of those days; the store's own DuckDB only."""
    chosen = sorted(set(days))
    store = engine.store
    store.execute(f"DELETE FROM {TABLE} WHERE taxonomy = ? AND list_contains(?, date)", [taxonomy, chosen])
    events = engine.table("events")
    _write_days(engine, taxonomy, events.filter(events.date.isin(chosen)))
    store.execute(
        "DELETE FROM evidence_order WHERE taxonomy = ? AND list_contains(?, date)", [taxonomy, chosen]
    )
    store.execute(
        f"INSERT INTO evidence_order SELECT taxonomy, date, count(*), 0 FROM {TABLE} "
        "WHERE taxonomy = ? AND list_contains(?, date) GROUP BY ALL",
        [taxonomy, chosen],
    )
    tidy(store, taxonomy)


def disorder(store: Store, taxonomy: str) -> tuple[int, int]:
    """(rows out of order, all rows) of the evidence rows of ``taxonomy``: the rows of the days incremental
    refreshes rewrote since the last :func:`tidy`, and every row of the version.

    >>> import tempfile, pathlib
    >>> with Store.open(pathlib.Path(tempfile.mkdtemp())) as store:
    ...     disorder(store, "v2023")
    (0, 0)
    """
    apart = store.scalar("SELECT sum(rows) FROM evidence_order WHERE taxonomy = ? AND run = 0", [taxonomy])
    every = store.scalar(f"SELECT count(*) FROM {TABLE} WHERE taxonomy = ?", [taxonomy])
    return int(apart or 0), int(every or 0)


def due(apart: int, every: int, turn: int = 0, turns: int = 1) -> bool:
    """Whether ``apart`` rows out of order among ``every`` rows are to be sorted now: they reach
    :data:`TIDY_SHARE` of the rows, or :data:`TIDY_ROWS`; for the ``turn``-th of ``turns`` versions that
    keep rows, that much more by ``turn / turns`` (the versions' refreshes rewrite the same days, so
    alike thresholds would make them all tidy in one cycle).

    >>> due(0, 0), due(99, 1000), due(100, 1000), due(TIDY_ROWS, 100 * TIDY_ROWS)
    (False, False, True, True)
    >>> due(TIDY_ROWS, 100 * TIDY_ROWS, 1, 3), due(TIDY_ROWS * 3 // 2, 100 * TIDY_ROWS, 1, 3)
    (False, True)
    """
    return apart > 0 and apart >= min(TIDY_SHARE * every, TIDY_ROWS) * (turns + turn) / turns


def _turn(store: Store, taxonomy: str) -> tuple[int, int]:
    """(the place of ``taxonomy`` among the versions that keep evidence rows, how many keep them)."""
    kept = [str(row[0]) for row in store.execute("SELECT taxonomy FROM evidence_state ORDER BY 1").fetchall()]
    return (kept.index(taxonomy) if taxonomy in kept else 0), max(1, len(kept))


def merged(apart: int, runs: Sequence[int], *, force: bool = False) -> int:
    """How many of the sorted ``runs`` of earlier tidies (their rows, newest first) a tidy of ``apart`` rows
    out of order merges: each next run while it holds no more rows than those merged so far and the whole
    stays within :data:`TIDY_MERGED` (so the runs stay few, about doubling in size); all with ``force``.

    >>> merged(100, [80, 150, 400]), merged(100, [120, 50]), merged(100, [120, 50], force=True)
    (2, 0, 2)
    """
    if force:
        return len(runs)
    taken, total = 0, apart
    for rows in runs:
        if rows > total or total + rows > TIDY_MERGED:
            break
        taken, total = taken + 1, total + rows
    return taken


def tidy(store: Store, taxonomy: str, *, force: bool = False) -> int:
    """Sort the evidence rows of ``taxonomy`` that incremental refreshes left out of order, when they are
    :func:`due` (or ``force``): they are rewritten at the end of the table by month, field, then day,
    with the sorted runs of earlier tidies :func:`merged` says, as one sorted run, so that zone maps skip
    them again (a run holds a few days of many months: by month first, a lookup skips the run but for the
    row group of its month and field). Returns how many rows were rewritten (0: none were due). Runs in
    the caller's transaction, if any: readers see the rows before or after, never between.

    >>> import tempfile, pathlib
    >>> with Store.open(pathlib.Path(tempfile.mkdtemp())) as store:
    ...     tidy(store, "v2023", force=True)
    0
    """
    apart, every = disorder(store, taxonomy)
    if not apart or not (force or due(apart, every, *_turn(store, taxonomy))):
        return 0
    found = store.execute(
        "SELECT run, sum(rows) FROM evidence_order WHERE taxonomy = ? AND run > 0 "
        "GROUP BY run ORDER BY run DESC",
        [taxonomy],
    ).fetchall()
    taken = merged(apart, [int(rows) for _, rows in found], force=force)
    runs = [0, *(int(run) for run, _ in found[:taken])]
    listed = "evidence_order WHERE taxonomy = ? AND list_contains(?, run)"
    days = [
        row[0]
        for row in store.execute(f"SELECT date FROM {listed} ORDER BY date", [taxonomy, runs]).fetchall()
    ]
    chosen = f"{TABLE} WHERE taxonomy = ? AND list_contains(?, date)"
    store.execute(
        f"CREATE OR REPLACE TEMP TABLE holosec_evidence_tidy AS SELECT * FROM {chosen}", [taxonomy, days]
    )
    store.execute(f"DELETE FROM {chosen}", [taxonomy, days])
    store.execute(
        f"INSERT INTO {TABLE} SELECT * FROM holosec_evidence_tidy "
        "ORDER BY date_trunc('month', date), field, date"
    )
    store.execute("DROP TABLE temp.holosec_evidence_tidy")
    newest = int(found[0][0]) + 1 if found else 1
    store.execute(
        "UPDATE evidence_order SET run = ? WHERE taxonomy = ? AND list_contains(?, run)",
        [newest, taxonomy, runs],
    )
    return apart + sum(int(rows) for _, rows in found[:taken])


@dataclass(frozen=True)
class Cell:
    """One evidence cell, as the evidence rows are asked for it: ``taxonomy`` (a version), ``field``
    (``''``: all events), the days from ``first`` to ``last`` (None: open), the ``view`` and the codes that
    count as its country (``own``) and partner (``other``: empty without one), a home set's places
    included (:func:`holosec.indicators.home.members`), and the ``indicator`` whose events are listed."""

    taxonomy: str
    field: str
    first: date | None
    last: date | None
    view: str
    own: tuple[str, ...]
    other: tuple[str, ...]
    indicator: str | None

    def rows(self) -> tuple[str, list[Any]]:
        """(SQL, parameters) of the cell's rows with their ``contribution`` to the indicator (as
        :func:`holosec.indicators.evidence` defines it). Plain SQL on purpose: compiling an Ibis expression
        costs more than DuckDB takes to answer from the rows."""
        where = ["taxonomy = ?", "field = ?"]
        params: list[Any] = [self.taxonomy, self.field]
        if self.first is not None:
            where.append("date >= ?")
            params.append(self.first)
        if self.last is not None:
            where.append("date <= ?")
            params.append(self.last)
        own, other = "list_contains(?, {})", "list_contains(?, {})"
        if self.view == "location":
            where.append(own.format("loc"))
            params.append(list(self.own))
        elif self.view == "country":
            where.append(f"({own.format('a1')} OR {own.format('a2')})")
            params += [list(self.own), list(self.own)]
        elif self.view in ("pair", "pair_u"):
            directed = f"({own.format('a1')} AND {other.format('a2')})"
            params += [list(self.own), list(self.other)]
            if self.view == "pair_u":
                directed = f"({directed} OR ({other.format('a1')} AND {own.format('a2')}))"
                params += [list(self.other), list(self.own)]
            where.append(directed)
        contribution = "w"
        if self.indicator == "goldstein_mean":
            where.append("goldstein IS NOT NULL")
            contribution = "-w * goldstein"
        elif self.indicator in QUADS:
            where.append("list_contains(?, quad_class)")
            params.append(list(QUADS[self.indicator]))
        columns = (
            "event_id, date, source, w, quad_class, goldstein, num_mentions, num_sources, reports, outlets"
        )
        sql = f"SELECT {columns}, {contribution} AS contribution FROM {TABLE} WHERE {' AND '.join(where)}"
        return sql, params

    def page(self, store: Store, limit: int, offset: int) -> list[dict[str, Any]]:
        """One page of the cell's rows in evidence's order, each with the cell's ``cell_count`` and
        ``cell_events`` (its rows and their summed weights)."""
        sql, params = self.rows()
        covered = "num_mentions DESC NULLS LAST, num_sources DESC NULLS LAST"
        order = f"{covered}, event_id"
        if self.indicator is not None:
            order = f"contribution DESC, goldstein ASC NULLS LAST, {order}"
        found = store.execute(
            f"SELECT *, count(*) OVER () AS cell_count, sum(w) OVER () AS cell_events FROM ({sql}) "
            f"ORDER BY {order} LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )
        return _dicts(found)

    def totals(self, store: Store) -> dict[str, Any]:
        """The cell's ``count`` of rows and their summed weights, ``events``."""
        sql, params = self.rows()
        return _dicts(store.execute(f"SELECT count(*) AS count, sum(w) AS events FROM ({sql})", params))[0]

    def by_source(self, store: Store) -> dict[str, float]:
        """The cell's contributions summed per source."""
        sql, params = self.rows()
        found = store.execute(f"SELECT source, sum(contribution) FROM ({sql}) GROUP BY source", params)
        return {str(source): float(total or 0.0) for source, total in found.fetchall()}


def _dicts(result: Any) -> list[dict[str, Any]]:
    """The rows of a DuckDB result as dicts by column name."""
    names = [column[0] for column in result.description]
    return [dict(zip(names, row, strict=True)) for row in result.fetchall()]


def shown(store: Store, taxonomy: str, page: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The page's rows with the columns of :data:`SHOWN` and the actor and location countries as
    ``events`` names them, read from the events' rows of all events (of the page's days only, which the
    zone maps of the day-sorted rows find in a row group or two, whatever the size of the store)."""
    if not page:
        return page
    days = [row["date"] for row in page]
    ids = [row["event_id"] for row in page]
    marks = ", ".join("?" * len(ids))
    found = store.execute(
        f"SELECT event_id, a1 AS actor1_country, a2 AS actor2_country, loc AS loc_country, "
        f"{', '.join(SHOWN)} FROM {TABLE} "
        f"WHERE taxonomy = ? AND field = '' AND date BETWEEN ? AND ? AND event_id IN ({marks})",
        [taxonomy, min(days), max(days), *ids],
    )
    events = {row["event_id"]: row for row in _dicts(found)}
    return [{**events[row["event_id"]], **row} for row in page]


__all__ = [
    "QUADS",
    "SHOWN",
    "TABLE",
    "Cell",
    "behind",
    "counted",
    "current",
    "disorder",
    "due",
    "keep",
    "merged",
    "rewrite",
    "shown",
    "state",
    "stories",
    "tidy",
]
