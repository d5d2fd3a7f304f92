# ruff: noqa: RUF001
"""The dashboard reads in the reader's language and explains its numbers: the page shell's context line
in words, periods as a Chinese reader writes them, countries by name, detectors and severities in words,
the alert chart's axis and evidence in the page's language, and what a threat index number means."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from typing import Any

import pytest

from holosec.store import Store
from holosec.text.headline import what_happened
from holosec.warning.watch import stored_alerts

HTML = {"Accept": "text/html"}


class Page(HTMLParser):
    """A page's visible text with every ``translate="no"`` element taken out, its elements' text by id,
    and its JSON blocks."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text: list[str] = []
        self.by_id: dict[str, list[str]] = {}
        self.blocks: dict[str, Any] = {}
        self.hrefs: list[str] = []
        self._stack: list[tuple[str, bool, str | None]] = []
        self._script: str | None = None
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("href"):
            self.hrefs.append(str(found["href"]))
        if tag == "script" and found.get("type") == "application/json":
            self._script = found.get("id")
        if tag in ("meta", "link", "input", "br", "img"):
            return
        hidden = found.get("translate") == "no" or tag in ("script", "style", "title")
        self._stack.append((tag, hidden, found.get("id")))

    def handle_endtag(self, tag: str) -> None:
        self._script = None
        while self._stack:
            if self._stack.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self.blocks[self._script] = json.loads(data)
            return
        for _, _, ident in self._stack:
            if ident:
                self.by_id.setdefault(ident, []).append(data)
        if not any(hidden for _, hidden, _ in self._stack):
            self.text.append(data)

    def visible(self) -> str:
        return " ".join(" ".join(self.text).split())

    def of(self, ident: str) -> str:
        return " ".join(" ".join(self.by_id.get(ident, [])).split())


def chinese(api: Any, url: str) -> Page:
    """A page in Chinese, asked by a client of its own (the language cookie must not leak)."""
    response = api.fresh().get(url, headers={**api.auth("commission-admin"), **HTML})
    assert response.status_code == 200, response.text[:500]
    return Page(response.text)


def english(api: Any, url: str) -> Page:
    response = api.fresh().get(url, headers={**api.auth("commission-admin"), **HTML})
    assert response.status_code == 200, response.text[:500]
    return Page(response.text)


@pytest.mark.parametrize(
    "url", ["/?lang=zh", "/country/CHN?lang=zh", "/pair/CHN/VNM?lang=zh", "/map?lang=zh"]
)
def test_the_context_line_says_country_taxonomy_grain_and_role_in_words(api: Any, url: str) -> None:
    page = chinese(api, url)
    text = page.visible()
    assert "视角：中国 · 2014年版领域体系（11个领域） · 按月" in text
    assert "（委员会管理员）" in text
    assert "CHN" not in text and "v2014" not in text and "month" not in text
    assert "commission-admin" not in text


def test_the_context_line_in_english() -> None:
    from holosec.web.views import View, shell_words

    words = shell_words(View(lang="en", by="week"), "agency-analyst")
    assert words == {
        "perspective": "Perspective: China",
        "taxonomy": "2014 taxonomy (11 fields)",
        "grain": "weekly",
        "role": " (agency analyst)",
    }


def test_periods_read_as_a_chinese_reader_writes_them(api: Any) -> None:
    overview = chinese(api, "/?lang=zh&period=2015-12")
    text = overview.visible()
    assert "总览：中国 2015年12月" in text
    assert overview.of("coverage").startswith("2015年12月数据来源：ICEWS（")
    assert "截至2015年12月的预警" in overview.of("alerts-period")
    assert "2015-12" not in text  # the period form's choices too
    country = chinese(api, "/country/CHN?lang=zh&period=2015-12")
    assert "2015年12月全部领域所依据的事件" in country.visible()
    assert "2015-12" not in country.visible()


def test_countries_are_named_in_chinese(api: Any) -> None:
    pair = chinese(api, "/pair/CHN/VNM?lang=zh")
    assert "中国–越南" in pair.visible() and "CHN" not in pair.visible()
    country = chinese(api, "/country/CHN?lang=zh")
    assert "越南" in country.of("partners") and "Vietnam" not in country.of("partners")
    world = chinese(api, "/map?lang=zh&period=2015-12")
    assert "越南" in world.of("map-table") and "Vietnam" not in world.of("map-table")
    spec = world.blocks["map-spec"]
    assert "越南" in json.dumps(spec, ensure_ascii=False) and '"Vietnam"' not in json.dumps(spec)


