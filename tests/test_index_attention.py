"""Attention over months: news about a field moves that field's threat score, even a field without events,
and the default attention rule raises an alert on it with the articles behind it as evidence.

The store holds every bundled real sample (``run_demo``) and a news file written here from real texts of
the training corpus (CrisisLexT26 tweets on disasters, THUCNews headlines on sport and entertainment), dated
and placed by this test: 30 articles a month naming each of four countries, November 2014 to October
2015, a tenth of them on disasters, except China in October 2015, where half are. The texts are real;
only their dates and countries are made up, which is what ``holosec ingest news`` allows (``country`` is
optional input).
"""

from __future__ import annotations

import csv
import gzip
import json
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from markupsafe import escape

from holosec.briefings.content import build_briefing
from holosec.demo import run_demo
from holosec.indicators.attention import MIN_ARTICLES, attention
from holosec.indicators.index import ATTENTION, Index
from holosec.ingest.news import ingest_news
from holosec.store import Store
from holosec.warning.watch import ATTENTION as ATTENTION_SHARE
from holosec.warning.watch import load_rules, run_rules, stored_alerts

CORPUS = Path(__file__).resolve().parent.parent / "training" / "text" / "corpus.tsv.gz"
COUNTRIES = ("CHN", "USA", "JPN", "RUS")
MONTHS = tuple(f"2014-{m:02d}" for m in range(11, 13)) + tuple(f"2015-{m:02d}" for m in range(1, 11))
PER_MONTH = 30


