"""The dashboard in Chinese, and its evidence, in a real Chromium (Debian's, driven by Playwright) against
a real uvicorn server over the demo store (the ``site`` fixture: every dashboard page, the workspace's
too).

Every page opened with ``?lang=zh`` reads in Chinese: once every element marked ``translate="no"`` (the
proper names and data-derived text that are not ours to translate: actors, headlines, outlets, URLs,
titles users wrote) is taken out, with scripts and styles, no Latin word is left but the few acronyms and
names that Chinese text writes in Latin letters (``ALLOWED``). The text is every text node of the page
(hidden ones too: a folded menu opens), the charts' too (Vega draws them as SVG, whose text is the page's),
with the placeholders and button values a reader sees. A screenshot of each page is saved under
``test-artifacts/screenshots/`` (``chinese-...``).

An alert's evidence, at a phone's (390 px) and a desk's (1440 px) width in English: every row names the
event's actors and a source (a link to the report, its outlet, or the data set it comes from).

Like test_browser.py: without a browser these tests skip on a developer's machine and fail under CI.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

import pytest

from browser import DRAWN, STAFF, Tab, path_of, signed_in
from holosec.presentation.i18n import word
from holosec.reference import country_label

pytestmark = [pytest.mark.network, pytest.mark.slow]
DESK, PHONE = 1440, 390
# Latin words a Chinese page may hold: data sets, codebooks and formats known by their acronyms, the
# product's name, and the link to the English pages (written in English so that a reader finds it).
ALLOWED = frozenset(
    {
        "GDELT",
        "ICEWS",
        "CAMEO",
        "PLOVER",
        "ACLED",
        "UCDP",
        "POLECAT",
        "ISO",
        "API",
        "PDF",
        "HTML",
        "Markdown",
        "JSON",
        "CSV",
        "URL",
        "holosec",
        "English",
    }
)
LATIN = re.compile(r"[A-Za-z]{2,}")
CONTEXT = 30  # characters of context either side of a word in the failure message
# The text a reader of the page meets, as a list of pieces: the text nodes of a copy of the body without
# the elements marked translate="no" and without scripts and styles (charts' SVG text stays), then the
# placeholders and button values left.
READ = """() => {
  const copy = document.body.cloneNode(true);
  copy.querySelectorAll('[translate="no" i], script, style, noscript, template').forEach(e => e.remove());
  const pieces = [];
  const walker = document.createTreeWalker(copy, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.nodeValue.replace(/\\s+/g, ' ').trim();
    if (text) pieces.push(text);
  }
  copy.querySelectorAll('[placeholder]').forEach(e => pieces.push(e.getAttribute('placeholder')));
  copy.querySelectorAll('input[type=submit][value], input[type=button][value]').forEach(
    e => pieces.push(e.getAttribute('value')));
  return pieces.filter(text => text.trim());
}"""


def english_words(pieces: list[str]) -> list[str]:
    """Each Latin word of ``pieces`` that is not allowed, with its context (once per word and context).

    >>> english_words(["数据来自 GDELT 与 ICEWS", "Alerts: 3", "查看 English"])
    ['Alerts: «Alerts»: 3']
    """
    found: list[str] = []
    for text in pieces:
        for match in LATIN.finditer(text):
            if match.group() in ALLOWED:
                continue
            before = text[max(0, match.start() - CONTEXT) : match.start()]
            after = text[match.end() : match.end() + CONTEXT]
            line = f"{match.group()}: {before}«{match.group()}»{after}"
            if line not in found:
                found.append(line)
    return found


def _chinese_pages(browser: Any, site: dict[str, Any], name: str) -> dict[str, Any]:
    """The login page and every dashboard page in Chinese: ``words``, the English words of each page (by
    label); ``broken``, the pages that did not answer in Chinese; ``paths``, the path of each page read."""
    found: dict[str, Any] = {"words": {}, "broken": [], "paths": {"login": "/login"}}
    with Tab(browser, site["live"].base, name) as signed_out:
        signed_out.page.set_viewport_size({"width": DESK, "height": 900})
        _read(signed_out, "login", "/login", found)
    with signed_in(browser, site["live"].base, name, DESK, STAFF, site["password"]) as tab:
        for label, path in site["pages"].items():
            found["paths"][label] = path
            _read(tab, label, path, found)
    return found


def _read(tab: Tab, label: str, path: str, found: dict[str, Any]) -> None:
    """Open ``path`` in Chinese: its English words (or why it could not be read) into ``found``, and
    its screenshot."""
    response = tab.page.goto(f"{tab.base}{path}{'&' if '?' in path else '?'}lang=zh")
    status = response.status if response is not None else None
    lang = tab.page.get_attribute("html", "lang")
    if status != 200 or path_of(tab.page.url) != path.split("?")[0] or lang != "zh":
        found["broken"].append(f"{path}: HTTP {status} at {tab.page.url} in lang {lang}")
        return
    tab.page.wait_for_function(DRAWN, timeout=30_000)
    found["words"][label] = english_words(tab.page.evaluate(READ))
    tab.shot(label)


def test_every_page_in_chinese_has_no_english_words(
    browser: Any, site: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    found = _chinese_pages(browser, site, "chinese")
    left = {label: words for label, words in found["words"].items() if words}
    with capsys.disabled():  # what is left to translate, page by page, also when the test passes
        print(f"\nChinese pages read: {len(found['words'])}")
        for label, words in left.items():
            print(f"{label} ({found['paths'][label]}): {len(words)} English words")
            print("".join(f"    {line}\n" for line in words), end="")
    assert not found["broken"], found["broken"]
    assert len(found["words"]) > len(site["pages"]), found["words"].keys()  # the login page too
    assert not left, "English words on Chinese pages (word: «in context»):\n" + "\n".join(
        f"{label}: " + " | ".join(words) for label, words in left.items()
    )


def _source_shown(cell: Any) -> bool:
    """Whether a table cell names a source: a link to the report, or its outlet or data set in words."""
    links = [a.get_attribute("href") or "" for a in cell.locator("a.source-link").all()]
    if any(urlsplit(href).scheme in ("http", "https") for href in links):
        return True
    return bool(re.search(r"\w", cell.inner_text()))


@pytest.mark.parametrize("width", [PHONE, DESK])
def test_an_alerts_evidence_names_actors_and_a_source(browser: Any, site: dict[str, Any], width: int) -> None:
    alert = site["alert"]
    events = {e["event_id"]: e for e in alert["evidence"]}
    source_headers = {word("source", "en"), word("evidence_report", "en")}
    with signed_in(browser, site["live"].base, "evidence", width, STAFF, site["password"]) as tab:
        page = tab.open(f"/alerts/{alert['alert_id']}?lang=en")
        headers = [h.strip() for h in page.locator("#evidence thead th").all_inner_texts()]
        source_column = next((i for i, h in enumerate(headers) if h in source_headers), None)
        assert source_column is not None, f"no column {source_headers} among {headers}"
        rows = page.locator("#evidence tbody tr").all()
        assert len(rows) == len(events), (len(rows), len(events))
        unnamed, unsourced = [], []
        for row in rows:
            assert row.is_visible()
            links = [path_of(a.get_attribute("href") or "") for a in row.locator("a.event-link").all()]
            (event_id,) = [link.removeprefix("/events/") for link in links]
            event, text = events[event_id], row.inner_text().casefold()
            for side in ("actor1", "actor2"):
                names = [event[f"{side}_name"], country_label(event[f"{side}_country"], "en")]
                named = [name for name in names if name]
                if named and not any(name.casefold() in text for name in named):
                    unnamed.append(f"{event_id} {side}: {named} not in {row.inner_text()!r}")
            if not _source_shown(row.locator("td").nth(source_column)):
                unsourced.append(f"{event_id}: {row.inner_text()!r}")
        tab.shot(f"alert-{width}")
        assert not unnamed, unnamed
        assert not unsourced, f"evidence rows with no source (link, outlet or data set): {unsourced}"
        assert not tab.problems, tab.problems
