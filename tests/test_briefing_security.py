"""Briefings under attack: hostile text in case titles, decisions, user and agency names, alert reasoning and
event data must stay text in Markdown, HTML and PDF. A PDF must carry no attachment and no file's content,
and rendering it must fetch nothing (a local catcher server counts requests); the HTML must hold no element
of the payload; the Markdown must render to no link or image of it."""

from __future__ import annotations

import contextlib
import io
import logging
import re
import shutil
import tempfile
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt

from holosec.briefings import build_briefing, render
from holosec.briefings.appendix import Appendix
from holosec.briefings.escape import markdown_code, markdown_text, markdown_url, one_line, web_url
from holosec.briefings.render import CSP, chart_svg
from holosec.cases.agencies import add_agency
from holosec.cases.decisions import record_decision
from holosec.cases.people import UserStore
from holosec.cases.register import add_strategy
from holosec.cases.service import create_case
from holosec.charts import field_heatmap
from holosec.store import Store

from httpserver import MirrorServer, serve

PERIOD = "2015-10"
SECRET = "holosec-secret-7f3a9c1e5b"  # the content of a file on the server that must never leave it
FETCHING_TAGS = {"script", "img", "link", "iframe", "object", "embed", "base", "form", "input", "image"}
FETCHING_TAGS |= {"video", "audio", "source", "frame"}
HOSTILE_TAGS = FETCHING_TAGS | {"svg", "style", "meta"}  # an HTML briefing has its own: counted separately
MD = MarkdownIt("commonmark").enable(["table", "strikethrough"])


# -- what the attacker writes ------------------------------------------------------------------------------


def attack(secret: Path, catcher: str) -> str:
    """Every payload at once: a file attachment, remote fetches by HTML and CSS, script, and Markdown links,
    images and autolinks."""
    return (
        f'<link rel=attachment href="{secret.as_uri()}"><img src="{catcher}img">'
        f'<object data="{secret.as_uri()}"></object><iframe src="{catcher}frame"></iframe>'
        f'<div style="background: url({catcher}css)">x</div><script>alert(1)</script> '
        f"[x](javascript:alert(1)) ![y]({catcher}md-image) <{catcher}autolink> "
        "*em* `code` | cell &lt;b&gt; &#106;avascript:\n# heading\n- item"
    )


@pytest.fixture
def secret() -> Iterator[Path]:
    """A secret file on a short path, as the files an attacker aims at are (/etc/..., a key beside the
    store): the payloads name its URL inside a case title's 200 characters, whatever the temporary path's
    length."""
    folder = Path(tempfile.mkdtemp(prefix="s", dir="/tmp" if Path("/tmp").is_dir() else None))
    path = folder / "secret.txt"
    path.write_text(SECRET, encoding="utf-8")
    yield path
    shutil.rmtree(folder)


@pytest.fixture
def catcher(tmp_path: Path) -> Iterator[MirrorServer]:
    """A local HTTP server that records every request it gets: a briefing must send it none."""
    root = tmp_path / "catcher"
    root.mkdir()
    with serve(root) as server:
        yield server


def hostile_workspace(data_dir: Path, secret: Path, catcher: str) -> tuple[UserStore, str]:
    """A real workspace whose agency, reader, case, decision and strategy carry the payloads (each within
    the workspace's own length limits); the reader's name."""
    users = UserStore(data_dir)
    agency = f"<img src={catcher}agency>"
    add_agency(users.workspace, agency)
    reader = f"<img src={catcher}reader>"
    users.add(reader, "agency-analyst", agency=agency)
    users.add("cai", "commission-staff")
    ana, staff = users.get(reader), users.get("cai")
    assert ana is not None and staff is not None
    title = f'<link rel=attachment href="{secret.as_uri()}">[x](javascript:alert(1))'
    case = create_case(users.workspace, ana, title=title, fields=["military"], countries=["CHN"])
    everything = attack(secret, catcher)
    record_decision(users.workspace, staff, case["id"], what=everything, why="x", decided_by=everything[:200])
    add_strategy(
        users.workspace, staff, kind="strategy", title=f"![y]({catcher}strategy)", owner_agency=agency
    )
    return users, reader


def hostile_events(secret: Path, catcher: str) -> list[dict[str, Any]]:
    """Event rows as an ingested file could hold them: hostile ids, actors, codes and source URLs."""
    payload = attack(secret, catcher)
    urls = [
        "javascript:alert(1)",
        " JavaScript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        secret.as_uri(),
        f'{catcher}ok"><img src={catcher}quote>',
        f"{catcher}ok>[x](javascript:alert(1))",
        payload,
    ]
    return [
        {
            "event_id": f"gdelt2:{n}`{payload}",
            "date": payload,
            "source_url": url,
            "actor1_country": payload,
            "actor2_country": "[x](javascript:alert(2))",
            "event_code": payload,
        }
        for n, url in enumerate(urls)
    ]


