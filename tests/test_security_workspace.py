"""The workspace under attack by a hostile insider (an agency user with a valid account) and by someone
who can write to the database file. Each test is the attack: what leaves the system (webhooks, inbox,
answers, pages) tells an agency only of cases it may see; webhooks cannot be pointed into the server's own
network, now or later by DNS rebinding; malformed webhook URLs answer 4xx in the one error shape; user
names cannot be enumerated; the audit trail names who did what, reads included; and ``holosec audit
verify`` reports a damaged trail in one line instead of crashing."""

from __future__ import annotations

import contextlib
import io
import json
import socket
import sqlite3
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from holosec.cases import audit, notify, service, work
from holosec.cases.agencies import add_agency
from holosec.cases.decisions import record_decision
from holosec.cases.errors import Forbidden, Invalid
from holosec.cases.models import AuditEntry, Delivery
from holosec.cases.options import PRIVATE_WEBHOOKS, set_option
from holosec.cases.people import User, UserError, UserStore
from holosec.cli import app as cli
from holosec.server import create_app

PEOPLE = {
    "root": ("commission-admin", None),
    "staff": ("commission-staff", None),
    "lead-A": ("agency-lead", "Agency A"),
    "analyst-A": ("agency-analyst", "Agency A"),
    "lead-B": ("agency-lead", "Agency B"),
    "analyst-B": ("agency-analyst", "Agency B"),
    "lead-C": ("agency-lead", "Agency C"),
    "lead-D": ("agency-lead", "Agency D"),
    "obs-D": ("observer", "Agency D"),
}
SEA = {"fields": ["homeland"], "pairs": [["CHN", "VNM"]], "period": "2014-05"}


@pytest.fixture
def users(workspace_db: str, tmp_path: Path) -> UserStore:
    store = UserStore(tmp_path, workspace_db)
    for name in ("Agency A", "Agency B", "Agency C", "Agency D"):
        add_agency(store.workspace, name, "ministry")
    for name, (role, agency) in PEOPLE.items():
        store.add(name, role, agency)
    return store


def person(users: UserStore, name: str) -> User:
    found = users.get(name)
    assert found is not None
    return found


def entries(users: UserStore, after: int = 0) -> list[AuditEntry]:
    with users.workspace.session() as session:
        return list(
            session.scalars(sa.select(AuditEntry).where(AuditEntry.seq > after).order_by(AuditEntry.seq))
        )


def last_seq(users: UserStore) -> int:
    found = entries(users)
    return found[-1].seq if found else 0


class Catcher(BaseHTTPRequestHandler):
    """A webhook receiver on loopback that keeps every post (headers and body)."""

    got: ClassVar[list[tuple[dict[str, str], bytes]]] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        Catcher.got.append((dict(self.headers), body))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def catcher() -> Iterator[int]:
    """The port of a webhook catcher on 127.0.0.1."""
    Catcher.got = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Catcher)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield int(server.server_address[1])
    server.shutdown()
    server.server_close()


def bodies() -> list[dict[str, Any]]:
    return [json.loads(body) for _headers, body in Catcher.got]


# -- need-to-know for what leaves the system ----------------------------------------------------------------


@pytest.mark.network
def test_an_agencys_webhook_learns_nothing_of_a_hidden_overlapping_case(
    users: UserStore, catcher: int
) -> None:
    workspace = users.workspace
    set_option(workspace, person(users, "root"), PRIVATE_WEBHOOKS, True)  # the catcher is on loopback
    notify.add_webhook(workspace, person(users, "lead-B"), f"http://127.0.0.1:{catcher}/b", agency="Agency B")
    hidden = service.create_case(workspace, person(users, "lead-A"), title="A's secret", **SEA)
    made = service.create_case(workspace, person(users, "analyst-B"), title="B's look", **SEA)
    assert made["overlaps"] == [] and made["overlaps_hidden"] == 0
    notify.deliver(workspace)
    for headers, body in Catcher.got:
        assert headers["Host"] == f"127.0.0.1:{catcher}"
        text = body.decode()
        assert "Agency A" not in text and f"{hidden['id']} (" not in text and "overlap" not in text, text
    for name in ("lead-B", "analyst-B"):  # nor their inboxes
        assert all(n["kind"] != "overlap" for n in notify.inbox(workspace, person(users, name)))
    told = [n for n in notify.inbox(workspace, person(users, "staff")) if n["kind"] == "overlap"]
    assert len(told) == 1 and f"{hidden['id']} (Agency A)" in told[0]["message"]  # the commission is told


