"""Hostile input answers 4xx in the one error shape, never a 500: ids and offsets beyond 2**63, periods the
calendar cannot hold or that do not fit ``by``, and lone surrogates; what a request carries is clipped and
escaped in the server's logs."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from holosec.http import errors

BEYOND = "99999999999999999999"  # > 2**63 - 1

OUT_OF_RANGE = [
    f"/api/v1/indicators?country=CHN&by=month&offset={BEYOND}",
    f"/api/v1/alerts?offset={BEYOND}",
    f"/api/v1/evidence?country=CHN&offset={BEYOND}",
    "/api/v1/evidence?country=CHN&offset=1e30",
    f"/api/v1/countries?offset={BEYOND}",
    f"/api/v1/pairs?country=CHN&offset={BEYOND}",
    f"/api/v1/alerts/{BEYOND}",
    f"/api/v1/cases/{BEYOND}",
    f"/api/v1/cases?offset={BEYOND}",
    f"/api/v1/strategies/{BEYOND}",
    "/api/v1/indicators?country=CHN&by=week&to=9999-12-31",
    f"/api/v1/indicators?country=CHN&min_sources={BEYOND}",
    f"/api/v1/indicators?country=CHN&min_mentions={BEYOND}",
    "/api/v1/indicators?country=CHN&by=month&from=9999-12-31",
]
PERIODS = ["9999-12", "0000-00", "0000-01", "9999-W52", "9999-12-31", "2018-13", "W05", "9"]
PERIOD_ROUTES = [
    "/api/v1/evidence?country=CHN&period={}",
    "/api/v1/index?period={}",
    "/api/v1/region?period={}",
    "/api/v1/region/principles?period={}",
    "/api/v1/exposure?period={}",
    "/api/v1/lenses/{lens}?period={}",
]
NOT_FITTING_BY = [
    "/api/v1/evidence?country=CHN&period=2014-W05&by=month",
    "/api/v1/evidence?country=CHN&period=2014-05&by=week",
    "/api/v1/evidence?country=CHN&period=9&by=xx",
    "/api/v1/index?period=2014-W05&by=month",
    "/api/v1/region?period=2014-W05&by=month",
    "/api/v1/exposure?period=2014-05&by=week",
]

PAGES = ["/", "/map", "/country/CHN", "/pair/CHN/USA", "/alerts", "/region", "/region/principles"]


def assert_client_error(response: Any) -> dict[str, Any]:
    assert 400 <= response.status_code < 500, (response.status_code, response.text)
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"status", "code", "message"}
    assert body["error"]["status"] == response.status_code and body["error"]["message"]
    return body["error"]  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def lens(api: Any) -> str:
    return str(api.get("/api/v1/lenses").json()["data"][0]["id"])


@pytest.mark.parametrize("url", OUT_OF_RANGE)
def test_numbers_and_days_out_of_range(api: Any, url: str) -> None:
    assert_client_error(api.get(url, "admin"))


@pytest.mark.parametrize("period", PERIODS)
@pytest.mark.parametrize("route", PERIOD_ROUTES)
def test_periods_the_calendar_cannot_hold(api: Any, lens: str, route: str, period: str) -> None:
    message = assert_client_error(api.get(route.format(period, lens=lens)))["message"]
    assert "period" in message


@pytest.mark.parametrize("url", NOT_FITTING_BY)
def test_period_that_does_not_fit_by(api: Any, url: str) -> None:
    assert_client_error(api.get(url))


def test_a_fitting_period_still_answers(api: Any) -> None:
    assert api.get("/api/v1/evidence?country=CHN&period=2018-01&by=month").status_code == 200
    assert api.get("/api/v1/index?period=2018-01").status_code == 200


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("period", ["9999-12", "0000-00", "9999-W52"])
def test_dashboard_pages_refuse_impossible_periods(api: Any, page: str, period: str) -> None:
    by = "week" if "W" in period else "month"
    headers = {**api.auth("viewer"), "accept": "text/html"}
    response = api.client.get(f"{page}?period={period}&by={by}", headers=headers)
    assert 400 <= response.status_code < 500, (response.status_code, response.text[:300])
    assert response.headers["content-type"].startswith("text/html")


def test_lone_surrogate_in_a_json_body(api: Any) -> None:
    body = '{"title": "\\ud800 x", "summary": "\\udfff", "fields": ["military"]}'  # JSON escapes: lone halves
    headers = {**api.auth("admin"), "content-type": "application/json"}
    response = api.client.post("/api/v1/cases", content=body, headers=headers)
    assert_client_error(response)


def test_text_that_cannot_be_unicode_in_a_query_or_path(api: Any) -> None:
    # %ED%A0%80 is U+D800 in UTF-8 form; it is decoded as replacement characters, never as a surrogate
    assert api.get("/api/v1/alerts?field=%ED%A0%80").status_code == 200
    assert_client_error(api.get("/api/v1/events/%ED%A0%80"))
    assert_client_error(api.get("/api/v1/pairs?country=%ED%A0%80"))


def surrogate_app() -> FastAPI:
    """An app with the error shape whose one route stores text as a database would (UTF-8)."""
    app = FastAPI()
    errors.install(app)

    @app.post("/echo")
    def echo(body: dict[str, Any]) -> dict[str, int]:
        return {"bytes": len(str(body["text"]).encode("utf-8"))}

    return app


def test_last_resort_turns_a_lone_surrogate_into_400(caplog: pytest.LogCaptureFixture) -> None:
    client = TestClient(surrogate_app())
    assert client.post("/echo", json={"text": "中文"}).json() == {"bytes": 6}
    with caplog.at_level(logging.WARNING, "holosec.api"):
        response = client.post(
            "/echo", content='{"text": "a\\ud800b"}', headers={"content-type": "application/json"}
        )
    assert response.status_code == 400
    assert "not valid Unicode" in assert_client_error(response)["message"]
    assert any("refused text that is not Unicode" in r.getMessage() for r in caplog.records)


def test_log_lines_clip_and_escape_request_text(api: Any, caplog: pytest.LogCaptureFixture) -> None:
    hostile = "/api/v1/x\n2026-01-01 INFO forged line\x1b[2J" + "A" * 10_000
    access = logging.getLogger("uvicorn.access")
    access.addHandler(caplog.handler)  # a real serve earlier in the session stops this logger propagating
    try:
        with caplog.at_level(logging.INFO), caplog.at_level(logging.INFO, "uvicorn.access"):
            access.info('%s - "%s %s HTTP/%s" %d', "1.2.3.4", "GET", hostile, "1.1", 404)
            logging.getLogger("holosec.api").warning("refused on %s", hostile)
    finally:
        access.removeHandler(caplog.handler)
    records = {id(r): r for r in caplog.records if r.name in ("uvicorn.access", "holosec.api")}  # once each
    lines = [r.getMessage() for r in records.values()]
    assert len(lines) == 2
    for line in lines:
        assert "\n" not in line and "\x1b" not in line and "\\n2026-01-01 INFO forged line\\x1b[2J" in line
        assert len(line) < 320 and f"({len(hostile)} characters)" in line


def test_a_long_id_is_logged_clipped(api: Any, caplog: pytest.LogCaptureFixture) -> None:
    long_id = "9" * 4000  # past 2**63 and past what a log line should carry
    with caplog.at_level(logging.WARNING, "holosec.api"):
        response = api.get(f"/api/v1/cases/{long_id}", "admin")
    assert_client_error(response)
    logged = [r.getMessage() for r in caplog.records if r.name == "holosec.api"]
    assert all(long_id not in line and len(line) < 600 for line in logged)


def test_clip() -> None:
    assert errors.clip("short") == "short"
    assert errors.clip("a\r\nb\x00\ud800") == "a\\r\\nb\\x00\\ud800"
    assert errors.clip("中" * 250) == "中" * 200 + "... (250 characters)"
