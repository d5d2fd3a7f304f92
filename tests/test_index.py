"""The composite threat index on the bundled real samples: its documented properties (bounded, monotone,
missing data, change rule), one score recomputed by hand from the indicator panel, the sensitivity analysis,
the CLI and the generated part of docs/index-method.md."""

from __future__ import annotations

import json
import math
import tomllib
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from typer.testing import CliRunner

from holosec.cli import app
from holosec.documents.index_method import generated_part, render
from holosec.indicators.attention import attention
from holosec.indicators.coverage import current_period
from holosec.indicators.index import (
    EVENT_INDICATORS,
    LABELS,
    SUB_INDICATORS,
    Index,
    country_index,
    index_series,
    threat_index,
)
from holosec.indicators.query import panel
from holosec.indicators.sensitivity import Scored, busiest, weight_sensitivity
from holosec.ingest import ingest_paths
from holosec.store import Store

from conftest import EVENTS2

ROOT = Path(__file__).resolve().parent.parent
METHOD = tomllib.loads((ROOT / "src" / "holosec" / "data" / "index.toml").read_text())
runner = CliRunner(env={"COLUMNS": "200"})  # one width, whatever the terminal running the tests

CHINA = ("CHN", "HKG", "MAC", "TWN")  # CHN.toml: the home country and the places it counts as home


@pytest.fixture(scope="module")
def index(demo_store: Store) -> Index:
    return Index.of_store(demo_store)


@pytest.fixture(scope="module")
def rows(demo_store: Store) -> list[dict[str, Any]]:
    return panel(demo_store, by="month")


@pytest.fixture(scope="module")
def shares(demo_store: Store) -> dict[tuple[str, str, str], tuple[float, float]]:
    """(share, article weight) per (period, country, field) with at least 20 articles naming the country."""
    return {
        (r["period"], r["country"], r["field"]): (r["share"], r["articles"])
        for r in attention(demo_store, by="month")
        if r["all_articles"] >= 20
    }


def _fresh(index: Index, history: Any = None) -> Index:
    return Index(history or index.history, index.method, index.taxonomy)


def _overall(index: Index, country: str, period: str) -> dict[str, Any]:
    return index.rows(country, period)[-1]


# -- one score recomputed by hand, from the panel and the method file --------------------------------------


def _month_before(label: str, n: int = 1) -> str:
    year, month = map(int, label.split("-"))
    months = year * 12 + month - 1 - n
    return f"{months // 12}-{months % 12 + 1:02d}"


def _values(rows: list[dict[str, Any]]) -> tuple[dict[tuple[str, str, str | None], dict[str, Any]], set[str]]:
    keyed = {(r["period"], r["country"], r["field"]): r for r in rows}
    return keyed, {r["period"] for r in rows}


Shares = dict[tuple[str, str, str], tuple[float, float]]


def _raw(
    row: dict[str, Any] | None, name: str, covered: bool, share: tuple[float, float] | None = None
) -> float | None:
    if name == "attention":
        return None if share is None else share[0]
    if row is None:
        return 0.0 if name in ("volume", "intensity") and covered else None
    if name == "volume":
        return math.log1p(row["conflict_events"])
    if name == "intensity":
        return None if row["conflict_share"] is None else row["per_1000"] * row["conflict_share"]
    if name == "material":
        return row["material_conflict_share"]
    if name == "hostility":
        return None if row["balance"] is None else (1 - row["balance"]) / 2
    source = row["goldstein_mean"] if name == "goldstein" else row["tone"]
    return None if source is None else -source