@pytest.mark.network
def test_an_overlap_message_names_only_the_cases_its_reader_may_see(users: UserStore, catcher: int) -> None:
    workspace = users.workspace
    set_option(workspace, person(users, "root"), PRIVATE_WEBHOOKS, True)
    notify.add_webhook(workspace, person(users, "lead-B"), f"http://127.0.0.1:{catcher}/b", agency="Agency B")
    notify.add_webhook(workspace, person(users, "root"), f"http://127.0.0.1:{catcher}/commission")
    hidden = service.create_case(workspace, person(users, "lead-A"), title="A's secret", **SEA)
    shared = service.create_case(
        workspace, person(users, "lead-C"), title="C's, with B", co_owners=["Agency B"], **SEA
    )
    made = service.create_case(workspace, person(users, "lead-B"), title="B's look", **SEA)
    assert [o["id"] for o in made["overlaps"]] == [shared["id"]] and made["overlaps_hidden"] == 0
    notify.deliver(workspace)
    messages = [b["message"] for b in bodies() if b["event"] == "overlap" and b["case"] == made["id"]]
    assert len(messages) == 2  # the commission's webhook and B's
    full = [m for m in messages if f"{hidden['id']} (Agency A)" in m]
    partial = [m for m in messages if m not in full]
    assert len(full) == 1 and f"{shared['id']} (Agency C)" in full[0]
    assert len(partial) == 1 and f"{shared['id']} (Agency C)" in partial[0] and "Agency A" not in partial[0]


def test_merged_into_a_hidden_case_shows_nothing(users: UserStore) -> None:
    workspace = users.workspace
    kept = service.create_case(workspace, person(users, "lead-A"), title="Kept, A only", **SEA)
    folded = service.create_case(workspace, person(users, "lead-B"), title="Folded, B's", **SEA)
    staff = person(users, "staff")
    service.link_cases(workspace, staff, folded["id"], kept["id"], merge=True)
    lead_b = person(users, "lead-B")
    seen = service.get_case(workspace, lead_b, folded["id"])
    assert seen["status"] == "closed" and seen["merged_into"] is None and seen["links"] == []
    assert [c["merged_into"] for c in service.list_cases(workspace, lead_b)] == [None]
    with pytest.raises(Invalid) as refused:
        service.move_case(workspace, lead_b, folded["id"], seen["version"], "research")
    assert str(kept["id"]) not in str(refused.value).replace(f"case {folded['id']}", "")
    assert service.get_case(workspace, staff, folded["id"])["merged_into"] == kept["id"]


def test_an_unknown_user_and_another_agencys_user_get_the_same_answer(users: UserStore) -> None:
    workspace = users.workspace
    case = service.create_case(workspace, person(users, "lead-A"), title="Who is there?", **SEA)
    analyst, lead = person(users, "analyst-A"), person(users, "lead-A")
    answers = []
    for name in ("lead-D", "no-such-person", "obs-D", "root"):
        with pytest.raises(Invalid) as refused:
            work.add_task(workspace, analyst, case["id"], "probe", owner_user=name)
        answers.append((refused.value.status, str(refused.value)))
    assert len(set(answers)) == 1, answers
    shares = []
    for name in ("lead-D", "no-such-person"):
        with pytest.raises(Invalid) as refused:
            service.share(workspace, lead, case["id"], name)
        shares.append((refused.value.status, str(refused.value)))
    assert len(set(shares)) == 1, shares
    made = work.add_task(workspace, analyst, case["id"], "for a colleague", owner_user="lead-A")
    assert made["owner_user"] == "lead-A"


# -- webhooks: where they may post, and malformed URLs -------------------------------------------------------

PRIVATE_URLS = (
    "http://127.0.0.1:8080/hook",
    "http://localhost/hook",
    "http://10.1.2.3/hook",
    "http://192.168.0.10/hook",
    "http://169.254.169.254/latest/meta-data/",
    "http://100.64.0.1/hook",
    "http://0.0.0.0/hook",
    "http://224.0.0.1/hook",
    "http://2130706433/hook",
    "http://0x7f.1/hook",
    "http://[::1]/hook",
    "http://[::ffff:127.0.0.1]/hook",
    "http://[fe80::1]/hook",
    "http://[fc00::1]/hook",
    "https://[2002:7f00:1::]/hook",
)


