"""The dashboard's pages, in process, over the store of every bundled real sample: each page needs sign-in,
shows what the library computes (index, alerts, evidence, event tags), speaks English and Chinese, keeps
its scripts local and its output escaped. The real-browser tests are in test_browser.py."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import replace
from functools import partial
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from holosec import reference
from holosec.explain import explain_event
from holosec.indicators import Selection
from holosec.indicators.evidence import evidence
from holosec.indicators.index import index_table, threat_index
from holosec.ingest import ingest_paths
from holosec.samples import gdelt_samples
from holosec.store import Store
from holosec.taxonomy.versions import resolve
from holosec.warning.watch import stored_alerts
from holosec.web.views import shape_ids

PAGES = ["/", "/map", "/alerts", "/country/CHN", "/pair/CHN/VNM", "/events/gdelt2:719025305"]
HTML = {"Accept": "text/html"}


class Parsed(HTMLParser):
    """The parts of a page the tests read: scripts, elements by id, links, and each JSON block."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.scripts: list[dict[str, str | None]] = []
        self.links: list[dict[str, str | None]] = []
        self.ids: dict[str, dict[str, str | None]] = {}
        self.blocks: dict[str, Any] = {}
        self._block: str | None = None
        self._text: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids[str(found["id"])] = {"tag": tag, **found}
        if tag == "script":
            self.scripts.append(found)
            if found.get("type") == "application/json":
                self._block, self._text = str(found["id"]), []
        if tag == "a":
            self.links.append(found)

    def handle_data(self, data: str) -> None:
        if self._block is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._block is not None:
            self.blocks[self._block] = json.loads("".join(self._text))
            self._block = None

    def hrefs(self, css_class: str) -> list[str]:
        """The hrefs of the links with ``css_class``."""
        return [str(a["href"]) for a in self.links if css_class in (a.get("class") or "").split()]


def html(api: Any, url: str, role: str = "viewer") -> Any:
    """GET ``url`` as a browser would ask for it, signed in as ``role``."""
    return api.client.get(url, headers={**api.auth(role), **HTML})


def values(spec: dict[str, Any], mark: str | None = None, shape: str | None = None) -> list[dict[str, Any]]:
    """The inline rows of a chart, or of its first layer drawn with ``mark`` (and ``shape``): a layered
    chart draws its lines over "no data" bands and its alerts over the lines. A layer without data of its
    own draws the chart's; Altair moves inline rows to ``datasets``."""
    part = spec
    if mark is not None:
        part = next(
            layer
            for layer in spec["layer"]
            if layer["mark"]["type"] == mark and (shape is None or layer["mark"].get("shape") == shape)
        )
    data = part.get("data") or spec["data"]
    rows: list[dict[str, Any]] = data["values"] if "values" in data else spec["datasets"][data["name"]]
    return rows


def page(api: Any, url: str, role: str = "viewer") -> Parsed:
    response = html(api, url, role)
    assert response.status_code == 200, response.text[:500]
    assert response.headers["content-type"].startswith("text/html")
    return Parsed(response.text)


def test_warm_builds_the_overview_a_first_reader_would_wait_for(tmp_path: Path) -> None:
    """After a follow cycle the server builds the overview in both languages (``views.warm``), so that
    the first reader after the change finds it built."""
    from holosec.web import views

    gdelt = {p.parent.name: p for p in gdelt_samples()}
    with Store.open(tmp_path / "store") as store:  # a store of its own: nothing of it is memoised yet
        ingest_paths(store, [gdelt["geomesa__geomesa-tutorials"]])
        views.warm(store)
        asked = views.View("CHN", None, None, "month", "en", views.current(store, "month"))  # as page_view
        assert views.home_view(store, "en") == replace(asked, taxonomy=views.View().taxonomy).checked()
        for lang in ("en", "zh"):
            key = ("page", "overview", views.home_view(store, lang))
            views.memo.get(store, key, partial(pytest.fail, f"the {lang} overview was not built"))


def test_pages_are_kept_until_the_store_changes(tmp_path: Path) -> None:
    """Pages are memoised per store version: asked again they are the same, and a file ingested while
    the server runs shows on the next request."""
    from fastapi.testclient import TestClient

    from holosec.server import create_app

    gdelt = {p.parent.name: p for p in gdelt_samples()}
    app = create_app(tmp_path)
    app.state.users.add("reader", "viewer")
    token = app.state.users.new_token("reader")
    headers = {"Authorization": f"Bearer {token}", **HTML}
    with TestClient(app) as client:
        ingest_paths(app.state.store, [gdelt["geomesa__geomesa-tutorials"]])

        def months() -> set[str]:
            answer = client.get("/country/USA?by=month", headers=headers)
            assert answer.status_code == 200, answer.text[:300]
            return {row["period"] for row in values(Parsed(answer.text).blocks["balance-spec"], "bar")}

        first = months()
        assert "2018-01" in first and "2015-10" not in first
        assert months() == first
        ingest_paths(app.state.store, [gdelt["narayave__Insight-GDELT-Feed"]])
        assert "2015-10" in months()