def _by_hand(
    rows: list[dict[str, Any]], shares: Shares, country: str, field: str, period: str
) -> float | None:
    """The field score as docs/index-method.md describes it, written out plainly."""
    keyed, covered = _values(rows)
    row = keyed.get((period, country, field))
    if row is None and (period, country, field) not in shares:
        return None
    peers = sorted({c for (p, c, _f) in keyed if p == period})
    total = weighted = 0.0
    for name in SUB_INDICATORS:
        x = _raw(row, name, period in covered, shares.get((period, country, field)))
        if x is None:
            continue
        others = [
            _raw(keyed.get((period, c, field)), name, True, shares.get((period, c, field))) for c in peers
        ]
        known = [v for v in others if v is not None]
        peer = (
            10
            * (sum(v < x - 1e-9 for v in known) + 0.5 * sum(abs(v - x) <= 1e-9 for v in known))
            / len(known)
        )
        size = METHOD["normalise"]["baseline_periods"]["month"]
        window = [_month_before(period, n) for n in range(1, size + 1)]
        past = [
            _raw(keyed.get((m, country, field)), name, m in covered, shares.get((m, country, field)))
            for m in window
            if m in covered
        ]
        past = [v for v in past if v is not None]
        score = peer
        if len(past) >= METHOD["normalise"]["min_periods"]:
            assert METHOD["normalise"]["own"] == "percentile"  # the mid-rank among the past and x itself
            below, equal = sum(v < x - 1e-9 for v in past), sum(abs(v - x) <= 1e-9 for v in past) + 1
            own = 10 * (below + 0.5 * equal) / (len(past) + 1)
            score = (own + peer) / 2
        weight = METHOD["indicators"][name]["weight"]
        total += weight
        weighted += weight * score
    evidence = (row["events"] if row else 0.0) + shares.get((period, country, field), (0.0, 0.0))[1]
    reliability = evidence / (evidence + METHOD["evidence"]["shrink"])
    return 5 + reliability * (weighted / total - 5)


@pytest.mark.parametrize(
    ("country", "field", "period"),
    [("CHN", "political", "2015-10"), ("CHN", "military", "2015-10"), ("USA", "social", "2015-06"),
     ("CHN", "political", "2018-01"),
     # with attention from the GKG articles naming the USA (27 in 2020-03); ecological has no events then
     ("USA", "political", "2020-03"), ("USA", "ecological", "2020-03")],
)  # fmt: skip
def test_a_field_score_recomputed_by_hand(
    index: Index, rows: list[dict[str, Any]], shares: Shares, country: str, field: str, period: str
) -> None:
    want = _by_hand(rows, shares, country, field, period)
    got = next(r for r in index.rows(country, period) if r["field"] == field)
    assert want is not None and got["score"] == pytest.approx(want, abs=0.006)


def test_overall_is_the_evidence_weighted_mean_of_field_scores(index: Index) -> None:
    scores = index.scores("2015-10", "CHN")
    fields = [s for s in scores[:-1] if s.score is not None]
    weights = [s.events / (s.events + METHOD["evidence"]["shrink"]) for s in fields]
    want = sum(w * (s.score or 0.0) for w, s in zip(weights, fields, strict=True)) / sum(weights)
    assert scores[-1].score == pytest.approx(want)
    assert sum(scores[-1].components.values()) == pytest.approx(1.0, abs=1e-3)


# -- bounded and monotone ----------------------------------------------------------------------------------


def _all_scores(index: Index, period: str) -> list[float]:
    return [
        row["score"]
        for country in index.history.countries[period]
        for row in index.rows(country, period)
        if row["score"] is not None
    ]


def test_every_score_of_real_periods_is_between_0_and_10(index: Index) -> None:
    for period in (busiest(index), "2018-01", "2016-07", index.history.covered[-1]):
        scores = _all_scores(index, period)
        assert scores and all(0 <= s <= 10 for s in scores), period
    assert min(_all_scores(index, busiest(index))) < 5 < max(_all_scores(index, busiest(index)))


def test_weekly_scores_are_bounded_too(demo_store: Store) -> None:
    weekly = Index.of_store(demo_store, by="week")
    table = weekly.table(busiest(weekly))
    assert table and all(0 <= r["score"] <= 10 for r in table if r["score"] is not None)
    assert all("-W" in r["period"] for r in table)


@pytest.mark.parametrize("name", SUB_INDICATORS)
def test_extreme_values_stay_bounded(index: Index, name: str) -> None:
    for value in (-1e12, 1e12):
        changed = _fresh(index, index.history.with_value("2015-10", "CHN", "military", name, value))
        for row in changed.rows("CHN", "2015-10"):
            assert row["score"] is None or 0 <= row["score"] <= 10


def _unrounded(index: Index, country: str, period: str, field: str) -> tuple[float, float]:
    scores = {s.field: s.score for s in index.scorer.country(period, country)}
    field_score, overall = scores[field], scores["overall"]
    assert field_score is not None and overall is not None
    return field_score, overall


@pytest.mark.parametrize("name", EVENT_INDICATORS)
@pytest.mark.parametrize(
    ("country", "field", "period"),
    [("CHN", "political", "2015-10"), ("CHN", "military", "2015-10"), ("USA", "economic", "2015-10")],
)
def test_raising_one_sub_indicator_never_lowers_the_score(
    index: Index, name: str, country: str, field: str, period: str
) -> None:
    _monotone(index, name, country, field, period)


