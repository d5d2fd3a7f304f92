# ruff: noqa: RUF001
"""One period for the whole system: the current period (the latest with adequate coverage) on the bundled
real data and on made-up stores, and every page, link and API answer carrying it (in process; the browser
test is test_browser_period.py)."""

from __future__ import annotations

import json
import re
import statistics
from datetime import date, timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from typer.testing import CliRunner

from holosec.cli import app
from holosec.indicators.coverage import (
    BASELINE_PERIODS,
    MIN_SHARE,
    current_period,
    index_sources,
    period_volumes,
)
from holosec.periods import shown_period
from holosec.store import Store
from holosec.warning.watch import stored_alerts

HTML = {"Accept": "text/html"}
PICKED = "2014-05"  # a month of the demo data with three alerts on China
PAGES = [
    "/",
    "/map",
    "/country/CHN",
    "/pair/CHN/VNM",
    "/region",
    "/region/principles",
    "/lenses",
    "/lenses/neighbourhood",
    "/exposure",
]
VIEW_PAGES = {"/", "/map", "/alerts", "/region", "/region/principles", "/lenses", "/exposure"}
VIEW_PREFIXES = ("/country/", "/pair/", "/lenses/", "/alerts/")


def _fill(store: Store, days: list[date], records: int, source: str = "icews") -> None:
    store.executemany(
        "INSERT INTO source_days VALUES (?, ?, 'day', ?)", [(day, source, records) for day in days]
    )


def _month_days(year: int, month: int, count: int) -> list[date]:
    return [date(year, month, 1) + timedelta(days=i) for i in range(count)]


def test_the_current_month_of_the_demo_data_is_its_last_well_covered_month(demo_store: Store) -> None:
    volumes = {v.label: v for v in period_volumes(demo_store, "month")}
    current = current_period(demo_store)
    assert current == "2015-12" and current != "2019-07"
    assert volumes["2019-07"].days == 1  # the misdated GDELT records the pages used to default to
    chosen = volumes[current]
    labels = list(volumes)
    before = [volumes[label].records for label in labels[: labels.index(current)][-BASELINE_PERIODS:]]
    assert chosen.days >= 21 and chosen.records >= MIN_SHARE * statistics.median(before)
    later = labels[labels.index(current) + 1 :]
    assert later and all(volumes[label].days < volumes[label].min_days for label in later), later
    sources = index_sources(demo_store, current)
    assert [(s.name, s.days) for s in sources] == [("ICEWS", 31)]
    assert current_period(demo_store, "week") == "2015-W52"  # W53 ends after the ICEWS records


def test_a_last_month_of_three_records_is_skipped(store: Store) -> None:
    for month in range(1, 13):
        _fill(store, _month_days(2015, month, 25), 30)
    assert current_period(store) == "2015-12"
    _fill(store, [date(2016, 1, 4)], 3, "gdelt2")
    assert current_period(store) == "2015-12"
    _fill(store, _month_days(2016, 1, 3)[:2], 400, "gdelt2")  # busy, but two more days only
    assert current_period(store) == "2015-12"
    _fill(store, _month_days(2016, 1, 25)[5:], 30)  # now 23 days
    assert current_period(store) == "2016-01"


def test_a_month_whose_feed_broke_down_is_skipped(store: Store) -> None:
    for month in range(1, 13):
        _fill(store, _month_days(2015, month, 28), 100)
    _fill(store, _month_days(2016, 1, 28), 10)  # 280 records against a usual 2,800
    assert current_period(store) == "2015-12"
    # 2015-W53 has records on four of its days (Dec 28, Jan 1-3): not a week either
    assert current_period(store, "week") == "2015-W52"


def test_without_an_adequate_period_it_is_the_latest_with_records(store: Store) -> None:
    assert current_period(store) is None
    _fill(store, [date(2018, 1, 1)], 2391, "gdelt2")
    _fill(store, [date(2017, 12, 30)], 20, "gdelt2")
    assert current_period(store) == "2018-01"


# -- the pages -------------------------------------------------------------------------------------------


