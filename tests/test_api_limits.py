"""The API's limits: every list route caps its rows and says when it left rows out (``truncated``,
``next_offset``), and a question the store stops at its time limit answers 503 ``query_time_limit`` with
Retry-After, as JSON for the API and as a page in the reader's language for the dashboard."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import Request
from fastapi.testclient import TestClient
from markupsafe import escape

from holosec.api.limits import BOUNDED, CAPPED, MAX_ROWS, MAX_SERIES, SINGLE
from holosec.cases import register, service, work
from holosec.cases.agencies import add_agency
from holosec.cases.decisions import record_decision
from holosec.cases.people import User, UserStore
from holosec.http.deps import store_of
from holosec.ingest import ingest_paths
from holosec.presentation.i18n import word
from holosec.server import create_app
from holosec.store import Store

from conftest import EVENTS2

HEAVY = "SELECT count(*) FROM range(10000000000) a"  # minutes of work: always past a 0.2 s limit
LIMIT_S = 0.2


class Own:
    """A client of an app of our own over a fresh store, with a populated workspace and one token per
    user name."""

    def __init__(self, client: TestClient, tokens: dict[str, str]) -> None:
        self.client, self.tokens = client, tokens

    def get(self, url: str, who: str = "staff", headers: dict[str, str] | None = None) -> Any:
        sent = {"Authorization": f"Bearer {self.tokens[who]}", **(headers or {})}
        return self.client.get(url, headers=sent)


def _person(users: UserStore, name: str) -> User:
    found = users.get(name)
    assert found is not None
    return found


def _populate(users: UserStore) -> dict[str, str]:
    """Two or more of every workspace list: agencies, cases, tasks (and so notifications), decisions,
    strategies, laws (and so audit entries)."""
    workspace = users.workspace
    for name in ("Agency A", "Agency B"):
        add_agency(workspace, name, "ministry")
    users.add("lead", "agency-lead", "Agency A")
    users.add("analyst", "agency-analyst", "Agency A")
    users.add("staff", "commission-staff")
    users.add("corrector", "analyst")
    lead, staff = _person(users, "lead"), _person(users, "staff")
    cases = [
        service.create_case(workspace, lead, title=f"Standoff {n}", fields=["homeland"], countries=["CHN"])
        for n in range(3)
    ]
    for n in range(3):
        work.add_task(workspace, lead, cases[0]["id"], f"Note {n}", owner_user="analyst")
        record_decision(workspace, lead, cases[0]["id"], what=f"Act {n}", why="Because", decided_by="Board")
        register.add_law(workspace, staff, title=f"Law {n}", fields=["homeland"], agency="Agency A")
        register.add_strategy(workspace, staff, kind="policy", title=f"Policy {n}", owner_agency="Agency A")
    return {name: users.new_token(name) for name in ("lead", "analyst", "staff", "corrector")}


def _heavy_read(request: Request) -> dict[str, Any]:
    """A route of the test: a real read on the real store that cannot finish within the limit."""
    store = store_of(request)
    store.query_seconds = LIMIT_S
    try:
        return {"n": store.execute(HEAVY).fetchall()[0][0]}
    finally:
        store.query_seconds = None


@pytest.fixture(scope="module")
def own(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Own]:
    data_dir: Path = tmp_path_factory.mktemp("limits")
    with Store.open(data_dir) as store:  # real events to correct: one bundled GDELT 2.0 file
        ingest_paths(store, [EVENTS2])
        events = [row[0] for row in store.execute("SELECT event_id FROM events LIMIT 3").fetchall()]
    app = create_app(data_dir)
    app.add_api_route("/api/v1/test-heavy", _heavy_read, include_in_schema=False)
    app.add_api_route("/test-heavy", _heavy_read, include_in_schema=False)
    tokens = _populate(app.state.users)
    with TestClient(app) as client:
        for event in events:
            sent = {"event_id": event, "kind": "not-an-event"}
            auth = {"Authorization": f"Bearer {tokens['corrector']}"}
            assert client.post("/api/v1/corrections", json=sent, headers=auth).status_code == 201
        yield Own(client, tokens)


def _get_routes(own: Own) -> set[str]:
    """The ``GET`` routes of ``/api/v1`` the API documents (every one: the test's own are left out)."""
    paths = own.get("/openapi.json").json()["paths"]
    return {path for path, methods in paths.items() if "get" in methods and path.startswith("/api/v1/")}


def test_every_list_route_is_capped_or_bounded_by_holosec_data(own: Own) -> None:
    """A new ``GET`` route must say whether it lists something that can grow (then it is capped)."""
    assert not (CAPPED & BOUNDED or CAPPED & SINGLE or BOUNDED & SINGLE)
    assert _get_routes(own) == CAPPED | BOUNDED | SINGLE


STORE_LISTS = [
    "/api/v1/indicators?country=CHN&by=month",
    "/api/v1/alerts?",
    "/api/v1/attention?country=CHN",
    "/api/v1/countries?",
    "/api/v1/pairs?country=CHN",
    "/api/v1/evidence?country=CHN&period=2018-01",
]
WORKSPACE_LISTS = [
    ("/api/v1/agencies?", "staff"),
    ("/api/v1/audit?", "staff"),
    ("/api/v1/cases?", "staff"),
    ("/api/v1/corrections?", "staff"),
    ("/api/v1/decisions?", "staff"),
    ("/api/v1/notifications?", "analyst"),
    ("/api/v1/strategies?", "staff"),
    ("/api/v1/laws?", "staff"),
    ("/api/v1/tasks?", "staff"),
]


def assert_capped(get: Any, url: str, key: str = "data", cap: int = MAX_ROWS) -> None:
    """``url`` with ``limit=1`` answers one row, says rows follow and where; the next page starts there;
    the whole list says nothing follows; a limit past the cap is refused."""
    whole = get(f"{url}&limit={cap}")
    assert whole.status_code == 200, whole.text
    everything = whole.json()
    assert everything["count"] >= 2 and len(everything[key]) == everything["count"], url
    assert everything["truncated"] is False and everything["next_offset"] is None
    first = get(f"{url}&limit=1").json()
    assert first[key] == everything[key][:1] and first["count"] == everything["count"]
    assert first["truncated"] is True and first["next_offset"] == 1
    second = get(f"{url}&limit=1&offset={first['next_offset']}").json()
    assert second[key] == everything[key][1:2] and second["truncated"] is (everything["count"] > 2)
    assert get(f"{url}&limit={cap + 1}").status_code == 422


@pytest.mark.parametrize("url", STORE_LISTS)
def test_store_lists_cap_and_say_truncated(api: Any, url: str) -> None:
    assert_capped(api.get, url)


@pytest.mark.parametrize(("url", "who"), WORKSPACE_LISTS)
def test_workspace_lists_cap_and_say_truncated(own: Own, url: str, who: str) -> None:
    assert_capped(lambda u: own.get(u, who), url)


def test_index_series_caps_its_rows(api: Any) -> None:
    assert_capped(api.get, "/api/v1/index/series?country=CHN&field=all", key="series", cap=MAX_SERIES)


def test_every_capped_route_is_tested() -> None:
    tested = {u.split("?")[0] for u in STORE_LISTS} | {u.split("?")[0] for u, _ in WORKSPACE_LISTS}
    assert tested | {"/api/v1/index/series"} == CAPPED


def test_a_question_past_the_time_limit_answers_503(own: Own) -> None:
    response = own.get("/api/v1/test-heavy")
    assert response.status_code == 503, response.text
    assert response.json() == {
        "error": {
            "status": 503,
            "code": "query_time_limit",
            "message": "the question took longer than the 0.2 s limit and was stopped: "
            "ask for a shorter span or fewer rows",
        }
    }
    assert response.headers["retry-after"] == "1"
    assert own.get("/api/v1/agencies").status_code == 200  # the server answers the next question


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_page_past_the_time_limit_says_so_in_the_readers_language(own: Own, lang: str) -> None:
    response = own.get(f"/test-heavy?lang={lang}", headers={"accept": "text/html"})
    assert response.status_code == 503 and response.headers["retry-after"] == "1"
    assert response.headers["content-type"].startswith("text/html")
    shown = word("query_time_limit", lang, seconds="0.2")
    assert escape(shown) in response.text and f'<html lang="{lang}">' in response.text
    assert ("秒的时间上限" in response.text) is (lang == "zh")


def test_words_name_the_limit() -> None:
    assert word("query_time_limit", "en", seconds="15").startswith("This question took longer than")
    assert "15秒" in word("query_time_limit", "zh", seconds="15")
