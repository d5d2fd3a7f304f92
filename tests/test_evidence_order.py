"""The evidence rows stay sorted enough through out-of-order refreshes, on the real bundled data: the days
incremental refreshes rewrite are noted, their rows are sorted again (month, field, then day) once they
reach their share of the rows, and the rows and the evidence answers stay those of a full build."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from holosec import corrections
from holosec.engines import engine_for
from holosec.indicators import Selection, evidence_cells, refresh
from holosec.indicators.evidence import evidence
from holosec.indicators.evidence_cells import TABLE, TIDY_SHARE, counted, disorder, due, rewrite
from holosec.ingest import ingest_paths
from holosec.store import Store
from holosec.taxonomy import DEFAULT
from holosec.taxonomy.tagging import retag
from holosec.taxonomy.versions import resolve

from conftest import EVENTS2, EVENTS2_B

VERSION = resolve(DEFAULT).version
ASKED = [
    (Selection(country="USA", by="month"), "2018-01", None),
    (Selection(country="CHN", field="political", by="month"), "2018-01", "conflict_events"),
    (Selection(by="day"), "2017-12-31", None),
    (Selection(country="USA", by="month"), "2017-12", "goldstein_mean"),
    (Selection(country="USA", field="social"), None, None),
]
_ROWS = "SELECT * EXCLUDE (w, outlets), round(w, 9), list_sort(outlets) FROM"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "store") as opened:
        ingest_paths(opened, [EVENTS2, EVENTS2_B])
        yield opened


def _kept(store: Store) -> list[tuple[Any, ...]]:
    return sorted(store.execute(f"{_ROWS} {TABLE}").fetchall())


def _full_build(store: Store) -> list[tuple[Any, ...]]:
    """The evidence rows as a full recompute from the stored events gives them."""
    engine = engine_for(store)
    return sorted(
        store.execute(f"{_ROWS} ({engine.sql(counted(engine, VERSION, engine.table('events')))})").fetchall()
    )


def _answers(store: Store, scan: bool = False) -> list[dict[str, Any]]:
    """The evidence of :data:`ASKED`, sums of weights rounded (the order they are summed in is not fixed)."""
    found = [evidence(store, s, p, limit=50, indicator=i, scan=scan) for s, p, i in ASKED]
    return [
        {
            **one,
            "events": round(one["events"], 6),
            "data": [{**row, "weight": round(row["weight"], 9)} for row in one["data"]],
        }
        for one in found
    ]


def _noted(store: Store, run: int = 0) -> dict[date, int]:
    """The days noted out of order (``run`` 0), or in one sorted run of a tidy, with their rows."""
    found = store.execute(
        "SELECT date, rows FROM evidence_order WHERE taxonomy = ? AND run = ?", [VERSION, run]
    ).fetchall()
    return {day: int(rows) for day, rows in found}


def _physical(store: Store, days: list[date]) -> list[tuple[date, str, date]]:
    """(month, field, day) of the rows of ``days``, in the order they are stored."""
    found = store.execute(
        f"SELECT field, date FROM {TABLE} WHERE taxonomy = ? AND list_contains(?, date) ORDER BY rowid",
        [VERSION, days],
    )
    return [(day.replace(day=1), str(field), day) for field, day in found.fetchall()]


def _by_rows(store: Store) -> list[tuple[date, int]]:
    found = store.execute(
        f"SELECT date, count(*) FROM {TABLE} WHERE taxonomy = ? GROUP BY date ORDER BY 2, 1", [VERSION]
    )
    return [(day, int(rows)) for day, rows in found.fetchall()]


def _rewritten(store: Store, days: list[date]) -> None:
    """One incremental refresh's evidence step for ``days`` (as the ingest and corrections run it)."""
    with store.transaction():
        rewrite(engine_for(store), VERSION, days)


