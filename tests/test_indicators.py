"""Indicators against expectations computed here from the raw real GDELT files, never from holosec's code."""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from holosec.cli import app
from holosec.indicators import Quality, Selection, build, indicators, perspective_indicators, refresh
from holosec.indicators.catalog import countries
from holosec.indicators.rollup import StaleRollups, staleness
from holosec.ingest import ingest_paths, tag_stored
from holosec.sources.gdelt import load_gdelt_file
from holosec.store import Store
from holosec.taxonomy.tagging import retag

from conftest import EVENTS2, EVENTS2_B

runner = CliRunner(env={"COLUMNS": "200"})  # one width, whatever the terminal running the tests
# GDELT 2.0 event columns (the codebook's order).
SQLDATE, A1CODE, A1NAME, A1COUNTRY = 1, 5, 6, 7
A2CODE, A2NAME, A2COUNTRY = 15, 16, 17
EVENTCODE, QUAD, GOLDSTEIN, MENTIONS, SOURCES, TONE = 26, 29, 30, 31, 32, 34
GEO_NAME, GEO_FIPS, FEATURE = 52, 53, 58


def raw_rows(*paths: Path) -> list[list[str]]:
    rows: list[list[str]] = []
    for path in paths:
        with path.open(newline="", encoding="utf-8") as handle:
            rows += list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    return rows


def month(row: list[str]) -> str:
    return f"{row[SQLDATE][:4]}-{row[SQLDATE][4:6]}"


def story_key(row: list[str]) -> tuple[str, ...]:
    """The story rule as docs/indicators.md states it: day, both actors, CAMEO code, place."""
    place = row[FEATURE] or row[GEO_NAME] or row[GEO_FIPS]
    return (row[SQLDATE], row[A1CODE] or row[A1NAME], row[A2CODE] or row[A2NAME], row[EVENTCODE], place)


def stories(rows: list[list[str]]) -> list[list[str]]:
    """One row per story: the report with most mentions, then sources, then the smallest id."""
    best: dict[tuple[str, ...], list[str]] = {}
    for row in rows:
        key = story_key(row)
        rank = (-int(row[MENTIONS]), -int(row[SOURCES]), f"gdelt2:{row[0]}")
        if key not in best or rank < best[key][0]:
            best[key] = [rank, row]  # type: ignore[list-item]
    return [entry[1] for entry in best.values()]  # type: ignore[misc]


def expected(rows: list[list[str]], keep: Callable[[list[str]], bool]) -> dict[str, dict[str, float]]:
    """Per month: events, Goldstein sum and conflict share of the rows ``keep`` selects."""
    out: dict[str, dict[str, float]] = defaultdict(lambda: {"events": 0, "goldstein_sum": 0.0, "conflict": 0})
    for row in rows:
        if keep(row):
            cell = out[month(row)]
            cell["events"] += 1
            cell["goldstein_sum"] += float(row[GOLDSTEIN])
            cell["conflict"] += int(row[QUAD]) >= 3
    return out


def involves(code: str) -> Callable[[list[str]], bool]:
    return lambda row: code in (row[A1COUNTRY], row[A2COUNTRY])


def check(rows: list[dict[str, object]], want: dict[str, dict[str, float]]) -> None:
    got = {row["period"]: row for row in rows if row["events"]}
    assert set(got) == set(want)
    for period, cell in want.items():
        row = got[period]
        assert row["events"] == pytest.approx(cell["events"])
        assert row["goldstein_sum"] == pytest.approx(cell["goldstein_sum"])
        assert row["conflict_share"] == pytest.approx(cell["conflict"] / cell["events"])


