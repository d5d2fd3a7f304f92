"""The workspace's pages, in process, over the demo store: users sign in with a real session cookie and
drive the forms (open a case by hand and from an alert, tasks, decisions, comments, attachments, workflow
moves, the register, the inbox); the library's state is checked afterwards. Refusals are the library's:
a wrong CSRF token, another agency's case (404), a role that may not decide (403), a stale version (409),
an invalid transition (422), and every refused form writes nothing. Text is shown escaped."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from holosec.cases import audit, decisions, notify, register, service, work
from holosec.cases.agencies import add_agency
from holosec.cases.people import User
from holosec.cases.trend import since_adoption
from holosec.taxonomy.versions import resolve
from holosec.warning.watch import stored_alerts
from test_web import Parsed

AGENCY_A, AGENCY_B, AGENCY_C = "WP Ministry of Aquatics", "WP Bureau of Borders", "WP Coastal Service"
PEOPLE = {
    "wp-lead-a": ("agency-lead", AGENCY_A),
    "wp-analyst-a": ("agency-analyst", AGENCY_A),
    "wp-lead-b": ("agency-lead", AGENCY_B),
    "wp-lead-c": ("agency-lead", AGENCY_C),
    "wp-staff": ("commission-staff", None),
    "wp-observer": ("observer", AGENCY_B),
}
HTML = {"Accept": "text/html"}


@dataclass
class Person:
    """A signed-in browser of the app: its client (with the session and CSRF cookies) and the user."""

    client: Any
    user: User

    @property
    def csrf(self) -> str:
        return str(self.client.cookies["holosec_csrf"])

    def get(self, url: str) -> Any:
        return self.client.get(url, headers=HTML)

    def post(self, url: str, data: dict[str, Any] | None = None, **kwargs: Any) -> Any:
        """Post a form as the page would (with the CSRF token field)."""
        return self.client.post(url, data={"csrf_token": self.csrf, **(data or {})}, headers=HTML, **kwargs)


@pytest.fixture(scope="module")
def people(api: Any) -> dict[str, Person]:
    """The test's agencies and users, each signed in through the login form."""
    workspace, users = api.app.state.workspace, api.app.state.users
    for name in (AGENCY_A, AGENCY_B, AGENCY_C):
        add_agency(workspace, name, "ministry")
    signed = {}
    for name, (role, agency) in PEOPLE.items():
        password = users.add(name, role, agency)
        client = api.fresh()
        client.get("/login")
        form = {"username": name, "password": password, "csrf_token": client.cookies["holosec_csrf"]}
        answer = client.post("/login", data=form)
        assert answer.status_code == 303 and "holosec_session" in client.cookies, answer.text[:300]
        found = users.get(name)
        assert found is not None
        signed[name] = Person(client, found)
    return signed


@pytest.fixture
def ws(api: Any) -> Any:
    return api.app.state.workspace


def new_case(ws: Any, person: Person, title: str = "Fishing fleet standoff", **extra: Any) -> dict[str, Any]:
    values = {"fields": ["military"], "countries": ["VNM"], "period": "2018-01", **extra}
    return service.create_case(ws, person.user, title=title, **values)


def case_of(ws: Any, people: dict[str, Person], case_id: int) -> dict[str, Any]:
    """The case as the commission sees it in the library."""
    return service.get_case(ws, people["wp-staff"].user, case_id)


def case_id_of(answer: Any) -> int:
    assert answer.status_code == 303, answer.text[:500]
    found = re.fullmatch(r"/cases/(\d+)(\?.*)?", answer.headers["location"])
    assert found, answer.headers["location"]
    return int(found.group(1))


def test_open_a_case_with_the_form(people: dict[str, Person], ws: Any) -> None:
    lead = people["wp-lead-a"]
    form = {
        "title": "Militia vessels near the reef",
        "summary": "Seen three days running.",
        "fields": ["military", "homeland"],
        "lead_agency": AGENCY_A,
        "countries": "vnm, PHL",
        "country_pairs": "CHN-VNM",
        "priority": "high",
        "due_on": "2026-12-31",
        "period": "2018-01",
        "taxonomy": "v2014",
    }
    case_id = case_id_of(lead.post("/cases", form))
    made = case_of(ws, people, case_id)
    assert made["title"] == form["title"] and made["summary"] == form["summary"]
    assert sorted(made["fields"]) == ["homeland", "military"] and made["lead_agency"] == AGENCY_A
    assert made["countries"] == ["PHL", "VNM"] and made["pairs"] == [["CHN", "VNM"]]
    assert (made["priority"], made["due_on"], made["period"], made["status"]) == (
        "high",
        "2026-12-31",
        "2018-01",
        "research",
    )
    listed = Parsed(lead.get("/cases").text)
    assert f"/cases/{case_id}" in listed.hrefs("case-link")
    shown = lead.get(f"/cases/{case_id}")
    assert shown.status_code == 200 and "Militia vessels near the reef" in shown.text
    parsed = Parsed(shown.text)
    assert {"task-form", "decision-form", "comment-form", "bring-in-form", "share-form"} <= set(parsed.ids)
    assert re.findall(r'data-to="([a-z-]+)"', shown.text) == ["major-issue", "closed"]


