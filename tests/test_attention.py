"""Attention from articles (``holosec attention``, ``/api/v1/attention``), on real data: the bundled GDELT GKG
samples and the news fixtures of tests/data/news, checked against a count made by hand in Python."""

from __future__ import annotations

import json
import math
from collections import defaultdict
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from typer.testing import CliRunner

from holosec.cli import app
from holosec.errors import InputError, ParameterError
from holosec.indicators.attention import COLUMNS, attention
from holosec.ingest import ingest_paths
from holosec.periods import Period
from holosec.reference import fips_codes
from holosec.samples import gdelt_samples
from holosec.store import Store
from holosec.taxonomy import load_taxonomy, version_map
from holosec.warning.attention import attention_panel
from holosec.warning.watch import Rule, load_rules, run_rules

NEWS = Path(__file__).parent / "data" / "news"
NEWS_FILES = [NEWS / name for name in ("crisislex.jsonl", "thucnews.csv", "crisislex.rss", "thucnews.atom")]


@pytest.fixture(scope="module")
def news_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store of every bundled GDELT sample (GKG 1.0 and 2.0 articles among them) and the news fixtures."""
    data_dir = tmp_path_factory.mktemp("attention") / "store"
    with Store.open(data_dir) as store:
        ingest_paths(store, gdelt_samples())
    result = CliRunner().invoke(app, ["ingest", "news", *map(str, NEWS_FILES), "--data-dir", str(data_dir)])
    assert result.exit_code == 3, result.output  # the JSON lines file has two bad records, quarantined
    return data_dir


@pytest.fixture
def store(news_dir: Path) -> Iterator[Store]:
    with Store.open(news_dir, read_only=True) as opened:
        yield opened


def same(actual: list[dict[str, Any]], expected: list[dict[str, Any]]) -> bool:
    """The same rows, numbers to 1e-9 (DuckDB's parallel sums may differ in the last bits between runs)."""

    def equal(a: Any, b: Any) -> bool:
        return math.isclose(a, b, rel_tol=1e-9) if isinstance(a, float) else bool(a == b)

    return len(actual) == len(expected) and all(
        a.keys() == b.keys() and all(equal(a[k], b[k]) for k in a)
        for a, b in zip(actual, expected, strict=True)
    )


def by_hand(store: Store, taxonomy: str, grain: str) -> dict[tuple[str, str], tuple[int, dict[str, float]]]:
    """(period, country) -> (articles naming it, field weights): the definition, in plain Python."""
    fips = fips_codes()
    named: dict[str, tuple[date, set[str]]] = {}
    for article_id, day, locations, countries in store.execute(
        "SELECT article_id, date, location_fips, countries FROM articles"
    ).fetchall():
        codes = {fips.get(code) for code in locations or []} | set(countries or [])
        named[article_id] = (day, {code for code in codes if code})
    shares = version_map("v2023", taxonomy)
    weights: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for article_id, field, weight in store.execute(
        "SELECT article_id, field, weight FROM article_tags"
    ).fetchall():
        for target, share in shares.get(field, {}).items():  # family:* rows are not fields
            weights[article_id][target] += weight * share
    cells: dict[tuple[str, str], tuple[int, dict[str, float]]] = {}
    for article_id, (day, codes) in named.items():
        for code in codes:
            key = (Period.of(day, grain).label, code)
            count, fields = cells.get(key, (0, defaultdict(float)))
            for field, weight in weights.get(article_id, {}).items():
                fields[field] += weight
            cells[key] = (count + 1, fields)
    return cells


@pytest.mark.parametrize(("taxonomy", "grain"), [("v2023", "month"), ("v2014", "week"), ("v2020", "day")])
def test_counts_equal_a_count_by_hand(store: Store, taxonomy: str, grain: str) -> None:
    rows = attention(store, taxonomy=taxonomy, by=grain)
    expected = by_hand(store, taxonomy, grain)
    fields = load_taxonomy(taxonomy).ids()
    assert len(rows) == len(expected) * len(fields)
    for row in rows:
        count, weights = expected[row["period"], row["country"]]
        assert row["all_articles"] == count
        assert math.isclose(row["articles"], weights.get(row["field"], 0.0), abs_tol=1e-9)
    assert {row["field"] for row in rows} == set(fields)


def test_every_source_names_countries(store: Store) -> None:
    rows = attention(store)
    assert set(COLUMNS) == set(rows[0])
    periods = {row["period"] for row in rows}
    assert {"2012-09", "2013-04", "2020-03"} <= periods  # news (CrisisLex), GKG 1.0, GKG 2.0
    # A CrisisLex tweet names Syria and Lebanon: it counts once for each.
    syria = {r["period"] for r in rows if r["country"] == "SYR"}
    lebanon = {r["period"] for r in rows if r["country"] == "LBN"}
    assert syria & lebanon


def test_share_is_a_share_and_fields_add_up_to_at_most_all(store: Store) -> None:
    rows = attention(store)
    totals: dict[tuple[str, str], float] = defaultdict(float)
    for row in rows:
        assert 0.0 <= row["share"] <= 1.0 + 1e-12
        assert math.isclose(row["share"], row["articles"] / row["all_articles"])
        totals[row["period"], row["country"]] += row["articles"]
    alls = {(r["period"], r["country"]): r["all_articles"] for r in rows}
    assert all(total <= alls[key] + 1e-9 for key, total in totals.items())
    assert any(math.isclose(total, alls[key]) for key, total in totals.items())  # all tagged: they add up


def test_recut_to_v2014_keeps_the_totals(store: Store) -> None:
    def totals(taxonomy: str) -> dict[tuple[str, str], float]:
        out: dict[tuple[str, str], float] = defaultdict(float)
        for row in attention(store, taxonomy=taxonomy):
            out[row["period"], row["country"]] += row["articles"]
        return out

    finest, old = totals("v2023"), totals("v2014")
    assert finest.keys() == old.keys()
    assert all(math.isclose(finest[key], old[key], abs_tol=1e-9) for key in finest)
    assert {r["field"] for r in attention(store, taxonomy="v2014")} == set(load_taxonomy("v2014").ids())


def test_country_field_and_span_narrow_the_rows(store: Store) -> None:
    every = attention(store)
    usa = attention(store, country="usa", field="social")
    assert same(usa, [r for r in every if r["country"] == "USA" and r["field"] == "social"])
    spring = attention(store, country="USA", start=date(2020, 3, 18), end=date(2020, 3, 18))
    assert {r["period"] for r in spring} == {"2020-03"}  # widened to the whole month
    assert same(spring, [r for r in every if r["country"] == "USA" and r["period"] == "2020-03"])


@pytest.mark.parametrize(
    ("arguments", "name"),
    [
        ({"country": "XXX"}, "country"),
        ({"field": "nonsense"}, "field"),
        ({"by": "year"}, "by"),
        ({"start": date(2020, 2, 1), "end": date(2020, 1, 1)}, "from"),
    ],
)
def test_bad_arguments_name_the_parameter(store: Store, arguments: dict[str, Any], name: str) -> None:
    with pytest.raises(ParameterError) as caught:
        attention(store, **arguments)
    assert caught.value.name == name


def cli(news_dir: Path, *arguments: str) -> Any:
    return CliRunner().invoke(app, ["attention", *arguments, "--data-dir", str(news_dir)])


def test_cli_json_equals_the_library(news_dir: Path, store: Store) -> None:
    result = cli(news_dir, "--country", "CHN", "--taxonomy", "v2014", "--json")
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    assert set(body) == {"data", "count"} and body["count"] == len(body["data"]) > 0
    assert same(body["data"], attention(store, country="CHN", taxonomy="v2014"))


def test_cli_table_and_csv(news_dir: Path) -> None:
    table = cli(news_dir, "--country", "USA", "--field", "military", "--by", "week")
    assert table.exit_code == 0 and "2020-W12" in table.stdout and "military" in table.stdout
    csv = cli(news_dir, "--country", "USA", "--format", "csv", "--from", "2020-03-01", "--to", "2020-03-31")
    assert csv.exit_code == 0
    assert csv.stdout.splitlines()[0] == ",".join(COLUMNS)
    quiet = cli(news_dir, "--country", "ISL")
    assert quiet.exit_code == 0 and "No articles" in quiet.stdout


@pytest.mark.parametrize(
    "arguments",
    [["--country", "XXX"], ["--field", "nonsense"], ["--by", "year"], ["--taxonomy", "v1999"]],
)
def test_cli_wrong_arguments_exit_2(news_dir: Path, arguments: list[str]) -> None:
    result = cli(news_dir, *arguments)
    assert result.exit_code == 2, result.output


def test_cli_without_a_store_fails(tmp_path: Path) -> None:
    assert cli(tmp_path / "none", "--country", "CHN").exit_code == 1


def test_api_equals_the_library(api: Any, demo_store: Store) -> None:
    url = "/api/v1/attention?country=USA&by=week&taxonomy=v2014&limit=1000"
    assert api.fresh().get(url).status_code == 401
    response = api.get(url)
    assert response.status_code == 200, response.text
    body = response.json()
    expected = attention(demo_store, country="USA", by="week", taxonomy="v2014")
    assert body["count"] == len(expected) > 0 and same(body["data"], expected)
    page = api.get("/api/v1/attention?limit=5&offset=5").json()
    assert same(page["data"], attention(demo_store)[5:10])


@pytest.mark.parametrize(
    ("query", "status"),
    [("country=CHINA", 400), ("field=nonsense", 400), ("by=year", 400), ("from=not-a-day", 422)],
)
def test_api_errors_share_one_shape(api: Any, query: str, status: int) -> None:
    response = api.get(f"/api/v1/attention?{query}")
    assert response.status_code == status
    assert set(response.json()["error"]) == {"status", "code", "message"}


def test_attention_panel_leaves_thin_months_unscored(store: Store) -> None:
    every = attention_panel(store, "USA", ("social", "military"), min_articles=1)
    thick = attention_panel(store, "USA", ("social", "military"), min_articles=20)
    assert every is not None and thick is not None
    panel, rows = every
    assert panel.keys == ("USA:military", "USA:social")  # in the taxonomy's order
    for i, key in enumerate(panel.keys):
        for period, row in rows[key].items():
            assert panel.values[i, period.ordinal - panel.start] == row["share"]
    scored = {
        panel.label(t) for t in range(panel.values.shape[1]) if not np.isnan(thick[0].series("USA:social")[t])
    }
    assert scored == {p.label for p, row in rows["USA:social"].items() if row["all_articles"] >= 20}
    assert scored and len(scored) < len(rows["USA:social"])  # 2020-03 has 27 articles, the others fewer
    assert attention_panel(store, "ISL") is None


def test_attention_rules_run_and_are_checked(news_dir: Path, tmp_path: Path) -> None:
    rule = Rule(
        id="usa-attention", title="t", perspective="USA", fields=("social",), indicator="attention_share",
        min_articles=1,
    )  # fmt: skip
    with Store.open(news_dir) as opened:
        found = run_rules(opened, [rule])
        stored = opened.execute("SELECT count(*) FROM alerts WHERE rule = 'usa-attention'").fetchone()
    assert stored is not None and stored[0] == len(found)
    assert all(a["indicator"] == "attention_share" and a["view"] == "attention" for a in found)
    bad = tmp_path / "rules.toml"
    bad.write_text('[[rule]]\nid = "x"\ntitle = "x"\nindicator = "attention_share"\npartners = ["RUS"]\n')
    with pytest.raises(InputError, match="not partners"):
        load_rules(bad)
