"""The commission workspace's library on SQLite and on a real PostgreSQL: migrations, users' move into
it, the audit chain, the append-only decision log, concurrent edits, bad input, deconfliction, alert to
case, notifications and webhooks, reminders and the strategy register's trend."""

from __future__ import annotations

import hashlib
import hmac
import json
import sqlite3
import threading
from collections.abc import Iterator
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from argon2 import PasswordHasher
from typer.testing import CliRunner

from holosec.cases import audit, notify, register, service, work
from holosec.cases.agencies import add_agency, field_agencies, set_field_agencies
from holosec.cases.db import Workspace
from holosec.cases.decisions import record_decision
from holosec.cases.errors import Invalid, Stale
from holosec.cases.models import AuditEntry, Base, Case
from holosec.cases.options import PRIVATE_WEBHOOKS, set_option
from holosec.cases.people import User, UserStore
from holosec.cases.trend import since_adoption
from holosec.cli import app as cli
from holosec.indicators import Selection, indicators
from holosec.store import Store
from holosec.warning.watch import stored_alerts


@pytest.fixture
def users(workspace_db: str, tmp_path: Path) -> UserStore:
    """A fresh workspace with agencies A, B, C and a lead, an analyst and an observer in each, plus the
    commission's staff."""
    store = UserStore(tmp_path, workspace_db)
    for name in ("Agency A", "Agency B", "Agency C"):
        add_agency(store.workspace, name, "ministry")
        for role in ("agency-lead", "agency-analyst", "observer"):
            store.add(f"{role}-{name[-1]}", role, name)
    store.add("staff", "commission-staff")
    return store


def person(users: UserStore, name: str) -> User:
    found = users.get(name)
    assert found is not None
    return found


def admin(users: UserStore) -> User:
    """A commission admin (made on first use)."""
    if users.get("root") is None:
        users.add("root", "commission-admin")
    return person(users, "root")


def audit_count(workspace: Workspace) -> int:
    with workspace.session() as session:
        return int(session.scalar(sa.select(sa.func.count()).select_from(AuditEntry)) or 0)


def case_count(workspace: Workspace) -> int:
    with workspace.session() as session:
        return int(session.scalar(sa.select(sa.func.count()).select_from(Case)) or 0)


def open_case(users: UserStore, who: str = "agency-lead-A", **changes: Any) -> dict[str, Any]:
    values: dict[str, Any] = {"title": "Standoff at sea", "fields": ["homeland"], "pairs": [["CHN", "VNM"]]}
    return service.create_case(users.workspace, person(users, who), **{**values, **changes})


# -- migrations --------------------------------------------------------------------------------------------


def test_migrations_from_empty_give_the_models_tables(workspace_db: str, tmp_path: Path) -> None:
    workspace = Workspace.open(tmp_path, workspace_db)
    assert workspace.revision() == "0003"
    with workspace.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []


def test_upgrade_from_the_previous_revision_moves_users_into_agencies(workspace_db: str) -> None:
    workspace = Workspace(workspace_db)
    workspace.upgrade("0001")
    assert workspace.revision() == "0001"
    hashed = PasswordHasher().hash("old password")
    with workspace.engine.begin() as connection:
        for name, role, agency in (
            ("root", "admin", None),
            ("ana", "analyst", "MFA"),
            ("vic", "viewer", None),
        ):
            connection.execute(
                sa.text(
                    "INSERT INTO users (name, password_hash, role, agency, created_at) "
                    "VALUES (:n, :h, :r, :a, 1)"
                ),
                {"n": name, "h": hashed, "r": role, "a": agency},
            )
        boss = "INSERT INTO users (name, password_hash, role, created_at) VALUES ('x', 'h', 'boss', 1)"
        with pytest.raises(sa.exc.IntegrityError), connection.begin_nested():  # 0001 knew only 3 roles
            connection.execute(sa.text(boss))
    workspace.upgrade()
    assert workspace.revision() == "0003"
    workspace.engine.dispose()
    users = UserStore(Path("."), workspace_db)
    moved = {u.name: (u.role, u.agency) for u in users.all()}
    assert moved == {
        "root": ("commission-admin", "Commission secretariat"),
        "ana": ("agency-analyst", "MFA"),
        "vic": ("observer", "Default agency"),
    }
    assert users.authenticate("ana", "old password") is not None
    users.workspace.close()


