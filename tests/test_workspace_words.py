# ruff: noqa: RUF001
"""The commission workspace's pages read fully in Chinese: with cases, tasks, decisions, comments,
attachments, a case opened from a real alert, register entries, laws and notifications in place, each
page's main part in Chinese shows the library's codes (statuses, priorities, kinds, relations) as words,
dates as a Chinese reader writes them, countries by name, and no English of ours: only what users typed
(wrapped ``translate="no"``, as a browser's translator and the check below skip it) stays as given."""

from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser
from typing import Any

import pytest

from holosec.cases import decisions, register, service, work
from holosec.cases.agencies import add_agency
from holosec.cases.people import User
from holosec.warning.watch import stored_alerts
from holosec.web.workspace_views import notice

AGENCY_A, AGENCY_B = "WW Ministry of Tides", "WW Harbour Service"
ACRONYMS = {"GDELT", "ICEWS", "CAMEO", "PLOVER", "ACLED", "UCDP", "POLECAT", "ISO", "API", "PDF", "HTML"}
ACRONYMS |= {"Markdown", "holosec", "English"}
LATIN = re.compile(r"[A-Za-z]+")
VOID = {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class MainText(HTMLParser):
    """The text of a page's ``<main>`` a Chinese reader reads as ours: without scripts, styles and
    elements marked ``translate="no"``."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.inside, self.hidden, self.stack = False, 0, []  # type: ignore[var-annotated]
        self.parts: list[str] = []
        self.feed(page)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "main":
            self.inside = True
        if tag in VOID:
            return
        hides = dict(attrs).get("translate") == "no" or tag in ("script", "style")
        self.stack.append(hides)
        self.hidden += hides

    def handle_endtag(self, tag: str) -> None:
        if tag == "main":
            self.inside = False
        if tag not in VOID and self.stack:
            self.hidden -= self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self.inside and not self.hidden and data.strip():
            self.parts.append(data.strip())

    @property
    def text(self) -> str:
        return " ".join(self.parts)


def english_of_ours(page: str) -> list[str]:
    """The Latin words of a page's main part that are not users' text nor allowed acronyms."""
    return [w for w in LATIN.findall(MainText(page).text) if w not in ACRONYMS]


@pytest.fixture(scope="module")
def site(api: Any) -> dict[str, Any]:
    """Two agencies, their people signed in (a fresh client each), and a workspace full of things: a
    case with every part, one opened from a real alert, an overlapping case, a strategy and a law."""
    ws, users = api.app.state.workspace, api.app.state.users
    for name, kind in ((AGENCY_A, "ministry"), (AGENCY_B, "service")):
        add_agency(ws, name, kind)
    people: dict[str, tuple[Any, User]] = {}
    for name, role, agency in (
        ("ww-lead", "agency-lead", AGENCY_A),
        ("ww-analyst", "agency-analyst", AGENCY_A),
        ("ww-lead-b", "agency-lead", AGENCY_B),
        ("ww-staff", "commission-staff", None),
    ):
        password = users.add(name, role, agency)
        client = api.fresh()
        client.get("/login")
        form = {"username": name, "password": password, "csrf_token": client.cookies["holosec_csrf"]}
        assert client.post("/login", data=form).status_code == 303
        found = users.get(name)
        assert found is not None
        people[name] = (client, found)
    lead, analyst, lead_b = people["ww-lead"][1], people["ww-analyst"][1], people["ww-lead-b"][1]
    case = service.create_case(
        ws,
        lead,
        title="Tide gauge tampering",
        summary="Gauges at two ports reported nonsense.",
        fields=["military", "homeland"],
        countries=["VNM"],
        pairs=[["CHN", "VNM"]],
        priority="high",
        due_on=date(2026, 12, 15),
        period="2018-01",
    )
    case_id = case["id"]
    work.add_task(ws, lead, case_id, "Check the gauges", owner_user="ww-analyst", due_on=date(2026, 12, 20))
    task = work.add_task(ws, lead, case_id, "Call the harbour master")
    work.update_task(ws, lead, task["id"], task["version"], {"status": "done"})
    decisions.record_decision(
        ws, lead, case_id, what="Send a team", why="The readings matter", decided_by="ww-lead"
    )
    work.add_comment(ws, analyst, case_id, "Team is on its way.")
    work.attach(ws, lead, case_id, "gauges.txt", "text/plain", b"readings")
    service.bring_in(ws, lead, case_id, AGENCY_B, "invited")
    service.add_evidence(ws, lead, case_id, "series", "CHN-VNM:military:month", "the pair's series")
    moved = service.get_case(ws, lead, case_id)
    service.move_case(ws, lead, case_id, moved["version"], "major-issue")
    other = service.create_case(
        ws, lead_b, title="Harbour sensors", fields=["military"], countries=["VNM"], period="2018-01"
    )
    service.link_cases(ws, people["ww-staff"][1], case_id, other["id"], merge=False)
    alert = next(a for a in stored_alerts(api.app.state.store) if a.get("field") and a["evidence"])
    from_alert = service.alert_to_case(ws, lead, alert)
    law = register.add_law(
        ws, lead, title="Tide Act", fields=["military"], agency=AGENCY_A, enacted_on=date(2016, 5, 1)
    )
    strategy = register.add_strategy(
        ws,
        lead,
        kind="policy",
        title="Calm tides",
        owner_agency=AGENCY_A,
        status="in-implementation",
        adopted_on=date(2018, 1, 1),
        cases=[case_id],
        targets=[{"country": "CHN", "partner": "VNM", "field": "military", "indicator": "conflict_events"}],
        laws=[law["id"]],
    )
    return {
        "people": people,
        "case": case_id,
        "from_alert": from_alert["id"],
        "strategy": strategy["id"],
    }


def page(site: dict[str, Any], who: str, url: str, lang: str = "zh") -> str:
    client = site["people"][who][0]
    answer = client.get(url, params={"lang": lang}, headers={"Accept": "text/html"})
    assert answer.status_code == 200, answer.text[:500]
    return str(answer.text)


def pages(site: dict[str, Any]) -> list[tuple[str, str]]:
    return [
        ("ww-lead", "/cases"),
        ("ww-lead", f"/cases/{site['case']}"),
        ("ww-lead", f"/cases/{site['from_alert']}"),
        ("ww-analyst", f"/cases/{site['case']}"),
        ("ww-analyst", "/inbox"),
        ("ww-lead-b", "/inbox"),
        ("ww-staff", "/inbox"),
        ("ww-staff", f"/cases/{site['case']}"),
        ("ww-lead", "/strategies"),
        ("ww-lead", f"/strategies/{site['strategy']}"),
        ("ww-lead", "/laws"),
        ("ww-lead", "/agencies"),
    ]


def test_workspace_pages_in_chinese_have_no_english_of_ours(site: dict[str, Any]) -> None:
    for who, url in pages(site):
        text = page(site, who, url)
        assert '<html lang="zh">' in text
        assert english_of_ours(text) == [], (who, url)


def test_the_check_finds_english(site: dict[str, Any]) -> None:
    """The same pages in English are full of words the check finds (so it can fail)."""
    text = page(site, "ww-lead", f"/cases/{site['case']}", "en")
    assert {"Lead", "Tasks", "Workflow"} <= set(english_of_ours(text))
    assert "Tide" not in english_of_ours(text)  # users' text is skipped in either language


def test_statuses_show_words_and_forms_keep_codes(site: dict[str, Any]) -> None:
    case = page(site, "ww-lead", f"/cases/{site['case']}")
    assert re.search(r'id="case-status"[^>]*data-status="major-issue">重大问题<', case)
    assert '<td class="priority-high">高</td>' in case
    assert '<td class="task-status">已完成</td>' in case and '<td class="task-status">进行中</td>' in case
    assert "2026年12月15日" in case and "2026年12月20日" in case and "2018年1月" in case
    assert 'value="2026-12-15"' in case  # a date input keeps ISO
    assert "越南" in case and "中国–越南" in case and "中国–越南 · 军事安全" in case
    assert 'value="series">序列</option>' in case
    assert "牵头机构" in case
    assert "（相关）" in page(site, "ww-staff", f"/cases/{site['case']}")  # the other case is B's
    assert 'name="to" value="principle-policy"' in case and "转至：原则/政策" in case
    listed = page(site, "ww-lead", "/cases")
    row = re.search(rf'<tr data-case="{site["case"]}">(.*?)</tr>', listed, re.DOTALL)
    assert row is not None
    assert "重大问题" in row[1] and "major-issue" not in MainText(row[1]).text
    assert "越南、中国–越南" in row[1] and "2026年12月15日" in row[1]
    assert '<option value="research">研究</option>' in listed
    strategies = page(site, "ww-lead", "/strategies")
    assert (
        'data-status="in-implementation">实施中<' in strategies and 'data-kind="policy">政策<' in strategies
    )
    assert '<option value="in-implementation">实施中</option>' in strategies
    assert "中国–越南 · 军事安全 · 冲突事件数" in strategies and "2018年1月1日" in strategies
    strategy = page(site, "ww-lead", f"/strategies/{site['strategy']}")
    assert 'data-status="in-implementation">实施中<' in strategy and "冲突事件数" in strategy
    laws = page(site, "ww-lead", "/laws")
    assert 'data-status="in-force">现行有效<' in laws and "2016年5月1日" in laws
    assert '<option value="in-force">现行有效</option>' in laws
    agencies = page(site, "ww-lead", "/agencies")
    assert 'data-kind="ministry">部委<' in agencies and 'data-kind="service">业务部门<' in agencies


def test_the_inbox_says_its_notices_in_chinese(site: dict[str, Any]) -> None:
    analyst = MainText(page(site, "ww-analyst", "/inbox")).text
    assert "分配" in analyst and "已分配给您，截止日期为2026年12月20日" in analyst
    assert "状态变更" in analyst and "由“研究”转至“重大问题”" in analyst
    invited = MainText(page(site, "ww-lead-b", "/inbox")).text
    assert "的受邀机构" in invited
    staff = MainText(page(site, "ww-staff", "/inbox")).text
    assert "案件重叠" in staff and "存在重叠。请合并或关联。" in staff
    assert "有新决策" in staff  # the lead's decision, told to the commission


def test_users_text_stays_as_given(site: dict[str, Any]) -> None:
    case = page(site, "ww-lead", f"/cases/{site['case']}")
    for given in ("Tide gauge tampering", "Gauges at two ports reported nonsense.", "Team is on its way."):
        assert re.search(rf'translate="no"[^>]*>{re.escape(given)}<', case), given
    assert f'<td id="lead-agency" translate="no">{AGENCY_A}</td>' in case
    assert 'translate="no">gauges.txt</a>' in case and "Send a team" in case


def test_an_unknown_notice_stays_as_written() -> None:
    assert notice("Case 3 'Reef' is due 2026-12-15.", "zh") == [
        ("案件 3“", True),
        ("Reef", False),
        ("”的截止日期为2026年12月15日。", True),
    ]
    assert notice("Task 4 'Call' is due 2026-01-02.", "zh")[-1] == ("”的截止日期为2026年1月2日。", True)
    assert notice("A message of a new kind.", "zh") == [("A message of a new kind.", False)]
