"""The review page in Chromium, driven by the keyboard alone: a accepts and moves on, the arrows go back
and forth, r and c record their verdicts, and a key typed into the note stays text. A real server over a
private copy of the demo store (judgments must not reach the shared one)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from browser import LiveServer, Tab, path_of, query_of, signed_in, web_app
from holosec import review
from holosec.store import Store
from holosec.store.backup import backup, restore

QUEUE = "browser-keys"
REVIEWER = "keyboard-reviewer"


@pytest.fixture(scope="module")
def keyed(demo_store: Store, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    root = tmp_path_factory.mktemp("review-browser")
    backup(demo_store, root / "backup")
    restore(root / "backup", root / "data")
    app = web_app(root / "data")
    password = app.state.users.add(REVIEWER, "analyst")
    with LiveServer(app) as server:
        review.draw(app.state.store, "conflict_events", 8, seed=2, country="CHN", name=QUEUE)
        yield {"server": server, "password": password, "store": app.state.store}


def _press(tab: Tab, key: str) -> None:
    with tab.page.expect_navigation():
        tab.page.keyboard.press(key)


def test_judging_by_keyboard(browser: Any, keyed: dict[str, Any]) -> None:
    with signed_in(browser, keyed["server"].base, "review-keys", 1366, REVIEWER, keyed["password"]) as tab:
        tab.open(f"/review/{QUEUE}?lang=en")
        assert tab.page.inner_text("#review-progress").startswith("0 of 8 judged by you")
        tab.shot("item")
        _press(tab, "a")
        assert path_of(tab.page.url) == f"/review/{QUEUE}" and query_of(tab.page.url)["at"] == ["2"]
        assert tab.page.inner_text("#review-progress").startswith("1 of 8 judged by you")
        _press(tab, "r")
        _press(tab, "ArrowLeft")
        assert query_of(tab.page.url)["at"] == ["2"]
        assert tab.page.get_attribute("#review-mine strong", "data-verdict") == "reject"
        tab.page.fill("input[name=note]", "")
        tab.page.focus("input[name=note]")
        tab.page.keyboard.type("actor is a company")  # a, r and c typed as text, not verdicts
        assert query_of(tab.page.url)["at"] == ["2"]
        tab.page.evaluate("document.activeElement.blur()")
        _press(tab, "c")  # the note goes with the verdict
        _press(tab, "ArrowRight")
        assert query_of(tab.page.url)["at"] == ["4"]
        assert not tab.problems, tab.problems
    judged = {
        i["position"]: [(j["reviewer"], j["verdict"], j["note"]) for j in i["judgments"]]
        for i in review.items(keyed["store"], QUEUE)
    }
    assert judged[1] == [(REVIEWER, "accept", None)]
    assert judged[2] == [(REVIEWER, "correct", "actor is a company")]
    assert judged[3] == [] and review.progress(keyed["store"], QUEUE, REVIEWER)["judged"] == 2
