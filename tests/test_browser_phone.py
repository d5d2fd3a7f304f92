"""Every dashboard page on a phone (390 px wide) and on a projector-sized desk screen (1440 px), in English
and Chinese, in a real Chromium against a real uvicorn server over the demo store: no page scrolls
sideways at 390 px (wide tables and charts scroll inside their own box), the navigation collapses behind
a menu button there and stays open on the desk, and charts take the width of the page. Every page's
screenshot at both widths is saved under ``test-artifacts/screenshots/`` (``phone-...``).

Like test_browser.py: without a browser these tests skip on a developer's machine and fail under CI.
"""

from __future__ import annotations

from typing import Any

import pytest

from browser import DRAWN, STAFF, BrowserThread, Tab, path_of, signed_in

pytestmark = [pytest.mark.network, pytest.mark.slow]
PHONE, DESK = 390, 1440

# The elements wider than the window (for the failure message): the innermost ones, at most eight.
WIDER = """() => {
  const limit = window.innerWidth + 1;
  const wide = [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > limit);
  const inner = wide.filter(e => !wide.some(o => o !== e && e.contains(o)));
  return inner.slice(0, 8).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
    + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().replace(/ +/g, '.') : '')
    + ' ' + Math.round(e.getBoundingClientRect().right) + 'px');
}"""
# Tables not inside a box of their own that scrolls sideways (dashboard.js puts every table in one).
LOOSE = """() => [...document.querySelectorAll('main table')]
  .filter(t => !t.parentElement.classList.contains('table-scroll')
    || getComputedStyle(t.parentElement).overflowX !== 'auto')
  .map(t => t.id || t.className || 'table')"""
SIDEWAYS = "() => document.documentElement.scrollWidth - window.innerWidth"
# Each chart: drawn or not, the width of its box, whether it follows the box's width ("container" in
# Vega-Lite), and how far its drawing runs past the box (such a chart scrolls inside it).
CHARTS = """() => [...document.querySelectorAll('div.chart[data-spec]')].map(c => ({
  id: c.id, rendered: c.dataset.rendered || '', box: Math.round(c.getBoundingClientRect().width),
  fits: c.classList.contains('fit-x'), past: c.scrollWidth - c.clientWidth,
}))"""


def _signed_in(browser: Any, site: dict[str, Any], name: str, width: int) -> Tab:
    return signed_in(browser, site["live"].base, name, width, STAFF, site["password"])


def _visit(tab: Tab, path: str, lang: str) -> list[dict[str, Any]]:
    """Open ``path`` in ``lang``, wait until every chart is drawn (or has failed); its charts."""
    tab.open(f"{path}{'&' if '?' in path else '?'}lang={lang}")
    tab.page.wait_for_function(DRAWN, timeout=30_000)
    charts: list[dict[str, Any]] = tab.page.evaluate(CHARTS)
    return charts


def _every_page(browser: Any, site: dict[str, Any], lang: str, name: str, found: dict[str, Any]) -> None:
    phone, desk = _signed_in(browser, site, name, PHONE), _signed_in(browser, site, name, DESK)
    with phone, desk:
        for label, path in site["pages"].items():
            charts = _visit(phone, path, lang)
            assert phone.page.get_attribute("html", "lang") == lang, path
            sideways = phone.page.evaluate(SIDEWAYS)
            if sideways > 0:
                found["sideways"][label] = (sideways, phone.page.evaluate(WIDER))
            found["charts"][label] = charts
            found["loose"] += [f"{label}: {table}" for table in phone.page.evaluate(LOOSE)]
            phone.shot(f"{label}-{lang}-{PHONE}")
            _visit(desk, path, lang)
            if desk.page.evaluate(SIDEWAYS) > 0:
                found["sideways"][f"{label} at {DESK} px"] = (desk.page.evaluate(SIDEWAYS), [])
            desk.shot(f"{label}-{lang}-{DESK}")
        found["problems"] = phone.problems + desk.problems


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_no_page_scrolls_sideways_on_a_phone(
    chromium: BrowserThread, site: dict[str, Any], lang: str
) -> None:
    found: dict[str, Any] = {"sideways": {}, "charts": {}, "loose": [], "problems": []}
    chromium.run(lambda browser: _every_page(browser, site, lang, "phone", found))
    assert not found["sideways"], f"pages wider than the window (by px, widest elements): {found['sideways']}"
    assert not found["loose"], f"tables outside a scroll box: {found['loose']}"
    charts = [chart for drawn in found["charts"].values() for chart in drawn]
    assert len(charts) >= 10, found["charts"]
    assert all(chart["rendered"] == "true" for chart in charts), found["charts"]
    narrow = {label: drawn for label, drawn in found["charts"].items() if any(c["box"] < 340 for c in drawn)}
    assert not narrow, f"chart boxes narrower than the phone's page: {narrow}"
    following = [chart for chart in charts if chart["fits"]]
    assert len(following) >= 5 and all(chart["past"] <= 1 for chart in following), found["charts"]
    assert not found["problems"], found["problems"]


def _navigation(browser: Any, site: dict[str, Any], name: str, found: dict[str, Any]) -> None:
    for width in (PHONE, DESK):
        with _signed_in(browser, site, f"{name}-{width}", width) as tab:
            page = tab.open("/map?lang=zh")
            links = page.locator("nav#nav .nav-links a[href^='/alerts']")
            button = page.locator("nav#nav label.nav-button")
            found[width] = {"links": links.is_visible(), "button": button.is_visible()}
            if button.is_visible():
                button.click()
                found[width]["opened"] = links.is_visible()
                tab.shot("menu-open")
                found[width]["sideways"] = page.evaluate(SIDEWAYS)
                tab.click_to(links)
                found[width]["went"] = page.url
            found[width]["problems"] = tab.problems


def test_the_navigation_collapses_on_a_phone(chromium: BrowserThread, site: dict[str, Any]) -> None:
    found: dict[int, dict[str, Any]] = {}
    chromium.run(lambda browser: _navigation(browser, site, "phone-nav", found))
    assert found[DESK] == {"links": True, "button": False, "problems": []}, found
    phone = found[PHONE]
    assert not phone["links"] and phone["button"], found  # collapsed behind the button
    assert phone["opened"] and phone["sideways"] <= 0, found  # the button opens it, within the width
    assert path_of(phone["went"]) == "/alerts", found  # and its links lead on
    assert not phone["problems"], phone["problems"]
