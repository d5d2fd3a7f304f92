# ruff: noqa: RUF001  (Chinese titles with full-width punctuation)
"""Briefings from the bundled real data: the Markdown snapshot, reproducible bytes, the PDF in both
languages, a period without data, numbers equal to the index, evidence that exists in the store, and
need-to-know in the workspace section."""

from __future__ import annotations

import io
import json
import os
import re
import sys
from datetime import UTC, datetime
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from holosec.briefings import build_briefing, render
from holosec.briefings.render import GENERATED, strip_generated
from holosec.briefings.words import period_name
from holosec.cases.agencies import add_agency
from holosec.cases.decisions import record_decision
from holosec.cases.people import UserStore
from holosec.cases.register import add_strategy
from holosec.cases.service import create_case
from holosec.cli import app
from holosec.indicators import Selection
from holosec.indicators.evidence import evidence
from holosec.indicators.index import OVERALL, Index
from holosec.presentation.alert_words import full_record, plain_record
from holosec.presentation.i18n import word as say
from holosec.presentation.situation import change_label
from holosec.store import Store
from holosec.taxonomy.versions import resolve

SNAPSHOTS = Path(__file__).parent / "snapshots"
UPDATE = "HOLOSEC_UPDATE_SNAPSHOTS"
PERIOD = "2015-10"  # ICEWS and GDELT both cover CHN this month and the month before
NOW = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
runner = CliRunner(env={"COLUMNS": "200"})  # one width, whatever the terminal running the tests


def names(lang: str, taxonomy: str = "v2014") -> list[str]:
    return [f.name_zh if lang == "zh" else f.name_en for f in resolve(taxonomy).fields]


@pytest.fixture(scope="module")
def content(demo_store: Store) -> dict[str, Any]:
    return build_briefing(demo_store, perspective="CHN", period=PERIOD, lang="en", now=NOW)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_markdown_snapshot(demo_store: Store, lang: str) -> None:
    """The Markdown briefing of the real sample data, byte for byte (minus the generated-at line).
    Review a change with ``HOLOSEC_UPDATE_SNAPSHOTS=1 pytest tests/test_briefings.py`` and a diff of
    ``tests/snapshots/`` (docs/briefings.md)."""
    found = build_briefing(demo_store, perspective="CHN", period=PERIOD, lang=lang, now=NOW)
    text = strip_generated(render(found, "md").decode())
    snapshot = SNAPSHOTS / f"briefing-CHN-{PERIOD}-{lang}.md"
    if os.environ.get(UPDATE) == "1":
        snapshot.parent.mkdir(exist_ok=True)
        snapshot.write_text(text, encoding="utf-8")
    assert snapshot.exists(), f"no snapshot yet: run with {UPDATE}=1 and review {snapshot}"
    assert text == snapshot.read_text(encoding="utf-8"), f"briefing changed: review with {UPDATE}=1"


def test_same_arguments_give_the_same_bytes(demo_store: Store, content: dict[str, Any]) -> None:
    again = build_briefing(demo_store, perspective="CHN", period=PERIOD, lang="en")
    assert again["meta"]["generated_at"] != content["meta"]["generated_at"]
    for fmt in ("md", "html"):
        first, second = render(content, fmt).decode(), render(again, fmt).decode()
        assert sum(GENERATED in line for line in first.splitlines()) == 1
        assert first != second  # the generated-at line differs ...
        assert strip_generated(first) == strip_generated(second)  # ... and nothing else


def test_html_is_one_self_contained_file(content: dict[str, Any]) -> None:
    text = render(content, "html").decode()
    assert "<style>" in text and "<svg" in text
    assert not re.search(r"<(link|script|img)\b", text)
    cited = {row["source_url"] for row in content["appendix"] if row["source_url"]}
    urls = {unescape(url) for url in re.findall(r'(?:href|src)="(https?://[^"]+)"', text)}
    assert urls and urls <= cited  # the only URLs are the evidence's sources
    for row in content["appendix"]:
        assert f'id="{row["anchor"]}"' in text


@pytest.mark.usefixtures("pdf_writer")
@pytest.mark.slow
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_pdf_has_every_field_name_in_its_language(demo_store: Store, lang: str) -> None:
    from pypdf import PdfReader

    found = build_briefing(demo_store, perspective="CHN", period=PERIOD, lang=lang)
    data = render(found, "pdf")
    assert data.startswith(b"%PDF")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    text = re.sub(r"\s+", "", text)
    for name in names(lang):
        assert re.sub(r"\s+", "", name) in text, name
    assert say("title", lang).replace(" ", "") in text