def test_webhooks_into_private_networks_are_refused_unless_an_admin_allows_them(users: UserStore) -> None:
    workspace, root, lead = users.workspace, person(users, "root"), person(users, "lead-A")
    before = last_seq(users)
    for url in PRIVATE_URLS:
        with pytest.raises(Invalid, match="non-public address"):
            notify.add_webhook(workspace, root, url)
    assert entries(users, before) == []  # nothing registered, nothing written
    with pytest.raises(Forbidden):
        set_option(workspace, lead, PRIVATE_WEBHOOKS, True)
    set_option(workspace, root, PRIVATE_WEBHOOKS, True)
    changed = entries(users, before)
    assert [(e.actor, e.action, e.target) for e in changed] == [
        ("root", "setting.change", f"setting:{PRIVATE_WEBHOOKS}")
    ]
    assert notify.add_webhook(workspace, lead, "http://10.1.2.3/hook", agency="Agency A")["id"] >= 1
    assert notify.add_webhook(workspace, root, "http://93.184.215.14/hook")["id"] >= 1  # public: always


@pytest.mark.network
def test_a_webhook_rebound_to_loopback_after_it_was_added_reaches_nothing(
    users: UserStore, catcher: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """DNS rebinding: the host resolves to a public address when the webhook is added, to the server's
    own loopback when the post is sent. The post is checked again and refused; nothing reaches the
    catcher on 127.0.0.1."""
    real = socket.getaddrinfo
    answers = {"rebind.test": "93.184.215.14"}

    def lookup(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        if host in answers:
            family = socket.AF_INET
            return [(family, socket.SOCK_STREAM, 6, "", (answers[host], int(port)))]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", lookup)
    workspace = users.workspace
    notify.add_webhook(workspace, person(users, "root"), f"http://rebind.test:{catcher}/hook")
    answers["rebind.test"] = "127.0.0.1"
    made = service.create_case(workspace, person(users, "lead-A"), title="Rebound", **SEA)
    record_decision(workspace, person(users, "lead-A"), made["id"], what="w", why="y", decided_by="x")
    assert notify.deliver(workspace) == {"sent": 0, "failed": 1}
    assert Catcher.got == []
    with users.workspace.session() as session:
        errors = list(session.scalars(sa.select(Delivery.last_error)))
    assert errors and all(e.startswith("refused:") and "non-public" in e for e in errors)
    # Allowed by an admin, the post goes to the address just checked, naming the host it was sent for.
    set_option(workspace, person(users, "root"), PRIVATE_WEBHOOKS, True)
    assert notify.deliver(workspace) == {"sent": 1, "failed": 0}
    assert [h["Host"] for h, _ in Catcher.got] == [f"rebind.test:{catcher}"]


@pytest.mark.network
def test_turning_private_networks_off_stops_posts_already_queued(users: UserStore, catcher: int) -> None:
    workspace, root = users.workspace, person(users, "root")
    set_option(workspace, root, PRIVATE_WEBHOOKS, True)
    notify.add_webhook(workspace, root, f"http://127.0.0.1:{catcher}/hook")
    made = service.create_case(workspace, person(users, "lead-A"), title="Queued", **SEA)
    record_decision(workspace, root, made["id"], what="w", why="y", decided_by="x")
    set_option(workspace, root, PRIVATE_WEBHOOKS, False)
    assert notify.deliver(workspace)["sent"] == 0 and Catcher.got == []


@pytest.fixture
def client(users: UserStore, tmp_path: Path) -> Iterator[tuple[TestClient, dict[str, dict[str, str]]]]:
    """The API over an empty store and ``users``' workspace, with a bearer header per person."""
    headers = {name: {"Authorization": f"Bearer {users.new_token(name)}"} for name in PEOPLE}
    with contextlib.redirect_stderr(io.StringIO()):
        app = create_app(tmp_path / "store", database_url=users.workspace.url)
    with TestClient(app) as test_client:
        yield test_client, headers


MALFORMED_URLS: tuple[Any, ...] = (
    "hooks.example.org/holosec",
    "ftp://hooks.example.org/",
    "javascript:alert(1)",
    "file:///etc/passwd",
    "http://",
    "http:///path",
    "http://hooks.example.org:99999/",
    "http://hooks.example.org:0/",
    "http://hooks.example.org:port/",
    "http://[::1/",
    "http://a b.example/",
    "http://evil.example\\@127.0.0.1/",
    "https://user:pw@hooks.example.org/",
    "http://hooks.example.org/" + "a" * 600,
    "http://\ud800.example/",
    "http://hooks.example.org/\ud800",
    "",
    123,
    None,
)


def test_malformed_webhook_urls_answer_4xx_in_the_error_shape(
    client: tuple[TestClient, dict[str, dict[str, str]]],
) -> None:
    api, headers = client
    for url in MALFORMED_URLS:
        raw = json.dumps({"url": url}).encode()  # keeps a lone surrogate as the JSON escape \ud800
        answer = api.post(
            "/api/v1/webhooks", content=raw, headers={**headers["root"], "Content-Type": "application/json"}
        )
        assert 400 <= answer.status_code < 500, (url, answer.status_code, answer.text[:200])
        error = answer.json()["error"]
        assert set(error) == {"status", "code", "message"} and error["status"] == answer.status_code, url
    private = api.post("/api/v1/webhooks", json={"url": "http://127.0.0.1:9/hook"}, headers=headers["root"])
    assert private.status_code == 422 and "non-public" in private.json()["error"]["message"]


def test_the_private_networks_setting_is_an_admins(
    client: tuple[TestClient, dict[str, dict[str, str]]],
) -> None:
    api, headers = client
    url = f"/api/v1/workspace/settings/{PRIVATE_WEBHOOKS}"
    assert api.put(url, json={"value": True}, headers=headers["lead-A"]).status_code == 403
    assert api.put(url, json={"value": True}, headers=headers["staff"]).status_code == 403
    assert (
        api.put(
            "/api/v1/workspace/settings/no.such", json={"value": True}, headers=headers["root"]
        ).status_code
        == 404
    )
    changed = api.put(url, json={"value": True}, headers=headers["root"])
    assert (
        changed.status_code == 200
        and changed.json()["value"] is True
        and changed.json()["changed_by"] == "root"
    )
    listed = api.get("/api/v1/workspace/settings", headers=headers["staff"]).json()["data"]
    assert [(s["name"], s["value"]) for s in listed] == [(PRIVATE_WEBHOOKS, True)]
    added = api.post("/api/v1/webhooks", json={"url": "http://127.0.0.1:9/hook"}, headers=headers["root"])
    assert added.status_code == 201


def test_another_agencys_user_answers_like_an_unknown_one_over_the_api(
    client: tuple[TestClient, dict[str, dict[str, str]]],
) -> None:
    api, headers = client
    case = api.post("/api/v1/cases", json={"title": "Probe", **SEA}, headers=headers["lead-A"]).json()
    answers = []
    for name in ("lead-D", "no-such-person"):
        found = api.post(
            f"/api/v1/cases/{case['id']}/tasks",
            json={"title": "probe", "owner_user": name},
            headers=headers["analyst-A"],
        )
        answers.append((found.status_code, found.json()["error"]["message"]))
    assert answers[0] == answers[1] and answers[0][0] == 422


def test_the_api_answer_to_opening_a_case_holds_no_overlap_count(
    client: tuple[TestClient, dict[str, dict[str, str]]],
) -> None:
    api, headers = client
    api.post("/api/v1/cases", json={"title": "A's", **SEA}, headers=headers["lead-A"])
    made = api.post("/api/v1/cases", json={"title": "B's", **SEA}, headers=headers["analyst-B"])
    assert made.status_code == 201 and made.json()["overlaps"] == [] and made.json()["overlaps_hidden"] == 0
    told = api.get("/api/v1/notifications", headers=headers["staff"]).json()["data"]
    assert [n["kind"] for n in told] == ["overlap"]
    assert api.get("/api/v1/notifications", headers=headers["analyst-B"]).json()["data"] == []


# -- the audit trail names who did what ---------------------------------------------------------------------


def test_user_creation_by_the_api_names_the_admin(
    users: UserStore, client: tuple[TestClient, dict[str, dict[str, str]]]
) -> None:
    api, headers = client
    before = last_seq(users)
    made = api.post(
        "/api/v1/users",
        json={"name": "newcomer", "role": "agency-analyst", "token": True},
        headers=headers["root"],
    )
    assert made.status_code == 201
    assert [(e.actor, e.action) for e in entries(users, before)] == [
        ("root", "user.add"),
        ("root", "user.token"),
    ]
    for name in ("holosec", "HOLOSEC-cli", "Anonymous", "holosec-cli "):
        refused = api.post("/api/v1/users", json={"name": name, "role": "observer"}, headers=headers["root"])
        assert refused.status_code == 400 and set(refused.json()["error"]) == {"status", "code", "message"}, (
            name
        )


def test_reserved_actor_names_are_refused_as_user_names(users: UserStore) -> None:
    for name in ("holosec", "Holosec", "holosec-CLI", "anonymous"):
        with pytest.raises(UserError, match="own name in the audit trail"):
            users.add(name, "agency-analyst", "Agency A")
    assert users.get("holosec") is None


def test_reads_of_case_content_are_audited_naming_the_cases(
    users: UserStore, client: tuple[TestClient, dict[str, dict[str, str]]]
) -> None:
    api, headers = client
    mine = service.create_case(users.workspace, person(users, "lead-A"), title="Ours", **SEA)
    service.create_case(users.workspace, person(users, "lead-B"), title="Theirs", **SEA)
    work.add_task(users.workspace, person(users, "lead-A"), mine["id"], "look into it")
    record_decision(users.workspace, person(users, "lead-A"), mine["id"], what="w", why="y", decided_by="x")
    for url, action in (
        ("/api/v1/cases", "case.list"),
        ("/api/v1/tasks", "task.list"),
        ("/api/v1/decisions", "decision.list"),
        ("/api/v1/notifications", "inbox.read"),
    ):
        before = last_seq(users)
        assert api.get(url, headers=headers["analyst-A"]).status_code == 200
        found = [(e.actor, e.action, json.loads(e.detail).get("cases")) for e in entries(users, before)]
        expected = [] if action == "inbox.read" else [mine["id"]]
        assert found == [("analyst-A", action, expected)], url


def test_a_briefing_is_audited_with_the_cases_it_shows(users: UserStore, demo_store: Any) -> None:
    mine = service.create_case(users.workspace, person(users, "lead-A"), title="In the briefing", **SEA)
    token = users.new_token("analyst-A")
    with contextlib.redirect_stderr(io.StringIO()):
        app = create_app(demo_store.data_dir, database_url=users.workspace.url)
    before = last_seq(users)
    with TestClient(app) as api:
        answer = api.get("/api/v1/briefings?format=md", headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 200 and "In the briefing" in answer.text
    found = {e.action: (e.actor, json.loads(e.detail).get("cases")) for e in entries(users, before)}
    assert found["case.list"] == ("analyst-A", [mine["id"]])
    assert found["briefing.make"] == ("analyst-A", [mine["id"]])


def test_sign_out_failed_sign_ins_and_notifications_read_are_audited(users: UserStore) -> None:
    workspace, staff = users.workspace, person(users, "staff")
    before = last_seq(users)
    session_id = users.start_session(staff)
    users.end_session(session_id)
    users.end_session(session_id)  # an ended session: nothing to record
    audit.sign_in_failed(workspace, "staff\ud800", "192.0.2.7")  # a lone surrogate typed as the name
    audit.note(workspace, "lead-A", "alerts.run", "alerts", {"raised": 2})
    service.create_case(workspace, person(users, "lead-A"), title="One", **SEA)
    service.create_case(workspace, person(users, "lead-B"), title="Two", **SEA)
    told = notify.inbox(workspace, staff)
    notify.mark_read(workspace, staff, told[0]["id"])
    found = [(e.actor, e.action, e.target) for e in entries(users, before)]
    assert found[:4] == [
        ("staff", "user.sign-in", "user:staff"),
        ("staff", "user.sign-out", "user:staff"),
        ("anonymous", "user.sign-in-failed", "user:staff\\ud800"),
        ("lead-A", "alerts.run", "alerts"),
    ]
    assert ("staff", "inbox.read", "cases") in found
    assert found[-1] == ("staff", "notification.read", f"notification:{told[0]['id']}")
    with workspace.session() as session:
        assert audit.verify(session).ok


# -- holosec audit verify on a damaged trail ---------------------------------------------------------------


@pytest.fixture
def trail(tmp_path: Path) -> tuple[Path, list[str]]:
    """A workspace (SQLite) with five audit entries, made by the command line; its file and --data-dir."""
    where = ["--data-dir", str(tmp_path)]
    runner = CliRunner()
    assert runner.invoke(cli, ["agencies", "add", "MFA", *where]).exit_code == 0
    for name in ("ana", "bo", "cy", "di"):
        made = runner.invoke(cli, ["users", "add", name, "--role", "agency-lead", "--agency", "MFA", *where])
        assert made.exit_code == 0, made.output
    return tmp_path / "workspace.sqlite", where


def test_the_command_line_acts_as_its_operator(trail: tuple[Path, list[str]]) -> None:
    path, where = trail
    runner = CliRunner()
    assert runner.invoke(cli, ["webhooks", "private-networks", *where]).output.endswith("refused\n")
    allowed = runner.invoke(cli, ["webhooks", "private-networks", "--allow", *where])
    assert allowed.exit_code == 0 and allowed.output.endswith("allowed\n")
    assert runner.invoke(cli, ["cases", "list", "--user", "ana", "--json", *where]).exit_code == 0
    with contextlib.closing(sqlite3.connect(path)) as db:
        found = db.execute("SELECT actor, action FROM audit_log ORDER BY seq").fetchall()
    assert found[-2:] == [("holosec-cli", "setting.change"), ("holosec-cli", "case.list")]
    assert ("holosec-cli", "user.add") in found


def _tamper(path: Path, *statements: str) -> None:
    """What someone with the file would do: drop the append-only triggers, then change rows."""
    with contextlib.closing(sqlite3.connect(path)) as db, db:
        db.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
        db.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")
        for statement in statements:
            db.execute(statement)


LOOSE_LOG = (  # the log rebuilt without its NOT NULL constraints, so a NULL can be written
    "CREATE TABLE loose AS SELECT * FROM audit_log",
    "DROP TABLE audit_log",
    "CREATE TABLE audit_log (seq INTEGER PRIMARY KEY, at, actor, action, target, detail, prev_hash, hash)",
    "INSERT INTO audit_log SELECT * FROM loose",
    "DROP TABLE loose",
)
DAMAGE: dict[str, tuple[tuple[str, ...], str]] = {
    "a row deleted": (("DELETE FROM audit_log WHERE seq = 3",), " at entry 4: entry 3 is missing"),
    "a NULL hash": (
        (*LOOSE_LOG, "UPDATE audit_log SET hash = NULL WHERE seq = 2"),
        " at entry 2: its hash is not 64 hex digits (found NULL)",
    ),
    "a NULL time": (
        (*LOOSE_LOG, "UPDATE audit_log SET at = NULL WHERE seq = 2"),
        " at entry 2: its time is not a timestamp (found NULL)",
    ),
    "a blob as time": (
        ("UPDATE audit_log SET at = X'00ff' WHERE seq = 3",),
        " at entry 3: its time is not a timestamp (found a blob of 2 bytes)",
    ),
    "garbage time": (
        ("UPDATE audit_log SET at = 'yesterday' WHERE seq = 3",),
        " at entry 3: its time is not a timestamp (found 'yesterday')",
    ),
    "garbage hash": (
        ("UPDATE audit_log SET hash = 'x' WHERE seq = 5",),
        " at entry 5: its hash is not 64 hex digits (found 'x')",
    ),
    "a blob as detail": (
        ("UPDATE audit_log SET detail = X'01' WHERE seq = 1",),
        " at entry 1: its detail is not JSON (found a blob of 1 bytes)",
    ),
    "the head row deleted": (("DELETE FROM audit_head",), ": the head row (audit_head id 1) is missing"),
    "garbage in the head": (
        ("UPDATE audit_head SET seq = 'many'",),
        ": the head's sequence number is not a whole number (found 'many')",
    ),
    "the last entries cut": (
        ("DELETE FROM audit_log WHERE seq > 3",),
        " at entry 4: the head does not match the last entry (entries cut)",
    ),
    "the log dropped": (("DROP TABLE audit_log",), ": the audit tables cannot be read (no such table"),
}


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_audit_verify_names_the_damage_in_one_line(trail: tuple[Path, list[str]], damage: str) -> None:
    path, where = trail
    statements, expected = DAMAGE[damage]
    _tamper(path, *statements)
    runner = CliRunner()
    broken = runner.invoke(cli, ["audit", "verify", *where])
    assert broken.exit_code == 1 and isinstance(broken.exception, SystemExit), broken.output
    lines = broken.output.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"audit chain BROKEN{expected}"), broken.output
    as_json = runner.invoke(cli, ["audit", "verify", "--json", *where])
    assert as_json.exit_code == 1 and json.loads(as_json.stdout)["ok"] is False


def test_an_audit_trail_without_its_head_refuses_new_entries(users: UserStore) -> None:
    with users.workspace.engine.begin() as connection:
        connection.execute(sa.text("DELETE FROM audit_head"))
    with pytest.raises(audit.AuditBroken, match="holosec audit verify") as refused:
        users.add("late", "observer", "Agency D")
    assert refused.value.status == 503 and users.get("late") is None