def test_a_bad_form_is_refused_clearly_and_writes_nothing(people: dict[str, Person], ws: Any) -> None:
    lead = people["wp-lead-a"]
    before = len(service.list_cases(ws, people["wp-staff"].user))
    for bad, says in [
        ({"fields": ["military"], "country_pairs": "CHN"}, "a pair is two ISO3 codes"),
        ({"fields": ["military"], "due_on": "31/12/2026"}, "due date must be a date"),
        ({"fields": []}, "at least one security field"),
        ({"fields": ["military"], "countries": "XXX"}, "not an ISO3 country code"),
        ({"fields": ["military"], "lead_agency": "No Such Agency"}, "no agency"),
    ]:
        answer = lead.post("/cases", {"title": "Refused", **bad})
        assert answer.status_code == 422, (bad, answer.text[:300])
        assert "error-message" in Parsed(answer.text).ids and says in answer.text, bad
    other = lead.post(
        "/cases", {"title": "For another agency", "fields": ["military"], "lead_agency": AGENCY_B}
    )
    assert other.status_code == 403 and "own agency only" in other.text
    assert "new-case" not in Parsed(people["wp-observer"].get("/cases").text).ids  # not offered,
    observer = people["wp-observer"].post("/cases", {"title": "Observed", "fields": ["military"]})
    assert observer.status_code == 403  # and refused when forged
    assert len(service.list_cases(ws, people["wp-staff"].user)) == before


def test_task_decision_comment_and_move_through_the_forms(people: dict[str, Person], ws: Any) -> None:
    lead = people["wp-lead-a"]
    case = new_case(ws, lead, co_owners=[AGENCY_B])
    back = f"/cases/{case['id']}"

    answer = lead.post(
        f"{back}/tasks", {"title": "Brief the minister", "owner_agency": AGENCY_B, "due_on": "2026-12-01"}
    )
    assert answer.status_code == 303 and answer.headers["location"] == back
    (task,) = case_of(ws, people, case["id"])["tasks"]
    assert (task["title"], task["owner_agency"], task["due_on"], task["status"]) == (
        "Brief the minister",
        AGENCY_B,
        "2026-12-01",
        "open",
    )
    done = lead.post(f"{back}/tasks/{task['id']}", {"status": "done", "version": task["version"]})
    assert done.status_code == 303
    assert case_of(ws, people, case["id"])["tasks"][0]["status"] == "done"

    decision = {
        "what": "Raise it with the commission",
        "why": "Two agencies see the same fleet",
        "decided_by": "Heads of agency meeting",
        "consulted": [AGENCY_B, AGENCY_C],
        "dissent": "The bureau wanted to wait a week",
    }
    assert lead.post(f"{back}/decisions", decision).status_code == 303
    (logged,) = decisions.list_decisions(ws, people["wp-staff"].user, case["id"])
    assert {k: logged[k] for k in decision} == {**decision, "consulted": sorted(decision["consulted"])}
    assert logged["recorded_by"] == "wp-lead-a"

    assert lead.post(f"{back}/comments", {"body": "Imagery attached tomorrow."}).status_code == 303
    assert [c["body"] for c in case_of(ws, people, case["id"])["comments"]] == ["Imagery attached tomorrow."]

    version = case_of(ws, people, case["id"])["version"]
    moved = lead.post(f"{back}/status", {"to": "major-issue", "version": version})
    assert moved.status_code == 303
    assert case_of(ws, people, case["id"])["status"] == "major-issue"

    parsed = Parsed(lead.get(back).text)
    text = lead.get(back).text
    assert 'data-status="major-issue"' in text and "Brief the minister" in text
    assert "Raise it with the commission" in text and "The bureau wanted to wait a week" in text
    assert "Imagery attached tomorrow." in text
    assert re.findall(r'data-to="([a-z-]+)"', text) == ["principle-policy", "research", "closed"]
    assert parsed.ids["decisions"]["tag"] == "ol"


