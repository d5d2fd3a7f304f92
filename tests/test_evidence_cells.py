"""Evidence read from the evidence rows kept with the day cells equals evidence from a scan of the events,
on the real bundled data, and the rows stay current through incremental refreshes, full builds and a store
from before them."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from holosec.engines import engine_for
from holosec.indicators import Quality, Selection, build, evidence_cells, refresh
from holosec.indicators.evidence import MAX_LIMIT, evidence, source_contributions
from holosec.indicators.evidence_cells import TABLE, counted, current, state
from holosec.ingest import ingest_paths
from holosec.store import Store
from holosec.taxonomy import DEFAULT
from holosec.taxonomy.tagging import retag
from holosec.taxonomy.versions import resolve

from conftest import EVENTS2, EVENTS2_B

VERSION = resolve(DEFAULT).version
HOME = ("CHN", "HKG", "MAC", "TWN")

# (selection, period, indicator, limit, offset): countries, pairs, places, fields, grains, indicators, pages.
CASES = [
    (Selection(country="CHN", field="military", by="month"), "2015-10", None, 20, 0),
    (Selection(country="CHN", field="political", by="month"), "2018-01", None, 7, 3),
    (Selection(country="CHN", by="month"), "2018-01", None, MAX_LIMIT, 0),
    (Selection(country="CHN", by="month"), "2018-01", "conflict_events", 5, 2),
    (Selection(country="CHN", by="month"), "2018-01", "goldstein_mean", 10, 0),
    (Selection(country="CHN", by="month", home=HOME), "2018-01", "material_conflict_share", 10, 0),
    (Selection(country="USA", field="social", by="week"), "2018-W01", None, 4, 4),
    (Selection(country="USA", by="day"), "2018-01-01", "per_1000", 25, 0),
    (Selection(country="USA", by="month"), "2018-01", None, 20, 10_000),  # past the last row
    (Selection(country="CHN", partner="JPN", by="month"), "2014-05", None, 20, 0),
    (
        Selection(country="JPN", partner="CHN", undirected=True, field="political", by="month"),
        "2014-05",
        None,
        3,
        1,
    ),
    (Selection(country="CHN", location=True, by="month"), "2015-10", "conflict_share", 20, 0),
    (Selection(by="day"), "2018-01-01", None, 30, 0),
    (Selection(by="month"), "2018-01", "goldstein_mean", 15, 5),
    (Selection(country="RUS", field="military", by="month"), "1999-01", None, 20, 0),  # an empty cell
    (
        Selection(country="THA", field="military", by="month", start=date(2010, 1, 1), end=date(2010, 6, 30)),
        None,
        None,
        20,
        0,
    ),
    (Selection(country="CHN", field="political"), None, "conflict_events", 50, 0),  # the whole store
]


def _exact(found: dict[str, Any]) -> dict[str, Any]:
    """An answer with its sums of weights rounded: the order floats are summed in is not fixed."""
    rows = [{**row, "weight": round(row["weight"], 9)} for row in found["data"]]
    return {**found, "events": None, "data": rows}


def _same(kept: dict[str, Any], scanned: dict[str, Any]) -> None:
    """The two answers agree, every key and row."""
    assert kept["events"] == pytest.approx(scanned["events"], rel=1e-9, abs=1e-9)
    assert _exact(kept) == _exact(scanned)


@pytest.mark.parametrize(("selection", "period", "indicator", "limit", "offset"), CASES)
def test_evidence_from_the_kept_rows_equals_a_scan_of_the_events(
    demo_store: Store,
    selection: Selection,
    period: str | None,
    indicator: str | None,
    limit: int,
    offset: int,
) -> None:
    assert current(engine_for(demo_store), VERSION)  # so the default read does use the kept rows
    kept = evidence(demo_store, selection, period, limit=limit, offset=offset, indicator=indicator)
    scanned = evidence(
        demo_store, selection, period, limit=limit, offset=offset, indicator=indicator, scan=True
    )
    _same(kept, scanned)


def test_busy_cells_have_rows_to_compare(demo_store: Store) -> None:
    """The comparisons above are not of empty answers."""
    found = evidence(demo_store, Selection(country="CHN", by="month"), "2018-01", limit=5, offset=2)
    assert found["count"] > 50 and len(found["data"]) == 5 and found["truncated"]
    assert found["data"][0]["source_url"] and found["data"][0]["what"]


def test_words_in_chinese_and_source_shares_agree(demo_store: Store) -> None:
    selection = Selection(country="CHN", by="month", home=HOME)
    kept = evidence(demo_store, selection, "2018-01", limit=10, indicator="conflict_events", lang="zh")
    scanned = evidence(
        demo_store, selection, "2018-01", limit=10, indicator="conflict_events", lang="zh", scan=True
    )
    _same(kept, scanned)
    shares = source_contributions(demo_store, selection, "2018-01", "conflict_events")
    assert shares and shares == pytest.approx(
        source_contributions(demo_store, selection, "2018-01", "conflict_events", scan=True)
    )


def test_other_countings_scan_the_events(demo_store: Store) -> None:
    """Quality filters and uncollapsed stories are not kept: their evidence is the scan's (and differs)."""
    strict = Selection(country="CHN", by="month", quality=Quality(min_mentions=3))
    assert evidence(demo_store, strict, "2018-01") == evidence(demo_store, strict, "2018-01", scan=True)
    loose = Selection(country="CHN", by="month", dedup=False)
    assert evidence(demo_store, loose, "2018-01")["count"] > evidence(demo_store, strict, "2018-01")["count"]