# -- reading what was rendered -----------------------------------------------------------------------------


class Parsed(HTMLParser):
    """Every start tag with its attributes, and the text, of an HTML document."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def named(self, *names: str) -> list[dict[str, str | None]]:
        return [attrs for tag, attrs in self.tags if tag in names]

    def joined(self) -> str:
        return one_line(" ".join(self.text))


def assert_inert_links(parsed: Parsed) -> None:
    """Every link is an anchor inside the document (the payloads hold no http(s) source URL that may be a
    link), and no element has an event handler."""
    for tag, attrs in parsed.tags:
        assert not [name for name in attrs if name.startswith("on")], (tag, attrs)
        if tag == "a" and "href" in attrs:
            assert (attrs["href"] or "").startswith("#"), attrs


def external_links(parsed: Parsed) -> list[str | None]:
    return [a.get("href") for a in parsed.named("a") if "href" in a and not (a["href"] or "").startswith("#")]


def assert_html_inert(text: str, payload: str) -> None:
    parsed = Parsed(text)
    head = [tag for tag, _ in parsed.tags[2:5]]  # after <html> and <head>
    assert head == ["meta", "meta", "meta"], parsed.tags[:5]
    assert parsed.tags[2][1] == {"http-equiv": "Content-Security-Policy", "content": CSP}
    assert CSP.startswith("default-src 'none';") and "script" not in CSP and "http" not in CSP
    assert [tag for tag, _ in parsed.tags if tag in FETCHING_TAGS] == []
    assert len(parsed.named("style")) == 1 and len(parsed.named("meta")) == 3
    assert_inert_links(parsed)
    assert one_line(payload) in parsed.joined()  # shown, as text


def assert_markdown_inert(text: str, payload: str) -> None:
    assert not re.search(r"(?<!\\)\]\(", text.replace("](#ev-", "")) and "![" not in text  # no live link
    assert not re.search(r"<(img|link|script|iframe|object|div|http)", text, re.IGNORECASE)
    parsed = Parsed(MD.render(text))
    assert [tag for tag, _ in parsed.tags if tag in HOSTILE_TAGS] == []
    assert_inert_links(parsed)
    assert one_line(payload) in parsed.joined()  # shown, as the same text


def assert_pdf_leaks_nothing(data: bytes, catcher: MirrorServer) -> str:
    """No embedded file, no file-attachment annotation, no secret in the bytes or the text; the text."""
    from pypdf import PdfReader
    from pypdf.generic import StreamObject

    assert data.startswith(b"%PDF")
    assert SECRET.encode() not in data
    reader = PdfReader(io.BytesIO(data))
    names = reader.trailer["/Root"].get("/Names")
    assert names is None or "/EmbeddedFiles" not in names.get_object()
    assert reader.attachments == {}
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            assert annotation.get_object().get("/Subtype") != "/FileAttachment"
    for number in range(1, int(reader.trailer["/Size"])):  # every stream, decompressed
        found = reader.get_object(number)
        if isinstance(found, StreamObject):
            assert SECRET.encode() not in found.get_data(), number
    text = "".join(page.extract_text() for page in reader.pages)
    assert SECRET not in text
    assert catcher.requests == []
    return text


# -- the attacks --------------------------------------------------------------------------------------------


@pytest.mark.usefixtures("pdf_writer")
@pytest.mark.network
def test_a_hostile_workspace_stays_text_in_every_format(
    tmp_path: Path, store: Store, secret: Path, catcher: MirrorServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pen test's attack through the real path: an analyst's case title, name and agency, a decision
    and a register entry carry the payloads; the analyst asks for their briefing."""
    monkeypatch.chdir(secret.parent)  # a relative URL must not reach the working directory either
    users, name = hostile_workspace(tmp_path / "workspace", secret, catcher.url)
    content = build_briefing(store, period=PERIOD, workspace=users.workspace, reader=users.get(name))
    content["workspace"]["cases"][0]["title"] += '<link rel="attachment" href="secret.txt">'
    payload = attack(secret, catcher.url)
    text = assert_pdf_leaks_nothing(render(content, "pdf"), catcher)
    assert "rel=attachment" in text.replace("\n", "")  # the title is in the PDF, as text
    assert_html_inert(render(content, "html").decode(), payload)
    assert_markdown_inert(render(content, "md").decode(), payload)
    for shown in (name, content["workspace"]["cases"][0]["title"]):
        assert one_line(shown) in Parsed(MD.render(render(content, "md").decode())).joined()
    assert catcher.requests == []


