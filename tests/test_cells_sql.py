"""The hand-written SQL of the day cells (:mod:`holosec.indicators.cells_sql`, the DuckDB engine's fast
path) gives the very rows the Ibis expressions give (the reference, which every other engine runs), on the
store of every bundled real sample (``demo_store``: GDELT and ICEWS events, and GDELT aggregate counts
located in China and the Koreas, which join the location and world cells)."""

from __future__ import annotations

import math
from datetime import date
from typing import Any

import pytest

from holosec.engines import engine_for
from holosec.indicators import cells_sql
from holosec.indicators.catalog import _cells, _pair_sums
from holosec.indicators.frame import ALL
from holosec.indicators.query import (
    Selection,
    _by_sql,
    _panel_cells,
    _panel_rows,
    _sums,
    _sums_cells,
    _world,
    _world_cells,
)
from holosec.indicators.rollup import _located_months
from holosec.store import Store
from holosec.taxonomy import DEFAULT

CHINA = ("CHN", "HKG", "MAC", "TWN")  # the China perspective's home set
FROM, TO = date(2008, 4, 9), date(2008, 4, 23)  # bounds inside periods: whole periods are read
SELECTIONS = {
    "country": Selection(country="CHN", by="month"),
    "country-home": Selection(country="CHN", by="month", home=CHINA),
    "home-place": Selection(country="TWN", by="week", home=CHINA),  # read as CHN
    "country-field": Selection(country="USA", field="military", by="week"),
    "country-field-home": Selection(country="CHN", field="political", by="month", home=CHINA),
    "pair": Selection(country="USA", partner="CHN", by="month", home=CHINA),
    "pair-reversed": Selection(country="CHN", partner="USA", by="week"),
    "pair-undirected": Selection(country="USA", partner="CHN", undirected=True, by="month", home=CHINA),
    "pair-undirected-plain": Selection(country="TWN", partner="CHN", undirected=True, by="week"),
    "pair-within-home": Selection(country="HKG", partner="TWN", undirected=True, by="month", home=CHINA),
    "pair-day-bounded": Selection(
        country="TWN", partner="CHN", undirected=True, by="day", start=FROM, end=TO
    ),
    "week-bounded-home": Selection(country="CHN", by="week", home=CHINA, start=FROM, end=TO),
    "month-bounded-field": Selection(country="RUS", field="political", by="month", start=FROM, end=TO),
    "location-home": Selection(country="CHN", location=True, by="month", home=CHINA),
    "location-korea": Selection(country="PRK", location=True, by="week"),
    "world": Selection(by="week"),
    "world-bounded": Selection(by="day", start=FROM, end=TO),
}


def _key(row: dict[str, Any]) -> tuple[str, ...]:
    return tuple(str(value) for value in row.values() if not isinstance(value, float))


def assert_same(fast: list[dict[str, Any]], reference: list[dict[str, Any]]) -> None:
    """The same rows in any order: keys, dates and text exactly, sums to the last few bits (a parallel
    sum may add in any order)."""
    assert len(fast) == len(reference)
    for mine, theirs in zip(sorted(fast, key=_key), sorted(reference, key=_key), strict=True):
        assert mine.keys() == theirs.keys()
        for name, value in theirs.items():
            if isinstance(value, float):
                assert math.isclose(mine[name], value, rel_tol=1e-12, abs_tol=1e-9), (name, mine, theirs)
            else:
                assert mine[name] == value, (name, mine, theirs)


@pytest.mark.parametrize("name", SELECTIONS)
def test_the_sums_of_a_selection_are_the_ibis_sums(demo_store: Store, name: str) -> None:
    engine = engine_for(demo_store)
    selection = SELECTIONS[name].checked()
    assert _by_sql(engine, selection)
    fields = [selection.field or ALL]
    fast = _sums(engine, selection, fields)
    assert_same(fast, engine.rows(_sums_cells(engine, selection, fields)))
    assert fast and sum(row["events"] for row in fast) > 0  # something was compared
    for aggregates in (False, True):
        world = _world(engine, selection, aggregates)
        assert world == pytest.approx(
            {
                row["period"]: float(row["events"])
                for row in engine.rows(_world_cells(engine, selection, aggregates))
            }
        )
        assert world


@pytest.mark.parametrize(
    "name", ["country", "country-home", "week-bounded-home", "world", "pair-day-bounded"]
)
@pytest.mark.parametrize(
    ("view", "countries"),
    [
        ("country", ["CHN"]),
        ("country", ["USA", "TWN", "RUS"]),
        ("pair_u", ["CHN"]),
        ("pair_u", ["HKG", "USA"]),
        ("pair", ["CHN"]),
        ("location", ["CHN", "KOR"]),
        ("location", None),
        ("world", None),
    ],
)
def test_a_panel_is_the_ibis_panel(
    demo_store: Store, name: str, view: str, countries: list[str] | None
) -> None:
    engine = engine_for(demo_store)
    selection = SELECTIONS[name].checked()
    fast = _panel_rows(engine, selection, view, countries)
    assert_same(fast, engine.rows(_panel_cells(engine, selection, view, countries)))
    if selection.start is None:  # a fortnight of April 2008 has no located events, nor HKG's pairs
        assert fast


def test_the_home_set_changes_what_the_fast_path_reads(demo_store: Store) -> None:
    """The comparisons above compare something: merging China's home places moves events."""
    engine = engine_for(demo_store)
    plain = _sums(engine, SELECTIONS["country"].checked(), [ALL])
    merged = _sums(engine, SELECTIONS["country-home"].checked(), [ALL])
    assert sum(r["events"] for r in merged) > sum(r["events"] for r in plain)


@pytest.mark.parametrize("view", ["pair", "pair_u"])
@pytest.mark.parametrize("codes", [["CHN"], list(CHINA), ["USA", "RUS"]])
def test_pair_totals_are_the_ibis_totals(demo_store: Store, view: str, codes: list[str]) -> None:
    engine, days = _cells(demo_store, DEFAULT, view)
    fast = cells_sql.rows(demo_store, cells_sql.pair_totals(DEFAULT, view, codes))
    assert fast
    assert_same(fast, engine.rows(_pair_sums(days, codes)))


@pytest.mark.parametrize("places", [("CHN",), CHINA, ("PRK",), ("USA",)])
@pytest.mark.parametrize("field", [None, "military"])
def test_located_months_are_the_ibis_months(
    demo_store: Store, places: tuple[str, ...], field: str | None
) -> None:
    engine = engine_for(demo_store)
    fast = cells_sql.rows(demo_store, cells_sql.located_months(DEFAULT, places, field))
    assert fast
    assert_same(fast, engine.rows(_located_months(engine, DEFAULT, places, field)))
    if places != ("USA",):  # the aggregate counts are located in China and the Koreas only
        assert any(row["aggregate_events"] > 0 for row in fast)