@pytest.mark.parametrize("url", PAGES)
def test_every_page_needs_sign_in(api: Any, url: str) -> None:
    response = api.fresh().get(url, headers=HTML)
    assert response.status_code == 303 and response.headers["location"] == "/login"


@pytest.mark.parametrize("url", PAGES)
def test_pages_load_only_local_scripts_and_no_inline_code(api: Any, url: str) -> None:
    parsed = page(api, url)
    for script in parsed.scripts:
        if script.get("type") == "application/json":
            continue
        assert script.get("src", "").startswith("/static/"), script
        assert api.client.get(str(script["src"])).status_code == 200
    csp = html(api, url).headers["content-security-policy"]
    assert "script-src 'self';" in csp and "unsafe" not in csp


def test_vega_bundle_is_served_locally(api: Any) -> None:
    response = api.client.get("/static/vendor/vega.js")
    assert response.status_code == 200
    assert "window.vegaEmbed" in response.text and len(response.content) > 100_000


def test_overview_strip_shows_the_library_index(api: Any, demo_store: Store) -> None:
    expected = {row["field"]: row["score"] for row in threat_index(demo_store, "CHN")}
    text = html(api, "/").text
    shown = dict(re.findall(r'data-field="([a-z_]+)" data-score="([0-9.]*)"', text))
    assert set(shown) == set(resolve("v2014").ids()) | {"overall"}
    for field, score in expected.items():
        assert shown[field] == ("" if score is None else str(score)), field
    parsed = Parsed(text)
    assert parsed.blocks["heatmap-spec"]["$schema"].startswith("https://vega.github.io/schema/vega-lite/v6")
    names = {r["a"] for r in values(parsed.blocks["coupling-spec"])}
    assert names == {f.name_en for f in resolve("v2014").fields}


def test_choosing_a_field_selects_it(api: Any) -> None:
    text = html(api, "/?field=military").text
    assert re.search(r'class="field-score selected"\s+data-field="military"', text)
    assert '<h2 id="field-title">Military security</h2>' in text


def test_chinese_names_come_from_the_taxonomy_and_stick(api: Any) -> None:
    client = api.fresh()
    headers = {**api.auth("viewer"), **HTML}
    chinese = client.get("/?lang=zh", headers=headers)
    assert '<html lang="zh">' in chinese.text
    for field in resolve("v2014").fields:
        assert field.name_zh in chinese.text
    assert "holosec_lang=zh" in chinese.headers["set-cookie"]
    again = client.get("/map", headers=headers)  # the cookie keeps the choice
    assert '<html lang="zh">' in again.text and "各国威胁指数" in again.text
    english = client.get("/map?lang=en", headers=headers)
    assert '<html lang="en">' in english.text and "Threat index by country" in english.text


def test_map_shows_the_index_table_of_every_country(api: Any, demo_store: Store) -> None:
    parsed = page(api, "/map?field=military&period=2018-01")
    table = index_table(demo_store, period="2018-01", field="military", perspective="CHN")
    links = parsed.hrefs("country-link")
    assert [href.split("?")[0] for href in links] == [f"/country/{row['country']}" for row in table]
    spec = parsed.blocks["map-spec"]
    lookup = spec["layer"][1]["transform"][0]["from"]["data"]
    shapes = {row["id"]: row for row in lookup.get("values") or spec["datasets"][lookup["name"]]}
    ids = shape_ids()
    scored = [row for row in table if row["score"] is not None and row["country"] in ids]
    assert len(shapes) == len(scored) > 10
    for row in scored:
        shown = shapes[ids[row["country"]]]
        assert shown["score"] == row["score"]
        assert shown["href"].startswith(f"/country/{row['country']}")
        assert reference.country_name(row["country"]) in shown["label"]


def test_country_page_lists_the_library_evidence(api: Any, demo_store: Store) -> None:
    parsed = page(api, "/country/CHN?field=political&period=2018-01")
    specs = parsed.blocks
    latest = max(r["period"] for r in values(specs["balance-spec"], "bar"))
    china = Selection(country="CHN", field="political", by="month", home=("CHN", "HKG", "MAC", "TWN"))
    expected = evidence(demo_store, china, latest, limit=25)
    assert parsed.hrefs("event-link") == [
        f"/events/{e['event_id'].replace(':', '%3A')}" for e in expected["data"]
    ]
    assert set(parsed.hrefs("source-link")) <= {e["source_url"] for e in expected["data"]}
    partners = [a["href"] for a in parsed.links if str(a.get("href", "")).startswith("/pair/CHN/")]
    assert partners and "/pair/CHN/VNM" in [p.split("?")[0] for p in partners]