def test_attachment_upload_and_download(people: dict[str, Person], ws: Any) -> None:
    lead = people["wp-lead-a"]
    case = new_case(ws, lead, title="Briefing attached")
    upload = lead.post(
        f"/cases/{case['id']}/attachments", files={"file": ("brief.txt", b"the briefing\n", "text/plain")}
    )
    assert upload.status_code == 303, upload.text[:300]
    (item,) = case_of(ws, people, case["id"])["attachments"]
    assert (item["name"], item["size"]) == ("brief.txt", 13)
    links = Parsed(lead.get(f"/cases/{case['id']}").text).hrefs("download")
    assert links == [f"/api/v1/cases/{case['id']}/attachments/{item['id']}"]
    assert lead.client.get(links[0]).content == b"the briefing\n"
    assert people["wp-lead-b"].client.get(links[0]).status_code == 404


def test_a_wrong_csrf_token_is_refused_and_writes_nothing(
    api: Any, people: dict[str, Person], ws: Any
) -> None:
    lead = people["wp-lead-a"]
    case = new_case(ws, lead, title="CSRF target")
    url = f"/cases/{case['id']}/comments"
    forged = lead.client.post(url, data={"csrf_token": "not-the-cookie", "body": "forged"}, headers=HTML)
    assert forged.status_code == 403 and "form has expired" in forged.text
    missing = lead.client.post(url, data={"body": "forged"}, headers=HTML)
    assert missing.status_code == 403
    signed_out = api.fresh()
    signed_out.get("/login")
    anonymous = signed_out.post(
        url, data={"csrf_token": signed_out.cookies["holosec_csrf"], "body": "forged"}
    )
    assert anonymous.status_code == 401
    forged_move = lead.client.post(
        f"/cases/{case['id']}/status",
        data={"csrf_token": "x" + lead.csrf, "to": "closed", "version": case["version"]},
        headers=HTML,
    )
    assert forged_move.status_code == 403
    after = case_of(ws, people, case["id"])
    assert after["comments"] == [] and after["status"] == "research"


def test_another_agency_sees_no_such_case(people: dict[str, Person], ws: Any) -> None:
    case = new_case(ws, people["wp-lead-a"], title="Need to know")
    other = people["wp-lead-b"]
    page = other.get(f"/cases/{case['id']}")
    assert page.status_code == 404 and "Need to know" not in page.text
    assert other.get("/cases/999999").status_code == 404
    assert other.post(f"/cases/{case['id']}/comments", {"body": "peek"}).status_code == 404
    assert other.post(f"/cases/{case['id']}/status", {"to": "closed", "version": 1}).status_code == 404
    assert f"/cases/{case['id']}" not in Parsed(other.get("/cases").text).hrefs("case-link")
    assert people["wp-observer"].get(f"/cases/{case['id']}").status_code == 404
    after = case_of(ws, people, case["id"])
    assert after["comments"] == [] and after["status"] == "research"


def test_the_server_refuses_what_the_page_does_not_offer(people: dict[str, Person], ws: Any) -> None:
    case = new_case(ws, people["wp-lead-a"], title="Analysts work, leads decide")
    analyst = people["wp-analyst-a"]
    page = Parsed(analyst.get(f"/cases/{case['id']}").text)
    assert "task-form" in page.ids and "comment-form" in page.ids
    assert "decision-form" not in page.ids and "bring-in-form" not in page.ids
    forged = {"what": "x", "why": "y", "decided_by": "me"}
    assert analyst.post(f"/cases/{case['id']}/decisions", forged).status_code == 403
    moved = analyst.post(f"/cases/{case['id']}/status", {"to": "closed", "version": case["version"]})
    assert moved.status_code == 403
    brought = analyst.post(f"/cases/{case['id']}/agencies", {"agency": AGENCY_B})
    assert brought.status_code == 403
    after = case_of(ws, people, case["id"])
    assert after["decisions"] == [] and after["status"] == "research" and after["co_owners"] == []


