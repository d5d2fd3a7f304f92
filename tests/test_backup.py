"""Backups and restores (holosec.store.backup, ``holosec backup``, ``holosec restore``, the admin route): a
store that a real ``holosec serve`` holds is backed up through the server, restored into a new directory
and compared with what was served; damaged, newer and misplaced restores are refused."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from holosec.cases import service
from holosec.cases.db import Workspace
from holosec.cases.models import Case
from holosec.cases.people import UserStore
from holosec.cli import app
from holosec.cli.backup import known_revisions
from holosec.errors import StoreInUse
from holosec.store import STORE_FILE, Store
from holosec.store.backup import MANIFEST, BackupError, restore
from holosec.store.migrations import LATEST

runner = CliRunner()


def copy_of(demo_store: Store, folder: Path) -> Path:
    """A writable copy of the demo store (the session's own must not change)."""
    demo_store.execute("CHECKPOINT")
    folder.mkdir(parents=True)
    shutil.copy2(demo_store.data_dir / STORE_FILE, folder / STORE_FILE)
    return folder


def store_facts(data_dir: Path) -> dict[str, Any]:
    """What a restore must keep: every table's row count, the indicator cells and the alerts."""
    with Store.open(data_dir, create=False) as store:
        tables = [row[0] for row in store.execute("SELECT table_name FROM duckdb_tables()").fetchall()]
        return {
            "counts": {table: store.scalar(f"SELECT count(*) FROM {table}") for table in sorted(tables)},
            "cells": store.execute(
                "SELECT taxonomy, count(*), round(sum(events), 3), round(sum(conflict), 3), "
                "round(sum(goldstein_sum), 3) FROM rollup_days "
                "GROUP BY taxonomy ORDER BY taxonomy"
            ).fetchall(),
            "alerts": store.execute(
                "SELECT alert_id, severity, score, period, last_run FROM alerts ORDER BY alert_id"
            ).fetchall(),
            "next_file": store.scalar("SELECT nextval('file_id_seq')"),
        }


def workspace_facts(data_dir: Path) -> dict[str, Any]:
    """The workspace's users (with their roles) and cases."""
    workspace = Workspace.open(data_dir, create=False)
    try:
        with workspace.session() as session:
            cases = session.execute(sa.select(Case.id, Case.title).order_by(Case.id)).all()
        users = sorted((u.name, u.role, u.agency) for u in UserStore(data_dir, create=False).all())
        return {"cases": [tuple(row) for row in cases], "users": users}
    finally:
        workspace.close()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _call(url: str, token: str, body: dict[str, Any] | None = None) -> tuple[int, Any]:
    request = urllib.request.Request(
        url,
        data=None if body is None else json.dumps(body).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        method="GET" if body is None else "POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=120) as answer:
            return int(answer.status), json.load(answer)
    except urllib.error.HTTPError as exc:
        return exc.code, json.load(exc)


@pytest.mark.network
@pytest.mark.slow
def test_a_served_store_is_backed_up_through_the_server_and_restored_equal(
    demo_store: Store, tmp_path: Path
) -> None:
    data = copy_of(demo_store, tmp_path / "data")
    users = UserStore(data)
    users.add("ops-admin", "commission-admin")
    users.add("ops-lead", "agency-lead")
    users.add("ops-observer", "observer")
    admin_token, observer_token = users.new_token("ops-admin"), users.new_token("ops-observer")
    lead = users.get("ops-lead")
    assert lead is not None
    service.create_case(users.workspace, lead, title="Standoff at sea", fields=["homeland"])
    users.workspace.close()
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    serve = [sys.executable, "-m", "holosec", "serve", "--data-dir", str(data), "--port", str(port)]
    server = subprocess.Popen(serve, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if _call(f"{base}/api/v1/health", "")[0] == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline and server.poll() is None, "the server did not start"
            time.sleep(0.3)
        # writes while it serves: an alert run (the store) and a new user (the workspace)
        assert _call(f"{base}/api/v1/alerts/run", admin_token, {})[0] == 200
        made = {"name": "ana", "role": "agency-analyst"}
        assert _call(f"{base}/api/v1/users", admin_token, made)[0] == 201
        with pytest.raises(StoreInUse):
            Store.open(data)
        result = runner.invoke(
            app, ["backup", "nightly-1", "--data-dir", str(data), "--token", admin_token, "--json"]
        )
        assert result.exit_code == 0, result.stderr
        assert "asking it to write the backup" in result.stderr
        said = json.loads(result.stdout)
        where = data / "backups" / "nightly-1"
        assert said["path"] == str(where.resolve()) and (where / MANIFEST).is_file()
        assert {f["name"] for f in said["manifest"]["files"]} == {"holosec.duckdb", "workspace.sqlite"}
        assert said["manifest"]["store"]["schema"] == LATEST
        assert said["manifest"]["workspace"] == {"kind": "sqlite", "revision": max(known_revisions())}
        # the server still holds the store (copying its file must not drop DuckDB's lock) and serves
        with pytest.raises(StoreInUse):
            Store.open(data)
        assert _call(f"{base}/api/v1/alerts?limit=1", admin_token)[0] == 200
        # the same name again is refused; so are an observer and a name with a dot
        again = runner.invoke(app, ["backup", "nightly-1", "--data-dir", str(data), "--token", admin_token])
        assert again.exit_code == 1 and "409 the backup nightly-1 exists already" in again.stderr
        soon = runner.invoke(app, ["backup", "nightly-2", "--data-dir", str(data), "--token", admin_token])
        assert soon.exit_code == 1 and "429 a backup ran less than 60 seconds ago" in soon.stderr
        refused = runner.invoke(app, ["backup", "n2", "--data-dir", str(data), "--token", observer_token])
        assert refused.exit_code == 1 and "403" in refused.stderr
        wrong = runner.invoke(app, ["backup", "n3", "--data-dir", str(data), "--token", "not-a-token"])
        assert wrong.exit_code == 1 and "refused the token (401" in wrong.stderr
        assert "--role commission-admin --token" in wrong.stderr
        dotted = runner.invoke(app, ["backup", "a.b", "--data-dir", str(data), "--token", admin_token])
        assert dotted.exit_code == 1 and "give a NAME" in dotted.stderr
    finally:
        server.terminate()
        server.communicate(timeout=60)
    restored = tmp_path / "restored"
    done = runner.invoke(app, ["restore", str(where), "--data-dir", str(restored), "--json"])
    assert done.exit_code == 0, done.stderr
    assert json.loads(done.stdout)["store"]["schema"] == LATEST
    assert store_facts(restored) == store_facts(data)
    ours = workspace_facts(restored)
    assert ours == workspace_facts(data)
    assert ours["cases"] == [(1, "Standoff at sea")]
    assert ("ana", "agency-analyst", "Default agency") in ours["users"]


@pytest.fixture
def made(demo_store: Store, tmp_path: Path) -> Path:
    """A backup of a copy of the demo store (with a workspace), written by ``holosec backup`` on the free
    store."""
    data = copy_of(demo_store, tmp_path / "data")
    UserStore(data).add("ops-admin", "commission-admin")
    result = runner.invoke(app, ["backup", str(tmp_path / "backup"), "--data-dir", str(data)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(f"backup written to {(tmp_path / 'backup').resolve()}: holosec.duckdb (")
    return tmp_path / "backup"


def test_the_cli_backs_up_a_free_store_with_a_manifest_of_checksums(made: Path) -> None:
    manifest = json.loads((made / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["format"] == 1 and manifest["store"]["schema"] == LATEST
    assert [m["version"] for m in manifest["store"]["migrations"]] == list(range(1, LATEST + 1))
    assert manifest["created"].endswith("Z") and manifest["workspace"]["kind"] == "sqlite"
    for file in manifest["files"]:
        assert (made / file["name"]).stat().st_size == file["size"] and len(file["sha256"]) == 64
    assert oct(made.stat().st_mode & 0o777) == "0o700"
    again = runner.invoke(app, ["backup", str(made), "--data-dir", str(made.parent / "data")])
    assert again.exit_code == 1 and "already exists" in again.stderr


def test_a_changed_byte_is_refused_and_nothing_is_written(made: Path, tmp_path: Path) -> None:
    path = made / "workspace.sqlite"
    damaged = bytearray(path.read_bytes())
    damaged[len(damaged) // 2] ^= 0x01
    path.write_bytes(bytes(damaged))
    target = tmp_path / "restored"
    with pytest.raises(BackupError, match=r"workspace\.sqlite: damaged \(SHA-256 "):
        restore(made, target)
    assert not target.exists()
    result = runner.invoke(app, ["restore", str(made), "--data-dir", str(target)])
    assert result.exit_code == 1 and "damaged" in result.stderr and not target.exists()


def test_a_non_empty_directory_is_refused_without_force(made: Path, tmp_path: Path) -> None:
    target = tmp_path / "busy"
    target.mkdir()
    (target / "holosec.duckdb.wal").write_bytes(b"an old log that must never be replayed")
    result = runner.invoke(app, ["restore", str(made), "--data-dir", str(target)])
    assert result.exit_code == 1
    assert f"{target} is not empty: restore into a new directory, or force it" in result.stderr
    assert sorted(p.name for p in target.iterdir()) == ["holosec.duckdb.wal"]
    forced = runner.invoke(app, ["restore", str(made), "--data-dir", str(target), "--force"])
    assert forced.exit_code == 0, forced.stderr
    assert not (target / "holosec.duckdb.wal").exists()
    assert store_facts(target) == store_facts(made.parent / "data")


def test_a_backup_of_a_newer_schema_is_refused(made: Path, tmp_path: Path) -> None:
    manifest = json.loads((made / MANIFEST).read_text(encoding="utf-8"))
    manifest["store"]["schema"] = LATEST + 1
    (made / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(BackupError, match=f"store schema {LATEST + 1} is newer than this holosec's"):
        restore(made, tmp_path / "restored")
    manifest["store"]["schema"] = LATEST
    manifest["workspace"]["revision"] = "9999"
    (made / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    result = runner.invoke(app, ["restore", str(made), "--data-dir", str(tmp_path / "restored")])
    assert result.exit_code == 1 and "workspace revision '9999' is unknown" in result.stderr
    assert not (tmp_path / "restored").exists()


def test_a_folder_without_a_manifest_is_no_backup(tmp_path: Path) -> None:
    result = runner.invoke(app, ["restore", str(tmp_path), "--data-dir", str(tmp_path / "x")])
    assert (
        result.exit_code == 1
        and result.stderr == f"error: {tmp_path}: not a holosec backup (no manifest.json)\n"
    )


def test_the_admin_route_refuses_other_roles_and_names_that_leave_the_folder(api: Any) -> None:
    for role in ("observer", "agency-analyst", "agency-lead", "commission-staff"):
        answer = api.post("/api/v1/admin/backup", role, json={"name": "nightly"})
        assert answer.status_code == 403, role
    for name in ("../etc", "a.b", "a/b", "", ".", "x" * 65, "-x"):
        answer = api.post("/api/v1/admin/backup", "commission-admin", json={"name": name})
        assert answer.status_code == 422, name
    assert not (api.app.state.store.data_dir / "backups").exists()
    assert api.fresh().post("/api/v1/admin/backup", json={"name": "nightly"}).status_code == 401