@pytest.fixture(scope="module")
def one_file(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """A store of one real GDELT 2.0 15-minute file (2018-01-01 00:00)."""
    with Store.open(tmp_path_factory.mktemp("one")) as store:
        ingest_paths(store, [EVENTS2])
        yield store


def test_china_events_of_one_file_without_dedup(one_file: Store) -> None:
    want = expected(raw_rows(EVENTS2), involves("CHN"))
    assert sum(cell["events"] for cell in want.values()) > 20
    check(indicators(one_file, Selection(country="CHN", by="month", dedup=False)), want)


def test_china_stories_of_one_file(one_file: Store) -> None:
    raw = raw_rows(EVENTS2)
    want = expected(stories(raw), involves("CHN"))
    rows = indicators(one_file, Selection(country="CHN", by="month"))
    check(rows, want)
    assert sum(r["events"] for r in rows) < len([r for r in raw if involves("CHN")(r)])


def test_every_period_of_the_span_is_listed_and_labelled(one_file: Store) -> None:
    rows = indicators(one_file, Selection(country="CHN", by="week", start=date(2017, 12, 1)))
    assert [r["period"] for r in rows][:2] == ["2017-W48", "2017-W49"]
    assert rows[-1]["period"] == "2018-W01"
    assert all(r["events"] == 0 and r["conflict_share"] is None for r in rows[:2])


def test_directed_and_undirected_pairs(one_file: Store) -> None:
    raw = stories(raw_rows(EVENTS2))
    there = expected(raw, lambda r: (r[A1COUNTRY], r[A2COUNTRY]) == ("USA", "CHN"))
    back = expected(raw, lambda r: (r[A1COUNTRY], r[A2COUNTRY]) == ("CHN", "USA"))
    both = expected(raw, lambda r: {r[A1COUNTRY], r[A2COUNTRY]} == {"USA", "CHN"})
    check(indicators(one_file, Selection(country="USA", partner="CHN", by="month")), there)
    check(indicators(one_file, Selection(country="CHN", partner="USA", by="month")), back)
    undirected = indicators(one_file, Selection(country="CHN", partner="USA", by="month", undirected=True))
    check(undirected, both)
    assert sum(r["events"] for r in undirected) == sum(c["events"] for c in there.values()) + sum(
        c["events"] for c in back.values()
    )


def test_per_1000_and_quality_filter(one_file: Store) -> None:
    raw = raw_rows(EVENTS2)
    kept = [r for r in raw if int(r[SOURCES]) >= 2]
    want = expected(kept, involves("USA"))
    rows = indicators(
        one_file, Selection(country="USA", by="month", dedup=False, quality=Quality(min_sources=2))
    )
    check(rows, want)
    world = defaultdict(int)
    for row in kept:
        world[month(row)] += 1
    for row in rows:
        assert row["per_1000"] == pytest.approx(1000 * row["events"] / world[row["period"]])


def test_location_view_uses_the_place(one_file: Store) -> None:
    want = expected(stories(raw_rows(EVENTS2)), lambda r: r[GEO_FIPS] == "CH")
    check(indicators(one_file, Selection(country="CHN", by="month", location=True)), want)


def test_rollup_and_direct_computation_agree(one_file: Store) -> None:
    """The materialised cells and the on-the-fly path (forced by a filter that drops nothing) agree."""
    stored = indicators(one_file, Selection(country="USA", field="political", by="day"))
    direct = indicators(
        one_file, Selection(country="USA", field="political", by="day", quality=Quality(1, 1))
    )
    assert len(stored) == len(direct) > 1
    for a, b in zip(stored, direct, strict=True):
        assert a == pytest.approx(b)


def test_recut_across_taxonomy_versions_conserves_totals(one_file: Store) -> None:
    """Field rows of every version add up to the same weighted total: the tagged stories."""
    totals = {}
    for version in ("v2014", "v2020", "v2023"):
        from holosec.taxonomy import load_taxonomy

        refresh(one_file, version)  # reads never build cells: versions the store does not keep yet
        total = 0.0
        for field_id in load_taxonomy(version).ids():
            rows = indicators(
                one_file, Selection(country="USA", field=field_id, by="month", taxonomy=version)
            )
            total += sum(r["events"] for r in rows)
        totals[version] = total
    everything = sum(r["events"] for r in indicators(one_file, Selection(country="USA", by="month")))
    assert totals["v2014"] == pytest.approx(totals["v2020"]) == pytest.approx(totals["v2023"])
    assert 0.9 * everything <= totals["v2014"] <= everything * (1 + 1e-12)  # sums of float weights


def _cells(store: Store) -> list[tuple[object, ...]]:
    rows = store.execute("SELECT * FROM rollup_days ORDER BY ALL").fetchall()
    return [tuple(round(v, 9) if isinstance(v, float) else v for v in row) for row in rows]


def test_incremental_update_equals_full_recompute(tmp_path: Path) -> None:
    with Store.open(tmp_path / "a") as store:
        ingest_paths(store, [EVENTS2])
        assert build(store).mode == "full"
        before = _cells(store)
        # The loader alone (the ingest step without its refresh), so that the refresh is seen.
        load_gdelt_file(store, EVENTS2_B, workdir=store.unpack_dir, on_stored=tag_stored)
        report = refresh(store)
        assert report.mode == "days"
        new_days = {row[SQLDATE] for row in raw_rows(EVENTS2_B)}
        assert report.days == len(new_days)
        incremental = _cells(store)
        assert refresh(store).mode == "current"
    with Store.open(tmp_path / "b") as store:
        ingest_paths(store, [EVENTS2, EVENTS2_B])
        build(store)
        assert incremental == _cells(store)
    assert len(incremental) > len(before)
    # Days the new file did not touch kept their cells untouched.
    untouched = {row for row in before if row[1].strftime("%Y%m%d") not in new_days}
    assert untouched and untouched <= set(incremental)


def test_ingest_is_one_step_and_leaves_current_day_cells(tmp_path: Path) -> None:
    """One call loads, tags and rolls up: the day cells of the default taxonomy are there right after."""
    with Store.open(tmp_path) as store:
        ingest_paths(store, [EVENTS2])
        assert staleness(store) is None
        assert store.scalar("SELECT count(*) FROM event_tags") > 0
        cells = store.scalar("SELECT count(*) FROM rollup_days WHERE taxonomy = 'v2014'")
        assert cells > 0
        assert refresh(store).mode == "current"
        again = ingest_paths(store, [EVENTS2])  # skipped: nothing stored, nothing refreshed
        assert again.files_skipped == 1
        assert store.scalar("SELECT count(*) FROM rollup_days") == cells


def test_reads_on_stale_day_cells_write_nothing_and_say_so(tmp_path: Path) -> None:
    """A read never refreshes. Cells behind the store by files only (a writer has loaded them and not yet
    refreshed: a live follower between its load and its publish) are read as they were; on missing cells,
    or cells of other tags, it raises. Either way the store is unchanged."""
    with Store.open(tmp_path) as store:
        ingest_paths(store, [EVENTS2])
        published = indicators(store, Selection(country="CHN"))
        load_gdelt_file(store, EVENTS2_B, workdir=store.unpack_dir, on_stored=tag_stored)
        state = store.execute("SELECT * FROM rollup_state ORDER BY ALL").fetchall()
        cells = _cells(store)
        version = store.version()
        assert staleness(store) == "out of date" and staleness(store, "v2020") == "missing"
        assert indicators(store, Selection(country="CHN")) == published  # the cells of before the load
        store.mark_changed("tags")  # as a retag that has not refreshed the cells yet
        reads: list[Callable[[], object]] = [
            lambda: indicators(store, Selection(country="CHN")),
            lambda: indicators(store, Selection(country="CHN", taxonomy="v2020")),
            lambda: countries(store),
        ]
        for read in reads:
            with pytest.raises(StaleRollups, match="refresh them first"):
                read()
        assert store.execute("SELECT * FROM rollup_state ORDER BY ALL").fetchall() == state
        assert _cells(store) == cells and store.version() != version  # only the tags' serial moved
        # Counting that does not use the cells still reads the events as they are.
        assert indicators(store, Selection(country="CHN", dedup=False))
        refresh(store)
        assert indicators(store, Selection(country="CHN")) != published


def test_retag_forces_a_full_rebuild(tmp_path: Path) -> None:
    with Store.open(tmp_path) as store:
        ingest_paths(store, [EVENTS2])
        build(store)
        before = _cells(store)
        retag(store)
        assert refresh(store).mode == "full"
        assert _cells(store) == before


def test_cli_json_rows(one_file: Store, tmp_path: Path) -> None:
    data_dir = tmp_path / "cli"
    with Store.open(data_dir) as store:
        ingest_paths(store, [EVENTS2])
    result = runner.invoke(
        app, ["indicators", "--country", "CHN", "--by", "month", "--json", "--data-dir", str(data_dir)]
    )
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    rows = document["data"]
    assert document["count"] == len(rows)
    want = expected(stories(raw_rows(EVENTS2)), involves("CHN"))
    assert [r["period"] for r in rows] == sorted(want)
    for row in rows:
        assert {
            "period",
            "country",
            "partner",
            "field",
            "events",
            "goldstein_sum",
            "conflict_share",
            "tone",
        } <= set(row)
        assert row["country"] == "CHN" and row["partner"] is None and row["field"] is None
        assert row["events"] == want[row["period"]]["events"]
    text = runner.invoke(
        app, ["indicators", "--country", "chn", "--by", "month", "--data-dir", str(data_dir)]
    )
    assert text.exit_code == 0 and "2018-01" in text.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--field", "cyber"], "not a field of v2014"),
        (["--partner", "JPN"], "needs --country"),
        (["--country", "China"], "ISO3"),
        (["--country", "CHN", "--by", "year"], "day, week, month"),
        (["--country", "CHN", "--location", "street"], "country, admin1, city"),
    ],
)
def test_cli_bad_options(tmp_path: Path, args: list[str], message: str) -> None:
    result = runner.invoke(app, ["indicators", *args, "--data-dir", str(tmp_path)])
    assert result.exit_code == 2
    assert message in result.output