@pytest.fixture(scope="module")
def demo_content(demo_store: Store) -> dict[str, Any]:
    return build_briefing(demo_store, perspective="CHN", period=PERIOD)


STRUCTURAL = {"lang", "by", "ref", "refs", "anchor"}  # written by holosec itself, never from data


def poisoned(value: Any, payload: str) -> Any:
    """``value`` with every text in it (but the structural keys) replaced by ``payload``."""
    if isinstance(value, dict):
        return {k: v if k in STRUCTURAL else poisoned(v, payload) for k, v in value.items()}
    if isinstance(value, list):
        return [poisoned(v, payload) for v in value]
    return payload if isinstance(value, str) else value


@pytest.mark.usefixtures("pdf_writer")
@pytest.mark.network
@pytest.mark.slow
def test_every_text_of_a_briefing_may_be_hostile(
    demo_content: dict[str, Any], secret: Path, catcher: MirrorServer
) -> None:
    """Every text of the real sample briefing (sentences, names, alert reasoning, evidence ids, actors,
    source URLs, the workspace note ...) replaced by the payload: no template value is left unescaped."""
    payload = attack(secret, catcher.url)
    content = poisoned({k: v for k, v in demo_content.items() if k != "charts"}, payload)
    content["charts"] = demo_content["charts"]
    appendix = Appendix()
    appendix.cite(hostile_events(secret, catcher.url))
    content["appendix"] = content["appendix"] + appendix.rows("en")
    assert_html_inert(render(content, "html").decode(), payload)
    assert_markdown_inert(render(content, "md").decode(), payload)
    assert_pdf_leaks_nothing(render(content, "pdf"), catcher)


def test_source_urls_are_links_only_when_http(store: Store, secret: Path) -> None:
    catcher = "http://127.0.0.1:9/"
    content = build_briefing(store, period=PERIOD)
    appendix = Appendix()
    appendix.cite([*hostile_events(secret, catcher), {"event_id": "ok", "source_url": "https://a.example/x"}])
    content["appendix"] = appendix.rows("en")
    html = Parsed(render(content, "html").decode())
    assert external_links(html) == ["https://a.example/x"]
    markdown = render(content, "md").decode()
    assert external_links(Parsed(MD.render(markdown))) == ["https://a.example/x"]
    for row in appendix.rows("en")[:-1]:
        assert one_line(row["source_url"]) in html.joined()  # the others are shown as text


