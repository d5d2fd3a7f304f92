# ruff: noqa: RUF001
"""The regional pages (/region, /region/principles, /lenses, /lenses/{id}, /exposure) read as designed
views in both languages, over the demo store: groupings and countries by name, never an ISO3 code as
visible text (outside ``translate="no"``), principle tables with worded headings and rounded values,
and the sample-size flag on numbers that rest on few events."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

import pytest

from holosec import reference
from holosec.presentation.i18n import word
from holosec.regional.lenses import load_lenses
from holosec.regional.matrix import region_matrix
from holosec.regional.principles import principles
from holosec.store import Store
from holosec.web.regional_views import THIN

PAGES = [
    "/region",
    "/region/principles",
    "/lenses",
    "/lenses/neighbourhood",
    "/lenses/multilateral",
    "/exposure",
]
CODE = re.compile(r"\b[A-Z]{3}\b")
LATIN = re.compile(r"[A-Za-z]{2,}")
ACRONYMS = {"GDELT", "ICEWS", "CAMEO", "PLOVER", "ACLED", "UCDP", "POLECAT", "ISO", "holosec", "English"}


class _Reader(HTMLParser):
    """The text a reader meets in ``<main>``: without scripts, styles and elements marked
    ``translate="no"``; cells of tables by row."""

    def __init__(self) -> None:
        super().__init__()
        self.pieces: list[str] = []
        self.skipping: list[str] = []
        self.inside = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "main":
            self.inside = True
        hidden = self.skipping or tag in ("script", "style") or dict(attrs).get("translate") == "no"
        if hidden and tag not in ("br", "img", "input", "meta", "link"):
            self.skipping.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self.skipping and self.skipping[-1] == tag:
            self.skipping.pop()
        if tag == "main":
            self.inside = False

    def handle_data(self, data: str) -> None:
        if self.inside and not self.skipping and data.strip():
            self.pieces.append(" ".join(data.split()))


def visible(html: str) -> str:
    reader = _Reader()
    reader.feed(html)
    return "\n".join(reader.pieces)


def get(api: Any, url: str) -> str:
    """A page through a fresh client (the language cookie of ``?lang=`` stays with it)."""
    answer = api.fresh().get(url, headers={**api.auth("viewer"), "Accept": "text/html"})
    assert answer.status_code == 200, (url, answer.status_code)
    return str(answer.text)


def _rows(html: str, table_id: str) -> list[str]:
    """The rows of one table (by id), as the visible text of each."""
    start = html.index(f'id="{table_id}"')
    body = html[start : html.index("</table>", start)]
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    return [visible(f"<main>{row}</main>") for row in rows[1:]]


@pytest.mark.parametrize("path", PAGES)
def test_chinese_pages_name_countries_and_groupings_in_chinese(api: Any, path: str) -> None:
    html = get(api, f"{path}?lang=zh")
    text = visible(html)
    codes = sorted({c for c in CODE.findall(text) if reference.country_name(c) is not None})
    assert not codes, f"ISO3 codes shown as text on {path}: {codes}"
    english = sorted({w for w in LATIN.findall(text) if w not in ACRONYMS})
    assert not english, f"English words on {path}: {english}"
    if path.startswith("/region"):
        assert "亚洲相互协作与信任措施会议（亚信）" in text
        assert "Conference on Interaction" not in html
        assert "中国" in text and "哈萨克斯坦" in text
        assert 'href="/method/regional"' in html and "docs/regional-method.md" not in text
    if path == "/lenses":
        assert all(lens.description_zh and lens.description_zh in text for lens in load_lenses())
    if path == "/exposure":
        assert "公民" in text and "资产" in text and "巴基斯坦" in text
        assert re.search(r'<span translate="no">Sample [^<]+</span>', html)


@pytest.mark.parametrize(("grouping", "name"), [("ASEAN", "东南亚国家联盟（东盟）"), ("SCO", "上海合作组织")])
def test_every_grouping_has_its_chinese_name(api: Any, grouping: str, name: str) -> None:
    text = visible(get(api, f"/region?grouping={grouping}&lang=zh"))
    assert f"地区：{name}" in text
    for short in ("东盟", "上合组织", "金砖国家", "欧盟", "北约", "四方安全对话", "南盟", "亚信"):
        assert short in text  # the selector names every grouping


def test_english_pages_keep_english_names(api: Any) -> None:
    text = visible(get(api, "/region?lang=en"))
    assert "Region: Conference on Interaction and Confidence-Building Measures in Asia" in text
    assert "China" in text and "亚信" not in text
    lenses = visible(get(api, "/lenses?lang=en"))
    assert all(lens.description in lenses for lens in load_lenses())


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_principles_are_tables_in_words(api: Any, demo_store: Store, lang: str) -> None:
    found = principles(demo_store, "CICA", period="2015-06")
    assert found["no_expense"] and found["cooperative"]  # the tables below have rows
    html = get(api, f"/region/principles?period=2015-06&lang={lang}")
    text = visible(html)
    for raw in ("None", "False", "True", "neighbour_threat_before", "conflict_a", "neighbour_threat"):
        assert raw not in text, raw
    assert not re.search(r"\d\.\d{3,}", text), re.findall(r"\S*\d\.\d{3,}\S*", text)
    headings = re.findall(r"<th>([^<]*)</th>", html)
    assert word("rg_col_threat_before", lang) in headings and word("rg_col_flag", lang) in headings
    assert all(not re.fullmatch(r"[a-z_0-9]+", h) for h in headings), headings
    for key in ("equal_security", "no_expense", "alliance", "cooperative", "sustainable"):
        assert word(f"rg_what_{key}", lang, rise="50%", periods=6) in text
    yes_no = {word("rg_yes", lang), word("rg_no", lang)}
    flags = [row.split("\n")[-1] for row in _rows(html, "principle-no_expense")]
    assert flags and set(flags) <= yes_no
    china = next(r for r in found["cooperative"] if r["country"] == "CHN")
    [row] = [r for r in _rows(html, "principle-cooperative") if reference.country_label("CHN", lang) in r]
    assert f"{china['share'] * 100:.0f}%" in row


def _thin(row: str, lang: str) -> bool:
    return word("rg_thin", lang) in row.split("\n")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_pairs_on_few_events_are_marked_thin(api: Any, demo_store: Store, lang: str) -> None:
    pairs = region_matrix(demo_store, "CICA")["pairs"]
    big = max(pairs, key=lambda p: p["events"])
    assert big["events"] >= THIN
    small = [p for p in pairs if p["period"] == big["period"] and p["events"] < THIN]
    assert small, "the period of the biggest pair has small pairs too"
    html = get(api, f"/region?period={big['period']}&lang={lang}")
    rows = _rows(html, "region-pairs")

    def row_of(pair: dict[str, Any]) -> str:
        names = f"{reference.country_label(pair['a'], lang)} – {reference.country_label(pair['b'], lang)}"
        return next(r for r in rows if r.startswith(names))

    assert not _thin(row_of(big), lang) and f"{big['events']:,.0f}" in row_of(big)
    assert _thin(row_of(small[0]), lang) and f"{small[0]['events']:,.0f}" in row_of(small[0])
    assert word("rg_thin_legend", lang, limit=THIN) in visible(html)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_members_on_few_events_are_marked_thin(api: Any, demo_store: Store, lang: str) -> None:
    rows = principles(demo_store, "CICA", period="2015-06")["cooperative"]
    big = max(rows, key=lambda r: r["events"])
    small = min(rows, key=lambda r: r["events"])
    assert big["events"] >= THIN > small["events"]
    shown = _rows(get(api, f"/region/principles?period=2015-06&lang={lang}"), "principle-cooperative")

    def row_of(code: str) -> str:
        return next(r for r in shown if r.startswith(reference.country_label(code, lang) + "\n"))

    assert not _thin(row_of(big["country"]), lang)
    assert _thin(row_of(small["country"]), lang)