def test_perspective_internal_events_from_the_raw_file(one_file: Store) -> None:
    """Internal to CHN: placed in China (FIPS CH, HK, MC, TW) with every actor that has a country
    Chinese (the CHN perspective counts Hong Kong, Macao and Taiwan as home)."""
    home, places = {"CHN", "HKG", "MAC", "TWN"}, {"CH", "HK", "MC", "TW"}

    def internal(row: list[str]) -> bool:
        actors = [c for c in (row[A1COUNTRY], row[A2COUNTRY]) if c]
        return row[GEO_FIPS] in places and all(c in home for c in actors)

    want = expected(raw_rows(EVENTS2), internal)
    rows = perspective_indicators(one_file, "CHN", Selection(by="month", dedup=False))
    got: dict[str, float] = defaultdict(float)
    for row in rows:
        if row["relation"] == "internal":
            got[row["period"]] += row["events"]
    assert dict(got) == {period: cell["events"] for period, cell in want.items()}
    assert {row["relation"] for row in rows} == {"internal", "external"}
    assert {row["nature"] for row in rows} <= {"traditional", "non_traditional", None}


@pytest.mark.parametrize(
    ("dialect", "read"), [("bigquery", "bigquery"), ("postgres", "postgres"), ("pyspark", "spark")]
)
def test_indicator_expressions_compile_for_other_engines(one_file: Store, dialect: str, read: str) -> None:
    """The portable layer holds: the full cell, sources and aggregate-cell expressions (stories by a
    window) use no DuckDB-only operation, and what they compile to parses as that engine's SQL
    (BigQuery is where GDELT itself is hosted; Spark is holosec's second engine)."""
    import ibis
    import sqlglot

    from holosec.engines import engine_for
    from holosec.indicators.frame import counted_rows
    from holosec.indicators.measures import cells, regrain, sources
    from holosec.indicators.rollup import aggregate_cells

    ibis.pyspark  # noqa: B018 - loading the backend registers the options its compiler reads

    engine = engine_for(one_file)
    rows = counted_rows(engine, taxonomy="v2014")
    assert aggregate_cells(engine, "v2014") is None  # no aggregate counts in this store
    for expr in (regrain(cells(rows), "week"), sources(rows, "month", "pair_u")):
        sql = ibis.to_sql(expr, dialect=dialect)
        assert "GROUP BY" in sql and "event_tags" in sql
        assert "ROW_NUMBER()" in sql.upper() and "FIRST(" not in sql.upper()
        assert sqlglot.parse_one(sql, read=read) is not None
