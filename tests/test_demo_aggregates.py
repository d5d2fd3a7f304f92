"""The demo's GDELT aggregates (``holosec/data/samples/aggregates/PROVENANCE.md``: monthly counts of the
GDELT events located in China, North Korea and South Korea, 2008-01 .. 2019-06): the demo store holds
every row, the country pages show the months with the note that no events stand behind them, and the
per-1,000 rates of the actor views are the same with and without them (their world is of event records)."""

from __future__ import annotations

import csv
import gzip
import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from holosec.indicators.measures import counts_aggregates
from holosec.indicators.query import Selection, indicators, panel, world_events
from holosec.indicators.rollup import AGGREGATE_NOTE, located_months
from holosec.ingest import ingest_paths
from holosec.ingest.aggregates import ingest_aggregates
from holosec.periods import Period
from holosec.presentation.i18n import word
from holosec.samples import aggregate_samples, gdelt_samples
from holosec.store import Store
from holosec.warning.watch import ATTENTION, _volume, load_rules

ISO3 = {"CH": "CHN", "KN": "PRK", "KS": "KOR"}  # FIPS 10-4 -> ISO3, by hand
HTML = {"Accept": "text/html"}


def file_rows(path: Path) -> list[list[str]]:
    """The data rows of one bundled file, as the CSV holds them."""
    with gzip.open(path, "rt", encoding="utf-8", newline="") as stream:
        return list(csv.reader(stream))[1:]


def test_the_demo_store_holds_every_aggregate_row(demo_store: Store) -> None:
    for path in aggregate_samples():
        rows = file_rows(path)
        country = ISO3[path.name.split(".")[0]]
        read, kept, quarantined = demo_store.execute(
            "SELECT rows_read, rows_stored, rows_quarantined FROM files WHERE name = ?", [path.name]
        ).fetchone()
        assert read == len(rows) == kept + quarantined
        stored = demo_store.scalar("SELECT count(*) FROM aggregate_counts WHERE country = ?", [country])
        assert stored == kept
        total = sum(int(row[3]) for row in rows)
        in_cells = demo_store.scalar(
            "SELECT sum(events) FROM rollup_days WHERE taxonomy = 'v2014' AND view = 'location' "
            "AND country = ? AND field = '' AND aggregate_grain = 'month'",
            [country],
        )
        assert in_cells == total
    elsewhere = "aggregate_grain IS NOT NULL AND view NOT IN ('location', 'world')"
    assert demo_store.scalar(f"SELECT count(*) FROM rollup_days WHERE {elsewhere}") == 0


def test_located_months_of_north_korea_span_the_files(demo_store: Store) -> None:
    rows = file_rows(next(p for p in aggregate_samples() if p.name.startswith("KN")))
    months = located_months(demo_store, ("PRK",))
    assert (months[0].period.label, months[-1].period.label, len(months)) == ("2008-01", "2019-06", 138)
    by_month: dict[str, int] = {}
    for row in rows:
        label = f"{row[1][:4]}-{row[1][4:]}"
        by_month[label] = by_month.get(label, 0) + int(row[3])
    assert {m.period.label: m.aggregate_events for m in months} == by_month
    assert all(m.events >= m.aggregate_events for m in months)  # the rest: the demo's located records
    assert located_months(demo_store, ("USA",)) == []


def _rates(store: Store) -> dict[str, Any]:
    """The actor views' per-1,000 rates and their denominator, as read three ways."""
    china = indicators(store, Selection(country="CHN", by="month"), with_sources=False)
    pair = indicators(store, Selection(country="CHN", partner="USA", by="month"), with_sources=False)
    rows = panel(store, by="month", view="country", countries=["CHN", "PRK", "KOR"])
    return {
        "country": {r["period"]: r["per_1000"] for r in china},
        "pair": {r["period"]: r["per_1000"] for r in pair},
        "panel": {(r["period"], r["country"], r["field"]): r["per_1000"] for r in rows},
        "world": world_events(store, Selection(country="CHN", by="month")),
    }


