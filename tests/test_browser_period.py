"""One period across the dashboard in a real Chromium (Debian's, driven by Playwright) against a real
uvicorn server over the store of every bundled real sample: a period picked on the overview is carried,
link by link, to a country page and on to a pair page, at a desk (1440 px) and a phone (390 px) width.
Screenshots are saved under ``test-artifacts/screenshots/``.

Without a browser these tests skip on a developer's machine and fail under CI (``CI`` set).
"""

from __future__ import annotations

from typing import Any

import pytest

from browser import ANALYST, Tab, path_of, query_of
from holosec.indicators.coverage import current_period
from holosec.store import Store

pytestmark = [pytest.mark.network, pytest.mark.slow]
PICKED = "2014-05"  # not the current period (2015-12), so a page that drops it shows


def _period_of(tab: Tab) -> list[str]:
    return query_of(tab.page.url).get("period", [])


@pytest.mark.parametrize("width", [1440, 390])
def test_the_period_picked_on_the_overview_is_carried_to_a_country_and_a_pair(
    browser: Any, live: dict[str, Any], demo_store: Store, width: int, request: pytest.FixtureRequest
) -> None:
    with Tab(browser, live["server"].base, request.node.name) as tab:
        page = tab.page
        page.set_viewport_size({"width": width, "height": 900})
        tab.open("/")
        tab.sign_in(ANALYST, live["password"])
        current = current_period(demo_store)
        assert current != PICKED
        assert page.inner_text("h1 small").strip() == current
        assert current in page.inner_text("#coverage")
        form = page.locator("form.filters").first
        form.locator("select[name=period]").select_option(PICKED)
        tab.click_to(form.locator("button[type=submit]"))
        assert path_of(page.url) == "/" and _period_of(tab) == [PICKED]
        assert page.inner_text("h1 small").strip() == PICKED
        assert f"Data behind {PICKED}" in page.inner_text("#coverage")
        tab.charts("heatmap", "coupling")
        tab.shot(f"overview-{width}")

        tab.click_to(page.locator('#field-strip a.field-score[data-field="political"]'))
        assert _period_of(tab) == [PICKED] and query_of(page.url)["field"] == ["political"]
        tab.click_to(page.locator('#field-detail a[href^="/country/CHN"]'))
        assert path_of(page.url) == "/country/CHN" and _period_of(tab) == [PICKED]
        assert page.input_value("form.filters select[name=period]") == PICKED
        assert f"Data behind {PICKED}" in page.inner_text("#coverage")
        assert page.locator("h2", has_text=f"in {PICKED}").count() >= 1  # the evidence is of the period
        tab.charts("series", "balance")
        tab.shot(f"country-{width}")

        tab.click_to(page.locator('#partners a[href^="/pair/CHN/VNM"]'))
        assert path_of(page.url) == "/pair/CHN/VNM" and _period_of(tab) == [PICKED]
        assert page.input_value("form.filters select[name=period]") == PICKED
        assert f"Data behind {PICKED}" in page.inner_text("#period-coverage")
        tab.charts("series", "balance")
        tab.shot(f"pair-{width}")
        nav = tab.attributes('nav#nav a[href^="/map"], nav#nav a[href^="/region"]', "href")
        assert nav and all(query_of(href).get("period") == [PICKED] for href in nav), nav
        assert not tab.problems, tab.problems