OLD_USERS_SCHEMA = """
CREATE TABLE users (user_id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, password_hash TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('viewer', 'analyst', 'admin')), agency TEXT, created_at REAL NOT NULL);
CREATE TABLE sessions (session_hash TEXT PRIMARY KEY, user_id INTEGER NOT NULL, expires_at REAL NOT NULL);
CREATE TABLE tokens (token_hash TEXT PRIMARY KEY, user_id INTEGER NOT NULL, created_at REAL NOT NULL);
"""


def test_a_data_directory_of_the_web_issue_keeps_its_users(tmp_path: Path) -> None:
    """The users.sqlite file the web app kept before the workspace is imported once, roles mapped."""
    token = "hs_an-old-token"
    with sqlite3.connect(tmp_path / "users.sqlite") as old:
        old.executescript(OLD_USERS_SCHEMA)
        old.execute(
            "INSERT INTO users VALUES (1, 'admin', ?, 'admin', NULL, 1)", (PasswordHasher().hash("pw"),)
        )
        old.execute(
            "INSERT INTO users VALUES (2, 'ana', ?, 'analyst', 'MSS', 1)", (PasswordHasher().hash("pw2"),)
        )
        old.execute("INSERT INTO tokens VALUES (?, 2, 1)", (hashlib.sha256(token.encode()).hexdigest(),))
    users = UserStore(tmp_path, f"sqlite:///{tmp_path / 'workspace.sqlite'}")
    admin = users.authenticate("admin", "pw")
    assert admin is not None and admin.role == "commission-admin"
    ana = users.token_user(token)
    assert ana is not None and (ana.name, ana.role, ana.agency) == ("ana", "agency-analyst", "MSS")
    assert not (tmp_path / "users.sqlite").exists() and (tmp_path / "users.sqlite.imported").exists()
    assert len(UserStore(tmp_path, f"sqlite:///{tmp_path / 'workspace.sqlite'}").all()) == 2


# -- the audit trail and the decision log -----------------------------------------------------------------


def _unprotect(connection: sa.Connection, table: str) -> None:
    """What a tamperer with database access would do first: switch the append-only triggers off."""
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(f"ALTER TABLE {table} DISABLE TRIGGER USER")
    else:
        for verb in ("update", "delete"):
            connection.exec_driver_sql(f"DROP TRIGGER {table}_no_{verb}")


def test_the_audit_chain_detects_tampering(users: UserStore) -> None:
    workspace = users.workspace
    made = open_case(users)
    service.get_case(workspace, person(users, "agency-analyst-A"), made["id"])
    with workspace.session() as session:
        verdict = audit.verify(session)
        entries = session.scalars(sa.select(AuditEntry).order_by(AuditEntry.seq)).all()
    assert verdict.ok and verdict.entries == len(entries) >= 3
    assert [e.action for e in entries[-2:]] == ["case.create", "case.view"]
    target = entries[-2].seq
    with pytest.raises(sa.exc.DBAPIError, match="append-only"), workspace.engine.begin() as connection:
        connection.execute(
            sa.text("UPDATE audit_log SET actor = 'someone else' WHERE seq = :s"), {"s": target}
        )
    with workspace.engine.begin() as connection:
        _unprotect(connection, "audit_log")
        connection.execute(
            sa.text("UPDATE audit_log SET actor = 'someone else' WHERE seq = :s"), {"s": target}
        )
    with workspace.session() as session:
        broken = audit.verify(session)
    assert not broken.ok and broken.broken_at == target and "content" in broken.reason
    with workspace.engine.begin() as connection:
        connection.execute(
            sa.text("UPDATE audit_log SET actor = 'agency-lead-A' WHERE seq = :s"), {"s": target}
        )
        connection.execute(sa.text("DELETE FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log)"))
    with workspace.session() as session:
        cut = audit.verify(session)
    assert not cut.ok and "head" in cut.reason


def test_audit_verify_command_fails_on_a_broken_chain(tmp_path: Path) -> None:
    runner = CliRunner()
    where = ["--data-dir", str(tmp_path)]
    assert runner.invoke(cli, ["agencies", "add", "MFA", *where]).exit_code == 0
    assert (
        runner.invoke(
            cli, ["users", "add", "ana", "--role", "agency-lead", "--agency", "MFA", *where]
        ).exit_code
        == 0
    )
    fine = runner.invoke(cli, ["audit", "verify", "--json", *where])
    assert fine.exit_code == 0 and json.loads(fine.stdout)["ok"] and json.loads(fine.stdout)["entries"] == 2
    with sqlite3.connect(tmp_path / "workspace.sqlite") as db:
        db.execute("DROP TRIGGER audit_log_no_update")
        db.execute(
            "UPDATE audit_log SET detail = '{\"role\":\"commission-admin\"}' WHERE action = 'user.add'"
        )
    broken = runner.invoke(cli, ["audit", "verify", *where])
    assert broken.exit_code == 1 and "BROKEN at entry 2" in broken.output