@pytest.mark.parametrize("period", ["1990-01", "1990-W05"])
def test_a_period_without_data_says_so(demo_store: Store, period: str) -> None:
    found = build_briefing(demo_store, period=period, lang="zh", now=NOW)
    assert found["meta"]["has_data"] is False and found["meta"]["period"] == period
    text = render(found, "md").decode()
    assert say("no_data", "zh", period=period_name(period, "zh")) in text
    for name in names("zh"):
        assert f"| {name} |" in text
    assert found["appendix"] == [] and found["alerts"]["items"] == []


def test_an_empty_store_gives_a_briefing_too(store: Store) -> None:
    found = build_briefing(store, now=NOW)
    assert found["meta"]["period"] is None
    assert say("no_data_any", "en") in render(found, "html").decode()


def test_without_period_the_latest_period_with_data(demo_store: Store) -> None:
    found = build_briefing(demo_store, by="week")
    index = Index.of_store(demo_store, by="week")
    assert found["meta"]["period"] == index.period(None, "CHN")


def test_field_numbers_are_the_index(demo_store: Store, content: dict[str, Any]) -> None:
    china = ("CHN", "HKG", "MAC", "TWN")  # CHN.toml: the places it counts as home are China's
    rows = {r["field"]: r for r in Index.of_store(demo_store, by="month", home=china).rows("CHN", PERIOD)}
    sections = content["situation"]["fields"]
    assert [s["field"] for s in sections] == resolve("v2014").ids()
    for section in sections:
        row = rows[section["field"]]
        for key in ("score", "previous", "delta", "events"):
            assert section[key] == row[key], (section["field"], key)
        assert section["change"] == (row["change"] if row["score"] is not None else None)
        selection = Selection(country="CHN", field=section["field"], by="month", home=china)
        behind = evidence(demo_store, selection, PERIOD, limit=1)
        assert section["evidence"]["count"] == behind["count"]
        assert section["evidence"]["events"] == pytest.approx(row["events"], abs=0.01)
    assert content["situation"]["overall"]["score"] == rows[OVERALL]["score"]
    for section in sections:  # the sentences are the templates filled with the index's numbers
        row = rows[section["field"]]
        if row["score"] is None:
            first = say("field_quiet", "en", period="October 2015")
        elif row["change"] is None:
            first = say("field_first", "en", score=f"{row['score']:.1f}", previous_period="September 2015")
        else:
            values = {"score": f"{row['score']:.1f}", "previous": f"{row['previous']:.1f}"}
            first = say(f"field_{row['change']}", "en", delta=f"{row['delta']:+.1f}", **values)
        assert section["sentences"][0] == first
    fields = [rows[f] for f in resolve("v2014").ids()]
    labels = [r["change"] for r in fields if r["score"] is not None]
    overall = rows[OVERALL]
    assert content["situation"]["summary"] == say(
        "summary_line",
        "en",
        score=f"{overall['score']:.1f}",
        change=say(
            "summary_change",
            "en",
            arrow={"deteriorated": "▲", "improved": "▼", "unchanged": "►"}[overall["change"]],
            label=change_label(overall["change"], "en", prose=True),
            delta=f"{overall['delta']:+.1f}",
            previous=f"{overall['previous']:.1f}",
        ),
        fields=len(fields),
        deteriorated=labels.count("deteriorated"),
        improved=labels.count("improved"),
        unchanged=labels.count("unchanged"),
        first=labels.count(None),
        quiet=sum(r["score"] is None for r in fields),
    )
    changed = {s["field"] for s in sections if s["change"] in ("deteriorated", "improved")}
    listed = content["situation"]["changes"]["deteriorated"] + content["situation"]["changes"]["improved"]
    assert {s["field"] for s in listed} == changed and changed  # the sample month has both kinds


