"""Helpers of the browser tests: where Debian's Chromium is, Chromium in a thread of its own, a real
uvicorn server on loopback over the web app, the site every page test visits (its workspace records and
the path of every dashboard page), and a Chromium tab that records its requests and problems and saves
screenshots (test artefacts). The fixtures built on them are in conftest.py (``browser``, ``chromium``,
``live``, ``site``)."""

from __future__ import annotations

import contextlib
import io
import json
import os
import socket
import threading
import time
import urllib.request
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SHOTS = Path(__file__).resolve().parent.parent / "test-artifacts" / "screenshots"
RENDERED_MS = 30_000  # how long a chart may take to draw
# Whether every chart of the page has been drawn (or has failed: dashboard.js marks both).
DRAWN = "() => [...document.querySelectorAll('div.chart[data-spec]')].every(c => c.dataset.rendered)"


def chromium_path() -> Path:
    """Debian's Chromium (``apt-get install chromium``), or the browser named by ``HOLOSEC_CHROMIUM``."""
    return Path(os.environ.get("HOLOSEC_CHROMIUM") or "/usr/bin/chromium")


def missing_chromium() -> str | None:
    """Why the browser tests cannot run (None when they can)."""
    path = chromium_path()
    if path.is_file() and os.access(path, os.X_OK):
        return None
    return (
        f"no Chromium at {path}: install Debian's browser with 'apt-get install chromium' "
        "(.ci/run does it) or set HOLOSEC_CHROMIUM to a Chromium executable"
    )


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class BrowserThread:
    """Debian's Chromium driven from a thread of its own. Playwright's sync API allows one running
    instance per thread, and the session-wide ``browser`` fixture (conftest.py) holds the main thread's,
    so a module that launches a Chromium of its own (the ``chromium`` fixture) runs every call of its
    tests in this thread (:meth:`run`)."""

    def __init__(self) -> None:
        self.pool = ThreadPoolExecutor(1, thread_name_prefix="browser-thread")
        self.playwright: Any = None
        self.browser: Any = None

    def _launch(self) -> None:
        from playwright.sync_api import sync_playwright

        self.playwright = sync_playwright().start()
        self.browser = self.playwright.chromium.launch(
            executable_path=str(chromium_path()), args=CHROMIUM_ARGS
        )

    def _close(self) -> None:
        self.browser.close()
        self.playwright.stop()

    def run(self, steps: Callable[[Any], None]) -> None:
        """Run ``steps(browser)`` in the browser's thread; its failure is the test's."""
        self.pool.submit(steps, self.browser).result()

    def __enter__(self) -> BrowserThread:
        self.pool.submit(self._launch).result()
        return self

    def __exit__(self, *exc: object) -> None:
        self.pool.submit(self._close).result()
        self.pool.shutdown()


def web_app(data_dir: Path) -> Any:
    """The web app over the store in ``data_dir``, without printing its first admin's password."""
    from holosec.server import create_app

    with contextlib.redirect_stderr(io.StringIO()):
        return create_app(data_dir)


class LiveServer:
    """A real uvicorn server in a background thread, serving ``app`` on a free loopback port."""

    def __init__(self, app: Any) -> None:
        import uvicorn

        self.app, self.port = app, free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, name="holosec-live-server", daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 60
        while not self.server.started and self.thread.is_alive() and time.monotonic() < deadline:
            time.sleep(0.05)
        if not self.server.started:
            raise RuntimeError(f"uvicorn did not start on {self.base}")
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=30)

    def api(self, path: str, token: str) -> Any:
        """GET an API path with a bearer token; the decoded JSON."""
        request = urllib.request.Request(self.base + path, headers={"Authorization": f"Bearer {token}"})
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.load(response)


def path_of(url: str) -> str:
    """The decoded path of a URL (``/events/gdelt2%3A1`` is ``/events/gdelt2:1``)."""
    return unquote(urlsplit(url).path)


def query_of(url: str) -> dict[str, list[str]]:
    """The query parameters of a URL."""
    return parse_qs(urlsplit(url).query)