def _monotone(index: Index, name: str, country: str, field: str, period: str) -> None:
    current = index.history.value(period, country, field, name)
    if current is None:
        pytest.skip(f"{country} {field} has no {name} in {period}")
    steps = sorted({current + d for d in (-5.0, -1.0, -0.1, -0.01, 0.0, 0.01, 0.1, 1.0, 5.0, 50.0)})
    results = [
        _unrounded(
            _fresh(index, index.history.with_value(period, country, field, name, x)), country, period, field
        )
        for x in steps
    ]
    for (f1, o1), (f2, o2) in pairwise(results):
        assert f2 >= f1 - 1e-12 and o2 >= o1 - 1e-12
    if METHOD["indicators"][name]["weight"] > 0:
        assert results[-1][0] > results[0][0]  # and the score does respond
    else:
        assert results[-1][0] == results[0][0]  # a sub-indicator of weight 0 moves nothing


# -- missing data and change -------------------------------------------------------------------------------


def test_fields_without_events_have_no_score_and_no_weight(index: Index) -> None:
    rows = index.rows("CHN", "2015-10")
    silent = [r for r in rows if r["events"] == 0]
    assert silent, "CHN has fields without events in 2015-10"
    for row in silent:
        assert row["score"] is None and row["change"] is None and row["low_evidence"] is True
        assert row["field"] not in rows[-1]["components"]
    for row in silent:
        assert row["evidence"] == "insufficient"
    floor, enough = METHOD["evidence"]["floor"], METHOD["evidence"]["min_events"]
    thin = [r for r in rows if floor <= r["events"] < enough]
    assert thin and all(
        r["low_evidence"] and r["score"] is not None and r["evidence"] == "thin" for r in thin
    )
    under = [r for r in rows if 0 < r["events"] < floor]  # a fraction of one event's weight carries no score
    assert under and all(r["score"] is None and r["evidence"] == "insufficient" for r in under)
    assert all(
        r["evidence"] == "sufficient" for r in rows if r["events"] >= enough and r["score"] is not None
    )


def test_a_country_absent_from_a_covered_period_has_no_scores(index: Index) -> None:
    period = busiest(index)
    absent = next(c for c in index.history.countries["2015-09"] if c not in index.history.countries[period])
    assert all(r["score"] is None for r in index.rows(absent, period))


def test_thin_evidence_is_pulled_towards_5(index: Index) -> None:
    """A score on e events moves at most e / (e + 5) of the way from 5 to 0 or 10."""
    thin = [
        s
        for s in index.scorer.country("2015-10", "CHN")[:-1]
        if s.score is not None and s.events < METHOD["evidence"]["min_events"]
    ]
    assert thin
    for scored in thin:
        assert scored.score is not None
        reach = scored.events / (scored.events + METHOD["evidence"]["shrink"])
        assert abs(scored.score - 5) <= 5 * reach + 1e-9 and reach < 0.5


def test_change_labels_follow_the_stated_rule(index: Index) -> None:
    period = busiest(index)
    before = {r["country"]: r["score"] for r in index.table(_month_before(period))}
    table = index.table(period)
    labelled = [r for r in table if r["change"] is not None]
    assert {r["change"] for r in labelled} == set(LABELS)
    for row in table:
        assert row["previous"] == before.get(row["country"])
        if row["score"] is None or row["previous"] is None:
            assert row["change"] is None
            continue
        delta = row["score"] - row["previous"]
        want = "deteriorated" if delta >= 1 - 1e-9 else "improved" if delta <= -1 + 1e-9 else "unchanged"
        assert row["change"] == want, row


def test_no_previous_period_means_no_change(index: Index) -> None:
    rows = index.rows("CHN", "2018-01")  # the store covers 2017-12, but holds no CHN event then
    assert all(r["change"] is None and r["previous"] is None for r in rows)


