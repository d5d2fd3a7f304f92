"""The dashboard in a real Chromium (Debian's, driven by Playwright) against a real server on loopback over
the store of every bundled real sample: sign in, the overview, switching field and language, the map to a
country, an alert to its evidence, and every page with the network cut off. Each page's screenshot is
saved under ``test-artifacts/screenshots/``.

Without a browser these tests skip on a developer's machine and fail under CI (``CI`` set), where
``.ci/run`` installs Debian's ``chromium``.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from holosec.store import Store
from holosec.taxonomy.versions import resolve

CHROMIUM = os.environ.get("HOLOSEC_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SHOTS = Path(__file__).resolve().parent.parent / "test-artifacts" / "screenshots"
RENDERED = 30_000  # ms a chart may take to draw

pytestmark = [pytest.mark.network, pytest.mark.slow]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium, headless."""
    if not Path(CHROMIUM).exists():
        message = f"no Chromium at {CHROMIUM}: install Debian's chromium package (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def server(demo_store: Store) -> Iterator[dict[str, str]]:
    """A real uvicorn server on a free loopback port over ``demo_store``, with one analyst: its base URL,
    user name and password."""
    import uvicorn

    from holosec.api import create_app

    with contextlib.redirect_stderr(io.StringIO()):
        app = create_app(demo_store.data_dir)
    password = app.state.users.add("browser-analyst", "analyst")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    running = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not running.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert running.started, "the server did not start"
    yield {"base": f"http://127.0.0.1:{port}", "user": "browser-analyst", "password": password}
    running.should_exit = True
    thread.join(timeout=30)


class Visit:
    """A signed-in browser tab that records every request and console problem of its pages."""

    def __init__(self, browser: Any, server: dict[str, str], name: str) -> None:
        self.base, self.name = server["base"], name
        self.context = browser.new_context(viewport={"width": 1366, "height": 900})
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.problems: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("pageerror", lambda error: self.problems.append(str(error)))
        self.page.on(
            "response",
            lambda response: (
                self.problems.append(f"{response.status} {response.url}") if response.status >= 400 else None
            ),
        )
        self.page.on(
            "console", lambda message: self.problems.append(message.text) if message.type == "error" else None
        )
        self.page.goto(f"{self.base}/")
        assert urlsplit(self.page.url).path == "/login"
        self.page.fill("input[name=username]", server["user"])
        self.page.fill("input[name=password]", server["password"])
        with self.page.expect_navigation():
            self.page.click("button[type=submit]")

    def open(self, path: str) -> Any:
        """Go to ``path`` and wait until it has loaded."""
        self.page.goto(f"{self.base}{path}")
        return self.page

    def charts(self, *ids: str) -> None:
        """Wait until each chart has drawn its SVG."""
        for chart in ids:
            self.page.wait_for_selector(f"#{chart}[data-rendered=true] svg", timeout=RENDERED)

    def shot(self, label: str) -> Path:
        """Save a full-page screenshot (a test artefact)."""
        SHOTS.mkdir(parents=True, exist_ok=True)
        path = SHOTS / f"{self.name}-{label}.png"
        self.page.screenshot(path=str(path), full_page=True)
        assert path.stat().st_size > 10_000
        return path

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def visit(browser: Any, server: dict[str, str], request: pytest.FixtureRequest) -> Iterator[Visit]:
    """A fresh signed-in tab for the test."""
    opened = Visit(browser, server, request.node.name)
    yield opened
    opened.close()


def path_of(page: Any) -> str:
    return urlsplit(page.url).path


def test_sign_in_and_overview(visit: Visit) -> None:
    page = visit.page
    assert path_of(page) == "/"
    visit.charts("heatmap", "coupling")
    strip = page.locator("#field-strip a.field-score")
    assert strip.count() == len(resolve("v2014").ids()) + 1  # every field and overall
    assert page.locator("#top-alerts a.alert-link").count() > 0
    assert page.locator("#heatmap svg rect, #heatmap svg path").count() > 10
    visit.shot("overview")
    assert not visit.problems, visit.problems


def test_switch_field_and_language(visit: Visit) -> None:
    page = visit.page
    military = resolve("v2014").field("military")
    with page.expect_navigation():
        page.click('#field-strip a.field-score[data-field="military"]')
    assert "field=military" in page.url
    assert "selected" in (page.get_attribute('a.field-score[data-field="military"]', "class") or "")
    assert page.inner_text("h2#field-title") == military.name_en
    visit.shot("field")
    with page.expect_navigation():
        page.click('a[data-lang="zh"]')
    assert page.get_attribute("html", "lang") == "zh"
    assert page.inner_text("h2#field-title") == military.name_zh
    assert military.name_zh in page.inner_text("#field-strip")
    visit.charts("heatmap")
    visit.shot("chinese")
    visit.open("/map")  # the choice sticks
    assert page.get_attribute("html", "lang") == "zh"
    with page.expect_navigation():
        page.click('a[data-lang="en"]')
    assert page.get_attribute("html", "lang") == "en"
    assert not visit.problems, visit.problems


def test_open_a_country_from_the_map(visit: Visit) -> None:
    page = visit.open("/map?period=2018-01")
    visit.charts("map")
    assert page.locator("#map svg path[aria-label]").count() > 20
    visit.shot("map")
    china = page.locator('#map svg path[aria-label^="China:"]').first
    with page.expect_navigation():
        china.click()
    assert path_of(page) == "/country/CHN"
    assert "China" in page.inner_text("h1")
    visit.charts("series", "balance")
    assert page.locator("#evidence a.event-link").count() > 0
    visit.shot("country")
    assert not visit.problems, visit.problems


def test_follow_an_alert_to_its_evidence(visit: Visit) -> None:
    page = visit.open("/alerts")
    visit.shot("alerts")
    with page.expect_navigation():
        page.locator("a.alert-link").first.click()
    assert path_of(page).startswith("/alerts/")
    visit.charts("alert-series")
    assert page.inner_text("#reasoning").strip() and "recall" in page.inner_text("#track-record")
    visit.shot("alert")
    with page.expect_navigation():
        page.locator("#evidence a.event-link").first.click()
    assert path_of(page).startswith("/events/")
    assert page.locator("#event-tags .rule").count() > 0
    assert page.locator("a.source-link").first.get_attribute("href", timeout=5_000).startswith("http")
    visit.shot("event")
    assert not visit.problems, visit.problems


def test_pages_load_with_the_network_cut_off(visit: Visit) -> None:
    page, base = visit.page, urlsplit(visit.base)
    blocked: list[str] = []

    def only_loopback(route: Any) -> None:
        url = urlsplit(route.request.url)
        if url.scheme in ("data", "blob") or url.netloc == base.netloc:
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    page.route("**/*", only_loopback)
    visit.requests.clear()
    pages = {
        "/": ("heatmap", "coupling"),
        "/map?period=2018-01": ("map",),
        "/country/CHN": ("series", "balance"),
        "/pair/CHN/VNM": ("series", "balance"),
        "/alerts": (),
        "/docs": (),
    }
    for path, charts in pages.items():
        visit.open(path)
        visit.charts(*charts)
    page.wait_for_selector("#swagger-ui .info", timeout=RENDERED)  # Swagger UI drew itself, offline
    visit.shot("docs-offline")
    assert not blocked, blocked
    hosts = {urlsplit(url).netloc for url in visit.requests if urlsplit(url).scheme in ("http", "https")}
    assert hosts == {base.netloc}
    assert not visit.problems, visit.problems