@pytest.mark.usefixtures("pdf_writer")
@pytest.mark.network
def test_the_pdf_writer_fetches_nothing_even_from_raw_html(
    secret: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Defence in depth: even HTML that escaped nothing gets no file and no URL through the PDF writer."""
    from holosec.briefings.render import write_pdf

    monkeypatch.chdir(secret.parent)
    with serve(tmp_path) as server:
        document = (
            f'<html><head><link rel="attachment" href="{secret.as_uri()}">'
            '<link rel="attachment" href="secret.txt">'
            f'<link rel="stylesheet" href="{server.url}style.css"></head><body>'
            f'<img src="{server.url}secret.txt"><img src="{secret.as_uri()}">'
            f'<object data="{secret.as_uri()}"></object><div style="background: url({server.url}css)">x</div>'
            f'<img src="data:image/svg+xml,<svg xmlns=%22http://www.w3.org/2000/svg%22>'
            f'<image href=%22{secret.as_uri()}%22/></svg>">'
            "<p>body text</p></body></html>"
        )
        with caplog.at_level(logging.ERROR, logger="weasyprint"):
            data = write_pdf(document)
        text = assert_pdf_leaks_nothing(data, server)
    assert "body text" in text
    refused = [r for r in caplog.records if r.name == "weasyprint" and "refuses" in r.getMessage()]
    assert refused  # WeasyPrint asked, was refused, logged it and carried on


def test_chart_labels_stay_text() -> None:
    """Chart SVG is the one piece of markup a briefing trusts: vl-convert escapes the text it draws."""
    label = "<script>alert(1)</script><image href='file:///etc/passwd'/>"
    rows = [{"period": "2015-10", "name": label, "score": 1.0, "label": label}]
    spec = field_heatmap(rows, title=label, period=label, field=label, score=label)
    drawn = str(chart_svg(spec, "chart-x"))
    parsed = Parsed(drawn)
    assert [tag for tag, _ in parsed.tags if tag in {"script", "image", "img", "foreignobject"}] == []
    assert "<script>alert(1)</script>" in parsed.joined()


@pytest.mark.usefixtures("pdf_writer")
@pytest.mark.network
def test_the_api_briefing_of_a_hostile_case_leaks_nothing(
    tmp_path: Path, secret: Path, catcher: MirrorServer
) -> None:
    """The pen test's request: an agency analyst titles a case with the payload and downloads the PDF."""
    from fastapi.testclient import TestClient

    from holosec.server import create_app

    with contextlib.redirect_stderr(io.StringIO()):  # the first-run admin password
        app = create_app(tmp_path / "data")
    users = app.state.users
    add_agency(users.workspace, "Agency A")
    users.add("ana", "agency-analyst", agency="Agency A")
    auth = {"Authorization": f"Bearer {users.new_token('ana')}"}
    title = f'<link rel=attachment href="{secret.as_uri()}"><img src="{catcher.url}api">'
    with TestClient(app) as client:
        made = client.post("/api/v1/cases", headers=auth, json={"title": title, "fields": ["military"]})
        assert made.status_code == 201, made.text
        pdf = client.get("/api/v1/briefings?period=2015-10&format=pdf", headers=auth)
        html = client.get("/api/v1/briefings?period=2015-10&format=html", headers=auth)
        markdown = client.get("/api/v1/briefings?period=2015-10&format=md", headers=auth)
    assert pdf.status_code == html.status_code == markdown.status_code == 200
    text = assert_pdf_leaks_nothing(pdf.content, catcher)
    assert "rel=attachment" in text.replace("\n", "")
    assert_html_inert(html.text, title)
    assert html.headers["content-security-policy"] == CSP  # the file's own, sent with it
    assert_markdown_inert(markdown.text, title)


# -- the Markdown escape itself ------------------------------------------------------------------------------

HOSTILE_TEXTS = [
    "[x](javascript:alert(1))",
    "![y](http://evil.example/)",
    "<http://evil.example/>",
    "<script>alert(1)</script>",
    "<!-- comment --> <b onclick=x>bold</b>",
    "# heading",
    "###### heading",
    "> quote",
    "- item",
    "+ item",
    "1. item",
    "12) item",
    "---",
    "===",
    "***",
    "___",
    "| a | b |",
    "*em* _em_ **strong** ~~gone~~",
    "`code` ``code``",
    "back\\slash\\",
    "&lt;script&gt; &#106;avascript: &amp;",
    "[ref]: http://evil.example/",
    "[x][ref]",
    "line one\nline two\n\n    indented code",
    "trailing break  ",
    "a\u2028b\x85c\u3000d",
    "Research & Analysis Wing (RAW), 2015-10: +3.75",
    "中文标题【测试】 *强调*",
]


@pytest.mark.parametrize("hostile", HOSTILE_TEXTS)
def test_markdown_text_renders_as_exactly_the_text(hostile: str) -> None:
    """At the start of a line, mid-line and in a table cell, the escaped text renders to itself and to no
    element but the paragraph or the cell."""
    escaped = markdown_text(hostile)
    expected = one_line(hostile)
    for source, tags in (
        (escaped, ["p"]),
        (f"x {escaped} x", ["p"]),
        (f"| h |\n|---|\n| {escaped} |\n", ["table", "thead", "tr", "th", "tbody", "tr", "td"]),
    ):
        parsed = Parsed(MD.render(source))
        assert [tag for tag, _ in parsed.tags] == tags, (source, parsed.tags)
        assert expected in parsed.joined(), (source, parsed.joined())


def test_markdown_code_and_urls() -> None:
    assert Parsed(MD.render(markdown_code("a`<b>`c"))).joined() == "a`<b>`c"
    assert Parsed(MD.render(markdown_code("<b>"))).tags == [("p", {}), ("code", {})]
    assert markdown_url("https://a.example/x") == "<https://a.example/x>"
    for url in ("javascript:alert(1)", "http://a.example/ x", "http://a>b", 'http://a"b', "//a.example/"):
        assert not web_url(url)
        assert Parsed(MD.render(markdown_url(url))).named("a") == []


def test_a_rendered_briefing_has_no_markdown_escapes_in_plain_prose(demo_content: dict[str, Any]) -> None:
    """Escaping stays out of the way of ordinary text: the sample briefing's alert reasoning reads as is."""
    text = render(demo_content, "md").decode()
    for alert in demo_content["alerts"]["items"]:
        assert alert["reasoning"] in text