def test_alerts_say_detector_and_severity_in_words(api: Any, demo_store: Store) -> None:
    alert = stored_alerts(demo_store)[0]
    listed = chinese(api, "/alerts?lang=zh").visible()
    assert "骤增检测" in listed and "严重程度：高" in listed
    assert "surge" not in listed and " high" not in listed
    shown = chinese(api, f"/alerts/{alert['alert_id']}?lang=zh").visible()
    assert alert["detector"] == "surge" and alert["severity"] == "high"
    assert "骤增检测的历史检验" in shown and "严重程度：高" in shown
    english_page = english(api, f"/alerts/{alert['alert_id']}?lang=en").visible()
    assert "high severity" in english_page and "surge (level jump)" in english_page


def test_the_alert_chart_names_its_indicator_in_the_readers_language(api: Any, demo_store: Store) -> None:
    alert = next(a for a in stored_alerts(demo_store) if a["indicator"] == "conflict_events")
    page = chinese(api, f"/alerts/{alert['alert_id']}?lang=zh")
    spec = page.blocks["alert-series-spec"]
    lines = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "line")
    assert lines["encoding"]["y"]["title"] == "冲突事件数"
    assert spec["usermeta"]["indicator"] == "conflict_events"  # the code stays, for tools
    again = english(api, f"/alerts/{alert['alert_id']}?lang=en").blocks["alert-series-spec"]
    lines = next(layer for layer in again["layer"] if layer["mark"]["type"] == "line")
    assert lines["encoding"]["y"]["title"] == "conflict events"


def test_the_alert_evidence_is_worded_in_chinese_from_its_codes(api: Any, demo_store: Store) -> None:
    alert = next(a for a in stored_alerts(demo_store) if a["view"] != "attention" and a["evidence"])
    page = chinese(api, f"/alerts/{alert['alert_id']}?lang=zh")
    table = page.of("evidence")
    first = alert["evidence"][0]
    expected = what_happened({"event_code": first["event_code"], "event": first["event"]}, "zh")
    assert expected and re.search(r"[\u4e00-\u9fff]", expected)
    assert expected in table
    assert first["event"] not in table  # the English stored at alert time is not shown


@pytest.mark.parametrize("url", ["/?lang=zh", "/country/CHN?lang=zh", "/map?lang=zh"])
def test_every_index_number_is_explained_with_a_link_to_the_method(api: Any, url: str) -> None:
    page = chinese(api, url)
    note = page.of("index-note")
    assert "5表示“与往常相当”" in note and "事件不足5起" in note and "指数编制方法" in note
    assert any(href.startswith("/method/index") for href in page.hrefs)


def test_the_english_index_explanation_and_link(api: Any) -> None:
    page = english(api, "/country/CHN?lang=en&taxonomy=v2020")
    note = page.of("index-note")
    assert "5 means “as usual”" in note and "fewer than 5 events" in note
    assert "How the index is made" in note
    assert any(href.startswith("/method/index?taxonomy=v2020") for href in page.hrefs)


def test_the_sign_in_form_speaks_the_readers_language(api: Any) -> None:
    client = api.fresh()
    form = client.get("/login?lang=zh", headers=HTML)
    page = Page(form.text)
    assert form.status_code == 200 and '<html lang="zh">' in form.text
    assert "用户名" in page.visible() and "密码" in page.visible() and "User name" not in page.visible()
    assert form.cookies.get("holosec_lang") == "zh"  # the pages after signing in keep the language
    # a wrong password is refused in the language chosen (the same client: the cookie carries it)
    token = re.search(r'name="(csrf[^"]*)" value="([^"]+)"', form.text)
    assert token is not None
    refused = client.post(
        "/login", data={"username": "nobody", "password": "wrong", token[1]: token[2]}, headers=HTML
    )
    assert refused.status_code == 401 and "用户名或密码错误" in refused.text
    english = api.fresh().get("/login", headers=HTML)
    assert '<html lang="en">' in english.text and "User name" in Page(english.text).visible()