_ROWS = "SELECT * EXCLUDE (w, outlets), round(w, 9), list_sort(outlets) FROM"


def _kept_rows(store: Store) -> list[tuple[Any, ...]]:
    return sorted(store.execute(f"{_ROWS} {TABLE}").fetchall())


def _recomputed(store: Store) -> list[tuple[Any, ...]]:
    """The evidence rows as a full recompute from the stored events gives them."""
    engine = engine_for(store)
    rows = counted(engine, VERSION, engine.table("events"))
    sql = engine.sql(rows)
    return sorted(store.execute(f"{_ROWS} ({sql})").fetchall())


def test_rows_stay_current_through_an_incremental_ingest_and_a_full_build(tmp_path: Path) -> None:
    with Store.open(tmp_path / "store") as store:
        ingest_paths(store, [EVENTS2])
        engine = engine_for(store)
        assert current(engine, VERSION)
        first = _kept_rows(store)
        assert first and first == _recomputed(store)
        ingest_paths(store, [EVENTS2_B])  # new days: the cells and rows of those days only
        assert state(engine, VERSION) == store.ledger_mark()
        second = _kept_rows(store)
        assert len(second) > len(first) and second == _recomputed(store)
        selection = Selection(country="USA", by="month")
        month = str(store.scalar("SELECT strftime(max(date), '%Y-%m') FROM events"))
        _same(evidence(store, selection, month), evidence(store, selection, month, scan=True))
        retag(store)  # tags rewritten: a full build
        assert refresh(store).mode == "full"
        assert current(engine, VERSION) and _kept_rows(store) == second
        assert build(store).mode == "full" and _kept_rows(store) == second


def test_a_store_from_before_the_rows_gains_them_on_its_next_refresh(tmp_path: Path) -> None:
    with Store.open(tmp_path / "store") as store:
        ingest_paths(store, [EVENTS2])
        selection = Selection(country="CHN", by="month")
        before = evidence(store, selection, "2018-01", limit=5)
        store.execute(f"DELETE FROM {TABLE}")
        store.execute("DELETE FROM evidence_state")
        engine = engine_for(store)
        assert not current(engine, VERSION)
        _same(evidence(store, selection, "2018-01", limit=5), before)  # read by a scan meanwhile
        assert refresh(store).mode == "current"  # the day cells were current; the rows are built
        assert current(engine, VERSION) and _kept_rows(store) == _recomputed(store)
        _same(evidence(store, selection, "2018-01", limit=5), before)


def test_rows_missed_by_a_refresh_are_rebuilt_whole_on_the_next_ingest(tmp_path: Path) -> None:
    """An ingest into a store whose rows are missing writes them all, not only the new days'."""
    with Store.open(tmp_path / "store") as store:
        ingest_paths(store, [EVENTS2])
        store.execute(f"DELETE FROM {TABLE}")
        store.execute("DELETE FROM evidence_state")
        ingest_paths(store, [EVENTS2_B])
        assert current(engine_for(store), VERSION) and _kept_rows(store) == _recomputed(store)


def test_a_full_build_a_few_months_at_a_time_gives_the_rows_of_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A large store's full build works on runs of whole months (bounded memory); the rows are the same."""
    with Store.open(tmp_path / "store") as store:
        ingest_paths(store, [EVENTS2, EVENTS2_B])
        months = int(store.scalar("SELECT count(DISTINCT date_trunc('month', date)) FROM events"))
        assert months > 2
        monkeypatch.setattr(evidence_cells, "CHUNK_EVENTS", 1)  # one month a run
        assert len(evidence_cells._chunks(store)) == months
        build(store)
        assert _kept_rows(store) == _recomputed(store)