def test_perspective_index_is_its_home_country(demo_store: Store, index: Index) -> None:
    rows = threat_index(demo_store, "CHN", period="2015-10")
    china = Index.of_store(demo_store, home=CHINA)
    assert [r["score"] for r in rows] == [r["score"] for r in china.rows("CHN", "2015-10")]
    latest = threat_index(demo_store, "CHN")  # by default: the store's current period (issue 22)
    assert latest[0]["period"] == current_period(demo_store, "month")
    assert latest[0]["period"] < max(  # not the latest month with records: 2019-07 rests on stray ones
        p for p in index.history.covered if (p, "CHN", None) in index.history.events
    )
    regional = threat_index(demo_store, "CHN", period="2015-10", peers="region")
    assert [r["field"] for r in regional] == [r["field"] for r in rows]
    assert regional != rows  # fewer, nearer peers give other percentiles
    assert country_index(demo_store, "chn", period="2015-10", home=CHINA) == rows
    assert country_index(demo_store, "twn", period="2015-10", home=CHINA) == rows
    plain = country_index(demo_store, "chn", period="2015-10")
    assert [r["score"] for r in plain] == [r["score"] for r in index.rows("CHN", "2015-10")]


# -- sensitivity -------------------------------------------------------------------------------------------


def test_weight_arrays_reproduce_the_index(index: Index) -> None:
    period = busiest(index)
    countries = list(index.history.countries[period])[:40]
    scored = Scored.of(index, period, countries)
    weights = np.array([METHOD["indicators"][n]["weight"] for n in SUB_INDICATORS])
    got = scored.overall(weights / weights.sum(), 0.5)
    want = [index.scores(period, c)[-1].score for c in countries]
    for g, w in zip(got, want, strict=True):
        assert (w is None and g == pytest.approx(5.0)) or g == pytest.approx(w)


def test_sensitivity_is_deterministic_and_sensible(index: Index) -> None:
    first = weight_sensitivity(index, draws=50, seed=3)
    assert first == weight_sensitivity(index, draws=50, seed=3)
    assert first["dirichlet"] != weight_sensitivity(index, draws=50, seed=4)["dirichlet"]
    assert first["period"] == busiest(index) and first["countries"] > 20
    in_use = [n for n in SUB_INDICATORS if METHOD["indicators"][n]["weight"] > 0]  # 0 stays 0 when scaled
    assert len(first["one_at_a_time"]) == 2 * (len(in_use) + 1)
    for row in first["one_at_a_time"]:
        assert -1 <= row["kendall"] <= row["spearman"] + 0.1 <= 1.1
        assert 0 <= row["top_kept"] <= 1 and 0 <= row["max_shift"] < first["countries"]
    dirichlet = first["dirichlet"]
    assert (
        dirichlet["spearman"]["min"] <= dirichlet["spearman"]["median"] <= dirichlet["spearman"]["max"] <= 1
    )


def test_unchanged_weights_leave_ranks_alone(index: Index) -> None:
    result = weight_sensitivity(index, spread=0.0, draws=0)
    for row in result["one_at_a_time"]:
        assert (row["spearman"], row["kendall"], row["max_shift"], row["top_kept"]) == (1.0, 1.0, 0.0, 1.0)


def test_dropping_a_weight_entirely_moves_ranks_more_than_halving_it(index: Index) -> None:
    half = weight_sensitivity(index, spread=0.5, draws=0)["one_at_a_time"]
    gone = weight_sensitivity(index, spread=1.0, draws=0)["one_at_a_time"]
    assert sum(r["mean_shift"] for r in gone[::2]) > sum(r["mean_shift"] for r in half[::2])


# -- CLI and docs ------------------------------------------------------------------------------------------