def test_alerts_on_the_country_series_are_marked(api: Any, demo_store: Store) -> None:
    parsed = page(api, "/country/CHN")
    marks = values(parsed.blocks["series-spec"], "point", "triangle-up")
    first = min(row["start"] for row in values(parsed.blocks["series-spec"], "line"))
    expected = {
        a["alert_id"]
        for a in stored_alerts(demo_store)
        if a["view"] == "country"
        and a["country"] == "CHN"
        and a["grain"] == "month"
        and a["field"]
        and a["period_start"] >= first
    }
    assert expected and {m["href"].rsplit("/", 1)[1] for m in marks} == expected


def test_alert_filters(api: Any, demo_store: Store) -> None:
    every = stored_alerts(demo_store)
    parsed = page(api, "/alerts")
    assert len(parsed.hrefs("alert-link")) == len(every)
    vietnam = page(api, "/alerts?country=VNM")
    expected = [a for a in every if "VNM" in (a["country"], a["partner"])]
    assert expected and len(vietnam.hrefs("alert-link")) == len(expected)
    military = page(api, "/alerts?field=military")
    assert len(military.hrefs("alert-link")) == sum(a["field"] == "military" for a in every)
    reset = page(api, "/alerts?field=&country=&detector=&severity=")  # the form's "all" choices
    assert len(reset.hrefs("alert-link")) == len(every)


def test_alert_page_shows_reasoning_record_and_evidence(api: Any, demo_store: Store) -> None:
    alert = stored_alerts(demo_store)[0]
    response = html(api, f"/alerts/{alert['alert_id']}")
    parsed = Parsed(response.text)
    assert alert["reasoning"].split(";")[0] in response.text.replace("&#39;", "'")
    assert f"recall {alert['record']['recall']}" in response.text
    assert [h.split("/events/")[1].replace("%3A", ":") for h in parsed.hrefs("event-link")] == [
        e["event_id"] for e in alert["evidence"]
    ]
    line = values(parsed.blocks["alert-series-spec"], "point", "triangle-up")
    assert line[0]["value"] == alert["value"]


def test_event_page_shows_its_tags_and_rules(api: Any, demo_store: Store) -> None:
    explained = explain_event(demo_store, "gdelt2:719025305", "CHN")
    assert explained is not None
    text = html(api, "/events/gdelt2:719025305").text
    for field in explained["fields"]:
        for rule in field["rules"]:
            assert f"<code>{rule['rule']}</code>" in text
    assert explained["event"]["source_url"] in text


def test_pages_escape_what_users_type(api: Any) -> None:
    text = html(api, "/alerts?country=<b>").text.lower()
    assert "<b>" not in text and 'value="&lt;b&gt;"' in text


@pytest.mark.parametrize(
    ("url", "link"),
    [("https://a.example/x", True), ("http://a.example/", True), ("javascript:alert(1)", False),
     ("data:text/html,<script>", False), ("JaVaScRiPt:x", False), (None, False)],
)  # fmt: skip
def test_only_web_urls_from_the_data_become_links(api: Any, url: str | None, link: bool) -> None:
    """The evidence tables, event and alert pages link a source URL only when it is http(s)."""
    macros = api.app.state.templates.env.get_template("macros.html").module
    row = {"date": "2018-01-01", "event_id": "gdelt2:1", "weight": 1.0, "source_url": url, "source": "outlet"}
    rendered = str(macros.evidence_table({"data": [row]}, str, str))
    assert ("source-link" in rendered) is link
    if url and not link:
        assert f'href="{url}' not in rendered


@pytest.mark.parametrize(
    ("url", "status"),
    [("/country/XXX", 404), ("/alerts/nope", 404), ("/?field=bogus", 400), ("/?by=year", 422)],
)
def test_page_errors_are_pages_for_browsers_and_json_for_clients(api: Any, url: str, status: int) -> None:
    browser = html(api, url)
    assert browser.status_code == status and '<p id="error-message">' in browser.text
    client = api.get(url)
    assert client.status_code == status and client.json()["error"]["status"] == status


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return exc.code


@pytest.mark.network
@pytest.mark.slow
def test_demo_ends_by_serving_the_dashboard(tmp_path: Path) -> None:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "holosec", "demo", "--port", str(port), "--data-dir", str(tmp_path)]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 240
        status = 0
        while time.monotonic() < deadline and server.poll() is None:
            try:
                status = _status(f"http://127.0.0.1:{port}/login")
                break
            except OSError:
                time.sleep(0.5)
        assert status == 200
        assert _status(f"http://127.0.0.1:{port}/") in (200, 401)  # urllib follows the redirect to /login
    finally:
        server.terminate()
        said, errors = server.communicate(timeout=60)
    assert f"Dashboard: http://127.0.0.1:{port}/" in said
    assert "created the first user: admin, password" in errors
