"""Materialised day cells of the default indicators (stories collapsed, no quality filter), one set per
taxonomy version, kept current incrementally.

``rollup_state`` records, per version, the last ledger file the cells include and the serials of the tag
and fusion data they were built from. :func:`refresh` then does the least work that makes the cells equal a
full recompute:

- nothing, when no file was ingested since;
- the days of the events that arrived in newer files, when only files were ingested: every cell of those
  days is recomputed from all stored events of those days (stories never span days, so no other cell can
  change);
- a full rebuild, when there is no state yet or the tags (``holosec retag``) or the fused groups
  (``holosec fuse``) were rewritten since.

Each refresh runs in one transaction, so a crash leaves the previous, consistent cells. One assumption: an
event a newer file replaces (same source id) keeps its day, as GDELT's do.

Reads never refresh: they call :func:`require_current`, which raises :class:`StaleRollups` when the cells
are missing or behind the store. The ingest step (:mod:`holosec.ingest`) refreshes them after every write,
and the interfaces refresh a version explicitly before they first read it.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date

import ibis

from holosec.engines.duckdb import DuckDBEngine, engine_for
from holosec.errors import StoreError
from holosec.indicators.frame import reports, with_fields
from holosec.indicators.measures import cells
from holosec.store import Store
from holosec.taxonomy import DEFAULT
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


def build(store: Store, taxonomy: str = DEFAULT) -> RefreshReport:
    """Recompute every day cell of ``taxonomy`` from the stored events."""
    version = resolve(taxonomy).version
    started = time.perf_counter()
    engine = engine_for(store)
    with store.transaction():
        through = _last_file(store)
        engine.delete_where("rollup_days", "taxonomy", [version])
        count = _insert_cells(engine, version, None)
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
        days: list[date] = [row["date"] for row in engine.rows(arrived)]
        count = 0
        if days:
            engine.delete_where("rollup_days", "period", days, also={"taxonomy": version})
            count = _insert_cells(engine, version, events.filter(events.date.isin(days)))
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