def test_html_typed_into_a_case_is_shown_escaped(people: dict[str, Person], ws: Any) -> None:
    lead = people["wp-lead-a"]
    title = '<script>alert("t")</script><b>bold</b>'
    case_id = case_id_of(lead.post("/cases", {"title": title, "fields": ["military"]}))
    body = '<img src=x onerror="alert(1)"> & <a href="javascript:alert(2)">x</a>'
    assert lead.post(f"/cases/{case_id}/comments", {"body": body}).status_code == 303
    made = case_of(ws, people, case_id)
    assert made["title"] == title and made["comments"][0]["body"] == body  # stored as typed
    for url in (f"/cases/{case_id}", "/cases"):
        text = lead.get(url).text
        assert "<script>alert" not in text and "<b>bold</b>" not in text
        assert "&lt;script&gt;alert(&#34;t&#34;)&lt;/script&gt;&lt;b&gt;bold&lt;/b&gt;" in text
        parsed = Parsed(text)
        assert all(s.get("src") or s.get("type") == "application/json" for s in parsed.scripts)
    text = lead.get(f"/cases/{case_id}").text
    assert "<img src=x" not in text and 'href="javascript:' not in text
    assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt; &amp; &lt;a href=" in text


def test_an_invalid_transition_shows_a_clear_error(people: dict[str, Person], ws: Any) -> None:
    lead = people["wp-lead-a"]
    case = new_case(ws, lead, title="Skipping steps")
    answer = lead.post(f"/cases/{case['id']}/status", {"to": "strategy", "version": case["version"]})
    assert answer.status_code == 422
    message = "a case in research cannot move to strategy; it may move to major-issue, closed"
    assert message in answer.text
    assert Parsed(answer.text).ids["back-link"]["href"] == f"/cases/{case['id']}"
    assert case_of(ws, people, case["id"])["status"] == "research"


def test_a_stale_version_asks_to_reload(people: dict[str, Person], ws: Any) -> None:
    lead, staff = people["wp-lead-a"], people["wp-staff"]
    case = new_case(ws, lead, title="Two editors")
    seen = case["version"]
    assert (
        staff.post(f"/cases/{case['id']}/status", {"to": "major-issue", "version": seen}).status_code == 303
    )
    answer = lead.post(f"/cases/{case['id']}/status", {"to": "closed", "version": seen})
    assert answer.status_code == 409
    parsed = Parsed(answer.text)
    assert "stale-notice" in parsed.ids and "Someone changed this case since you opened it" in answer.text
    assert parsed.ids["back-link"]["href"] == f"/cases/{case['id']}"
    assert case_of(ws, people, case["id"])["status"] == "major-issue"


def test_open_a_case_from_an_alert_and_see_overlaps(api: Any, people: dict[str, Person], ws: Any) -> None:
    alert = next(a for a in stored_alerts(api.app.state.store) if a.get("field") and a["evidence"])
    page = people["wp-lead-a"].get(f"/alerts/{alert['alert_id']}")
    form = Parsed(page.text).ids["open-case-form"]
    assert form["action"] == f"/alerts/{alert['alert_id']}/case"
    assert f'name="lead_agency" value="{AGENCY_A}"' in page.text

    first = case_id_of(
        people["wp-lead-a"].post(f"/alerts/{alert['alert_id']}/case", {"lead_agency": AGENCY_A})
    )
    made = case_of(ws, people, first)
    assert made["lead_agency"] == AGENCY_A and made["fields"] == [alert["field"]]
    kinds = {e["kind"] for e in made["evidence"]}
    assert kinds == {"alert", "series", "event"}
    shown = Parsed(people["wp-lead-a"].get(f"/cases/{first}").text)
    links = shown.hrefs("evidence-link")
    assert f"/alerts/{alert['alert_id']}" in links
    assert any(link.startswith(("/country/", "/pair/")) for link in links)
    assert any(link.startswith("/events/") for link in links)

    # Agency B opens a case on the same alert: it cannot see A's case and is not told one exists; the
    # commission's staff are, in their inbox.
    second = people["wp-lead-b"].post(f"/alerts/{alert['alert_id']}/case", {"lead_agency": AGENCY_B})
    query = parse_qs(urlsplit(second.headers["location"]).query)
    assert second.status_code == 303 and query == {}
    notice = people["wp-lead-b"].get(second.headers["location"] + "?hidden=3")  # a crafted link too
    assert (
        "overlap-notice" not in Parsed(notice.text).ids and "the commission has been told" not in notice.text
    )
    assert f'href="/cases/{first}"' not in notice.text
    told = notify.inbox(ws, people["wp-staff"].user)
    assert any(n["kind"] == "overlap" and n["case_id"] == case_id_of(second) for n in told)
    # The commission opens one for agency C: it sees both and is offered to link or merge them.
    third = people["wp-staff"].post(f"/alerts/{alert['alert_id']}/case", {"lead_agency": AGENCY_C})
    location = third.headers["location"]
    flagged = parse_qs(urlsplit(location).query)["overlaps"][0].split(",")
    assert third.status_code == 303 and {str(first), str(case_id_of(second))} <= set(flagged)
    text = people["wp-staff"].get(location).text
    assert f'href="/cases/{first}"' in text and "link-form" in Parsed(text).ids
    # ... and links two of them with the form
    third_id = case_id_of(third)
    assert people["wp-staff"].post(f"/cases/{third_id}/links", {"other": first}).status_code == 303
    assert {"case_id": first, "kind": "related"} in case_of(ws, people, third_id)["links"]
    unknown = people["wp-lead-a"].post("/alerts/no-such-alert/case", {"lead_agency": AGENCY_A})
    assert unknown.status_code == 404


