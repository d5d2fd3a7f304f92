"""The workspace in a real Chromium (Debian's, driven by Playwright) against a real uvicorn server over the
demo store: sign in, open an alert, open a case from it, add a task, record a decision, and see them on
the case page; a screenshot of each step goes to ``test-artifacts/screenshots/``.

Like test_browser.py: without a browser these tests skip on a developer's machine and fail under CI.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from browser import BrowserThread, LiveServer, Tab, path_of, web_app
from holosec.cases import decisions, service
from holosec.cases.agencies import add_agency
from holosec.store import Store
from holosec.warning.watch import stored_alerts

pytestmark = [pytest.mark.network, pytest.mark.slow]
AGENCY = "WB Ministry of Waters"
LEAD = "wb-lead"


@pytest.fixture(scope="module")
def server(demo_store: Store) -> Iterator[dict[str, Any]]:
    """A real server over ``demo_store`` with an agency lead of the test's own agency."""
    app = web_app(demo_store.data_dir)
    add_agency(app.state.workspace, AGENCY, "ministry")
    password = app.state.users.add(LEAD, "agency-lead", AGENCY)
    with LiveServer(app) as live:
        yield {"live": live, "app": app, "password": password}


def test_alert_to_case_to_task_to_decision(
    chromium: BrowserThread, server: dict[str, Any], demo_store: Store, request: pytest.FixtureRequest
) -> None:
    alert = next(a for a in stored_alerts(demo_store) if a.get("field") and a["evidence"])
    opened: list[int] = []
    chromium.run(lambda browser: _alert_to_decision(browser, server, alert, request.node.name, opened))
    (case_id,) = opened
    user = server["app"].state.users.get(LEAD)
    workspace = server["app"].state.workspace
    case = service.get_case(workspace, user, case_id)
    assert case["status"] == "major-issue"
    assert [t["title"] for t in case["tasks"]] == ["Check the fleet's positions"]
    (logged,) = decisions.list_decisions(workspace, user, case_id)
    assert (logged["decided_by"], logged["consulted"]) == ("Agency board", [AGENCY])


def _alert_to_decision(
    browser: Any, server: dict[str, Any], alert: dict[str, Any], name: str, opened: list[int]
) -> None:
    with Tab(browser, server["live"].base, name) as tab:
        page = tab.open("/cases")
        assert path_of(page.url) == "/login"
        tab.sign_in(LEAD, server["password"])
        tab.open(f"/alerts/{alert['alert_id']}")
        assert page.locator("#open-case-form input[name=lead_agency]").input_value() == AGENCY
        tab.shot("alert")

        tab.click_to(page.locator("#open-case-form button[type=submit]"))
        found = re.fullmatch(r"/cases/(\d+)", path_of(page.url))
        assert found, page.url
        case_id = int(found.group(1))
        opened.append(case_id)
        assert page.inner_text("#lead-agency") == AGENCY
        assert page.get_attribute("#case-status", "data-status") == "research"
        assert (
            page.locator(f'#case-evidence a.evidence-link[href="/alerts/{alert["alert_id"]}"]').count() == 1
        )
        tab.shot("case-opened")

        page.fill("#task-form input[name=title]", "Check the fleet's positions")
        page.fill("#task-form input[name=due_on]", "2026-12-15")
        tab.click_to(page.locator("#task-form button[type=submit]"))
        assert path_of(page.url) == f"/cases/{case_id}"
        assert page.inner_text("#tasks .task-title") == "Check the fleet's positions"
        tab.shot("task-added")

        page.fill("#decision-form textarea[name=what]", "Open talks with the neighbour's coast guard")
        page.fill("#decision-form textarea[name=why]", "The alert's evidence shows a rising trend")
        page.fill("#decision-form input[name=decided_by]", "Agency board")
        page.check(f'#decision-form input[name=consulted][value="{AGENCY}"]')
        page.fill("#decision-form textarea[name=dissent]", "One member preferred to wait")
        tab.click_to(page.locator("#decision-form button[type=submit]"))
        assert path_of(page.url) == f"/cases/{case_id}"
        decision = page.locator("#decisions li.decision")
        assert decision.count() == 1
        assert "Open talks with the neighbour's coast guard" in decision.inner_text()
        assert "One member preferred to wait" in decision.inner_text()
        tab.shot("decision-recorded")

        tab.click_to(page.locator('#workflow button[data-to="major-issue"]'))
        assert page.get_attribute("#case-status", "data-status") == "major-issue"
        tab.shot("case-moved")
        assert set(tab.attributes("script:not([src])", "type")) <= {"application/json"}
        assert not tab.problems, tab.problems


def test_register_and_inbox_pages_in_the_browser(
    chromium: BrowserThread, server: dict[str, Any], request: pytest.FixtureRequest
) -> None:
    chromium.run(lambda browser: _register_pages(browser, server, request.node.name))


def _register_pages(browser: Any, server: dict[str, Any], name: str) -> None:
    with Tab(browser, server["live"].base, name) as tab:
        tab.open("/strategies")
        tab.sign_in(LEAD, server["password"])
        page = tab.open("/strategies")
        page.select_option("#new-strategy select[name=kind]", "strategy")
        page.fill("#new-strategy input[name=title]", "Calm waters")
        page.select_option("#new-strategy select[name=status]", "adopted")
        page.fill("#new-strategy input[name=adopted_on]", "2018-01-01")
        page.fill("#new-strategy textarea[name=target_lines]", "CHN:political")
        tab.click_to(page.locator("#new-strategy button[type=submit]"))
        assert re.fullmatch(r"/strategies/\d+", path_of(page.url)), page.url
        tab.charts("strategy-trend")
        tab.shot("strategy")
        for path in ("/laws", "/agencies", "/inbox", "/cases?lang=zh"):
            tab.open(path)
            assert path_of(page.url) == path.split("?")[0]
            tab.shot(path.strip("/").split("?")[0] + ("-zh" if "zh" in path else ""))
        assert page.get_attribute("html", "lang") == "zh"
        assert not tab.problems, tab.problems
