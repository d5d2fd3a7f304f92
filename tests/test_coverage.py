"""Coverage: what each period rests on, per source (days with records, records), stored beside the day
cells and shown beside the numbers: index rows, the index series, the dashboard's strip, the briefings.

On the real demo data: ICEWS samples 2005-2015 with GDELT samples landing on a few days."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from holosec.briefings import build_briefing
from holosec.indicators.coverage import coverage
from holosec.indicators.index import country_index, index_series
from holosec.ingest import ingest_paths
from holosec.presentation.i18n import coverage_line
from holosec.samples import icews_samples
from holosec.store import Store
from test_web import HTML

from conftest import EVENTS2


def _by_source(store: Store) -> dict[str, int]:
    rows = store.execute("SELECT source, count(*) FROM events GROUP BY source").fetchall()
    return {source: int(n) for source, n in rows}


def test_every_stored_record_is_counted_once(demo_store: Store) -> None:
    stored = store_sums(demo_store)
    assert stored == _by_source(demo_store)  # records in the coverage = records stored, per source
    days = demo_store.execute(
        "SELECT count(DISTINCT date) FROM events WHERE source = 'icews' AND date BETWEEN ? AND ?",
        [date(2015, 10, 1), date(2015, 10, 31)],
    ).fetchone()
    found = {c.source: c for c in coverage(demo_store, by="month")["2015-10"]}
    assert days is not None and found["icews"].days == days[0]


def store_sums(store: Store) -> dict[str, int]:
    rows = store.execute(
        "SELECT source, sum(records) FROM source_days WHERE grain = 'day' GROUP BY source"
    ).fetchall()
    return {source: int(n) for source, n in rows}


def test_weeks_and_days_sum_to_the_month(demo_store: Store) -> None:
    month = {c.source: c.records for c in coverage(demo_store, by="month")["2015-10"]}
    days = coverage(demo_store, by="day", start=date(2015, 10, 1), end=date(2015, 10, 31))
    summed: dict[str, int] = {}
    for items in days.values():
        for c in items:
            assert c.days == 1 or (c.days is None and c.grain == "month")  # a monthly count has no days
            summed[c.source] = summed.get(c.source, 0) + c.records
    assert summed == month


def test_a_source_arriving_shows_in_the_period_it_arrives(tmp_path: Path) -> None:
    with Store.open(tmp_path) as store:
        ingest_paths(store, icews_samples(), source="icews")
        before = coverage(store, by="month")
        assert {c.source for items in before.values() for c in items} == {"icews"}
        ingest_paths(store, [EVENTS2])  # GDELT 2.0, 2018-01-01
        after = coverage(store, by="month")
        month = {c.source: c for c in after["2018-01"]}
        assert set(month) == {"gdelt2"} | ({"icews"} if "2018-01" in before else set())
        assert month["gdelt2"].records == _by_source(store)["gdelt2"] - sum(
            c.records for label, items in after.items() if label != "2018-01" for c in items
            if c.source == "gdelt2"
        )  # fmt: skip


def _coverage_of(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    found = {str(row["coverage"]) for row in rows}
    assert len(found) == 1  # every row of a period carries the same coverage
    return list(rows[0]["coverage"])


def test_index_rows_and_series_carry_the_coverage(demo_store: Store) -> None:
    rows = country_index(demo_store, "CHN", period="2015-10")
    sources = _coverage_of(rows)
    assert {s["source"] for s in sources} >= {"icews"}
    icews = next(s for s in sources if s["source"] == "icews")
    assert icews["name"] == "ICEWS" and icews["days"] >= 28 and icews["aggregate"] is False
    series = index_series(demo_store, "CHN", start="2015-09", end="2015-10", field="all")
    october = [r for r in series if r["period"] == "2015-10"]
    assert _coverage_of(october) == sources


def test_the_line_a_reader_sees() -> None:
    from holosec.indicators.coverage import SourceCoverage

    items = [SourceCoverage("icews", 31, 1234), SourceCoverage("gdelt2", 2, 5)]
    assert coverage_line(items, "en") == "ICEWS 31 days, 1,234 events; GDELT 2.0 2 days, 5 events"
    assert coverage_line(items, "zh") == "ICEWS（31天，1,234条事件）；GDELT 2.0（2天，5条事件）"  # noqa: RUF001


def test_briefings_and_pages_say_what_the_period_rests_on(demo_store: Store, api: Any) -> None:
    english = build_briefing(demo_store, period="2015-10", lang="en")["meta"]["coverage"]
    chinese = build_briefing(demo_store, period="2015-10", lang="zh")["meta"]["coverage"]
    # October 2015: three days of a GDELT 2.0 sample on top of a month of ICEWS records, said as such
    assert "GDELT 2.0 3 days, " in english and "ICEWS 31 days, " in english
    assert "GDELT 2.0（3天，" in chinese and "ICEWS（31天，" in chinese  # noqa: RUF001
    for lang, label in (("en", "Data behind 2015-10: "), ("zh", "2015年10月数据来源：")):  # noqa: RUF001
        # a client of its own: ?lang= sets a cookie, which must not follow the shared client elsewhere
        answer = api.fresh().get(
            f"/country/CHN?period=2015-10&lang={lang}", headers={**api.auth("viewer"), **HTML}
        )
        assert answer.status_code == 200
        line = answer.text.split('id="coverage"', 1)[1].split("</p>", 1)[0]
        assert label in line and "ICEWS" in line