def test_actor_rates_are_the_same_with_and_without_aggregates(store: Store) -> None:
    # The demo's real GDELT files (2013-2019), then the bundled aggregates of the same years.
    assert ingest_paths(store, gdelt_samples()).exit_code == 0
    before = _rates(store)
    assert ingest_aggregates(store, aggregate_samples()).exit_code == 0
    after = _rates(store)
    assert before["country"]["2015-10"] is not None and before["country"]["2015-10"] > 1
    for kind in ("country", "pair", "panel", "world"):  # equal up to the order floats are summed in
        assert after[kind].keys() == before[kind].keys()
        for key, value in before[kind].items():
            assert after[kind][key] == (value if value is None else pytest.approx(value, rel=1e-12)), key
    # The location view and the world count the aggregates, numerator and denominator alike.
    all_world = world_events(store, Selection(by="month"))
    october = date(2015, 10, 1)
    assert all_world[october] > 100 * before["world"][october]
    located = indicators(store, Selection(country="PRK", location=True, by="month"), with_sources=False)
    month = next(r for r in located if r["period"] == "2015-10")
    assert month["per_1000"] == pytest.approx(1000 * month["events"] / all_world[october])
    assert month["events"] == next(
        m.events for m in located_months(store, ("PRK",)) if m.period == Period.parse("2015-10")
    )
    assert counts_aggregates("location") and not counts_aggregates("pair_u")


def test_the_alert_volume_is_the_world_of_event_records(demo_store: Store) -> None:
    rule = next(r for r in load_rules() if r.by == "month" and r.indicator != ATTENTION)
    span = demo_store.execute("SELECT min(date), max(date) FROM events").fetchone()
    volume = _volume(demo_store, rule, span)
    records = dict(
        demo_store.execute(
            "SELECT date_trunc('month', period)::DATE, sum(events) FROM rollup_days WHERE taxonomy = 'v2014' "
            "AND view = 'world' AND field = '' AND aggregate_grain IS NULL GROUP BY 1"
        ).fetchall()
    )
    assert volume and {k: v for k, v in volume.items() if v} == {
        Period.of(day, "month").ordinal: float(events) for day, events in records.items() if events
    }


def _located_spec(text: str) -> dict[str, Any]:
    found = re.search(r'<script type="application/json" id="located-series-spec">(.*?)</script>', text, re.S)
    assert found, "no located chart"
    spec: dict[str, Any] = json.loads(found.group(1))
    return spec


def _rows(spec: dict[str, Any]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = (
        next(iter(spec["datasets"].values())) if "datasets" in spec else spec["data"]["values"]
    )
    return rows


def test_the_north_korea_page_shows_eleven_years_of_months(api: Any) -> None:
    # The page's charts end at its period (by default the current one, 2015-12): asked for the files'
    # last months (the latest period with events is 2019-07), it shows them all.
    response = api.client.get("/country/PRK?period=2019-07", headers={**api.auth("viewer"), **HTML})
    assert response.status_code == 200
    text = response.text
    assert 'id="located"' in text and AGGREGATE_NOTE in text
    rows = _rows(_located_spec(text))
    periods = sorted({row["period"] for row in rows})
    assert (periods[0], periods[-1], len(periods)) == ("2008-01", "2019-06", 138)
    assert {row["name"] for row in rows} == {"All events", "Conflict events"}
    years = re.findall(r'<th scope="row">(\d{4})</th>', text)
    assert years == [str(year) for year in range(2008, 2020)]
    default = api.client.get("/country/PRK", headers={**api.auth("viewer"), **HTML}).text
    shown = sorted({row["period"] for row in _rows(_located_spec(default))})
    assert shown[-1] == "2015-12"
    chinese = api.fresh().get("/country/PRK?lang=zh", headers={**api.auth("viewer"), **HTML}).text
    assert word("aggregate_note", "zh") in chinese and "发生在该国境内的事件" in chinese
    assert AGGREGATE_NOTE not in chinese


def test_pages_without_located_aggregates_have_no_section(api: Any) -> None:
    for url in ("/country/USA", "/pair/CHN/PRK"):
        response = api.client.get(url, headers={**api.auth("viewer"), **HTML})
        assert response.status_code == 200 and 'id="located"' not in response.text
