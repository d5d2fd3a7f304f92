"""The evidence behind an indicator value, on the real bundled samples: the listed events' field weights add
up to the value, they come best covered first, with source URLs, and pairs and dedup behave."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from typer.testing import CliRunner

from holosec.cli import app
from holosec.errors import InputError
from holosec.indicators import Quality, Selection, indicators
from holosec.indicators.evidence import MAX_LIMIT, evidence
from holosec.store import Store


def _busiest_month(store: Store, where: str) -> str:
    """The month with most stored events matching ``where`` (raw SQL over the events table)."""
    row = store.execute(
        f"SELECT strftime(date, '%Y-%m') AS m FROM events WHERE {where} "
        "GROUP BY m ORDER BY count(*) DESC, m LIMIT 1"
    ).fetchone()
    assert row is not None
    return str(row[0])


def _indicator_events(store: Store, selection: Selection, period: str | None) -> float:
    rows = indicators(store, selection)
    return sum(row["events"] for row in rows if period is None or row["period"] == period)


def _all(store: Store, selection: Selection, period: str | None) -> dict[str, Any]:
    """Every event of the cell, page after page."""
    found = evidence(store, selection, period, limit=MAX_LIMIT)
    while found["truncated"]:
        more = evidence(store, selection, period, limit=MAX_LIMIT, offset=len(found["data"]))
        found = {**more, "data": found["data"] + more["data"], "offset": 0}
    return found


CELLS = [
    (Selection(country="CHN", field="military", by="month"), "2015-10"),
    (Selection(country="CHN", field="political", by="month"), "2018-01"),
    (Selection(country="CHN", by="month"), "2018-01"),
    (Selection(country="CHN", by="day", dedup=False), "2018-01-01"),
    (Selection(country="USA", field="social", by="week"), "2018-W01"),
    (Selection(country="CHN", partner="JPN", by="month"), "2014-05"),
    (Selection(country="JPN", partner="CHN", undirected=True, field="political", by="month"), "2014-05"),
    (Selection(country="CHN", location=True, by="month"), "2015-10"),
    (Selection(by="day"), "2018-01-01"),
    (Selection(country="CHN", by="month", quality=Quality(min_mentions=3)), "2018-01"),
    (
        Selection(country="THA", field="military", by="month", start=date(2010, 1, 1), end=date(2010, 6, 30)),
        None,
    ),
]


@pytest.mark.parametrize(("selection", "period"), CELLS)
def test_weights_of_the_listed_events_sum_to_the_indicator(
    demo_store: Store, selection: Selection, period: str | None
) -> None:
    found = _all(demo_store, selection, period)
    expected = _indicator_events(demo_store, selection, period)
    assert expected > 0, "the cell should hold events"
    assert found["count"] == len(found["data"]) and not found["truncated"]
    # a location or world cell also holds the demo's GDELT aggregate counts (China, 2008-2019), which no
    # event stands behind: the listed events are the rest, and the evidence says how much is aggregate
    aggregate = found["aggregates"]["events"] if found["aggregates"] else 0.0
    if selection.location or selection.country is None:
        assert aggregate > 0 and found["aggregates"]["note"]
    else:
        assert aggregate == 0
    assert sum(row["weight"] for row in found["data"]) == pytest.approx(expected - aggregate)
    assert found["events"] == pytest.approx(expected - aggregate)


def test_events_come_ranked_by_mentions_then_sources_then_id(demo_store: Store) -> None:
    found = _all(demo_store, Selection(country="CHN"), "2018-01")
    assert len(found["data"]) > 10

    def key(row: dict[str, Any]) -> tuple[Any, ...]:
        mentions, sources = row["num_mentions"], row["num_sources"]
        return (mentions is None, -(mentions or 0), sources is None, -(sources or 0), row["event_id"])

    assert [key(row) for row in found["data"]] == sorted(key(row) for row in found["data"])


def test_pages_are_slices_of_the_ranking(demo_store: Store) -> None:
    selection = Selection(country="CHN")
    whole = _all(demo_store, selection, "2018-01")["data"]
    first = evidence(demo_store, selection, "2018-01", limit=7)
    second = evidence(demo_store, selection, "2018-01", limit=7, offset=7)
    assert first["truncated"] and first["count"] == len(whole)
    assert first["data"] + second["data"] == whole[:14]


def test_gdelt_events_carry_their_source_urls(demo_store: Store) -> None:
    found = _all(demo_store, Selection(country="CHN"), "2018-01")
    gdelt = [row for row in found["data"] if row["source"] == "gdelt2"]
    assert gdelt
    for row in gdelt:
        assert row["source_url"].startswith(("http://", "https://"))
        assert row["outlets"] and all(host in row["source_url"] for host in row["outlets"][:1])


def test_directed_pairs_keep_their_direction_and_undirected_adds_both(demo_store: Store) -> None:
    month = _busiest_month(
        demo_store,
        "source = 'icews' AND date >= '2010-01-01' AND ((actor1_country = 'CHN' AND actor2_country = 'JPN') "
        "OR (actor1_country = 'JPN' AND actor2_country = 'CHN'))",
    )
    there = _all(demo_store, Selection(country="CHN", partner="JPN"), month)
    back = _all(demo_store, Selection(country="JPN", partner="CHN"), month)
    both = _all(demo_store, Selection(country="CHN", partner="JPN", undirected=True), month)
    assert there["count"] and back["count"]
    assert {(r["actor1_country"], r["actor2_country"]) for r in there["data"]} == {("CHN", "JPN")}
    assert {(r["actor1_country"], r["actor2_country"]) for r in back["data"]} == {("JPN", "CHN")}
    assert both["count"] == there["count"] + back["count"]
    assert {r["event_id"] for r in both["data"]} == {r["event_id"] for r in there["data"] + back["data"]}


def test_dedup_lists_one_report_per_story_and_counts_the_others(demo_store: Store) -> None:
    selection = Selection(country="CHN")
    stored = demo_store.scalar(
        "SELECT count(*) FROM events WHERE date BETWEEN '2018-01-01' AND '2018-01-31' "
        "AND (actor1_country = 'CHN' OR actor2_country = 'CHN')"
    )
    every = _all(demo_store, Selection(country="CHN", dedup=False), "2018-01")
    stories = _all(demo_store, selection, "2018-01")
    assert every["count"] == stored
    assert {row["reports"] for row in every["data"]} == {1}
    assert stories["count"] < every["count"]
    assert sum(row["reports"] for row in stories["data"]) == every["count"]
    assert {row["event_id"] for row in stories["data"]} <= {row["event_id"] for row in every["data"]}


def test_bad_period_and_limit_are_input_errors(demo_store: Store) -> None:
    with pytest.raises(InputError, match=r"^period: "):
        evidence(demo_store, Selection(country="CHN"), "January")
    with pytest.raises(InputError, match=r"^limit: "):
        evidence(demo_store, Selection(country="CHN"), "2018-01", limit=MAX_LIMIT + 1)


def test_cli_json(demo_store: Store) -> None:
    args = ["evidence", "--country", "CHN", "--field", "political", "--period", "2018-01", "--limit", "3"]
    result = CliRunner().invoke(app, [*args, "--json", "--data-dir", str(demo_store.data_dir)])
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    assert {"period", "view", "country", "field", "events", "count", "truncated", "data"} <= set(found)
    assert len(found["data"]) == 3
    keys = {
        "event_id",
        "date",
        "actor1_country",
        "actor2_name",
        "event_code",
        "quad_class",
        "goldstein",
        "tone",
        "num_mentions",
        "num_sources",
        "weight",
        "source_url",
        "source",
        "reports",
        "outlets",
    }
    assert keys <= set(found["data"][0])


def test_cli_reports_a_period_of_another_grain_as_a_wrong_argument(demo_store: Store) -> None:
    args = ["evidence", "--country", "CHN", "--period", "2018-01", "--by", "week"]
    result = CliRunner().invoke(app, [*args, "--data-dir", str(demo_store.data_dir)])
    assert result.exit_code == 2  # a wrong argument, as in every command
    said = " ".join(result.stderr.replace("│", " ").split())
    assert "Invalid value for --period: 2018-01 is not a week" in said


# -- evidence that is the claim: --indicator -----------------------------------------------------------

RIG = Selection(
    country="CHN", partner="VNM", undirected=True, by="month"
)  # the HYSY-981 oil-rig crisis, May 2014


@pytest.mark.parametrize(
    ("indicator", "quads"),
    [("conflict_events", {3, 4}), ("material_conflict_events", {4}), ("conflict_share", {3, 4})],
)
def test_a_conflict_indicator_lists_only_conflict_events(
    demo_store: Store, indicator: str, quads: set[int]
) -> None:
    """On the real CHN-VNM May 2014 cell (cooperative statements among its events), the evidence of a
    conflict indicator is conflict events only, and their weights add up to the indicator's value."""
    every = _all(demo_store, RIG, "2014-05")
    assert {e["quad_class"] for e in every["data"]} - quads  # the cell has other events too
    found = evidence(demo_store, RIG, "2014-05", limit=MAX_LIMIT, indicator=indicator)
    assert found["data"] and {e["quad_class"] for e in found["data"]} <= quads
    value = next(r for r in indicators(demo_store, RIG) if r["period"] == "2014-05")
    counted = "material_conflict_events" if indicator == "material_conflict_events" else "conflict_events"
    assert found["events"] == pytest.approx(value[counted]) and found["indicator"] == indicator
    keys = [(-e["contribution"], e["goldstein"]) for e in found["data"]]
    assert keys == sorted(keys)  # largest contribution first, the most conflictual among equals