def pair_alert(api: Any) -> dict[str, Any]:
    """The flagship alert of the demo data: CHN-VNM conflict events in May 2014 (the oil-rig crisis), on
    all events of the pair whatever their field."""
    return next(
        a
        for a in stored_alerts(api.app.state.store)
        if (a["country"], a["partner"], a["period"]) == ("CHN", "VNM", "2014-05")
    )


def test_open_a_case_from_the_chn_vnm_pair_alert(api: Any, people: dict[str, Person], ws: Any) -> None:
    """A pair's alert on all events has no one field: its case records the pair and every field, says
    so, cites the pair's series on all fields, and is audited and need-to-know like any other."""
    alert = pair_alert(api)
    assert alert["field"] is None and alert["view"] == "pair_u"
    lead = people["wp-lead-a"]
    page = lead.get(f"/alerts/{alert['alert_id']}")
    assert "all-fields-note" in Parsed(page.text).ids and "China\u2013Vietnam" in page.text

    made_id = case_id_of(lead.post(f"/alerts/{alert['alert_id']}/case", {"lead_agency": AGENCY_A}))
    made = case_of(ws, people, made_id)
    every = resolve(alert["taxonomy"]).ids()
    assert made["pairs"] == [["CHN", "VNM"]] and made["countries"] == []
    assert (
        sorted(made["fields"]) == sorted(every)
        and made["period"] == "2014-05"
        and made["lead_agency"] == AGENCY_A
    )
    assert made["title"].startswith("CHN-VNM all fields:") and "records all fields" in made["summary"]
    assert alert["reasoning"] in made["summary"]
    refs = {(e["kind"], e["ref"]) for e in made["evidence"]}
    assert ("alert", alert["alert_id"]) in refs and ("series", "CHN-VNM:all:month") in refs
    assert {e["event_id"] for e in alert["evidence"]} <= {ref for kind, ref in refs if kind == "event"}

    shown = lead.get(f"/cases/{made_id}")
    parsed = Parsed(shown.text)
    assert 'href="/pair/CHN/VNM"' in shown.text
    assert "/pair/CHN/VNM?by=month" in parsed.hrefs("evidence-link")
    assert f"/alerts/{alert['alert_id']}" in parsed.hrefs("evidence-link")
    cell = re.search(r'<td id="case-fields">(.*?)</td>', shown.text)
    assert cell is not None and cell.group(1) == "All fields"

    trail, _ = audit.entries(ws, offset=0, limit=200)
    assert any(
        e["action"] == "case.create" and e["target"] == f"case:{made_id}" and e["actor"] == "wp-lead-a"
        for e in trail
    )
    # need-to-know as for a field's alert: another agency does not see the case, an observer may not open one
    assert lead.get(f"/cases/{made_id}").status_code == 200
    assert people["wp-lead-b"].get(f"/cases/{made_id}").status_code == 404
    assert people["wp-observer"].post(f"/alerts/{alert['alert_id']}/case").status_code == 403


def test_the_api_opens_a_case_from_the_pair_alert(api: Any, people: dict[str, Person]) -> None:
    alert = pair_alert(api)
    answer = api.post(
        f"/api/v1/alerts/{alert['alert_id']}/case", "commission-staff", json={"lead_agency": AGENCY_B}
    )
    assert answer.status_code == 201, answer.text
    assert answer.json()["pairs"] == [["CHN", "VNM"]] and len(answer.json()["fields"]) > 1


