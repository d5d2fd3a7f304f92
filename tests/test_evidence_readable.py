"""Evidence an analyst can read, on the real bundled samples: every row says who did what to whom in
English or Chinese, with the outlet and a headline (the URL slug's words when that is all there is); the
Chinese CAMEO table covers every code; CLI, API and pages show words, keeping hash ids as links."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from typer.testing import CliRunner

from holosec import reference
from holosec.cli import app
from holosec.errors import InputError
from holosec.explain import QUALITY_FLAGS
from holosec.indicators import Selection
from holosec.indicators.evidence import MAX_LIMIT, evidence
from holosec.ingest import ingest_paths
from holosec.ingest.news import ingest_news
from holosec.presentation.i18n import WORDS
from holosec.reference.tables import _rows
from holosec.samples import gdelt_samples
from holosec.sources.plover import crosswalk
from holosec.store import Store
from holosec.text.headline import slug_headline

CJK = re.compile(r"[\u4e00-\u9fff]")
ASCII_LETTER = re.compile(r"[A-Za-z]")
READABLE = {"event_id", "date", "actor1_name", "actor2_name", "what", "headline", "outlet", "url"}
CHN = Selection(country="CHN", by="month")
USA = Selection(country="USA", by="month")


def _chinese(text: str | None) -> bool:
    return bool(text) and bool(CJK.search(str(text))) and not ASCII_LETTER.search(str(text))


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower().removeprefix("www.")


def test_every_cameo_code_has_a_chinese_label() -> None:
    codes = [row[0].strip() for row in _rows("CAMEO.eventcodes.txt")[1:]]
    assert len(codes) >= 300
    labels = {code: reference.event_label(code, "zh") for code in codes}
    assert all(_chinese(label) for label in labels.values()), [
        c for c, v in labels.items() if not _chinese(v)
    ]
    assert labels["190"] == "使用常规军事武力" and labels["138"] == "以武力相威胁"
    assert labels["042"] == "出访" and labels["036"] == "表达会谈意愿"
    # CAMEO 106 runs into the line of 1056 in GDELT's file; both read on their own.
    assert (
        reference.event_label("106") == "Demand withdrawal"
        and reference.event_label("106", "zh") == "要求撤军"
    )
    assert "106" not in str(reference.event_label("1056"))
    assert all(reference.event_label(code) for code in codes)


def test_every_plover_type_has_english_and_chinese_words() -> None:
    kinds = {row.event for row in crosswalk()}
    assert len(kinds) == 16
    for kind in kinds:
        assert reference.plover_label(kind) and _chinese(reference.plover_label(kind, "zh")), kind
    assert all(reference.event_label(row.cameo, "zh") for row in crosswalk())


def test_chn_evidence_says_what_happened_in_english_and_chinese(demo_store: Store) -> None:
    english = evidence(demo_store, CHN, "2015-06", limit=100)
    chinese = evidence(demo_store, CHN, "2015-06", limit=100, lang="zh")
    assert english["count"] > 20 and english["lang"] == "en" and chinese["lang"] == "zh"
    # The same events in the same order: the language changes the words, not the ranking.
    assert [e["event_id"] for e in english["data"]] == [e["event_id"] for e in chinese["data"]]
    for en, zh in zip(english["data"], chinese["data"], strict=True):
        assert set(en) >= READABLE and set(zh) >= READABLE
        assert en["what"] and not CJK.search(en["what"]), en
        assert _chinese(zh["what"]), zh
        assert en["event"] == zh["event"] and en["event_code"] == zh["event_code"]
    by_code = {e["event_code"]: e for e in chinese["data"]}
    assert any(e["actor1_name"] == "中国" or e["actor2_name"] == "中国" for e in chinese["data"])
    assert any(e["actor1_name"] == "China" or e["actor2_name"] == "China" for e in english["data"])
    assert all(reference.event_label(code, "zh") == e["what"] for code, e in by_code.items() if code)


def test_gdelt_rows_carry_outlet_and_a_headline_from_the_slug(demo_store: Store) -> None:
    found = evidence(demo_store, USA, "2018-01", limit=50)
    linked = [e for e in found["data"] if e["url"]]
    assert len(linked) >= 40
    assert all(e["url"] == e["source_url"] and e["outlet"] == _host(e["url"]) for e in linked)
    titled = [e for e in linked if e["headline"]]
    assert len(titled) >= len(linked) * 0.7
    for e in titled:
        assert e["headline"] == slug_headline(e["url"])
        words = re.sub(r"[^a-z0-9]+", " ", e["url"].lower())
        assert all(word.lower() in words for word in e["headline"].split()), e
    assert not any(
        e["actor1_name"] and e["actor1_name"].isupper() and len(e["actor1_name"]) > 3 for e in linked
    )


def test_slug_headlines_read_as_headlines() -> None:
    assert slug_headline("https://x.com/news/china-vietnam-clash-at-sea-123") == "China vietnam clash at sea"
    assert slug_headline("http://www.bna.bh/portal/en/news/554276") is None
    assert slug_headline("http://www.example.com/zz/news/20171231/5-denver-deputies-shot-1-fatally") == (
        "5 denver deputies shot 1 fatally"
    )


def test_an_unknown_language_is_an_input_error(demo_store: Store) -> None:
    with pytest.raises(InputError, match="lang"):
        evidence(demo_store, CHN, "2015-06", lang="fr")


def test_cli_shows_words_not_hash_ids(demo_store: Store) -> None:
    args = ["evidence", "--country", "USA", "--period", "2018-01", "--limit", "5"]
    runner = CliRunner()
    table = runner.invoke(app, [*args, "--lang", "zh", "--data-dir", str(demo_store.data_dir)])
    assert table.exit_code == 0, table.output
    found = json.loads(
        runner.invoke(app, [*args, "--lang", "zh", "--json", "--data-dir", str(demo_store.data_dir)]).stdout
    )
    assert found["lang"] == "zh" and len(found["data"]) == 5
    for row in found["data"]:
        assert set(row) >= READABLE
        assert row["event_id"] not in table.stdout
        assert row["what"] in table.stdout and row["date"] in table.stdout
        assert str(row["headline"] or row["outlet"]) in table.stdout


def test_api_words_rows_in_the_asked_language(api: Any) -> None:
    answer = api.get("/api/v1/evidence?country=CHN&period=2015-06&lang=zh&limit=10")
    assert answer.status_code == 200, answer.text
    rows = answer.json()["data"]
    assert rows and all(set(row) >= READABLE and _chinese(row["what"]) for row in rows)
    english = api.get("/api/v1/evidence?country=CHN&period=2015-06&limit=10").json()["data"]
    assert [r["event_id"] for r in rows] == [r["event_id"] for r in english]
    assert all(r["what"] and not CJK.search(r["what"]) for r in english)
    assert api.get("/api/v1/evidence?country=CHN&period=2015-06&lang=fr").status_code == 422


def test_every_quality_flag_has_words() -> None:
    for flag in QUALITY_FLAGS:
        phrases = WORDS[f"quality_{flag}"]
        assert phrases["en"] and _chinese(phrases["zh"].replace("CAMEO", "")), flag


def test_the_event_page_reads_without_code_or_python(demo_store: Store, api: Any) -> None:
    event_id = demo_store.scalar(
        "SELECT event_id FROM events WHERE source = 'gdelt2' AND list_contains(quality, 'no_actor_country') "
        "AND tone IS NOT NULL AND source_url LIKE 'http%' ORDER BY event_id LIMIT 1"
    )
    assert event_id
    found = demo_store.execute(
        "SELECT tone, source_url FROM events WHERE event_id = ?", [event_id]
    ).fetchone()
    assert found is not None
    tone, url = found
    client = api.fresh()  # a page asked in Chinese keeps the language in a cookie: none may leak
    for lang, flag_words in (("en", "no actor country"), ("zh", "缺少行为体国家")):
        page = client.get(f"/events/{event_id}?lang={lang}", headers=api.auth("viewer"))
        assert page.status_code == 200, page.text
        record = page.text[page.text.index('id="event-record"') :]
        assert "['" not in record and "[]" not in record
        assert flag_words in record
        assert f"{tone:.1f}" in record and repr(tone) not in record
        summary = page.text[page.text.index('id="event-summary"') : page.text.index('id="event-tags"')]
        assert _host(url) in summary and f'href="{url}"' in summary
    what = reference.event_label(
        demo_store.scalar("SELECT event_code FROM events WHERE event_id = ?", [event_id]), "zh"
    )
    assert str(what) in client.get(f"/events/{event_id}?lang=zh", headers=api.auth("viewer")).text


def test_the_evidence_table_links_the_headline_and_the_record(api: Any) -> None:
    macros = api.app.state.templates.env.get_template("macros.html").module
    row = {
        "date": "2015-06-01",
        "event_id": "gdelt2:1",
        "weight": 1.0,
        "actor1_name": "China",
        "actor2_name": "Vietnam",
        "what": "Threaten to use military force",
        "place": "Hanoi",
        "headline": "China vietnam clash at sea",
        "outlet": "x.com",
        "url": "https://www.x.com/news/china-vietnam-clash-at-sea-123",
        "source_url": "https://www.x.com/news/china-vietnam-clash-at-sea-123",
        "source": "gdelt2",
    }
    rendered = str(macros.evidence_table({"data": [row]}, str, str))
    assert 'href="https://www.x.com/news/china-vietnam-clash-at-sea-123"' in rendered
    assert ">China vietnam clash at sea</a>" in rendered and "x.com" in rendered
    shown = re.sub(r"<[^>]+>", "", rendered)  # the text a reader sees (names sit in translate="no" spans)
    assert "China → Vietnam" in shown and "Threaten to use military force" in shown
    assert ">gdelt2:1<" not in rendered and 'href="/events/gdelt2%3A1"' in rendered


def test_a_stored_article_title_is_the_headline(tmp_path: Path) -> None:
    """When ``holosec ingest news`` stored the article an event cites, its real title is the headline."""
    sample = next(p for p in gdelt_samples() if p.name == "events.csv")
    with Store.open(tmp_path / "store") as store:
        assert ingest_paths(store, [sample]).exit_code == 0
        row = store.execute(
            "SELECT source_url, date, actor1_country FROM events WHERE source_url LIKE 'http%' "
            "AND actor1_country IS NOT NULL ORDER BY event_id LIMIT 1"
        ).fetchone()
        assert row is not None
        url, day, country = row
        title = "Envoys meet as tensions ease"
        news = tmp_path / "news.jsonl"
        news.write_text(json.dumps({"title": title, "url": url, "published": day.isoformat()}) + "\n")
        assert ingest_news(store, [news]).exit_code == 0
        found = evidence(store, Selection(country=country, by="day"), day.isoformat(), limit=MAX_LIMIT)
        cited = [e for e in found["data"] if e["url"] == url]
        assert cited and all(e["headline"] == title for e in cited)
        assert all(e["headline"] != title for e in found["data"] if e["url"] != url)