def test_every_cited_event_is_in_the_store(demo_store: Store, content: dict[str, Any]) -> None:
    appendix = content["appendix"]
    assert len(appendix) >= 11
    ids = [row["event_id"] for row in appendix]
    stored = dict(
        demo_store.execute(
            f"SELECT event_id, source_url FROM events WHERE event_id IN ({', '.join('?' * len(ids))})", ids
        ).fetchall()
    )
    text = render(content, "md").decode()
    for row in appendix:
        assert row["event_id"] in stored
        assert row["source_url"] == (stored[row["event_id"]] or None)
        if row["source_url"]:
            assert f"<{row['source_url']}>" in text
        line = next(line for line in text.splitlines() if f'<a id="{row["anchor"]}"></a>' in line)
        assert f"</a>**{row['ref']}** " in line and f"`{row['event_id']}`" in line
    refs = set(re.findall(r"\]\(#(ev-e\d+)\)", text))
    assert refs == {row["anchor"] for row in appendix}


def test_alerts_carry_the_track_record(demo_store: Store) -> None:
    """May 2014, the oil-rig crisis: the month's alerts, each with its reasoning and track record (the
    alerts of October 2015 were a GDELT sample landing on ICEWS, which the coverage guard drops)."""
    from holosec.warning.watch import stored_alerts

    rig = "2014-05"
    content = build_briefing(demo_store, perspective="CHN", period=rig, lang="en", now=NOW)
    expected = [a for a in stored_alerts(demo_store, country="CHN") if a["period"] == rig]
    items = content["alerts"]["items"]
    assert {i["alert_id"] for i in items} == {a["alert_id"] for a in expected} and items
    rank = {"high": 0, "medium": 1, "low": 2}
    assert [rank[i["severity"]] for i in items] == sorted(rank[i["severity"]] for i in items)
    for item in items:
        alert = next(a for a in expected if a["alert_id"] == item["alert_id"])
        assert item["reasoning"] == alert["reasoning"]
        assert item["record"] + "." == plain_record(full_record(alert), "en")
        assert f"recall {float(alert['record']['recall']):.2g}" in item["record"]


def test_chinese_alerts_reason_in_chinese(demo_store: Store) -> None:
    """The stored reasoning is English: a Chinese briefing says it again from the alert's numbers, and
    its title, track record and evidence read as Chinese, with periods as a Chinese reader writes them."""
    content = build_briefing(demo_store, perspective="CHN", period="2014-05", lang="zh", now=NOW)
    items = content["alerts"]["items"]
    assert items
    for item in items:
        for text in (item["title"], item["reasoning"], item["record"]):
            assert not re.search(r"[A-Za-z]", text), text
            assert "2014-05" not in text and " (" not in text
        assert "2014年5月" in item["title"] and "2014年5月" in item["reasoning"]
        assert item["record"].startswith("回测显示")
    text = render(content, "md").decode()
    section = text.split("## " + say("top_alerts", "zh"))[1].split("\n## ")[0]
    assert "Why" not in section and "robust SD" not in section and "检测器得分" in section


def test_regional_sections_come_from_the_regional_library(demo_store: Store, content: dict[str, Any]) -> None:
    from holosec.regional.lenses import load_lenses
    from holosec.regional.matrix import region_matrix

    matrix = region_matrix(demo_store, "CICA", period=PERIOD)
    worst = min(p["balance"] for p in matrix["pairs"] if p["balance"] is not None)
    assert content["regional"]["pairs"][0]["balance"] == f"{worst:+.2f}"
    assert [lens["id"] for lens in content["lenses"]["items"]] == [lens.id for lens in load_lenses()]
    assert content["exposure"]["line"] and content["exposure"]["countries"]


def workspace_with_two_agencies(data_dir: Path) -> UserStore:
    users = UserStore(data_dir)
    for agency in ("Agency A", "Agency B"):
        add_agency(users.workspace, agency)
    users.add("ana", "agency-analyst", agency="Agency A")
    users.add("bo", "agency-analyst", agency="Agency B")
    users.add("cai", "commission-staff")
    for name, title in (("ana", "Border incidents of agency A"), ("bo", "Pipeline threats of agency B")):
        user = users.get(name)
        assert user is not None
        create_case(users.workspace, user, title=title, fields=["military"], countries=["CHN"])
    staff = users.get("cai")
    assert staff is not None
    b_case = next(c for c in _cases(users, "bo") if c["title"].startswith("Pipeline"))
    record_decision(
        users.workspace, staff, b_case["id"], what="Raise to major issue", why="two sources", decided_by="cai"
    )
    add_strategy(
        users.workspace,
        staff,
        kind="strategy",
        title="Pipeline security strategy",
        owner_agency="Agency B",
        status="in-implementation",
        cases=[b_case["id"]],
    )
    return users


