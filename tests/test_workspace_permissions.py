"""The permission matrix: every workspace endpoint, asked by every role in every relation to a case (lead
agency, co-owner, invited, unrelated; observer shared or not; the commission), on SQLite and on a real
PostgreSQL. The expectations are written out here from the issue's rules, not read from the policy."""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from holosec.cases import service
from holosec.cases.agencies import add_agency
from holosec.cases.options import PRIVATE_WEBHOOKS, set_option
from holosec.cases.people import UserStore
from holosec.server import create_app
from holosec.store import Store
from holosec.warning.watch import stored_alerts

# who -> (role, agency); agencies: A leads the case, B co-owns it, C is invited, D has nothing to do with it
PEOPLE = {
    "c-admin": ("commission-admin", None),
    "c-staff": ("commission-staff", None),
    "lead-A": ("agency-lead", "Agency A"),
    "analyst-A": ("agency-analyst", "Agency A"),
    "lead-B": ("agency-lead", "Agency B"),
    "analyst-B": ("agency-analyst", "Agency B"),
    "lead-C": ("agency-lead", "Agency C"),
    "analyst-C": ("agency-analyst", "Agency C"),
    "lead-D": ("agency-lead", "Agency D"),
    "analyst-D": ("agency-analyst", "Agency D"),
    "obs-shared": ("observer", "Agency D"),
    "obs-other": ("observer", "Agency D"),
}
RELATION = {
    "c-admin": "commission",
    "c-staff": "commission",
    "lead-A": "lead",
    "analyst-A": "lead",
    "lead-B": "co-owner",
    "analyst-B": "co-owner",
    "lead-C": "invited",
    "analyst-C": "invited",
    "lead-D": None,
    "analyst-D": None,
    "obs-shared": "shared",
    "obs-other": None,
}


def expected(action: str, who: str) -> int:
    """The status the issue's rules give ``who`` for ``action`` (2xx as 200)."""
    relation = RELATION[who]
    role = PEOPLE[who][0]
    commission = relation == "commission"
    if action in ("view", "decisions"):
        return 200 if relation else 404
    if action == "comment":
        return 200 if relation in ("commission", "lead", "co-owner", "invited") else 403 if relation else 404
    if action in ("edit", "evidence", "task", "attach", "task-edit"):
        return 200 if relation in ("commission", "lead", "co-owner") else 403 if relation else 404
    if action in ("decide", "status", "invite", "share"):
        return 200 if commission or who == "lead-A" else 403 if relation else 404
    if action == "link":
        ok = commission or (role == "agency-lead" and relation in ("lead", "co-owner"))
        return 200 if ok else 403 if relation else 404
    if action in ("create", "from-alert"):
        return 200 if commission or who in ("lead-A", "analyst-A") else 403
    if action in ("strategy", "law"):
        return 200 if commission or who == "lead-A" else 403
    if action == "webhook":
        return 200 if who in ("c-admin", "lead-A") else 403
    if action == "agency":
        return 200 if who == "c-admin" else 403
    if action in ("field-agencies", "audit"):
        return 200 if commission else 403
    if action == "audit-verify":
        return 200 if who == "c-admin" else 403
    if action in ("inbox", "list"):
        return 200
    raise AssertionError(action)


@pytest.fixture
def world(workspace_db: str, demo_store: Store, tmp_path: Path) -> Iterator[dict[str, Any]]:
    """The app over the demo store and a fresh workspace, the people above with API tokens, and a case
    led by A, co-owned by B, with C invited and shared with one observer (plus a second like it, to link)."""
    users = UserStore(tmp_path, workspace_db)
    workspace = users.workspace
    for name in ("Agency A", "Agency B", "Agency C", "Agency D", "Agency E"):
        add_agency(workspace, name)
    tokens = {}
    for who, (role, agency) in PEOPLE.items():
        users.add(who, role, agency)
        tokens[who] = users.new_token(who)
    lead = users.get("lead-A")
    assert lead is not None
    cases = []
    for title in ("South China Sea standoff", "Fishing fleet incidents"):
        made = service.create_case(
            workspace, lead, title=title, fields=["homeland"], pairs=[["CHN", "VNM"]], co_owners=["Agency B"]
        )
        service.bring_in(workspace, lead, made["id"], "Agency C", "invited")
        service.share(workspace, lead, made["id"], "obs-shared")
        cases.append(made["id"])
    users.add("obs-extra", "observer", "Agency E")
    root = users.get("c-admin")
    assert root is not None
    set_option(workspace, root, PRIVATE_WEBHOOKS, True)  # the walk registers a webhook on loopback
    with contextlib.redirect_stderr(io.StringIO()):
        app = create_app(demo_store.data_dir, database_url=workspace_db)
    with TestClient(app) as client:
        yield {"client": client, "tokens": tokens, "case": cases[0], "other": cases[1], "store": demo_store}