def test_goldstein_evidence_puts_the_most_conflictual_first(demo_store: Store) -> None:
    found = evidence(demo_store, RIG, "2014-05", limit=5, indicator="goldstein_mean")
    assert found["data"][0]["goldstein"] == min(
        e["goldstein"] for e in _all(demo_store, RIG, "2014-05")["data"] if e["goldstein"] is not None
    )
    assert all(e["contribution"] == pytest.approx(-e["weight"] * e["goldstein"]) for e in found["data"])


def test_every_row_says_the_event_in_words(demo_store: Store) -> None:
    found = evidence(demo_store, RIG, "2014-05", limit=5, indicator="material_conflict_events")
    assert found["data"][0]["event"] == "Use conventional military force, not specified below"
    assert all(e["event"] and e["actor1_name"] and e["actor2_name"] for e in found["data"])


def test_an_unknown_indicator_is_an_input_error(demo_store: Store) -> None:
    with pytest.raises(InputError, match="indicator"):
        evidence(demo_store, RIG, "2014-05", indicator="tone")
    result = CliRunner().invoke(
        app,
        ["evidence", "--country", "CHN", "--indicator", "bogus", "--data-dir", str(demo_store.data_dir)],
    )
    assert result.exit_code == 2 and "indicator" in result.output


def test_cli_and_api_filter_by_indicator(demo_store: Store, api: Any) -> None:
    args = ["evidence", "--country", "CHN", "--partner", "VNM", "--undirected", "--period", "2014-05"]
    result = CliRunner().invoke(
        app, [*args, "--indicator", "conflict_events", "--json", "--data-dir", str(demo_store.data_dir)]
    )
    assert result.exit_code == 0, result.output
    printed = json.loads(result.stdout)
    assert printed["indicator"] == "conflict_events" and {e["quad_class"] for e in printed["data"]} <= {3, 4}
    query = "country=CHN&partner=VNM&undirected=true&period=2014-05&indicator=conflict_events"
    served = api.get(f"/api/v1/evidence?{query}").json()
    assert [e["event_id"] for e in served["data"]] == [e["event_id"] for e in printed["data"]]