def _texts() -> dict[str, list[str]]:
    """Real English disaster tweets and real Chinese sport/entertainment headlines, in corpus order."""
    found: dict[str, list[str]] = {"ecological": [], "none": []}
    with gzip.open(CORPUS, "rt", encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            if row["source"] == "crisislex_t26" and row["label"] == "ecological":
                found["ecological"].append(row["text"])
            elif row["source"] == "thucnews" and row["label"] == "none":
                found["none"].append(row["text"])
    return found


def _news(path: Path) -> Path:
    texts = _texts()
    taken = {"ecological": 0, "none": 0}
    lines = []
    for month in MONTHS:
        for country in COUNTRIES:
            disasters = PER_MONTH // 2 if (country, month) == ("CHN", "2015-10") else PER_MONTH // 10
            for i in range(PER_MONTH):
                label = "ecological" if i < disasters else "none"
                text = texts[label][taken[label]]
                taken[label] += 1
                lines.append(
                    json.dumps(
                        {
                            "title": text,
                            "url": f"https://news.example/{country}/{month}/{i}",
                            "published": f"{month}-{1 + i % 28:02d}",
                            "country": country,
                        },
                        ensure_ascii=False,
                    )
                )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    root = tmp_path_factory.mktemp("index-attention")
    with Store.open(root / "store") as opened:
        run_demo(opened)
        summary = ingest_news(opened, [_news(root / "news.jsonl")])
        assert summary.exit_code == 0
        yield opened


@pytest.fixture(scope="module")
def index(store: Store) -> Index:
    return Index.of_store(store)


def test_every_country_month_has_attention(store: Store, index: Index) -> None:
    rows = [r for r in attention(store, field="ecological") if r["period"] in MONTHS]
    assert {(r["period"], r["country"]) for r in rows} >= {(m, c) for m in MONTHS for c in COUNTRIES}
    assert all(r["all_articles"] >= MIN_ARTICLES for r in rows if r["country"] in COUNTRIES)
    for month in MONTHS:
        for country in COUNTRIES:
            assert index.history.value(month, country, "ecological", ATTENTION) is not None


def test_a_surge_of_news_on_a_field_raises_its_score(index: Index) -> None:
    """China's ecological share jumps from about a tenth to about a half in October 2015: its attention
    scores high against its own past and its peers, and the field's score rises above the other three
    countries' ecological scores that month."""
    rows = {r["field"]: r for r in index.rows("CHN", "2015-10")}
    part = rows["ecological"]["components"][ATTENTION]
    assert part["value"] > 0.3 and part["own"] > 8.5 and part["peers"] > 8.5
    before = {r["field"]: r for r in index.rows("CHN", "2015-09")}["ecological"]["components"][ATTENTION]
    assert before["value"] < 0.2
    others = [
        next(r for r in index.rows(c, "2015-10") if r["field"] == "ecological")["score"]
        for c in COUNTRIES[1:]
    ]
    assert rows["ecological"]["score"] > max(s for s in others if s is not None)
    assert (
        rows["ecological"]["articles"] > PER_MONTH // 4
    )  # of 15 disaster tweets, some weight goes elsewhere


def test_a_field_without_events_is_scored_from_its_news(index: Index) -> None:
    """A field that no event of the month touches gets a score from attention alone (with intensity 0),
    shrunk by its article weight, and counts in the overall score."""
    month, checked = "2015-10", 0
    for country in COUNTRIES:
        rows = index.rows(country, month)
        for row in rows[:-1]:
            if row["events"] > 0 or not row["articles"]:
                continue
            assert row["score"] is not None, row["field"]
            assert row["components"][ATTENTION]["score"] is not None
            weight = row["articles"] / (row["articles"] + index.method.shrink)
            raw = [c["score"] for c in row["components"].values() if c["score"] is not None]
            assert min(raw) - 0.01 <= 5 + (row["score"] - 5) / weight <= max(raw) + 0.01
            assert row["field"] in rows[-1]["components"]  # its share of the overall weight
            checked += 1
    assert checked, f"every field with articles had events in {month}: the test needs one that has none"


@pytest.mark.parametrize("country", COUNTRIES)
def test_raising_attention_never_lowers_the_score(index: Index, country: str) -> None:
    month, field = "2015-10", "ecological"
    current = index.history.value(month, country, field, ATTENTION)
    assert current is not None
    scores = []
    # down to 0: a percentile moves when the value passes other values (the top of the range saturates)
    for x in sorted({max(0.0, current + d) for d in (-1.0, -0.2, -0.05, 0.0, 0.05, 0.2, 0.5)}):
        fresh = Index(
            index.history.with_value(month, country, field, ATTENTION, x), index.method, index.taxonomy
        )
        by = {s.field: s.score for s in fresh.scorer.country(month, country)}
        scores.append((by[field], by["overall"]))
    for (f1, o1), (f2, o2) in pairwise(scores):
        assert f2 >= f1 - 1e-12 and o2 >= o1 - 1e-12
    assert scores[-1][0] > scores[0][0]


def test_without_articles_the_index_is_the_event_index(demo_store: Store, index: Index) -> None:
    """Attention only adds: a month before the news (nor any month of its baseline holds articles) scores
    exactly as in the store without them."""
    plain = Index.of_store(demo_store)
    assert plain.rows("CHN", "2014-05") == index.rows("CHN", "2014-05")
    assert plain.rows("CHN", "2015-10") != index.rows("CHN", "2015-10")


@pytest.fixture(scope="module")
def alert(store: Store) -> dict[str, Any]:
    """The shipped attention rule run over the store: its alert on China's ecological news of 2015-10."""
    rules = [r for r in load_rules() if r.indicator == ATTENTION_SHARE]
    assert [r.id for r in rules] == ["home-fields-attention"] and rules[0].perspective == "CHN"
    run_rules(store, rules)
    alerts = [a for a in stored_alerts(store, country="CHN") if a["rule"] == rules[0].id]
    return next(a for a in alerts if a["field"] == "ecological" and a["period"] == "2015-10")


def test_the_default_attention_rule_alerts_with_articles_as_evidence(alert: dict[str, Any]) -> None:
    """China's disaster news of October 2015 raises the shipped attention rule's alert on the ecological
    field, and its evidence is the disaster tweets naming China that month, heaviest first."""
    texts = set(_texts()["ecological"])
    assert alert["direction"] == "up" and alert["view"] == "attention"
    evidence = alert["evidence"]
    assert 0 < len(evidence) <= 10
    assert all(e["title"] in texts and e["date"].startswith("2015-10") for e in evidence)
    assert all("/CHN/2015-10/" in e["source_url"] for e in evidence)
    weights = [e["weight"] for e in evidence]
    assert weights == sorted(weights, reverse=True) and weights[0] > 0.5


def test_the_alert_page_shows_the_share_and_the_articles(store: Store, alert: dict[str, Any]) -> None:
    from fastapi.testclient import TestClient

    from holosec.server import create_app

    app = create_app(store.data_dir)
    app.state.users.add("attention-reader", "viewer")
    token = app.state.users.new_token("attention-reader")
    with TestClient(app) as client:
        page = client.get(f"/alerts/{alert['alert_id']}", headers={"Authorization": f"Bearer {token}"})
    assert page.status_code == 200, page.text
    html = page.text
    table = html[html.index('id="evidence"') :]
    first = alert["evidence"][0]
    assert str(escape(first["title"])) in table and f'href="{first["source_url"]}"' in table
    assert "/events/" not in table  # articles, not events
    assert "Articles (field weight)" in html
    assert '"attention_share"' in html  # the chart plots the share, its series up to the alert


def test_the_briefing_reads_the_news_and_cites_the_articles(store: Store) -> None:
    briefing = build_briefing(store, period="2015-10")
    section = next(s for s in briefing["situation"]["fields"] if s["field"] == "ecological")
    assert any(sentence.startswith("In the news: ") for sentence in section["sentences"])
    cited = {row["ref"]: row for row in briefing["appendix"]}
    titles = [cited[ref]["title"] for ref in section["evidence"]["refs"] if cited[ref]["event_id"] is None]
    assert titles and set(titles) <= set(_texts()["ecological"])
    chinese = build_briefing(store, period="2015-10", lang="zh")
    section = next(s for s in chinese["situation"]["fields"] if s["field"] == "ecological")
    assert any(sentence.startswith("新闻关注") for sentence in section["sentences"])


def test_a_case_opens_from_an_attention_alert(alert: dict[str, Any], tmp_path: Path) -> None:
    """The case cites the alert and its series; the articles stay on the alert's page (a case's evidence
    is alerts, events and series)."""
    from holosec.cases.agencies import add_agency
    from holosec.cases.people import UserStore
    from holosec.cases.service import alert_to_case, get_case

    users = UserStore(tmp_path)
    add_agency(users.workspace, "Secretariat", "ministry")
    users.add("analyst", "agency-analyst", "Secretariat")
    analyst = users.get("analyst")
    assert analyst is not None
    made = alert_to_case(users.workspace, analyst, alert)
    case = get_case(users.workspace, analyst, made["id"])
    assert [e["kind"] for e in case["evidence"]] == ["alert", "series"]
    assert case["fields"] == ["ecological"] and case["period"] == "2015-10"