def test_a_perspective_alert_opens_a_case_on_its_home_country(
    api: Any, people: dict[str, Person], ws: Any
) -> None:
    """An alert on all of the home country's events (a rule with neither partners nor fields; the demo
    rules raise none, so a real field alert of China stands in, without its field)."""
    real = next(a for a in stored_alerts(api.app.state.store) if a["country"] == "CHN" and a["field"])
    alert = {**real, "field": None, "series": "CHN"}
    made = service.alert_to_case(ws, people["wp-analyst-a"].user, alert)
    assert made["countries"] == ["CHN"] and made["pairs"] == []
    assert sorted(made["fields"]) == sorted(resolve(real["taxonomy"]).ids())
    assert "all events of CHN" in made["summary"] and made["relation"] == "lead"


def test_bring_in_share_and_evidence(people: dict[str, Person], ws: Any) -> None:
    lead = people["wp-lead-a"]
    case = new_case(ws, lead, title="Bring them in")
    back = f"/cases/{case['id']}"
    assert lead.post(f"{back}/agencies", {"agency": AGENCY_C, "relation": "invited"}).status_code == 303
    assert people["wp-lead-c"].get(back).status_code == 200
    invited = Parsed(people["wp-lead-c"].get(back).text).ids
    assert "comment-form" in invited and "task-form" not in invited and "decision-form" not in invited
    assert people["wp-lead-c"].post(f"{back}/tasks", {"title": "not theirs"}).status_code == 403
    assert lead.post(f"{back}/share", {"observer": "wp-observer"}).status_code == 303
    assert people["wp-observer"].get(back).status_code == 200
    refused = lead.post(f"{back}/share", {"observer": "wp-lead-b"})
    assert refused.status_code == 422 and "no observer has that name" in refused.text
    added = lead.post(f"{back}/evidence", {"kind": "series", "ref": "CHN-VNM:military:month", "label": "s"})
    assert added.status_code == 303
    after = case_of(ws, people, case["id"])
    assert after["invited"] == [AGENCY_C] and after["shared_with"] == ["wp-observer"]
    assert [e["ref"] for e in after["evidence"]] == ["CHN-VNM:military:month"]
    hrefs = Parsed(lead.get(back).text).hrefs("evidence-link")
    assert hrefs == ["/pair/CHN/VNM?field=military&by=month"]


def test_cases_list_filters(people: dict[str, Person], ws: Any) -> None:
    staff = people["wp-staff"]
    economic = new_case(ws, people["wp-lead-c"], title="Port fees dispute", fields=["economic"])
    military = new_case(ws, people["wp-lead-c"], title="Naval drill", fields=["military"])
    shown = Parsed(staff.get(f"/cases?in_field=economic&agency={AGENCY_C}").text).hrefs("case-link")
    assert f"/cases/{economic['id']}" in shown and f"/cases/{military['id']}" not in shown
    closed = Parsed(staff.get("/cases?status=closed").text).hrefs("case-link")
    assert f"/cases/{economic['id']}" not in closed
    try:
        chinese = staff.get("/cases?lang=zh").text
    finally:
        staff.client.cookies.delete("holosec_lang")
    assert "新建案件" in chinese and "研究" in chinese


def test_register_strategy_trend_and_laws(api: Any, people: dict[str, Person], ws: Any) -> None:
    staff = people["wp-staff"]
    law = staff.post(
        "/laws",
        {
            "title": "Maritime Militia Act",
            "fields": ["military"],
            "agency": AGENCY_A,
            "enacted_on": "2016-05-01",
        },
    )
    assert law.status_code == 303
    laws = Parsed(staff.get("/laws").text)
    assert "Maritime Militia Act" in staff.get("/laws").text and "new-law" in laws.ids
    (law_id,) = [x["id"] for x in register.list_laws(ws, staff.user) if x["title"] == "Maritime Militia Act"]
    assert f"law-{law_id}" in laws.ids
    answer = staff.post(
        "/strategies",
        {
            "kind": "strategy",
            "title": "Calm the reef",
            "owner_agency": AGENCY_A,
            "status": "adopted",
            "adopted_on": "2018-01-01",
            "target_lines": "CHN:political\nCHN-VNM:military:conflict_events",
            "laws": [str(law_id)],
        },
    )
    assert answer.status_code == 303 and answer.headers["location"].startswith("/strategies/")
    strategy_id = int(answer.headers["location"].removeprefix("/strategies/"))
    page = staff.get(answer.headers["location"])
    parsed = Parsed(page.text)
    spec = parsed.blocks["strategy-trend-spec"]
    line = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "line")
    rows = spec["datasets"][line["data"]["name"]]
    expected = since_adoption(api.app.state.store, register.get_strategy(ws, staff.user, strategy_id))
    assert {row["name"] for row in rows} == {"China · Political security · conflict events"}  # CHN-VNM: none
    first, last = spec["usermeta"]["span"]  # the series' real span: zeros alone after it are left out
    drawn = [p for p in expected[0]["points"] if first <= p["period"] <= last]
    assert [row["value"] for row in rows] == [p["value"] for p in drawn]
    assert spec["usermeta"]["outside"] == len(expected[0]["points"]) - len(drawn)
    assert min(row["start"] for row in rows) == "2018-01-01"
    table = re.findall(r'<tr data-series="([^"]+)">', page.text)
    assert table == ["CHN:political", "CHN-VNM:military"]
    adopted = expected[0]["at_adoption"]
    assert adopted["period"] == "2018-01" and adopted["value"] > 0
    assert f"2018-01: {round(adopted['value'], 3)}" in page.text and "Maritime Militia Act" in page.text
    assert "/strategies" in Parsed(staff.get("/strategies").text).hrefs("strategy-link")[0]
    bad = staff.post("/strategies", {"kind": "strategy", "title": "x", "target_lines": "China military"})
    assert bad.status_code == 422 and "COUNTRY[-PARTNER]:field" in bad.text
    assert "new-strategy" not in Parsed(people["wp-analyst-a"].get("/strategies").text).ids
    analyst = people["wp-analyst-a"].post("/strategies", {"kind": "policy", "title": "Not mine to add"})
    assert analyst.status_code == 403