def _page(api: Any, url: str) -> str:
    response = api.client.get(url, headers={**api.auth("viewer"), **HTML})
    assert response.status_code == 200, (url, response.text[:500])
    text: str = response.text
    return text


def _view_links(text: str) -> list[str]:
    """The links a page makes to the pages that show a period."""
    hrefs = [h.replace("&amp;", "&") for h in re.findall(r'href="(/[^"]*)"', text)]
    return [h for h in hrefs if urlsplit(h).path in VIEW_PAGES or urlsplit(h).path.startswith(VIEW_PREFIXES)]


def _periods(href: str) -> list[str]:
    return parse_qs(urlsplit(href).query).get("period", [])


@pytest.mark.parametrize("path", PAGES)
def test_every_page_honours_the_period_and_its_links_carry_it(api: Any, path: str) -> None:
    text = _page(api, f"{path}?period={PICKED}")
    links = _view_links(text)
    assert len(links) >= 6, links
    assert all(_periods(href) == [PICKED] for href in links), [h for h in links if _periods(h) != [PICKED]]
    default = _page(api, path)
    assert all(_periods(href) == ["2015-12"] for href in _view_links(default))


def test_country_and_pair_pages_show_the_chosen_period(api: Any) -> None:
    for path in ("/country/CHN", "/pair/CHN/VNM"):
        text = _page(api, f"{path}?period={PICKED}")
        assert f"Data behind {PICKED}: ICEWS 31 days, 775 events" in text, path
        assert re.search(rf"<h2>Events of All fields, {PICKED}</h2>|{PICKED}</h2>", text), path
        assert f'<option value="{PICKED}" selected>{PICKED}</option>' in text, path
        starts = re.findall(r'"start": ?"(\d{4}-\d{2})-01"', text)
        assert starts and max(starts) == PICKED, path  # the charts end at the chosen period
    assert "Data behind 2015-12" in _page(api, "/pair/CHN/VNM")


def test_overview_alerts_and_matrix_follow_the_period(api: Any, demo_store: Store) -> None:
    china = [a for a in stored_alerts(demo_store) if a["country"] == "CHN"]
    for picked in (PICKED, "2010-09"):
        text = _page(api, f"/?period={picked}")
        shown = re.findall(r'class="alert-link" href="/alerts/([^"?]+)', text)
        expected = sorted(
            (a for a in china if a["period"] <= picked), key=lambda a: (a["period"], a["score"]), reverse=True
        )
        assert shown == [a["alert_id"] for a in expected[:8]], picked
        assert f"Alerts up to {picked}" in text
        window = re.search(r"(\d{4}-\d{2}) to (\d{4}-\d{2})", text.split('id="coupling"')[1])
        assert window is not None and window.group(2) <= picked, picked
    assert any(a["period"] > "2010-09" for a in china)


def test_the_chinese_pages_keep_the_period(api: Any) -> None:
    client = api.fresh()
    text = client.get(f"/pair/CHN/VNM?lang=zh&period={PICKED}", headers={**api.auth("viewer"), **HTML}).text
    assert f"{shown_period(PICKED, 'zh')}数据来源：ICEWS（31天，775条事件）" in text
    assert all(_periods(href) == [PICKED] for href in _view_links(text))


def test_api_answers_default_to_the_current_period(api: Any, demo_store: Store) -> None:
    current = current_period(demo_store)
    rows = api.get("/api/v1/index?perspective=CHN").json()["data"]
    assert rows and {row["period"] for row in rows} == {current}
    region = api.get("/api/v1/region").json()
    assert {p["period"] for p in region["pairs"]} <= {current}


def test_brief_without_a_period_briefs_the_current_period(demo_store: Store) -> None:
    runner = CliRunner(env={"COLUMNS": "200"})
    result = runner.invoke(app, ["brief", "--data-dir", str(demo_store.data_dir), "--json"])
    assert result.exit_code == 0, result.output[-500:]
    assert json.loads(result.stdout)["meta"]["period"] == current_period(demo_store) == "2015-12"
