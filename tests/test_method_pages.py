# ruff: noqa: RUF001
"""The method pages (/method, /method/index, /method/regional): signed in, in English and Chinese, the
method's numbers read from its files, and a score of the period worked out from the demo store."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest

from holosec.indicators.index import Index, Method, evidence_level
from holosec.indicators.thin import FLOOR_EVENTS, THIN_EVENTS, is_thin
from holosec.perspective import load_perspective
from holosec.regional.principles import settings
from holosec.store import Store

PAGES = ("/method", "/method/index", "/method/regional")
PERIOD = "2015-10"  # the demo's busiest month (docs/index-method.md)
# Words that may stay in Latin letters on a Chinese page: the sources' and standards' acronyms.
ACRONYMS = {"GDELT", "ICEWS", "CAMEO", "PLOVER", "ACLED", "UCDP", "POLECAT", "ISO", "API", "PDF", "HTML"}


def main_text(page: str) -> str:
    """The visible text of a page's ``<main>``, without the elements marked ``translate="no"``."""
    found = re.search(r"<main>(.*)</main>", page, re.S)
    assert found, "the page has no <main>"
    body = re.sub(r"<(\w+)[^>]*translate=\"no\"[^>]*>.*?</\1>", " ", found.group(1), flags=re.S)
    body = re.sub(r"</?(strong|em|code|a|span)\b[^>]*>", "", body)  # inline: no space of their own
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def chinese(api: Any, url: str) -> str:
    """``url`` in Chinese from a client without the language cookie of earlier requests."""
    response = api.fresh().get(url, headers=api.auth("viewer"))
    assert response.status_code == 200, response.text[:300]
    return str(response.text)


@pytest.mark.parametrize("url", PAGES)
def test_method_pages_need_sign_in(api: Any, url: str) -> None:
    response = api.fresh().get(url, headers={"Accept": "text/html"})  # as a browser asks
    assert response.status_code == 303 and response.headers["location"] == "/login"


def test_the_list_links_to_each_method_page(api: Any) -> None:
    listed = api.get(f"/method?period={PERIOD}")
    assert listed.status_code == 200
    links = re.findall(r'<a class="method-link" href="([^"]+)">([^<]+)</a>', listed.text)
    assert [html.unescape(href) for href, _ in links] == [
        f"/method/index?period={PERIOD}",
        f"/method/regional?period={PERIOD}",
    ]
    page = api.get(html.unescape(links[0][0]))
    assert page.status_code == 200
    assert links[0][1] == "How the threat index is made" and f"<h1>{links[0][1]}</h1>" in page.text


def test_the_index_page_says_what_a_score_means(api: Any) -> None:
    page = api.get(f"/method/index?period={PERIOD}&lang=en").text
    text = main_text(page)
    assert "from 0 (least threatening) to 10 (most threatening)" in text
    assert "5 is the neutral value." in text
    assert "It does not mean that there was as much cooperation as conflict" in text
    method = Method.load()
    weights = re.findall(r"<tr>\s*<td>(\w[\w ]*)</td>\s*<td>[^<]*</td>\s*<td>([\d.]+)</td>", page)
    assert dict(weights)["volume"] == f"{method.weights['volume']:g}" == "0.4"
    assert f"From {FLOOR_EVENTS:g} to under {THIN_EVENTS:g} events the score is shown but marked thin" in text
    assert "$" not in text  # every slot of the prose was filled


def test_the_index_page_works_out_a_score_of_the_period(api: Any, demo_store: Store) -> None:
    page = api.get(f"/method/index?period={PERIOD}&lang=en").text
    index = Index.of_store(demo_store, home=load_perspective("CHN").home_set)
    rows = index.rows("CHN", PERIOD)
    *fields, overall = rows
    scored = [r for r in fields if r["score"] is not None]
    busiest = max(scored, key=lambda r: r["events"] + r["articles"])
    text = main_text(page)
    assert f"Worked example: China, {PERIOD}" in text
    assert f"Step by step: {index.names[busiest['field']]}, the field resting on the most events" in text
    assert f"5) = {busiest['score']:.2f}." in text  # the worked score is the index's score
    assert (
        f"the mean of the {len(scored)} field scores, each weighted by its r, is {overall['score']:.2f}"
        in text
    )
    # the page keeps its period in every link: other periods, the language switch, the country page
    assert 'href="/method/index?period=2015-09"' in page
    assert f'href="/method/index?period={PERIOD}&amp;lang=zh"' in page
    assert f'href="/country/CHN?period={PERIOD}"' in page
    assert f'href="/api/v1/index?period={PERIOD}"' in page
    assert api.get(f"/api/v1/index?period={PERIOD}").json()["data"][-1]["score"] == overall["score"]


def test_a_period_without_events_says_so(api: Any) -> None:
    page = api.get("/method/index?period=1999-01&lang=en").text
    assert "No events of China in 1999-01: there is no score to work out." in main_text(page)


@pytest.mark.parametrize("url", [f"{p}?period={PERIOD}&lang=zh" for p in PAGES])
def test_chinese_pages_have_no_english_of_ours(api: Any, url: str) -> None:
    text = main_text(chinese(api, url))
    english = {w for w in re.findall(r"[A-Za-z]{2,}", text) if w not in ACRONYMS}
    assert not english, f"English words on {url}: {sorted(english)}"
    cjk = r"[\u4e00-\u9fff]"
    assert not re.search(rf"{cjk}[(),:;]|[(),:;]{cjk}", text), "half-width punctuation beside Chinese"


def test_chinese_index_page_explains_the_scale(api: Any) -> None:
    text = main_text(chinese(api, f"/method/index?period={PERIOD}&lang=zh"))
    assert "分值从 0（威胁最低）到 10（威胁最高）" in text
    assert "5 是中性值。" in text and "加权事件" in text and "覆盖率" in text
    assert f"证据在 {FLOOR_EVENTS:g} 起以上、不足 {THIN_EVENTS:g} 起时" in text
    assert "实例演示：中国，2015年10月" in text
    assert "逐步计算：政治安全" in text


def test_regional_page_states_the_principles_numbers(api: Any) -> None:
    found = settings()
    english = main_text(api.get(f"/method/regional?period={PERIOD}&lang=en").text)
    rise = f"{float(found['no_expense']['rise']):.0%}"
    assert f"its activity rose by at least {rise} (or from nothing)" in english
    assert "+1 is all cooperation" in english and "$" not in english
    zh = main_text(chinese(api, f"/method/regional?period={PERIOD}&lang=zh"))
    assert f"其活动上升至少 {rise}" in zh and "五项原则的量化指标" in zh


def test_thin_is_the_index_rule() -> None:
    method = Method.load()
    assert (method.min_events, method.floor) == (THIN_EVENTS, FLOOR_EVENTS)
    for evidence in (0.5, 1.0, 3.0, 4.99, 5.0, 12.0):
        assert is_thin(evidence) == (evidence_level(6.0, evidence, method) != "sufficient")