def test_cli_json_rows(tmp_path: Path) -> None:
    with Store.open(tmp_path) as store:
        ingest_paths(store, [EVENTS2])
    result = runner.invoke(app, ["index", "--perspective", "CHN", "--json", "--data-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    rows = document["data"]
    assert [r["field"] for r in rows][-1] == "overall" and len(rows) == 12 == document["count"]
    for row in rows:
        assert {"field", "score", "change", "previous", "events", "low_evidence", "components"} <= set(row)
        assert row["period"] == "2018-01" and row["country"] == "CHN"
        assert row["score"] is None or 0 <= row["score"] <= 10
    table = runner.invoke(app, ["index", "--period", "2018-01", "--data-dir", str(tmp_path)])
    assert table.exit_code == 0 and "overall" in table.stdout and "political" in table.stdout


@pytest.mark.parametrize(
    ("args", "message", "code"),
    [(["--period", "2018-02"], "error: the store has no events in 2018-02", 1),  # nothing to show: a failure
     (["--period", "2018-W01"], "is a week", 2), (["--period", "soon"], "expected a period", 2),
     (["--by", "year"], "day, week, month", 2)],
)  # fmt: skip
def test_cli_bad_options(tmp_path: Path, args: list[str], message: str, code: int) -> None:
    with Store.open(tmp_path) as store:
        ingest_paths(store, [EVENTS2])
    result = runner.invoke(app, ["index", *args, "--data-dir", str(tmp_path)])
    assert result.exit_code == code
    assert message in " ".join(result.output.split())


def test_method_doc_numbers_are_current(demo_store: Store) -> None:
    document = (ROOT / "docs" / "index-method.md").read_text(encoding="utf-8")
    assert generated_part(document) == render(demo_store), "run python -m holosec.documents.index_method"


# -- the series form: holosec index --country ------------------------------------------------------------


def test_series_json_contract(demo_store: Store, index: Index) -> None:
    args = ["index", "--country", "CHN", "--from", "2014-03", "--to", "2014-06", "--json"]
    result = runner.invoke(app, [*args, "--data-dir", str(demo_store.data_dir)])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert list(document) == ["series"]
    series = document["series"]
    assert [r["period"] for r in series] == ["2014-03", "2014-04", "2014-05", "2014-06"]
    for row in series:
        assert {"period", "field", "score", "evidence"} <= set(row) and row["field"] == "overall"
        assert row["evidence"] in ("sufficient", "thin", "insufficient")
        assert (row["score"] is None) == (row["evidence"] == "insufficient")
        assert row["score"] == _overall(index, "CHN", row["period"])["score"]


def test_series_of_every_field_and_of_an_uncovered_period(demo_store: Store, index: Index) -> None:
    rows = index_series(demo_store, "CHN", start="2014-05", end="2014-05", field="all")
    assert [r["field"] for r in rows] == [*index.names, "overall"]
    by_field = {r["field"]: r for r in index.rows("CHN", "2014-05")}
    assert all(r["score"] == by_field[r["field"]]["score"] for r in rows)
    assert all(r["evidence"] == by_field[r["field"]]["evidence"] for r in rows)
    before = index.history.covered[0]
    year, month = map(int, before.split("-"))
    earlier = f"{year - 1}-{month:02d}"
    gap = index_series(demo_store, "CHN", start=earlier, end=earlier)
    assert gap == [
        {"period": earlier, "field": "overall", "score": None, "evidence": "insufficient", "events": 0.0,
         "articles": 0.0, "coverage": []}
    ]  # fmt: skip


def test_a_thin_country_says_insufficient_not_a_score(demo_store: Store) -> None:
    """North Korea has a handful of events in the samples: most of its months have no score."""
    rows = index_series(demo_store, "PRK", field="nuclear")
    scored = [r for r in rows if r["score"] is not None]
    assert rows and len(scored) < 0.05 * len(rows)
    assert all(r["events"] + r["articles"] >= METHOD["evidence"]["floor"] for r in scored)
    assert all(r["evidence"] == "insufficient" for r in rows if r["score"] is None)


@pytest.mark.parametrize(
    ("args", "wrong"),
    [(["--country", "CHN", "--from", "2014-06", "--to", "2014-05"], "--from"),
     (["--country", "CHN", "--from", "2014-W05"], "--from"),
     (["--country", "CHN", "--period", "2014-05"], "--period"),
     (["--country", "CHN", "--field", "bogus"], "--field"),
     (["--from", "2014-05"], "--from"),
     (["--country", "XXX"], "--country")],
)  # fmt: skip
def test_series_wrong_arguments_exit_2(demo_store: Store, args: list[str], wrong: str) -> None:
    result = runner.invoke(app, ["index", *args, "--data-dir", str(demo_store.data_dir)])
    assert result.exit_code == 2 and wrong in result.output


def test_series_api_equals_the_cli(demo_store: Store, api: Any) -> None:
    args = ["index", "--country", "CHN", "--from", "2014-04", "--to", "2014-06", "--field", "all", "--json"]
    printed = json.loads(runner.invoke(app, [*args, "--data-dir", str(demo_store.data_dir)]).stdout)
    served = api.get("/api/v1/index/series?country=CHN&from=2014-04&to=2014-06&field=all")
    assert served.status_code == 200 and {key: served.json()[key] for key in printed} == printed
    assert served.json()["truncated"] is False  # the API's cap (issue 25) left nothing out
    wrong = api.get("/api/v1/index/series?country=CHN&from=2014-06&to=2014-04")
    assert wrong.status_code == 400 and "from" in wrong.text
