"""The dashboard in a real Chromium (Debian's, driven by Playwright) against a real uvicorn server on
loopback over the store of every bundled real sample: sign in, the overview, switching field and language,
the map to a country and a pair, an alert to its evidence and event, and every page with the network cut
off. Each page's screenshot is saved under ``test-artifacts/screenshots/``.

Without a browser these tests skip on a developer's machine and fail under CI (``CI`` set), where
``.ci/run`` installs Debian's ``chromium``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest

from browser import ANALYST, Tab, path_of, query_of
from holosec import reference
from holosec.taxonomy.versions import resolve

pytestmark = [pytest.mark.network, pytest.mark.slow]
TAXONOMY = resolve("v2014")
# Event tags are stored with v2023 ids; a page names a field its version lacks by its v2023 name.
FINEST = resolve("v2023")
# The menu's links carry the page's period (?period=...), so they are matched by how they begin.
NAV_LINKS = ('a[href^="/?"]', 'a[href^="/map"]', 'a[href^="/alerts"]', "a[data-lang=zh]", "a[data-lang=en]")


@pytest.fixture(scope="session")
def alerts(live: dict[str, Any]) -> list[dict[str, Any]]:
    """Every stored alert, from the API of the live server."""
    found: list[dict[str, Any]] = live["server"].api("/api/v1/alerts?limit=500", live["token"])["data"]
    assert found, "the demo store has no alerts"
    return found


@pytest.fixture
def tab(browser: Any, live: dict[str, Any], request: pytest.FixtureRequest) -> Iterator[Tab]:
    """A fresh tab, signed in as the analyst, on the overview."""
    with Tab(browser, live["server"].base, request.node.name) as opened:
        opened.open("/")
        opened.sign_in(ANALYST, live["password"])
        yield opened


def scored_field(live: dict[str, Any]) -> str:
    """The field in which China has a score on most events in the latest period (so the map draws China
    and its pages list evidence)."""
    rows = live["server"].api("/api/v1/index?perspective=CHN", live["token"])["data"]
    scored = [row for row in rows if row["score"] is not None and row["field"] in TAXONOMY.ids()]
    assert scored, rows
    return str(max(scored, key=lambda row: row["events"])["field"])


def with_evidence(alerts: list[dict[str, Any]]) -> dict[str, Any]:
    return next(alert for alert in alerts if alert["evidence"])


def test_every_page_needs_sign_in_then_login_leads_to_the_overview(
    browser: Any, live: dict[str, Any], alerts: list[dict[str, Any]], request: pytest.FixtureRequest
) -> None:
    alert = with_evidence(alerts)
    event = alert["evidence"][0]["event_id"]
    pages = ["/", "/map", "/country/CHN", "/pair/CHN/VNM", "/alerts", f"/alerts/{alert['alert_id']}"]
    with Tab(browser, live["server"].base, request.node.name) as signed_out:
        for path in [*pages, f"/events/{event}"]:
            assert path_of(signed_out.open(path).url) == "/login", path
        signed_out.shot("login")
        response = signed_out.sign_in(ANALYST, live["password"])
        assert path_of(response.url) == "/"
        redirect = response.request.redirected_from
        assert redirect is not None and path_of(redirect.url) == "/login"
        assert redirect.method == "POST" and redirect.response().status == 303
        assert signed_out.page.locator("#field-strip").count() == 1
        assert not signed_out.problems, signed_out.problems


def test_overview(tab: Tab, alerts: list[dict[str, Any]]) -> None:
    page = tab.page
    assert path_of(page.url) == "/"
    assert page.get_attribute("html", "lang") == "en"
    for link in NAV_LINKS:
        assert page.locator(f"nav#nav {link}").count() > 0, link
    dashboard = ("/", "/map", "/alerts", "/region", "/lenses", "/exposure")
    menu = [href for href in tab.attributes("nav#nav .nav-links a", "href") if path_of(href) in dashboard]
    periods = {query_of(href).get("period", [""])[0] for href in menu}
    assert {path_of(href) for href in menu} == set(dashboard) and len(periods) == 1, menu  # one period
    assert re.fullmatch(r"\d{4}-\d{2}", periods.pop()), menu
    zh = page.get_attribute("nav#nav a[data-lang=zh]", "href") or ""
    assert path_of(zh) == "/" and query_of(zh)["lang"] == ["zh"]
    tab.charts("heatmap", "coupling")
    assert page.locator("#heatmap svg rect, #heatmap svg path").count() > 10
    fields = [f for f in tab.attributes("#field-strip a.field-score", "data-field") if f in TAXONOMY.ids()]
    assert fields == list(TAXONOMY.ids())
    for field in TAXONOMY.ids():
        item = page.locator(f'#field-strip a.field-score[data-field="{field}"]')
        assert TAXONOMY.field(field).name_en in item.inner_text()
        href = item.get_attribute("href") or ""
        assert path_of(href) == "/" and query_of(href)["field"] == [field], href
    linked = [path_of(href) for href in tab.attributes("#top-alerts a.alert-link", "href")]
    assert linked and set(linked) <= {f"/alerts/{alert['alert_id']}" for alert in alerts}, linked
    scripts = tab.attributes("script[src]", "src") + tab.attributes("link[rel=stylesheet]", "href")
    assert scripts and all(src.startswith("/static/") for src in scripts), scripts
    assert set(tab.attributes("script:not([src])", "type")) <= {"application/json"}
    tab.shot("overview")
    assert not tab.problems, tab.problems


def test_switch_field_and_language(tab: Tab) -> None:
    page, military = tab.page, TAXONOMY.field("military")
    tab.click_to(page.locator('#field-strip a.field-score[data-field="military"]'))
    assert path_of(page.url) == "/" and query_of(page.url)["field"] == ["military"]
    selected = tab.attributes("#field-strip a.field-score.selected", "data-field")
    assert selected == ["military"]
    assert page.inner_text("h2#field-title").strip() == military.name_en
    tab.charts("heatmap", "coupling")
    tab.shot("field")
    tab.click_to(page.locator("nav#nav a[data-lang=zh]"))
    assert page.get_attribute("html", "lang") == "zh"
    assert path_of(page.url) == "/" and query_of(page.url)["field"] == ["military"]
    assert page.inner_text("h2#field-title").strip() == military.name_zh
    for field in TAXONOMY.ids():
        item = page.locator(f'#field-strip a.field-score[data-field="{field}"]')
        assert TAXONOMY.field(field).name_zh in item.inner_text(), field
    tab.charts("heatmap", "coupling")
    tab.shot("chinese")
    tab.open("/map")  # no lang in the query: the choice sticks
    assert page.get_attribute("html", "lang") == "zh"
    en = page.get_attribute("nav#nav a[data-lang=en]", "href") or ""
    assert path_of(en) == "/map" and query_of(en)["lang"] == ["en"]
    tab.click_to(page.locator("nav#nav a[data-lang=en]"))
    assert page.get_attribute("html", "lang") == "en"
    tab.open("/")
    assert page.get_attribute("html", "lang") == "en"
    assert not tab.problems, tab.problems


def test_open_a_country_from_the_map_then_a_pair(tab: Tab, live: dict[str, Any]) -> None:
    page, field = tab.page, scored_field(live)
    tab.open(f"/map?field={field}")
    tab.charts("map")
    assert page.input_value("select[name=field]") == field
    fallback = [path_of(href) for href in tab.attributes("#map-table a.country-link", "href")]
    assert "/country/CHN" in fallback, fallback
    china = page.locator('#map svg path[aria-label*="China"]')
    assert china.count() == 1, tab.attributes("#map svg path[aria-label]", "aria-label")
    tab.shot("map")
    tab.click_to(china)
    assert path_of(page.url) == "/country/CHN"
    assert "China" in page.inner_text("h1")
    tab.charts("series", "balance")
    events = tab.attributes("#evidence a.event-link", "href")
    assert events and all(path_of(href).startswith("/events/") for href in events), events
    sources = tab.attributes("#evidence a.source-link", "href")  # ICEWS records carry no URL
    assert all(urlsplit(href).scheme in ("http", "https") for href in sources), sources
    reports = page.locator("#evidence td.report").all_inner_texts()
    assert len(reports) == len(events) and all(report.strip() for report in reports), reports
    partners = [path_of(href) for href in tab.attributes("#partners a", "href")]
    assert partners and all(href.startswith("/pair/CHN/") for href in partners), partners
    tab.shot("country")
    other = partners[0].rsplit("/", 1)[1]
    tab.click_to(page.locator(f'#partners a[href^="{partners[0]}"]').first)
    assert path_of(page.url) == partners[0]
    heading = page.inner_text("h1")
    assert "China" in heading and str(reference.country_name(other)) in heading, heading
    tab.charts("series", "balance")
    rows = page.locator("#evidence tbody tr")
    links = page.locator("#evidence a.event-link").count()
    assert rows.count() > 0 and (links == rows.count() or "No events" in rows.first.inner_text())
    tab.shot("pair")
    assert not tab.problems, tab.problems


def test_follow_an_alert_to_its_evidence(
    tab: Tab, live: dict[str, Any], alerts: list[dict[str, Any]]
) -> None:
    page = tab.open("/alerts")
    listed = [path_of(href) for href in tab.attributes("li.alert a.alert-link", "href")]
    assert set(listed) == {f"/alerts/{alert['alert_id']}" for alert in alerts}
    page.select_option("select[name=field]", "political")
    page.fill("input[name=country]", "CHN")
    tab.click_to(page.locator("form:has(input[name=country]) [type=submit]"))
    filtered = {path_of(href) for href in tab.attributes("li.alert a.alert-link", "href")}
    chinese = [a for a in alerts if "CHN" in (a["country"], a["partner"])]
    expected = {f"/alerts/{a['alert_id']}" for a in chinese if a["field"] == "political"}
    assert filtered == expected
    tab.shot("alerts")
    alert = with_evidence([a for a in alerts if f"/alerts/{a['alert_id']}" in filtered] or alerts)
    tab.click_to(page.locator(f'li.alert a.alert-link[href^="/alerts/{alert["alert_id"]}"]').first)
    assert path_of(page.url) == f"/alerts/{alert['alert_id']}"
    tab.charts("alert-series")
    assert alert["reasoning"] in " ".join(page.inner_text("#reasoning").split())
    assert page.inner_text("#track-record").strip()
    linked = [path_of(href) for href in tab.attributes("#evidence a.event-link", "href")]
    assert set(linked) == {f"/events/{e['event_id']}" for e in alert["evidence"]}
    tab.shot("alert")
    tab.click_to(page.locator("#evidence a.event-link").first)
    event_id = path_of(page.url).removeprefix("/events/")
    explained = live["server"].api(f"/api/v1/events/{event_id}", live["token"])
    assert event_id in page.inner_text("#event-record")
    tags = page.inner_text("#event-tags")
    assert explained["fields"], explained
    for tag in explained["fields"]:
        assert (tag["field"] if tag["family"] else FINEST.field(tag["field"]).name_en) in tags, tag
        assert all(rule["rule"] in tags for rule in tag["rules"]), tag
    if explained["event"]["source_url"]:  # GDELT records carry one, ICEWS records none
        assert tab.attributes("a.source-link", "href")[0] == explained["event"]["source_url"]
    else:
        assert not tab.attributes("a.source-link", "href")
    tab.shot("event")
    assert not tab.problems, tab.problems


def test_pages_load_with_the_network_cut_off(
    browser: Any,
    live: dict[str, Any],
    alerts: list[dict[str, Any]],
    request: pytest.FixtureRequest,
) -> None:
    alert = with_evidence(alerts)
    field = scored_field(live)
    pages = {
        "overview": ("/", ("heatmap", "coupling")),
        "chinese": ("/?field=military&lang=zh", ("heatmap", "coupling")),
        "map": (f"/map?field={field}&lang=en", ("map",)),
        "country": ("/country/CHN", ("series", "balance")),
        "pair": ("/pair/CHN/VNM", ("series", "balance")),
        "alerts": ("/alerts", ()),
        "alert": (f"/alerts/{alert['alert_id']}", ("alert-series",)),
        "event": (f"/events/{alert['evidence'][0]['event_id']}", ()),
    }
    with Tab(browser, live["server"].base, request.node.name, offline=True) as offline:
        offline.open("/login")
        offline.shot("login")
        offline.sign_in(ANALYST, live["password"])
        for label, (path, charts) in pages.items():
            offline.open(path)
            offline.charts(*charts)
            offline.shot(label)
        offline.open("/docs")
        offline.page.wait_for_selector("#swagger-ui .info", timeout=30_000)  # Swagger UI drew itself
        offline.shot("docs")
        assert not offline.blocked, offline.blocked
        network = [url for url in offline.requests if urlsplit(url).scheme not in ("data", "blob")]
        assert len(network) > len(pages)
        assert {urlsplit(url).hostname for url in network} == {"127.0.0.1"}, network
        assert not offline.problems, offline.problems