def _cases(users: UserStore, name: str) -> list[dict[str, Any]]:
    from holosec.cases.service import list_cases

    user = users.get(name)
    assert user is not None
    return list_cases(users.workspace, user)


def test_workspace_section_respects_need_to_know(tmp_path: Path, store: Store) -> None:
    users = workspace_with_two_agencies(tmp_path / "workspace")
    seen = {}
    for name in ("ana", "cai"):
        found = build_briefing(
            store, period=PERIOD, workspace=users.workspace, reader=users.get(name), now=NOW
        )
        seen[name] = render(found, "md").decode()
    assert "Border incidents of agency A" in seen["ana"]
    assert "Pipeline threats of agency B" not in seen["ana"] and "Raise to major issue" not in seen["ana"]
    assert "Border incidents of agency A" in seen["cai"] and "Pipeline threats of agency B" in seen["cai"]
    assert "Raise to major issue" in seen["cai"]
    for text in seen.values():  # everyone signed in reads the register, with its status
        assert "Pipeline security strategy | strategy | in implementation | Agency B" in text
    alone = render(build_briefing(store, period=PERIOD, now=NOW), "md").decode()
    assert say("no_reader", "en") in alone and "Border incidents" not in alone


def test_cli_writes_markdown_to_stdout_and_files(demo_store: Store, tmp_path: Path) -> None:
    args = ["brief", "--period", PERIOD, "--data-dir", str(demo_store.data_dir)]
    result = runner.invoke(app, [*args, "--format", "md", "--lang", "zh"])
    assert result.exit_code == 0, result.output
    expected = build_briefing(demo_store, period=PERIOD, lang="zh")
    assert strip_generated(result.stdout) == strip_generated(render(expected, "md").decode())
    as_json = runner.invoke(app, [*args, "--lang", "zh", "--json"])
    assert as_json.exit_code == 0, as_json.output
    found, same = json.loads(as_json.stdout), json.loads(json.dumps(expected, default=str))
    for content in (found, same):
        del content["meta"]["generated_at"]
    assert found == same
    target = tmp_path / "b.html"
    written = runner.invoke(app, [*args, "-o", str(target)])
    assert written.exit_code == 0, written.output
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_cli_errors(demo_store: Store) -> None:
    where = ["--data-dir", str(demo_store.data_dir)]
    pdf = runner.invoke(app, ["brief", "--format", "pdf", *where])
    assert pdf.exit_code == 2 and "-o" in pdf.output
    bad = runner.invoke(app, ["brief", "--period", "2015-10-01", *where])
    assert bad.exit_code == 2 and "month or a week" in bad.output
    mixed = runner.invoke(app, ["brief", "--period", "2015-10", "--by", "week", *where])
    assert mixed.exit_code == 2
    nobody = runner.invoke(app, ["brief", "--reader", "nobody-here", *where])
    assert nobody.exit_code == 2 and "nobody-here" in nobody.output


def situation(text: str) -> str:
    """A Markdown briefing from its key judgements to its workspace section."""
    return text.split("## Key judgements")[1].split("## Workspace")[0]