def test_decisions_are_append_only(users: UserStore) -> None:
    made = open_case(users)
    decision = record_decision(
        users.workspace,
        person(users, "agency-lead-A"),
        made["id"],
        what="Raise it at the next CICA meeting",
        why="Bilateral channels stalled",
        decided_by="Minister",
        consulted=["Agency B"],
        dissent="Agency B preferred waiting",
    )
    assert decision["consulted"] == ["Agency B"] and decision["dissent"] == "Agency B preferred waiting"
    for statement in ("UPDATE decisions SET what = 'nothing'", "DELETE FROM decisions"):
        with (
            pytest.raises(sa.exc.DBAPIError, match="append-only"),
            users.workspace.engine.begin() as connection,
        ):
            connection.execute(sa.text(statement))
    assert service.get_case(users.workspace, person(users, "staff"), made["id"])["decisions"][0]["what"] == (
        "Raise it at the next CICA meeting"
    )


# -- concurrency -------------------------------------------------------------------------------------------


def test_concurrent_edits_of_one_case_lose_nothing(users: UserStore) -> None:
    workspace = users.workspace
    made = open_case(users)
    lead, analyst = person(users, "agency-lead-A"), person(users, "agency-analyst-A")
    seen = made["version"]
    service.update_case(workspace, lead, made["id"], seen, {"summary": "the lead's summary"})
    with pytest.raises(Stale):
        service.update_case(workspace, analyst, made["id"], seen, {"summary": "the analyst's summary"})
    now = service.get_case(workspace, analyst, made["id"])
    assert now["summary"] == "the lead's summary" and now["version"] == seen + 1

    results: list[str] = []
    barrier = threading.Barrier(2)

    def edit(who: User, text: str) -> None:
        barrier.wait()
        try:
            service.update_case(workspace, who, made["id"], now["version"], {"summary": text})
            results.append("saved")
        except Stale:
            results.append("stale")

    threads = [threading.Thread(target=edit, args=(who, f"by {who.name}")) for who in (lead, analyst)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["saved", "stale"]
    final = service.get_case(workspace, lead, made["id"])
    assert final["version"] == now["version"] + 1 and final["summary"] in (
        "by agency-lead-A",
        "by agency-analyst-A",
    )

    def comment(i: int) -> None:
        work.add_comment(workspace, analyst if i % 2 else lead, made["id"], f"comment {i}")

    writers = [threading.Thread(target=comment, args=(i,)) for i in range(8)]
    for thread in writers:
        thread.start()
    for thread in writers:
        thread.join()
    comments = service.get_case(workspace, lead, made["id"])["comments"]
    assert sorted(c["body"] for c in comments) == sorted(f"comment {i}" for i in range(8))
    with workspace.session() as session:
        assert audit.verify(session).ok  # concurrent writers did not fork the chain


# -- bad input ---------------------------------------------------------------------------------------------


def test_bad_input_is_refused_clearly_and_writes_nothing(users: UserStore) -> None:
    workspace = users.workspace
    lead = person(users, "agency-lead-A")
    cases, entries = case_count(workspace), audit_count(workspace)
    bad: list[tuple[dict[str, Any], str]] = [
        ({"lead_agency": "Ministry of Nowhere"}, "no agency 'Ministry of Nowhere'"),
        ({"fields": ["weather"]}, "not fields of v2014: weather"),
        ({"title": "x" * 201}, "at most 200"),
        ({"summary": "y" * 20_001}, "at most 20000"),
        ({"pairs": [["CHN", "CHN"]]}, "two different countries"),
        ({"countries": ["XXX"]}, "not an ISO3 country code"),
        ({"evidence": [{"kind": "alert", "ref": "a1"}, {"kind": "rumour", "ref": "r"}]}, "evidence kind"),
        ({"period": "last spring"}, "period must look like"),
    ]
    for changes, message in bad:
        with pytest.raises(Invalid, match=message):
            open_case(users, **changes)
    assert (case_count(workspace), audit_count(workspace)) == (cases, entries)
    made = open_case(users, title="<script>alert(1)</script> & co")
    assert service.get_case(workspace, lead, made["id"])["title"] == "<script>alert(1)</script> & co"
    with pytest.raises(Invalid, match="cannot move to strategy; it may move to major-issue, closed"):
        service.move_case(workspace, lead, made["id"], made["version"], "strategy")
    for url in (
        "ftp://example.org/hook",
        "http://",
        "not a url",
        "https://user:pw@example.org/",
        "http://x/" + "a" * 500,
    ):
        with pytest.raises(Invalid):
            notify.add_webhook(workspace, person(users, "agency-lead-A"), url, agency="Agency A")
    with pytest.raises(Invalid, match="no agency"):
        service.bring_in(workspace, lead, made["id"], "Agency Z", "invited")


def test_the_workflow_runs_to_closed_and_reopens(users: UserStore) -> None:
    workspace, lead = users.workspace, person(users, "agency-lead-A")
    made = open_case(users)
    path = ["major-issue", "principle-policy", "strategy", "implementation", "closed", "research"]
    version = made["version"]
    for step in path:
        moved = service.move_case(workspace, lead, made["id"], version, step)
        assert moved["status"] == step
        version = moved["version"]


# -- deconfliction, alert to case ---------------------------------------------------------------------------


def test_overlapping_cases_of_two_agencies_are_flagged_and_merged(users: UserStore) -> None:
    workspace = users.workspace
    first = open_case(users, "agency-lead-A", period="2014-05")
    assert first["overlaps"] == [] and first["overlaps_hidden"] == 0
    second = open_case(users, "agency-analyst-B", period="2014-05", lead_agency="Agency B")
    assert second["overlaps"] == [] and second["overlaps_hidden"] == 0  # B is not told A's case exists
    elsewhere = open_case(users, "agency-lead-C", period="2014-06", lead_agency="Agency C")
    assert elsewhere["overlaps_hidden"] == 0  # another period
    staff = person(users, "staff")
    told = [n for n in notify.inbox(workspace, staff) if n["kind"] == "overlap"]
    assert [n["case_id"] for n in told] == [second["id"]]  # the commission is, naming A's case
    assert f"overlaps case(s) {first['id']} (Agency A)" in told[0]["message"]
    merged = service.link_cases(workspace, staff, second["id"], first["id"], merge=True)
    assert merged["merged_into"] == first["id"] and merged["status"] == "closed"
    linked = service.get_case(workspace, staff, first["id"])["links"]
    assert linked == [{"case_id": second["id"], "kind": "merged"}]


def test_an_alert_becomes_a_case_with_its_evidence(users: UserStore, demo_store: Store) -> None:
    alert = next(a for a in stored_alerts(demo_store) if a["field"] and a["evidence"])
    made = service.alert_to_case(users.workspace, person(users, "agency-analyst-A"), alert)
    case = service.get_case(users.workspace, person(users, "agency-analyst-A"), made["id"])
    assert case["fields"] == [alert["field"]] and case["period"] == alert["period"]
    assert case["lead_agency"] == "Agency A" and alert["reasoning"] in case["summary"]
    refs = {(e["kind"], e["ref"]) for e in case["evidence"]}
    assert ("alert", alert["alert_id"]) in refs
    assert {ref for kind, ref in refs if kind == "event"} == {e["event_id"] for e in alert["evidence"][:20]}
    where = [alert["country"], alert["partner"]] if alert["partner"] else [alert["country"]]
    assert (case["pairs"] == [sorted(where)]) if alert["partner"] else (case["countries"] == where)


# -- notifications ---------------------------------------------------------------------------------------


class Receiver(BaseHTTPRequestHandler):
    """A webhook receiver on loopback that keeps what it is sent."""

    got: ClassVar[list[tuple[dict[str, str], bytes]]] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        Receiver.got.append((dict(self.headers), body))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def receiver() -> Iterator[str]:
    Receiver.got = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/hook"
    server.shutdown()
    server.server_close()


@pytest.mark.network
def test_status_changes_reach_the_inbox_and_signed_webhooks(users: UserStore, receiver: str) -> None:
    workspace = users.workspace
    lead, analyst = person(users, "agency-lead-A"), person(users, "agency-analyst-A")
    set_option(workspace, admin(users), PRIVATE_WEBHOOKS, True)  # the receiver is on loopback
    hook = notify.add_webhook(workspace, lead, receiver, agency="Agency A")
    other = notify.add_webhook(workspace, person(users, "agency-lead-C"), receiver, agency="Agency C")
    dead = notify.add_webhook(workspace, lead, "http://127.0.0.1:9/closed", agency="Agency A")
    made = open_case(users)
    service.move_case(workspace, lead, made["id"], made["version"], "major-issue")
    sent = notify.deliver(workspace)
    assert sent == {"sent": 1, "failed": 1}
    assert len(Receiver.got) == 1  # Agency C's webhook hears nothing of A's case
    headers, body = Receiver.got[0]
    expected = "sha256=" + hmac.new(hook["secret"].encode(), body, hashlib.sha256).hexdigest()
    assert headers["X-Holosec-Signature"] == expected
    assert headers["X-Holosec-Signature"] != notify.signature(other["secret"], body)
    assert json.loads(body)["event"] == "status" and json.loads(body)["case"] == made["id"]
    inbox = notify.inbox(workspace, analyst)
    assert [(n["kind"], n["case_id"]) for n in inbox] == [("status", made["id"])]
    assert notify.inbox(workspace, lead) == []  # who moved it is not told
    assert notify.deliver(workspace) == {"sent": 0, "failed": 1}  # the dead one is retried
    notify.mark_read(workspace, analyst, inbox[0]["id"])
    assert notify.inbox(workspace, analyst, unread_only=True) == []
    assert dead["secret"] != hook["secret"]


def test_tasks_notify_their_owner_and_deadlines_remind_once(users: UserStore) -> None:
    workspace = users.workspace
    made = open_case(users, co_owners=["Agency B"])
    lead = person(users, "agency-lead-A")
    task = work.add_task(
        workspace,
        lead,
        made["id"],
        "Draft the note",
        owner_user="agency-analyst-B",
        due_on=date.today() + timedelta(days=1),
    )
    assert task["owner_agency"] == "Agency B"
    owner = person(users, "agency-analyst-B")
    assert [n["kind"] for n in notify.inbox(workspace, owner)] == ["assignment"]
    with pytest.raises(Invalid, match="lead or co-owning agency"):
        work.add_task(workspace, lead, made["id"], "Not theirs", owner_agency="Agency C")
    assert notify.remind(workspace, days=3) == 1
    assert notify.remind(workspace, days=3) == 0
    assert [n["kind"] for n in notify.inbox(workspace, owner)] == ["deadline", "assignment"]


# -- the register ------------------------------------------------------------------------------------------


def test_strategies_show_their_indicators_since_adoption(users: UserStore, demo_store: Store) -> None:
    workspace, staff = users.workspace, person(users, "staff")
    made = open_case(users)
    law = register.add_law(
        workspace,
        staff,
        title="Law on the Exclusive Economic Zone",
        fields=["homeland"],
        agency="Agency A",
        enacted_on=date(1998, 6, 26),
        cases=[made["id"]],
    )
    strategy = register.add_strategy(
        workspace,
        staff,
        kind="strategy",
        title="Maritime de-escalation",
        owner_agency="Agency A",
        status="adopted",
        adopted_on=date(2014, 3, 15),
        cases=[made["id"]],
        targets=[{"country": "CHN", "partner": "VNM", "field": "military", "indicator": "conflict_events"}],
        laws=[law["id"]],
    )
    assert register.list_laws(workspace, staff)[0]["strategies"] == [strategy["id"]]
    outsider = person(users, "agency-lead-C")
    assert register.get_strategy(workspace, outsider, strategy["id"])["cases"] == []  # need-to-know holds
    trend = since_adoption(demo_store, strategy)[0]
    rows = indicators(
        demo_store,
        Selection(country="CHN", partner="VNM", undirected=True, field="military", by="month"),
        with_sources=False,
    )
    expected = [(r["period"], r["conflict_events"]) for r in rows if r["start"] >= "2014-03-01"]
    assert [(p["period"], p["value"]) for p in trend["points"]] == expected and expected
    assert trend["change"] == round(expected[-1][1] - expected[0][1], 4)
    with pytest.raises(Invalid, match="target indicator"):
        register.add_strategy(
            workspace,
            staff,
            kind="policy",
            title="x",
            targets=[{"country": "CHN", "field": "homeland", "indicator": "mood"}],
        )


def test_field_leads_are_editable_data(users: UserStore) -> None:
    workspace = users.workspace
    set_field_agencies(workspace, "military", "Agency A", ["Agency B", "Agency C"])
    set_field_agencies(workspace, "military", "Agency B", [])
    found = field_agencies(workspace)
    assert found["military"] == {"lead": "Agency B", "contributing": []}
    assert found["political"] == {"lead": None, "contributing": []}
    with pytest.raises(Invalid, match="not a field"):
        set_field_agencies(workspace, "weather", "Agency A", [])