def test_out_of_order_rewrites_are_noted_then_sorted_once_they_reach_their_share(store: Store) -> None:
    before, answers = _kept(store), _answers(store)
    assert before == _full_build(store) and _noted(store) == {}
    every = len(before)
    small: list[date] = []  # the quietest days, as many as stay under the share
    apart = 0
    for day, rows in _by_rows(store):
        if apart + rows >= TIDY_SHARE * every:
            break
        small.append(day)
        apart += rows
    assert len(small) >= 3
    for day in reversed(small):  # one refresh a day, newest first: runs out of order
        _rewritten(store, [day])
    sizes = dict(_by_rows(store))
    assert _noted(store) == {day: sizes[day] for day in small}
    assert disorder(store, VERSION) == (apart, every) and not due(apart, every)
    assert _physical(store, small) != sorted(_physical(store, small))  # the rows sit out of order
    assert _kept(store) == before and _answers(store) == answers

    busiest = _by_rows(store)[-1][0]
    _rewritten(store, [busiest])  # past the share: sorted in the same transaction, as one run
    assert _noted(store) == {} and set(_noted(store, 1)) == {*small, busiest}
    assert disorder(store, VERSION) == (0, every)
    touched = [*small, busiest]
    assert _physical(store, touched) == sorted(_physical(store, touched))
    assert _kept(store) == before == _full_build(store)
    assert _answers(store) == answers
    assert answers == _answers(store, scan=True)


def test_an_ingest_past_the_share_sorts_its_days_and_one_under_it_notes_them(tmp_path: Path) -> None:
    with Store.open(tmp_path / "store") as store:
        ingest_paths(store, [EVENTS2])
        assert _noted(store) == {}  # a full build: all sorted
        ingest_paths(store, [EVENTS2_B])  # about half the rows arrive: due, so sorted at once
        assert _noted(store) == {} and _noted(store, 1) and _kept(store) == _full_build(store)
        day = next(day for day, rows in _by_rows(store) if rows >= 10)  # under the share, not empty after
        event = str(
            store.scalar(f"SELECT event_id FROM {TABLE} WHERE date = ? AND field = '' LIMIT 1", [day])
        )
        corrections.add(store, event, "not-an-event", "ana")
        assert refresh(store).mode == "days"  # the corrected day, rewritten out of order and noted
        assert list(_noted(store)) == [day]
        assert _kept(store) == _full_build(store)
        assert event not in {
            row["event_id"] for row in evidence(store, Selection(by="day"), str(day))["data"]
        }
        retag(store)  # tags rewritten: the next refresh is a full build, which leaves nothing out of order
        assert refresh(store).mode == "full"
        assert store.scalar("SELECT count(*) FROM evidence_order") == 0
        assert _kept(store) == _full_build(store)


def test_tidy_sorts_only_when_due_unless_forced_and_merges_the_runs_no_larger(store: Store) -> None:
    days = [day for day, rows in _by_rows(store) if rows > 1]
    sizes = dict(_by_rows(store))
    quiet, other, busiest = days[0], days[1], days[-1]
    assert sizes[quiet] <= sizes[other] and store.scalar("SELECT count(*) FROM evidence_order") == 0
    _rewritten(store, [quiet])
    assert evidence_cells.tidy(store, VERSION) == 0 and list(_noted(store)) == [quiet]
    with store.transaction():
        assert evidence_cells.tidy(store, VERSION, force=True) == sizes[quiet]
    assert _noted(store) == {} and list(_noted(store, 1)) == [quiet]
    _rewritten(store, [other])  # not due; forced, it merges run 1 (no larger than it)
    with store.transaction():
        assert evidence_cells.tidy(store, VERSION, force=True) == sizes[quiet] + sizes[other]
    assert _noted(store, 1) == {} and set(_noted(store, 2)) == {quiet, other}
    _rewritten(store, [busiest])  # due: run 2 is smaller than the busiest day's rows, so it joins them
    assert _noted(store) == {} and set(_noted(store, 3)) == {quiet, other, busiest}
    touched = [quiet, other, busiest]
    assert _physical(store, touched) == sorted(_physical(store, touched))
    assert _kept(store) == _full_build(store)


def test_a_run_larger_than_the_new_rows_stays_as_it_is(store: Store) -> None:
    sizes = _by_rows(store)
    busiest, every = sizes[-1], sum(rows for _, rows in sizes)
    _rewritten(store, [busiest[0]])  # due: run 1
    assert set(_noted(store, 1)) == {busiest[0]}
    chosen, apart = [], 0
    for day, rows in sizes[:-1]:  # the quietest days, until due
        chosen.append(day)
        apart += rows
        if due(apart, every):
            break
    assert due(apart, every) and apart < busiest[1]
    _rewritten(store, chosen)  # due, and smaller than run 1: a run of its own
    assert (
        _noted(store) == {} and set(_noted(store, 1)) == {busiest[0]} and set(_noted(store, 2)) == set(chosen)
    )
    assert _physical(store, chosen) == sorted(_physical(store, chosen))
    assert _kept(store) == _full_build(store)