def test_agencies_page(people: dict[str, Person]) -> None:
    text = people["wp-analyst-a"].get("/agencies").text
    for name in (AGENCY_A, AGENCY_B, AGENCY_C):
        assert name in text
    assert 'data-field="military"' in text


def test_inbox_shows_and_marks_read(people: dict[str, Person], ws: Any) -> None:
    lead, staff = people["wp-lead-a"], people["wp-staff"]
    case = new_case(ws, lead, title="Tell the lead")
    assert (
        staff.post(
            f"/cases/{case['id']}/status", {"to": "major-issue", "version": case["version"]}
        ).status_code
        == 303
    )
    mine = [n for n in notify.inbox(ws, lead.user) if n["case_id"] == case["id"] and not n["read"]]
    assert mine, notify.inbox(ws, lead.user)
    page = Parsed(lead.get("/inbox").text)
    assert f"/cases/{case['id']}" in [a["href"] for a in page.links]
    assert lead.post(f"/inbox/{mine[0]['id']}/read").status_code == 303
    assert next(n for n in notify.inbox(ws, lead.user) if n["id"] == mine[0]["id"])["read"] is True
    assert people["wp-lead-b"].post(f"/inbox/{mine[0]['id']}/read").status_code == 404


def test_nav_links_to_the_workspace(people: dict[str, Person]) -> None:
    nav = Parsed(people["wp-analyst-a"].get("/cases").text).links
    hrefs = [a["href"] for a in nav]
    assert {"/cases", "/strategies", "/inbox"} <= set(hrefs)


def test_task_mark_done_with_a_stale_version_is_refused(people: dict[str, Person], ws: Any) -> None:
    lead = people["wp-lead-a"]
    case = new_case(ws, lead, title="Task race")
    task = work.add_task(ws, lead.user, case["id"], "Count the boats")
    work.update_task(ws, lead.user, task["id"], task["version"], {"title": "Count the boats again"})
    answer = lead.post(
        f"/cases/{case['id']}/tasks/{task['id']}", {"status": "done", "version": task["version"]}
    )
    assert answer.status_code == 409
    assert case_of(ws, people, case["id"])["tasks"][0]["status"] == "open"


def test_edit_a_case_from_the_version_seen(people: dict[str, Person], ws: Any) -> None:
    lead, analyst = people["wp-lead-a"], people["wp-analyst-a"]
    case = new_case(ws, lead, title="First wording")
    form = {"title": "Second wording", "summary": "More known now.", "priority": "critical", "due_on": ""}
    edited = analyst.post(
        f"/cases/{case['id']}/edit", {**form, "version": case["version"], "period": "2018-02"}
    )
    assert edited.status_code == 303
    after = case_of(ws, people, case["id"])
    assert (after["title"], after["summary"], after["priority"], after["period"]) == (
        "Second wording",
        "More known now.",
        "critical",
        "2018-02",
    )
    stale = lead.post(f"/cases/{case['id']}/edit", {**form, "title": "Third", "version": case["version"]})
    assert stale.status_code == 409 and "stale-notice" in Parsed(stale.text).ids
    assert case_of(ws, people, case["id"])["title"] == "Second wording"
    page = Parsed(lead.get(f"/cases/{case['id']}").text)
    assert page.ids["edit-form"]["action"] == f"/cases/{case['id']}/edit"
    invalid = lead.post(f"/cases/{case['id']}/edit", {**form, "title": " ", "version": after["version"]})
    assert invalid.status_code == 422 and "title is required" in invalid.text