def _walk(world: dict[str, Any], who: str) -> dict[str, int]:
    """Ask every endpoint as ``who``; the status of each action."""
    client, case, other = world["client"], world["case"], world["other"]
    me = {"Authorization": f"Bearer {world['tokens'][who]}"}
    admin = {"Authorization": f"Bearer {world['tokens']['c-admin']}"}

    def current() -> dict[str, Any]:
        found = client.get(f"/api/v1/cases/{case}", headers=admin)
        assert found.status_code == 200
        answer: dict[str, Any] = found.json()
        return answer

    alert = next(a for a in stored_alerts(world["store"]) if a["field"])
    task_id = current()["tasks"][0]["id"] if current()["tasks"] else None
    got: dict[str, int] = {}

    def ask(action: str, method: str, url: str, **kwargs: Any) -> None:
        got[action] = client.request(method, url, headers=me, **kwargs).status_code

    ask("view", "GET", f"/api/v1/cases/{case}")
    ask("decisions", "GET", f"/api/v1/decisions?case={case}")
    ask("comment", "POST", f"/api/v1/cases/{case}/comments", json={"body": f"note from {who}"})
    ask("edit", "PATCH", f"/api/v1/cases/{case}", json={"version": current()["version"], "priority": "high"})
    ask("evidence", "POST", f"/api/v1/cases/{case}/evidence", json={"kind": "event", "ref": f"gdelt2:{who}"})
    ask("task", "POST", f"/api/v1/cases/{case}/tasks", json={"title": f"task by {who}"})
    task_id = task_id or current()["tasks"][0]["id"]
    version = next(t["version"] for t in current()["tasks"] if t["id"] == task_id)
    ask(
        "task-edit",
        "PATCH",
        f"/api/v1/tasks/{task_id}",
        json={"version": version, "title": f"edited by {who}"},
    )
    ask(
        "attach",
        "POST",
        f"/api/v1/cases/{case}/attachments",
        files={"file": ("b.md", b"# brief", "text/markdown")},
    )
    ask(
        "decide", "POST", f"/api/v1/cases/{case}/decisions", json={"what": "w", "why": "y", "decided_by": "x"}
    )
    state = current()
    ask(
        "status",
        "POST",
        f"/api/v1/cases/{case}/status",
        json={"to": state["moves"][0], "version": state["version"]},
    )
    ask(
        "invite", "POST", f"/api/v1/cases/{case}/agencies", json={"agency": "Agency E", "relation": "invited"}
    )
    ask("share", "POST", f"/api/v1/cases/{case}/shares", json={"observer": "obs-extra"})
    ask("link", "POST", f"/api/v1/cases/{case}/links", json={"case": other})
    new = {
        "title": f"opened by {who}",
        "fields": ["military"],
        "lead_agency": "Agency A",
        "countries": ["CHN"],
    }
    ask("create", "POST", "/api/v1/cases", json=new)
    ask("from-alert", "POST", f"/api/v1/alerts/{alert['alert_id']}/case", json={"lead_agency": "Agency A"})
    strategy = {"kind": "policy", "title": f"policy of {who}", "owner_agency": "Agency A"}
    ask("strategy", "POST", "/api/v1/strategies", json=strategy)
    ask(
        "law",
        "POST",
        "/api/v1/laws",
        json={"title": f"law of {who}", "fields": ["homeland"], "agency": "Agency A"},
    )
    ask("webhook", "POST", "/api/v1/webhooks", json={"url": "http://127.0.0.1:9/hook", "agency": "Agency A"})
    ask("agency", "POST", "/api/v1/agencies", json={"name": f"Agency of {who}"})
    ask("field-agencies", "PUT", "/api/v1/agencies/fields/military", json={"lead": "Agency A"})
    ask("audit", "GET", "/api/v1/audit")
    ask("audit-verify", "GET", "/api/v1/audit/verify")
    ask("inbox", "GET", "/api/v1/notifications")
    listed = client.get("/api/v1/cases?limit=1000", headers=me)
    got["list"] = listed.status_code
    got["listed"] = int(case in [c["id"] for c in listed.json()["data"]])
    return got


def test_every_endpoint_with_every_role_and_relation(world: dict[str, Any]) -> None:
    wrong = []
    for who in PEOPLE:
        got = _walk(world, who)
        listed = got.pop("listed")
        if listed != int(RELATION[who] is not None):
            wrong.append(f"{who}: the case {'is' if listed else 'is not'} in their list")
        for action, status in got.items():
            want = expected(action, who)
            if (200 <= status < 300) != (want == 200) or (want != 200 and status != want):
                wrong.append(f"{who} {action}: {status}, expected {want}")
    assert wrong == []


def test_hidden_cases_answer_404_like_missing_ones(world: dict[str, Any]) -> None:
    """An unrelated agency cannot tell a hidden case from one that does not exist."""
    client, tokens = world["client"], world["tokens"]
    outsider = {"Authorization": f"Bearer {tokens['analyst-D']}"}
    hidden = client.get(f"/api/v1/cases/{world['case']}", headers=outsider)
    missing = client.get("/api/v1/cases/999999", headers=outsider)
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json()["error"]["message"] == missing.json()["error"]["message"]


def test_the_case_contract(world: dict[str, Any]) -> None:
    """POST /api/v1/cases with title, summary, fields and lead_agency answers 201 with the case's id."""
    client, tokens = world["client"], world["tokens"]
    body = {
        "title": "Border incident",
        "summary": "Patrols met",
        "fields": ["homeland"],
        "lead_agency": "Agency A",
    }
    made = client.post("/api/v1/cases", json=body, headers={"Authorization": f"Bearer {tokens['analyst-A']}"})
    assert made.status_code == 201, made.text
    case = made.json()
    assert isinstance(case["id"], int) and case["lead_agency"] == "Agency A" and case["status"] == "research"
    mine = client.get(f"/api/v1/cases/{case['id']}", headers={"Authorization": f"Bearer {tokens['lead-A']}"})
    assert mine.status_code == 200 and mine.json()["title"] == "Border incident"
    other = client.get(f"/api/v1/cases/{case['id']}", headers={"Authorization": f"Bearer {tokens['lead-B']}"})
    assert other.status_code == 404
    unknown = client.post(
        "/api/v1/cases",
        json={**body, "lead_agency": "Agency Z"},
        headers={"Authorization": f"Bearer {tokens['c-admin']}"},
    )
    assert unknown.status_code == 422 and "no agency 'Agency Z'" in unknown.json()["error"]["message"]
