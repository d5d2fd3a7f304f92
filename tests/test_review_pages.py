# ruff: noqa: RUF001
"""The review pages (/review) and the review API on a private copy of the bundled real data: signed in
only; two reviewers judge through the page's form (CSRF checked), each judgment is theirs, the page
moves to the next event they have not judged and counts their progress; the API reads and writes the
same judgments; the precision page and the indicators answer show what was measured, and only then."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from holosec import review
from holosec.store import Store
from holosec.store.backup import backup, restore
from test_method_pages import ACRONYMS, main_text

HTML = {"Accept": "text/html"}
QUEUE = "pages-chn-4"


@pytest.fixture(scope="module")
def served(demo_store: Store, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """The web app over a copy of the demo store holding one queue of 12 CHN conflict events."""
    import contextlib
    import io

    from fastapi.testclient import TestClient

    from holosec.server import create_app

    root = tmp_path_factory.mktemp("review-pages")
    backup(demo_store, root / "backup")
    restore(root / "backup", root / "data")
    with contextlib.redirect_stderr(io.StringIO()):
        app = create_app(root / "data")
    with TestClient(app, follow_redirects=False) as client:
        review.draw(app.state.store, "conflict_events", 12, seed=4, country="CHN", name=QUEUE)
        yield app, client


def signed_in(served: Any, name: str) -> Any:
    """A client of the app signed in as a new analyst ``name`` through the login form."""
    from fastapi.testclient import TestClient

    app, _ = served
    password = app.state.users.add(name, "analyst")
    client = TestClient(app, follow_redirects=False)
    client.get("/login")
    form = {"username": name, "password": password, "csrf_token": client.cookies["holosec_csrf"]}
    assert client.post("/login", data=form).status_code == 303
    return client


def verdict(client: Any, position: int, value: str, note: str = "") -> Any:
    data = {"csrf_token": client.cookies["holosec_csrf"], "verdict": value, "note": note}
    return client.post(f"/review/{QUEUE}/{position}", data=data, headers=HTML)


def test_the_pages_need_sign_in(served: Any) -> None:
    from fastapi.testclient import TestClient

    anonymous = TestClient(served[0], follow_redirects=False)
    for url in ("/review", f"/review/{QUEUE}", f"/review/{QUEUE}/precision"):
        answer = anonymous.get(url, headers=HTML)
        assert answer.status_code == 303 and answer.headers["location"] == "/login"
    assert anonymous.post(f"/review/{QUEUE}/1", data={"verdict": "accept"}).status_code in (401, 403)
    assert anonymous.get(f"/api/v1/review/queues/{QUEUE}").status_code == 401


def test_two_reviewers_judge_through_the_page(served: Any) -> None:
    app, _ = served
    ann, bob = signed_in(served, "review-ann"), signed_in(served, "review-bob")
    page = ann.get(f"/review/{QUEUE}?lang=en")
    assert page.status_code == 200
    text = main_text(page.text)
    assert "0 of 12 judged by you" in text and "Event 1 of 12" in text
    assert re.search(r'data-key="a"[^>]*>.*Accept', page.text) and 'data-key="r"' in page.text
    assert 'data-key="c"' in page.text and '<script src="/static/web/review.js" defer>' in page.text
    first = review.item(app.state.store, QUEUE, 1)
    assert first is not None and f'data-event="{first["event_id"]}"' in page.text
    # The evidence in words: the actors by name, what happened, the record's link.
    assert "What happened" in text and "Actors" in text and "/events/" in page.text
    # A verdict moves on to the next event not judged; a forged token writes nothing.
    forged = ann.post(f"/review/{QUEUE}/1", data={"csrf_token": "x", "verdict": "accept"}, headers=HTML)
    assert forged.status_code == 403
    moved = verdict(ann, 1, "accept")
    assert moved.status_code == 303 and moved.headers["location"] == f"/review/{QUEUE}?at=2"
    for position, value in [(2, "reject"), (3, "correct"), (4, "accept")]:
        verdict(ann, position, value, note="<b>forex note</b>" if position == 2 else "")
    for position, value in [(1, "accept"), (2, "accept"), (3, "correct"), (4, "accept")]:
        verdict(bob, position, value)
    again = ann.get(f"/review/{QUEUE}?lang=en")
    assert "4 of 12 judged by you" in main_text(again.text) and "Event 5 of 12" in main_text(again.text)
    back = ann.get(f"/review/{QUEUE}?at=2&lang=en")
    assert 'data-verdict="reject"' in back.text and "&lt;b&gt;forex note&lt;/b&gt;" in back.text
    assert "<b>forex note</b>" not in back.text
    # Each judgment is its reviewer's, as the API and the command line read them.
    items = {i["position"]: i for i in review.items(app.state.store, QUEUE)}
    assert [(j["reviewer"], j["verdict"]) for j in items[2]["judgments"]] == [
        ("review-ann", "reject"),
        ("review-bob", "accept"),
    ]
    exported = ann.get(f"/api/v1/review/queues/{QUEUE}").json()
    assert exported["progress"] == {"judged": 4, "total": 12, "next": 5}
    assert exported["data"][1]["judgments"][0]["note"] == "<b>forex note</b>"
    # Agreement: same verdict on 3 of 4; kappa over accept/reject/correct.
    measured = ann.get(f"/api/v1/review/queues/{QUEUE}/precision").json()
    pair = measured["agreement"][0]
    assert pair["reviewers"] == ["review-ann", "review-bob"] and pair["items"] == 4
    assert pair["agreement"] == 0.75 and pair["kappa"] == pytest.approx(0.3125 / 0.5625, abs=1e-4)
    shown = ann.get(f"/review/{QUEUE}/precision?lang=en")
    assert shown.status_code == 200 and 'id="precision-table"' in shown.text
    assert "Cohen's kappa 0.56" in main_text(shown.text)


def test_the_api_judges_as_the_token_holder(served: Any) -> None:
    app, client = served
    app.state.users.add("review-carol", "viewer")
    token = app.state.users.new_token("review-carol")
    auth = {"Authorization": f"Bearer {token}"}
    put = client.put(f"/api/v1/review/queues/{QUEUE}/items/6", json={"verdict": "reject"}, headers=auth)
    assert put.status_code == 200
    assert ("review-carol", "reject") in [(j["reviewer"], j["verdict"]) for j in put.json()["judgments"]]
    wrong = client.put(f"/api/v1/review/queues/{QUEUE}/items/6", json={"verdict": "maybe"}, headers=auth)
    assert wrong.status_code == 422
    assert (
        client.put(
            f"/api/v1/review/queues/{QUEUE}/items/99", json={"verdict": "accept"}, headers=auth
        ).status_code
        == 404
    )
    assert client.get("/api/v1/review/queues/no-such-queue", headers=auth).status_code == 404
    listed = client.get("/api/v1/review/queues", headers=auth).json()
    assert [q["queue"] for q in listed["data"]] == [QUEUE]


def test_the_indicators_answer_shows_precision_once_judged(served: Any) -> None:
    app, client = served
    app.state.users.add("review-dan", "viewer")
    auth = {"Authorization": f"Bearer {app.state.users.new_token('review-dan')}"}
    review.judge(app.state.store, QUEUE, 12, "review-dan", "accept")
    chn = client.get("/api/v1/indicators?country=CHN&by=month", headers=auth).json()
    measured = chn["precision"]["conflict_events"]
    assert measured["queue"] == QUEUE and measured["judged"] >= 1
    assert (
        0
        <= measured["overall"]["low"]
        <= measured["overall"]["precision"]
        <= measured["overall"]["high"]
        <= 1
    )
    assert {row["filter"] for row in measured["by_filter"]} >= {"none", "min_sources=2", "actors_resolved"}
    vnm = client.get("/api/v1/indicators?country=VNM&by=month", headers=auth).json()
    assert "precision" not in vnm  # no audit of VNM (nor of the world) has been judged


def test_the_pages_in_chinese(served: Any) -> None:
    ann = signed_in(served, "review-zh")
    for url in ("/review", f"/review/{QUEUE}?at=1", f"/review/{QUEUE}/precision"):
        page = ann.get(f"{url}{'&' if '?' in url else '?'}lang=zh")
        assert page.status_code == 200, url
        text = main_text(page.text)
        english = {w for w in re.findall(r"[A-Za-z]{2,}", text) if w not in ACRONYMS}
        assert english == set(), (url, english)
    item = main_text(ann.get(f"/review/{QUEUE}?at=1&lang=zh").text)
    assert "第1条，共12条" in item and "接受" in item and "拒绝" in item and "需要更正" in item


def test_the_queue_list(served: Any) -> None:
    ann = signed_in(served, "review-list")
    page = ann.get("/review?lang=en")
    assert page.status_code == 200
    assert f'<tr data-queue="{QUEUE}">' in page.text and f'href="/review/{QUEUE}"' in page.text


def test_no_queue_says_how_to_draw_one(tmp_path: Path) -> None:
    import contextlib
    import io

    from fastapi.testclient import TestClient

    from holosec.server import create_app

    Store.open(tmp_path / "data").close()
    with contextlib.redirect_stderr(io.StringIO()):
        app = create_app(tmp_path / "data")
    app.state.users.add("nobody-yet", "viewer")
    token = app.state.users.new_token("nobody-yet")
    with TestClient(app) as client:
        page = client.get("/review?lang=en", headers={"Authorization": f"Bearer {token}"})
    assert page.status_code == 200 and 'id="no-queues"' in page.text and "holosec review sample" in page.text


def box_of(page: str) -> str:
    """The visible text of the precision box of a country or pair page."""
    found = re.search(r'<aside class="precision-box".*?</aside>', page, re.S)
    assert found, "the page has no precision box"
    return main_text(f"<main>{found.group(0)}</main>")


def test_the_country_page_says_precision_is_not_measured_until_judged(served: Any) -> None:
    app, _ = served
    ann = signed_in(served, "box-ann")
    name = "box-usa-2"
    review.draw(app.state.store, "conflict_events", 8, seed=2, country="USA", name=name)
    for lang, said in [("en", "Not measured on this installation yet"), ("zh", "本系统尚未实测")]:
        page = ann.get(f"/country/USA?lang={lang}")
        assert page.status_code == 200 and 'data-measured="no"' in page.text
        assert said in box_of(page.text) and 'id="precision-box-review" href="/review"' in page.text
    english = {w for w in re.findall(r"[A-Za-z]{2,}", box_of(page.text)) if w not in ACRONYMS}
    assert english == set() and "冲突事件数的精确率" in box_of(page.text)
    # Judged: the box shows what the audit measured, the same numbers as the precision table.
    for position, value in [(1, "accept"), (2, "accept"), (3, "reject"), (4, "accept"), (5, "correct")]:
        review.judge(app.state.store, name, position, "box-ann", value)
    measured = review.precision(app.state.store, name)["overall"]
    low, high = (f"{measured[k] * 100:.0f}%" for k in ("low", "high"))
    for url in ("/country/USA?lang=en", "/pair/USA/CHN?lang=en"):
        page = ann.get(url)
        text = box_of(page.text)
        assert 'data-measured="yes"' in page.text, url
        assert f"{measured['precision'] * 100:.0f}% of the events counted are right" in text
        assert f"(95% interval {low}–{high})" in text
        assert "Measured on 5 of 8 events judged by reviewers in the audit of United States" in text
        assert f'href="/review/{name}/precision"' in page.text and name in page.text
    chinese = box_of(ann.get("/country/USA?lang=zh").text)
    assert (
        f"95%置信区间{low}–{high}" in chinese
        and "依据审核人已判断的5条事件测得（共8条，审核范围：美国）" in chinese
    )
    # A country no audit covers (and no audit of the world) is still not measured.
    assert 'data-measured="no"' in ann.get("/country/VNM?lang=en").text


def test_the_review_pages_name_things_in_words(served: Any) -> None:
    app, _ = served
    ann = signed_in(served, "words-ann")
    first = review.item(app.state.store, QUEUE, 1)
    assert first is not None
    day = app.state.store.scalar("SELECT date FROM events WHERE event_id = ?", [first["event_id"]])
    english = ann.get(f"/review/{QUEUE}?at=1&lang=en").text
    chinese = ann.get(f"/review/{QUEUE}?at=1&lang=zh").text
    # The date as each reader writes it; the dataset and the stratum in words, the raw ids kept.
    assert f'<dd class="date">{day.isoformat()}</dd>' in english
    assert f'<dd class="date">{day.year}年{day.month}月{day.day}日</dd>' in chinese
    source, sources, mentions, actors = first["stratum"].split("|")
    named = {"gdelt1": "GDELT 1.0", "gdelt2": "GDELT 2.0", "icews": "ICEWS"}[source]
    assert f'title="{source}"><span translate="no">{named}</span>' in chinese
    raw = f'<code class="raw-id" translate="no">{first["stratum"].replace("<", "&lt;")}</code>'
    assert raw in english and raw in chinese
    words_en = main_text(english)
    words_zh = main_text(chinese)
    assert {"1": "one news source", "2+": "2 or more news sources", "-": "no count of sources"}[
        sources
    ] in words_en
    assert {"1": "仅1个新闻来源", "2+": "2个及以上新闻来源", "-": "无来源数"}[sources] in words_zh
    assert {"<5": "提及不足5次", "5+": "提及5次及以上", "-": "无提及次数"}[mentions] in words_zh
    assert {"resolved": "双方行为体均已确定国家", "unresolved": "有行为体未确定国家"}[actors] in words_zh
    assert "人工审核：冲突事件数 · 中国" in words_zh and "Review: conflict events · China" in words_en
    # The list names the indicator in words, its id in a title.
    listed = {lang: ann.get(f"/review?lang={lang}").text for lang in ("en", "zh")}
    cell = '<td class="indicator" data-indicator="conflict_events" title="conflict_events">'
    assert f"{cell}conflict events</td>" in listed["en"] and f"{cell}冲突事件数</td>" in listed["zh"]
    assert "conflict_events" not in main_text(listed["zh"]) + main_text(listed["en"])