def test_a_conflict_alert_cites_conflict_events_and_is_severe(demo_store: Store) -> None:
    """The demo's CHN-VNM alert of May 2014 (the oil-rig crisis, 11 conflict events against a baseline of
    0.3 and a previous high of 7) cites conflict events only, in words, and is of high severity."""
    from holosec.warning.watch import stored_alerts

    rig = [a for a in stored_alerts(demo_store, country="VNM") if a["period"] == "2014-05"]
    assert len(rig) == 1 and rig[0]["severity"] == "high"
    cited = rig[0]["evidence"]
    assert cited and all(e["quad_class"] in (3, 4) and e["event"] for e in cited)


def test_a_source_landing_on_another_raises_no_alert_by_itself(demo_store: Store, tmp_path: Any) -> None:
    """In the samples, 2,060 GDELT records of October 2015 land on ICEWS (GDELT had about ten a month
    before) and 2,391 of January 2018 on almost nothing: without the coverage guard they raise CHN
    political and military conflict alerts; with it they do not, while the ICEWS-only oil-rig alert of
    May 2014 stays."""
    import shutil

    from holosec.warning.watch import load_rules, run_rules

    copy = tmp_path / "store"
    shutil.copytree(demo_store.data_dir, copy)
    rules = [r for r in load_rules() if r.id == "home-fields-conflict"]
    with Store.open(copy) as store:
        unguarded = {(a["series"], a["period"]) for a in run_rules(store, rules, coverage_guard=False)}
        guarded = {(a["series"], a["period"]) for a in run_rules(store, rules)}
    landed = {("CHN:political", "2015-10"), ("CHN:military", "2015-10"), ("CHN:political", "2018-01")}
    assert landed & unguarded and not landed & guarded
    assert guarded < unguarded and ("CHN:military", "2014-05") in guarded