def test_update_a_strategy_status(api: Any, people: dict[str, Person], ws: Any) -> None:
    lead = people["wp-lead-b"]
    made = register.add_strategy(ws, lead.user, kind="policy", title="Border calm", owner_agency=AGENCY_B)
    url = f"/strategies/{made['id']}"
    assert "strategy-status-form" in Parsed(lead.get(url).text).ids
    assert "strategy-status-form" not in Parsed(people["wp-lead-a"].get(url).text).ids
    form = {"status": "adopted", "adopted_on": "2018-01-01", "version": made["version"]}
    assert people["wp-lead-a"].post(url, form).status_code == 403  # another agency's entry
    assert lead.post(url, form).status_code == 303
    after = register.get_strategy(ws, lead.user, made["id"])
    assert (after["status"], after["adopted_on"]) == ("adopted", "2018-01-01")
    assert lead.post(url, {**form, "status": "withdrawn"}).status_code == 409  # the version moved on
    assert register.get_strategy(ws, lead.user, made["id"])["status"] == "adopted"


def test_observers_are_not_offered_to_open_a_case_from_an_alert(api: Any, people: dict[str, Person]) -> None:
    alert = next(a for a in stored_alerts(api.app.state.store) if a.get("field"))
    url = f"/alerts/{alert['alert_id']}"
    assert "open-case-form" not in Parsed(people["wp-observer"].get(url).text).ids
    assert people["wp-observer"].post(f"{url}/case").status_code == 403


@pytest.mark.parametrize(
    "url", ["/cases", "/cases/1", "/strategies", "/strategies/1", "/laws", "/inbox", "/agencies"]
)
def test_every_workspace_page_needs_sign_in(api: Any, url: str) -> None:
    response = api.fresh().get(url, headers=HTML)
    assert response.status_code == 303 and response.headers["location"] == "/login"


@pytest.mark.parametrize("url", ["/cases", "/strategies", "/laws", "/inbox", "/agencies"])
def test_workspace_pages_load_only_local_scripts(people: dict[str, Person], url: str) -> None:
    answer = people["wp-staff"].get(url)
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/html")
    for script in Parsed(answer.text).scripts:
        assert script.get("type") == "application/json" or str(script.get("src")).startswith("/static/")
    assert "script-src 'self';" in answer.headers["content-security-policy"]


def test_the_case_page_speaks_chinese(people: dict[str, Person], ws: Any) -> None:
    lead = people["wp-lead-a"]
    case = new_case(ws, lead, title="Bilingual")
    try:
        text = lead.get(f"/cases/{case['id']}?lang=zh").text
    finally:
        lead.client.cookies.delete(
            "holosec_lang"
        )  # the choice sticks in a cookie; the other tests read English
    chinese = ("牵头机构", "任务", "决策记录", "记录决策", "评论", "附件", "转至：重大问题", "军事安全")  # noqa: RUF001
    for phrase in chinese:
        assert phrase in text, phrase
    assert '<html lang="zh">' in text


def test_merge_a_case_into_another(people: dict[str, Person], ws: Any) -> None:
    lead = people["wp-lead-a"]
    duplicate = new_case(ws, lead, title="Duplicate report")
    kept = new_case(ws, lead, title="Kept report")
    service.add_evidence(ws, lead.user, duplicate["id"], "series", "VNM:military:month")
    answer = lead.post(f"/cases/{duplicate['id']}/links", {"other": kept["id"], "merge": "true"})
    assert answer.status_code == 303 and answer.headers["location"] == f"/cases/{kept['id']}"
    folded, survivor = case_of(ws, people, duplicate["id"]), case_of(ws, people, kept["id"])
    assert (folded["status"], folded["merged_into"]) == ("closed", kept["id"])
    assert [e["ref"] for e in survivor["evidence"]] == ["VNM:military:month"]
    page = Parsed(lead.get(f"/cases/{duplicate['id']}").text)
    assert page.ids["merged-into"]["tag"] == "p"
    assert lead.post(f"/cases/{duplicate['id']}/links", {"other": duplicate["id"]}).status_code == 422
