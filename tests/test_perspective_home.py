"""The places a perspective counts as home (``also_home``: for CHN, HKG, MAC and TWN) are its home country
everywhere a perspective is applied: indicators, index and map, partner lists, alerts and briefings; the
perspective file decides it, and without a perspective every country stays its own. On the store of every
bundled real sample (``demo_store``)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from holosec.briefings.content import build_briefing
from holosec.engines import engine_for
from holosec.indicators import Selection, indicators
from holosec.indicators.catalog import pairs
from holosec.indicators.frame import counted_rows
from holosec.indicators.home import merged, relabelled
from holosec.indicators.index import index_table, threat_index
from holosec.indicators.measures import KEYS, SUMS, cells
from holosec.perspective import load_perspective, packaged
from holosec.store import Store
from holosec.warning.watch import load_rules

MONTH = "2008-04"  # the month of the demo data with the most events of Taiwan, Hong Kong and Macao
CHINA = ("CHN", "HKG", "MAC", "TWN")


def _events(store: Store, selection: Selection) -> float:
    return sum(row["events"] for row in indicators(store, selection, with_sources=False))


def _month(**values: Any) -> Selection:
    return Selection(by="month", start=date(2008, 4, 1), end=date(2008, 4, 30), **values)


def test_the_china_perspective_counts_hong_kong_macao_and_taiwan_as_home() -> None:
    china = load_perspective("CHN")
    assert china.home_set == CHINA
    assert [china.home_of(code) for code in (*CHINA, "VNM", "USA")] == ["CHN"] * 4 + ["VNM", "USA"]
    assert load_perspective("USA").home_of("TWN") == "TWN"


@pytest.mark.parametrize("code", packaged())
def test_each_perspective_merges_its_home_set_and_nothing_else(demo_store: Store, code: str) -> None:
    seen = load_perspective(code)
    neutral = {row["country"] for row in index_table(demo_store, period=MONTH)}
    ranked = [row["country"] for row in index_table(demo_store, period=MONTH, perspective=code)]
    assert len(ranked) == len(set(ranked))
    assert set(ranked) == {seen.home_of(country) for country in neutral}
    assert not set(seen.also_home) & set(ranked)
    partners = [row["code"] for row in pairs(demo_store, seen.home, home=seen.home_set)]
    assert not set(seen.home_set) & set(partners)
    others = {row["code"] for place in seen.home_set for row in pairs(demo_store, place)}
    assert set(partners) == others - set(seen.home_set)  # the home places' partners, never themselves


def test_taiwan_is_ranked_on_its_own_without_the_china_perspective(demo_store: Store) -> None:
    assert "TWN" in {row["country"] for row in index_table(demo_store, period=MONTH)}
    assert "TWN" in {row["country"] for row in index_table(demo_store, period=MONTH, perspective="USA")}
    assert "TWN" not in {row["country"] for row in index_table(demo_store, period=MONTH, perspective="CHN")}


def test_taiwan_is_no_partner_of_china_from_its_perspective(demo_store: Store) -> None:
    neutral = {row["code"]: row for row in pairs(demo_store, "CHN")}
    assert neutral["TWN"]["events"] > 0
    merged_ = {row["code"]: row for row in pairs(demo_store, "CHN", home=CHINA)}
    assert not set(CHINA) & set(merged_)
    # China's partners now include the home places' partners: Japan's events with Taiwan count too
    japan = sum(row["events"] for code in CHINA for row in pairs(demo_store, code) if row["code"] == "JPN")
    assert merged_["JPN"]["events"] == pytest.approx(japan)
    assert pairs(demo_store, "TWN", home=CHINA) == pairs(demo_store, "CHN", home=CHINA)


def test_china_counts_its_home_places_events_once(demo_store: Store) -> None:
    each = {code: _events(demo_store, _month(country=code)) for code in CHINA}
    assert each["TWN"] > 0
    between = sum(
        _events(demo_store, _month(country=a, partner=b, undirected=True))
        for i, a in enumerate(CHINA)
        for b in CHINA[i + 1 :]
    )
    home = _events(demo_store, _month(country="CHN", home=CHINA))
    assert between > 0 and home == pytest.approx(sum(each.values()) - between)
    assert _events(demo_store, _month(country="TWN", home=CHINA)) == pytest.approx(home)
    assert _events(demo_store, _month(country="CHN")) == each["CHN"]  # without a perspective: as stored


def test_a_pair_of_two_home_places_is_internal(demo_store: Store) -> None:
    rows = indicators(demo_store, _month(country="CHN", partner="TWN", home=CHINA), with_sources=False)
    assert {(row["country"], row["partner"]) for row in rows} == {("CHN", "CHN")}
    usa = _events(demo_store, _month(country="CHN", partner="USA", undirected=True, home=CHINA))
    parts = sum(_events(demo_store, _month(country=c, partner="USA", undirected=True)) for c in CHINA)
    assert usa == pytest.approx(parts)


def test_merged_cells_equal_cells_of_relabelled_events(demo_store: Store) -> None:
    engine = engine_for(demo_store)
    events = engine.table("events")
    events = events.filter((events.date >= date(2008, 4, 1)) & (events.date <= date(2008, 4, 30)))
    rows = counted_rows(engine, events=events)

    def table(cells_: Any) -> dict[tuple[Any, ...], tuple[float, ...]]:
        found = engine.rows(cells_.filter(cells_.country.isin(["CHN", "USA", "JPN"])))
        return {
            tuple(r[k] for k in KEYS): tuple(round(float(r[s]), 6) for s in SUMS)
            for r in found
            if r["events"] > 1e-9
        }

    expected = table(cells(relabelled(rows, CHINA)))
    assert any(key[1:3] == ("country", "CHN") for key in expected)
    assert table(merged(cells(rows), CHINA)) == expected


def test_the_index_and_the_briefing_read_the_merged_home(demo_store: Store) -> None:
    overall = threat_index(demo_store, "CHN", period=MONTH)[-1]
    assert overall["events"] == pytest.approx(
        round(_events(demo_store, _month(country="CHN", home=CHINA)), 2)
    )
    briefing = build_briefing(demo_store, perspective="CHN", period=MONTH)
    assert briefing["situation"]["overall"]["events"] == overall["events"]
    for section in briefing["situation"]["fields"]:
        assert section["evidence"]["events"] == pytest.approx(section["events"], abs=0.01)


def test_alert_rules_watch_the_merged_home_and_no_home_partner() -> None:
    for rule in load_rules():
        seen = load_perspective(rule.perspective)
        for name, selection in rule.series():
            assert selection.home == seen.home_set, name
            assert selection.partner not in seen.home_set, name


def test_the_api_lists_partners_from_a_perspective(api: Any, demo_store: Store) -> None:
    plain = api.get("/api/v1/pairs?country=CHN&limit=1000").json()["data"]
    assert "TWN" in {row["code"] for row in plain}  # no perspective: as stored
    seen = api.get("/api/v1/pairs?country=CHN&perspective=chn&limit=1000").json()["data"]
    assert seen == pairs(demo_store, "CHN", home=CHINA)
    japan = next(row for row in seen if row["code"] == "JPN")
    total = _events(demo_store, Selection(by="month", country="CHN", partner="JPN", home=CHINA))
    assert japan["sent"] == pytest.approx(total)


def test_the_dashboard_shows_taiwan_as_china_from_its_perspective(api: Any, demo_store: Store) -> None:
    headers = {**api.auth("viewer"), "Accept": "text/html"}
    country = api.fresh().get("/country/CHN", headers=headers).text
    assert "/pair/CHN/TWN" not in country and "/pair/CHN/JPN" in country
    shown = api.fresh().get(f"/map?period={MONTH}", headers=headers).text
    assert 'href="/country/TWN' not in shown and 'href="/country/CHN' in shown
    usa = api.fresh().get(f"/map?period={MONTH}&perspective=USA", headers=headers).text
    assert 'href="/country/TWN' in usa