class Tab:
    """A Chromium tab in a fresh context that records every request of its pages and every problem (page
    errors, console errors, HTTP 4xx/5xx). With ``offline``, every request that does not go to the server
    is aborted (and listed in ``blocked``) from the first page on."""

    def __init__(self, browser: Any, base: str, name: str, *, offline: bool = False) -> None:
        self.base, self.name = base, name
        self.context = browser.new_context(viewport={"width": 1366, "height": 900})
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.blocked: list[str] = []
        self.problems: list[str] = []
        if offline:
            self.page.route("**/*", self._only_loopback)
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))
        self.page.on("console", self._console)
        self.page.on("response", self._response)

    def _only_loopback(self, route: Any) -> None:
        url = urlsplit(route.request.url)
        if url.scheme in ("data", "blob") or f"{url.scheme}://{url.netloc}" == self.base:
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def _console(self, message: Any) -> None:
        if message.type == "error":
            self.problems.append(f"console: {message.text}")

    def _response(self, response: Any) -> None:
        if response.status >= 400:
            self.problems.append(f"HTTP {response.status} {response.url}")

    def open(self, path: str) -> Any:
        """Go to ``path`` on the server; the page."""
        self.page.goto(self.base + path)
        return self.page

    def sign_in(self, user: str, password: str) -> Any:
        """Sign in through the login form (the tab must be on /login); the response of the page the form
        led to."""
        self.page.fill("input[name=username]", user)
        self.page.fill("input[name=password]", password)
        with self.page.expect_navigation() as navigation:
            self.page.click("button[type=submit]")
        return navigation.value

    def click_to(self, locator: Any) -> Any:
        """Click ``locator`` and wait for the page it leads to; the page."""
        with self.page.expect_navigation():
            locator.click()
        return self.page

    def charts(self, *ids: str) -> None:
        """Wait until each chart has been drawn as SVG by Vega."""
        for chart in ids:
            self.page.wait_for_selector(f"#{chart}[data-rendered=true] svg", timeout=RENDERED_MS)

    def attributes(self, selector: str, name: str) -> list[str]:
        """Attribute ``name`` of every element matching ``selector`` ('' when absent)."""
        values: list[str] = self.page.eval_on_selector_all(
            selector, f"els => els.map(e => e.getAttribute({json.dumps(name)}) || '')"
        )
        return values

    def shot(self, label: str) -> Path:
        """Save a full-page screenshot as test-artifacts/screenshots/<test>-<label>.png."""
        SHOTS.mkdir(parents=True, exist_ok=True)
        path = SHOTS / f"{self.name}-{label}.png"
        self.page.screenshot(path=str(path), full_page=True)
        assert path.stat().st_size > 5_000, f"{path} is almost empty"
        return path

    def close(self) -> None:
        self.context.close()

    def __enter__(self) -> Tab:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()


# -- the site every page test visits ----------------------------------------------------------------------

ANALYST = "browser-analyst"  # the analyst of the ``live`` server
STAFF = "site-staff"  # the commission staff member of the ``site`` server, who sees every page
AGENCY = "PH Ministry of Coasts"
# A title with no place to break, and a bare URL: both must wrap instead of widening a phone's page.
LONG_TITLE = "Maritime-militia-and-coast-guard-standoff-near-the-reef-" * 3
LONG_SUMMARY = "Seen at https://example.org/" + "very-long-path-segment/" * 12 + " and reported twice."


def fill_site(app: Any, alert: dict[str, Any]) -> tuple[str, dict[str, str]]:
    """Give ``app``'s workspace a commission staff member (``STAFF``) and one of everything a page shows
    (a case with a task, a law, a strategy); the staff member's password and the path of every dashboard
    page by label (``alert``: a stored alert with evidence, for its page and its first event's)."""
    from holosec.cases import register, service, work
    from holosec.cases.agencies import add_agency
    from holosec.regional.lenses import load_lenses

    users, workspace = app.state.users, app.state.workspace
    add_agency(workspace, AGENCY, "ministry")
    password: str = users.add(STAFF, "commission-staff")
    staff = users.get(STAFF)
    case = service.create_case(
        workspace, staff, title=LONG_TITLE, summary=LONG_SUMMARY, fields=["military"], countries=["VNM"]
    )
    work.add_task(workspace, staff, case["id"], "Check-the-fleet's-positions-" * 3, due_on=date(2026, 12, 15))
    law = register.add_law(
        workspace, staff, title="Coast Guard Law of the phone layout test", fields=["military"], agency=AGENCY
    )
    strategy = register.add_strategy(
        workspace,
        staff,
        kind="strategy",
        title="Calm the reef",
        summary=LONG_SUMMARY,
        owner_agency=AGENCY,
        status="adopted",
        adopted_on=date(2018, 1, 1),
        targets=[{"country": "CHN", "field": "political"}],
        laws=[law["id"]],
    )
    pages = {
        "overview": "/",
        "map": "/map",
        "country": "/country/CHN",
        "pair": "/pair/CHN/VNM",
        "region": "/region",
        "principles": "/region/principles",
        "lenses": "/lenses",
        "lens": f"/lenses/{load_lenses()[0].id}",
        "exposure": "/exposure",
        "alerts": "/alerts",
        "alert": f"/alerts/{alert['alert_id']}",
        "event": f"/events/{alert['evidence'][0]['event_id']}",
        "cases": "/cases",
        "case": f"/cases/{case['id']}",
        "inbox": "/inbox",
        "strategies": "/strategies",
        "strategy": f"/strategies/{strategy['id']}",
        "laws": "/laws",
        "agencies": "/agencies",
        "method": "/method",
        "method-index": "/method/index",
        "method-regional": "/method/regional",
        "status": "/status",
        "review": "/review",
    }
    return password, pages


def signed_in(browser: Any, base: str, name: str, width: int, user: str, password: str) -> Tab:
    """A fresh tab ``width`` px wide, signed in as ``user`` (close it, or use it as a context manager)."""
    tab = Tab(browser, base, name)
    tab.page.set_viewport_size({"width": width, "height": 900})
    tab.open("/login")
    tab.sign_in(user, password)
    return tab