def test_pdf_without_weasyprint_names_the_extra(
    demo_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # what Python does when it is not installed
    target = tmp_path / "b.pdf"
    where = ["--data-dir", str(demo_store.data_dir)]
    result = runner.invoke(app, ["brief", "--format", "pdf", "-o", str(target), *where])
    assert result.exit_code == 1 and "pip install 'holosec[pdf]'" in result.output
    assert not target.exists()


@pytest.mark.usefixtures("pdf_writer")
def test_api_returns_the_file_for_the_signed_in_reader(api: Any, demo_store: Store) -> None:
    response = api.get(f"/api/v1/briefings?period={PERIOD}&format=md", role="agency-analyst")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/markdown")
    assert response.headers["content-disposition"].startswith("attachment")
    text = response.text
    assert "test-agency-analyst" in text and say("no_reader", "en") not in text
    expected = render(build_briefing(demo_store, period=PERIOD), "md").decode()
    assert situation(text) == situation(expected)  # the same briefing, but for the workspace part
    html = api.get(f"/api/v1/briefings?period={PERIOD}&lang=zh")
    assert html.headers["content-type"].startswith("text/html") and "政治安全" in html.text
    pdf = api.get(f"/api/v1/briefings?period={PERIOD}&format=pdf")
    assert pdf.headers["content-type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    wrong = api.get("/api/v1/briefings?period=2015-13-01")
    assert wrong.status_code == 422 and set(wrong.json()) == {"error"}
    assert api.fresh().get("/api/v1/briefings").status_code == 401


def test_overview_offers_the_download(api: Any) -> None:
    response = api.client.get("/", headers={**api.auth("viewer"), "accept": "text/html"})
    assert response.status_code == 200
    assert 'action="/api/v1/briefings"' in response.text


# -- a briefing that reads as one ------------------------------------------------------------------------

MARKS = ("deteriorated", "improved", "unchanged")


@pytest.fixture(scope="module")
def content_zh(demo_store: Store) -> dict[str, Any]:
    return build_briefing(demo_store, perspective="CHN", period=PERIOD, lang="zh", now=NOW)


def _section(text: str, heading: str) -> str:
    """The Markdown between ``## heading`` and the next ``## ``."""
    start = text.index(f"## {heading}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end >= 0 else None]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_key_judgements_come_first_and_name_real_pairs_and_fields(
    demo_store: Store, content: dict[str, Any], content_zh: dict[str, Any], lang: str
) -> None:
    """Three to five judgements, each marked deteriorated, improved or unchanged; each field judgement
    names a field that moved, the foreign country with most weight in that field's events (checked against
    the evidence library) and cites one of those events."""
    from holosec.reference import country_label

    found = content if lang == "en" else content_zh
    text = render(found, "md").decode()
    heading = say("key_judgements", lang)
    assert heading == {"en": "Key judgements", "zh": "主要判断"}[lang]
    assert text.index(f"## {heading}") < text.index(f"## {say('situation', lang)}")  # first
    items = found["judgements"]
    assert 3 <= len(items) <= 5
    assert all(item["mark"] in MARKS for item in items)
    assert items[0]["mark"] == found["situation"]["overall"]["change"]
    china = ("CHN", "HKG", "MAC", "TWN")
    moved = {
        s["field"]: s for s in found["situation"]["fields"] if s["change"] in ("deteriorated", "improved")
    }
    named = 0
    for item in items[1:]:
        field = next((f for f, s in moved.items() if item["text"].startswith(s["name"])), None)
        if field is None:
            continue
        named += 1
        assert item["mark"] == moved[field]["change"]
        rows = evidence(
            demo_store, Selection(country="CHN", field=field, by="month", home=china), PERIOD, 200
        )
        weight: dict[str, float] = {}
        for row in rows["data"]:
            for code in {row["actor1_country"], row["actor2_country"]} - {None, *china}:
                weight[code] = weight.get(code, 0.0) + row["weight"]
        top = max(weight, key=lambda code: (weight[code], code))
        assert country_label(top, lang) in item["text"] and country_label("CHN", lang) in item["text"]
        cited = {row["ref"]: row["event_id"] for row in found["appendix"]}
        assert item["refs"] and cited[item["refs"][0]] in {row["event_id"] for row in rows["data"]}
        assert say(f"mark_{item['mark']}", lang) in item["label"]
    assert named == min(3, len(moved)) and named  # the sample month has fields that moved


def test_nothing_moved_is_one_sentence(store: Store) -> None:
    """With no field moved, no alert and the overall index steady, the judgements are one sentence."""
    from holosec.briefings.context import Context
    from holosec.briefings.judgements import key_judgements

    ctx = Context(
        store=store, perspective="CHN", home="CHN", by="month", taxonomy="v2014", lang="zh",
        period=PERIOD, has_data=True, names={}, home_set=("CHN",),
    )  # fmt: skip
    overall = {"score": 5.04, "previous": 4.96, "delta": 0.08, "change": "unchanged", "events": 40.0}
    steady = {"field": "military", "name": "军事安全", "change": "unchanged", "score": 5.0}
    situation = {
        "overall": overall,
        "compared": True,
        "changes": {"deteriorated": [], "improved": []},
        "fields": [steady],
    }
    items = key_judgements(ctx, situation)
    assert len(items) == 1 and items[0]["mark"] == "unchanged"
    why = say("judge_why_none", "zh", previous_period="2015年9月")
    assert items[0]["text"] == say(
        "judge_flat", "zh", why=why, country="中国", period="2015年10月", score="5.0"
    )
    assert items[0]["text"] == (
        "与2015年9月相比，各领域形势均无明显变化，亦无预警；2015年10月中国总体威胁指数为5.0。"
    )


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_only_fields_that_moved_have_sections(
    content: dict[str, Any], content_zh: dict[str, Any], lang: str
) -> None:
    """Fields with nothing to report are named once, together, in one line; no section says "no events"."""
    found = content if lang == "en" else content_zh
    text = render(found, "md").decode()
    fields = found["situation"]["fields"]
    shown = [f for f in fields if f["reported"]]
    assert {f["change"] for f in shown} <= {"deteriorated", "improved", None} and shown
    for field in fields:
        assert text.count(f"### {field['name']}\n") == (1 if field["reported"] else 0)
    quiet = [line for line in text.splitlines() if line.startswith(say("quiet_line", lang, parts="")[:4])]
    assert len(quiet) == 1
    for field in fields:
        if not field["reported"]:
            assert quiet[0].count(field["name"]) == 1 + sum(
                other["name"] != field["name"] and field["name"] in other["name"] for other in fields
            )
    assert text.count(say("field_quiet", lang, period=found["meta"]["period_name"])) == 0


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_title_names_the_perspective_in_the_readers_language(
    content: dict[str, Any], content_zh: dict[str, Any], lang: str
) -> None:
    found = content if lang == "en" else content_zh
    title = found["meta"]["title"]
    expected = {
        "en": "Security situation briefing: China, October 2015",
        "zh": "中国国家安全形势简报（2015年10月）",
    }
    assert title == expected[lang]
    for fmt in ("md", "html"):
        text = render(found, fmt).decode()
        heading = re.search(r"^# (.+)$", text, re.M) if fmt == "md" else re.search(r"<h1>(.+?)</h1>", text)
        assert heading and heading.group(1) == title and not re.search(r"\b[A-Z]{3}\b", heading.group(1))


def _prose(markdown: str) -> str:
    """Markdown without code spans, links' targets and URLs: the text a reader reads."""
    text = re.sub(r"`[^`]*`", "", markdown)
    text = re.sub(r"<[^>]*>", "", text)
    return re.sub(r"\]\([^)]*\)", "]", text)


def test_chinese_is_written_as_chinese(content_zh: dict[str, Any]) -> None:
    """Dates as 2015年10月, full-width punctuation after Chinese, no literal phrasings."""
    text = _prose(strip_generated(render(content_zh, "md").decode()))
    assert not re.findall(r"\d{4}-\d{2}", text)
    assert "2015年10月" in text and "2015年9月" in text
    assert not re.findall(r"[\u4e00-\u9fff][,;:()]", text)
    for literal in ("得分由", "变为", "加权事件", "CHN"):
        assert literal not in text, literal


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_numbers_are_rounded_as_a_reader_expects(
    content: dict[str, Any], content_zh: dict[str, Any], lang: str
) -> None:
    found = content if lang == "en" else content_zh
    text = render(found, "md").decode()
    top = _section(text, say("key_judgements", lang)) + _section(text, say("situation", lang))
    assert "weighted events" not in text
    assert not re.findall(r"\d\.\d{2}", top)  # scores to one decimal, events whole
    events = {"en": r"([\d.,]+) events?\b", "zh": r"事件(?:约)?([\d.,]+)起"}[lang]
    counts = re.findall(events, top)
    assert counts and all(re.fullmatch(r"\d{1,3}(,\d{3})*", c) for c in counts), counts
    for field in found["situation"]["fields"]:
        assert field["shown"]["events"] == f"{int(field['events'] + 0.5):,}"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_data_basis_states_sources_coverage_and_thin_fields(
    demo_store: Store, content: dict[str, Any], content_zh: dict[str, Any], lang: str
) -> None:
    from holosec.indicators.coverage import index_sources
    from holosec.presentation.i18n import coverage_line

    found = content if lang == "en" else content_zh
    basis = _section(render(found, "md").decode(), say("data_basis", lang))
    sources = index_sources(demo_store, PERIOD)
    assert sources and coverage_line(sources, lang).replace("_", r"\_") in basis
    assert {s["source"] for s in found["basis"]["sources"]} == {s.source for s in sources}
    thin = [f for f in found["situation"]["fields"] if f["score"] is not None and f["low_evidence"]]
    assert thin and found["basis"]["thin"] == [f["field"] for f in thin]
    for field in thin:
        assert field["name"] in basis
    short = [s for s in sources if s.days is not None and s.days < 31 / 2]
    assert short and all(s.name in basis.split(coverage_line(sources, lang))[1] for s in short)
