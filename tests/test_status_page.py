# ruff: noqa: RUF001
"""The status page (/status): signed in, in English and Chinese; off, it says how to start following; with a
follower (against the local GDELT of :mod:`test_follow`) it shows the numbers of its last cycle."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import test_follow
from holosec.follow import Follower
from holosec.store import Store
from test_follow import Clock, Gdelt, at, follower
from test_method_pages import ACRONYMS, main_text

from httpserver import MirrorServer

gdelt, server, clock = test_follow.gdelt, test_follow.server, test_follow.clock  # its fixtures


def english_words(text: str) -> set[str]:
    """Words in Latin letters that are not an allowed acronym."""
    return {w for w in re.findall(r"[A-Za-z]{2,}", text) if w not in ACRONYMS and w != "holosec"}


def test_the_status_page_needs_sign_in(api: Any) -> None:
    response = api.fresh().get("/status", headers={"Accept": "text/html"})
    assert response.status_code == 303 and response.headers["location"] == "/login"


def test_off_it_says_so_and_how_to_start(api: Any) -> None:
    page = api.get("/status?lang=en")
    assert page.status_code == 200
    text = main_text(page.text)
    assert "Not following GDELT." in text
    assert (
        "start the server with:" in text and '<code translate="no">holosec serve --follow</code>' in page.text
    )
    assert "All times are in UTC." in text
    assert re.search(r'<a href="/status[^"]*" aria-current="page">Status</a>', page.text)  # the nav link


def test_off_in_chinese(api: Any) -> None:
    page = api.fresh().get("/status?lang=zh", headers=api.auth("viewer"))
    assert page.status_code == 200
    text = main_text(page.text)
    assert "未在跟踪GDELT。" in text and "请用以下命令启动服务" in text and "协调世界时" in text
    assert english_words(text) == set()


@pytest.fixture
def followed(tmp_path: Path, gdelt: Gdelt, server: MirrorServer, clock: Clock) -> Iterator[Any]:
    """A server that follows the local GDELT, once its first cycle has finished (idle)."""
    from fastapi.testclient import TestClient

    from holosec.server import create_app

    data = tmp_path / "data"
    Store.open(data).close()
    at(gdelt, clock, 1)
    app = create_app(data, follow=lambda store, _: follower(store, server, clock, interval=3600))
    token = app.state.users.new_token(app.state.users.all()[0].name)
    with TestClient(app, follow_redirects=False) as client:
        client.headers["Authorization"] = f"Bearer {token}"
        deadline = time.monotonic() + 60
        while client.get("/api/v1/status").json()["follow"]["state"] != "idle":
            assert time.monotonic() < deadline, "the follower's first cycle did not finish"
            time.sleep(0.1)
        yield app, client, token


def _summary(page: str) -> dict[str, str]:
    return dict(re.findall(r'<dd data-key="(\w+)">([^<]*)', page))


@pytest.mark.network
def test_a_follower_with_a_finished_cycle_shows_its_numbers(followed: Any) -> None:
    app, client, _ = followed
    running: Follower = app.state.follower
    last = running.recent[0]
    assert last.files == 2 and last.rows_stored > 0 and last.error is None
    page = client.get("/status?lang=en").text
    text = main_text(page)
    assert "Following GDELT: idle, waiting for the next cycle." in text
    assert "5 minutes behind GDELT" in text  # the clock is five minutes after the newest file
    assert "2015-02-19 00:20:00" in text  # the next cycle: the first one's start (23:20) and an hour
    assert _summary(page) == {
        "files": "2",
        "rows_stored": f"{last.rows_stored:,}",
        "quarantined": f"{last.rows_quarantined:,}",
        "alerts": str(last.alerts),
        "error": "none",
    }
    assert f"{last.started:%Y-%m-%d %H:%M:%S}" in text
    rows = re.findall(r"<tr><td>([^<]+)</td>", page)
    assert rows == [f"{last.started:%Y-%m-%d %H:%M:%S}"]  # the recent cycles: one
    assert "holosec serve --follow" not in page


@pytest.mark.network
def test_a_follower_in_chinese(followed: Any) -> None:
    from fastapi.testclient import TestClient

    app, _, token = followed
    fresh = TestClient(app, follow_redirects=False)  # no cookie of earlier requests; the app runs already
    page = fresh.get("/status?lang=zh", headers={"Authorization": f"Bearer {token}"}).text
    text = main_text(page)
    assert "正在跟踪GDELT：空闲，等待下一轮。" in text and "落后GDELT约5分钟" in text
    assert _summary(page)["error"] == "无" and _summary(page)["files"] == "2"
    assert english_words(text) == set()
