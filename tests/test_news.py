"""``holosec ingest news``: analysts' own news files (JSON lines, CSV, RSS, Atom) stored as articles, with the
countries the gazetteer finds in English and Chinese; real headlines of CrisisLex and THUCNews
(tests/data/news/PROVENANCE.md)."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from holosec.cli import app
from holosec.ingest.news import ingest_news
from holosec.sources.news import guess_language, html_text
from holosec.store import Store
from holosec.text.gazetteer import codes, find_countries

NEWS = Path(__file__).parent / "data" / "news"
JSONL, CSV, RSS, ATOM = (
    NEWS / name for name in ("crisislex.jsonl", "thucnews.csv", "crisislex.rss", "thucnews.atom")
)


def ingest(data_dir: Path, *paths: Path) -> tuple[int, dict[str, Any]]:
    result = CliRunner().invoke(
        app, ["ingest", "news", *map(str, paths), "--data-dir", str(data_dir), "--json"]
    )
    return result.exit_code, json.loads(result.stdout)


def articles(data_dir: Path, where: str = "true") -> list[dict[str, Any]]:
    with Store.open(data_dir) as store:
        cursor = store.execute(f"SELECT * FROM articles WHERE {where} ORDER BY published_at")
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def test_jsonl_bad_line_and_bad_date_are_quarantined_and_counted(data_dir: Path) -> None:
    code, summary = ingest(data_dir, JSONL)
    assert code == 3
    assert (summary["rows_read"], summary["rows_stored"], summary["rows_quarantined"]) == (7, 5, 2)
    with Store.open(data_dir) as store:
        reasons = store.execute("SELECT line_no, reason FROM quarantine ORDER BY line_no").fetchall()
    assert reasons[0][0] == 2 and reasons[0][1].startswith("invalid JSON")
    assert reasons[1] == (5, "unparseable published date: 'the day after the raid'")
    rows = articles(data_dir)
    first = rows[0]
    assert first["source"] == "news" and first["article_id"].startswith("news:")
    assert first["published_at"] == datetime(2012, 9, 5, 15, 6, 23) and first["date"] == date(2012, 9, 5)
    assert first["source_name"] == "twitter.com" and first["num_articles"] == 1
    assert first["countries"] == ["CRI"] and first["language"] == "en"
    assert first["licence"] == "user-supplied news" and first["source_file"] == "crisislex.jsonl"
    assert first["themes"] is None and first["location_fips"] is None
    found = {row["title"][:20]: row["countries"] for row in rows}
    assert found["Hong Kong billionair"][:2] == ["HKG", "FRA"]
    assert found["#Syrian #helicopter "] == ["SYR", "LBN"]  # BEIRUT (Reuters)


def test_rerun_of_the_same_file_is_skipped(data_dir: Path) -> None:
    ingest(data_dir, JSONL)
    code, summary = ingest(data_dir, JSONL)
    assert code == 0 and summary["files_skipped"] == 1 and summary["rows_read"] == 0
    assert len(articles(data_dir)) == 5


def test_csv_chinese_countries_given_and_found(data_dir: Path) -> None:
    code, summary = ingest(data_dir, CSV)
    assert code == 0 and summary["rows_stored"] == 5
    rows = articles(data_dir)
    assert [row["countries"] for row in rows] == [["PRK", "KOR"], ["USA", "JPN"], ["RUS"], ["TWN"], ["USA"]]
    assert {row["language"] for row in rows} == {"zh"}
    assert rows[0]["summary"] is None and rows[0]["source_name"] == "news.example.cn"


def test_rss_and_atom_feeds(data_dir: Path) -> None:
    code, summary = ingest(data_dir, RSS, ATOM)
    assert code == 0 and summary["rows_stored"] == 6
    rss = articles(data_dir, "source_file = 'crisislex.rss'")
    assert rss[0]["source_name"] == "CrisisLex tweets"
    assert rss[0]["summary"].startswith("RT “@BreakingNews: Magnitude 7.9") and "<p>" not in rss[0]["summary"]
    assert rss[1]["countries"] == ["PHL"]
    atom = articles(data_dir, "source_file = 'thucnews.atom'")
    assert atom[0]["published_at"] == datetime(2011, 1, 20, 0, 0)
    assert (
        atom[0]["summary"] == "朝鲜向禁航区发射炮弹 韩国做火力还击"
        and atom[0]["source_name"] == "THUCNews 时政"
    )
    assert [row["countries"] for row in atom] == [["PRK", "KOR"], ["USA", "JPN"], ["RUS"]]


def test_news_articles_are_tagged_from_their_title_and_text(data_dir: Path) -> None:
    with Store.open(data_dir) as store:
        ingest_news(store, [CSV])
        rules = store.execute(
            "SELECT a.title, t.field, t.rule FROM articles a JOIN article_tags t USING (article_id) "
            "WHERE a.source = 'news'"
        ).fetchall()
    assert rules and all(rule.startswith("text.news.") for _, _, rule in rules)
    fields = {title: field for title, field, _ in rules}
    # A submarine-launched missile test reads as military.
    assert fields["俄罗斯新型战略核潜艇成功试射布拉瓦洲际导弹"] == "military"


def test_script_tag_in_a_title_stays_text(data_dir: Path, tmp_path: Path) -> None:
    title = "<script>alert('x')</script> 朝鲜向禁航区发射炮弹"
    path = tmp_path / "script.jsonl"
    path.write_text(
        json.dumps({"title": title, "published": "2011-01-01", "url": "https://a.example/1"}) + "\n"
    )
    rss = tmp_path / "script.rss"
    rss.write_text(
        '<rss version="2.0"><channel><title>t</title><item><title>&lt;script&gt;alert(1)&lt;/script&gt; Quake'
        "</title><description>&lt;p&gt;Quake &lt;script&gt;steal()&lt;/script&gt;&lt;/p&gt;</description>"
        "<pubDate>Tue, 16 Apr 2013 14:00:00 GMT</pubDate></item></channel></rss>"
    )
    code, _ = ingest(data_dir, path, rss)
    assert code == 0
    rows = articles(data_dir)
    assert rows[0]["title"] == title and rows[0]["countries"] == ["PRK"]
    assert rows[1]["title"] == "<script>alert(1)</script> Quake" and rows[1]["summary"] == "Quake"


@pytest.mark.parametrize(
    ("record", "reason"),
    [
        ({"published": "2013-04-20"}, "no title and no text"),
        ({"title": "Quake"}, "no published date"),
        (
            {"title": "Quake", "published": "2013-04-20", "country": "China"},
            "country is not an ISO3 code: 'China'",
        ),
        (
            {"title": "Q" * 3_000, "published": "2013-04-20"},
            "field too long: title (3,000 characters; at most 2,000)",
        ),
        (
            {"title": "Quake", "published": "2013-04-20", "url": "javascript:alert(1)"},
            "url is not an http(s)",
        ),
        (["a list"], "not a JSON object"),
    ],
)
def test_bad_records_are_quarantined_with_their_reason(
    data_dir: Path, tmp_path: Path, record: Any, reason: str
) -> None:
    path = tmp_path / "bad.ndjson"
    good = {"title": "Typhoon Haiyan hits the Philippines", "published": "2013-11-08T00:00:00Z"}
    path.write_text(json.dumps(good) + "\n" + json.dumps(record) + "\n")
    code, summary = ingest(data_dir, path)
    assert code == 3 and (summary["rows_stored"], summary["rows_quarantined"]) == (1, 1)
    assert summary["files_list"][0]["first_problem"].startswith(f"line 2: {reason}")


def test_not_utf8_and_binary_files_fail_clearly(data_dir: Path, tmp_path: Path) -> None:
    latin = tmp_path / "latin.jsonl"
    latin.write_bytes('{"title": "Québec", "published": "2013-01-01"}\n'.encode("latin-1"))
    binary = tmp_path / "image.csv"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\0\0\0")
    code, summary = ingest(data_dir, latin, binary)
    assert code == 1 and summary["files_failed"] == 2
    errors = [report["error"] for report in summary["files_list"]]
    assert "not UTF-8 text" in errors[0] and "binary file" in errors[1]


def test_same_url_again_replaces_the_earlier_article(data_dir: Path) -> None:
    ingest(data_dir, JSONL)
    code, summary = ingest(data_dir, RSS)
    assert code == 0 and summary["rows_replaced"] == 3
    assert len(articles(data_dir)) == 5


def test_gazetteer_covers_the_world_and_matches_with_care() -> None:
    assert len(codes()) >= 200 and {"CHN", "USA", "PRK", "TWN", "HKG", "MAC"} <= codes()
    assert find_countries("Talks between the US and the DPRK in Beijing") == ["USA", "PRK", "CHN"]
    assert find_countries("the bus took us to Guinea-Bissau, not Papua New Guinea") == ["GNB", "PNG"]
    assert find_countries("南苏丹与苏丹 印度尼西亚 内蒙古 中非合作论坛") == ["SSD", "SDN", "IDN", "CHN"]
    assert find_countries("Japanese and Chinese envoys in Washington") == ["JPN", "CHN", "USA"]


def test_language_guess_and_html_text() -> None:
    assert guess_language("美国要求日本对共同开发拦截导弹放宽出口政策") == "zh"
    assert guess_language("IMF urges US to lift debt ceiling 美国") == "en"
    assert html_text("<p>a &lt;b&gt; <img src=x onerror=alert(1)>c</p>") == "a <b> c"
