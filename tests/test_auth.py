"""Sign-in: hashed passwords and tokens, session cookies with CSRF double-submit, roles, the failed-login
limit, the first admin, and ``holosec users add``."""

from __future__ import annotations

import json
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from holosec.cases.agencies import add_agency
from holosec.cases.db import WORKSPACE_FILE
from holosec.cases.people import UserStore, digest
from holosec.cli import app as cli
from holosec.server import create_app
from holosec.store import Store
from test_api import assert_error


def login(client: Any, name: str, password: str, **headers: str) -> Any:
    client.get("/login")
    csrf = client.cookies.get("holosec_csrf") or client.cookies["__Host-holosec_csrf"]  # https: __Host-
    form = {"username": name, "password": password, "csrf_token": csrf}
    return client.post("/login", data=form, headers=headers)


@pytest.fixture
def analyst(api: Any, request: pytest.FixtureRequest) -> tuple[str, str]:
    name = f"auth-{request.node.name}"[:64]
    return name, api.app.state.users.add(name, "analyst")


def test_secrets_are_stored_hashed(tmp_path: Path) -> None:
    users = UserStore(tmp_path, f"sqlite:///{tmp_path / WORKSPACE_FILE}")
    add_agency(users.workspace, "MFA", "ministry")
    password = users.add("ana", "viewer", agency="MFA")
    token = users.new_token("ana")
    with sqlite3.connect(tmp_path / WORKSPACE_FILE) as con:
        hashed, role, agency = con.execute(
            "SELECT password_hash, role, a.name FROM users JOIN agencies a ON a.id = users.agency_id"
        ).fetchone()
        stored_token = con.execute("SELECT token_hash FROM tokens").fetchone()[0]
    assert hashed.startswith("$argon2id$") and password not in hashed and agency == "MFA"
    assert role == "observer"  # the web issue's viewer
    assert stored_token == digest(token) != token
    assert password not in (tmp_path / WORKSPACE_FILE).read_bytes().decode("latin-1")
    assert users.authenticate("ana", password) is not None
    assert users.authenticate("ana", password + "x") is None
    assert users.authenticate("nobody", password) is None
    assert users.token_user(token).name == "ana" and users.token_user(token + "x") is None


def test_login_sets_a_session_cookie(api: Any, analyst: tuple[str, str]) -> None:
    client = api.fresh()
    page = client.get("/login")
    assert page.status_code == 200 and client.cookies["holosec_csrf"] in page.text
    assert "<script" not in page.text
    response = login(client, *analyst)
    assert response.status_code == 303 and response.headers["location"] == "/"
    cookie = next(c for c in response.headers.get_list("set-cookie") if c.startswith("holosec_session="))
    flags = {part.strip().lower() for part in cookie.split(";")}
    assert "httponly" in flags and "samesite=lax" in flags and "secure" not in flags
    assert client.get("/api/v1/fields").status_code == 200
    home = client.get("/")
    assert home.status_code == 200 and analyst[0] in home.text


def test_session_cookie_is_secure_over_https(api: Any, analyst: tuple[str, str]) -> None:
    client = api.fresh("https://testserver")
    response = login(client, *analyst)
    cookies = response.headers.get_list("set-cookie")
    cookie = next(c for c in cookies if c.startswith("__Host-holosec_session="))
    flags = {part.strip().lower() for part in cookie.split(";")}
    assert {"secure", "httponly", "path=/"} <= flags and not any(f.startswith("domain") for f in flags)
    assert not any(c.startswith("holosec_session=") for c in cookies)
    assert client.get("/api/v1/fields").status_code == 200


def test_login_form_without_csrf_token_is_refused(api: Any, analyst: tuple[str, str]) -> None:
    client = api.fresh()
    name, password = analyst
    assert_error(client.post("/login", data={"username": name, "password": password}), 403)
    client.get("/login")
    forged = {"username": name, "password": password, "csrf_token": "forged"}
    assert_error(client.post("/login", data=forged), 403)
    page = client.post("/login", data=forged, headers={"accept": "text/html"})
    assert page.status_code == 403 and "expired" in page.text
    assert "holosec_session" not in client.cookies


def test_cookie_sessions_need_the_csrf_header_to_change_things(api: Any) -> None:
    admin = "auth-admin-csrf"
    password = api.app.state.users.add(admin, "admin")
    client = api.fresh()
    login(client, admin, password)
    new = {"name": "via-session", "role": "viewer"}
    assert "CSRF" in assert_error(client.post("/api/v1/users", json=new), 403)["message"]
    made = client.post("/api/v1/users", json=new, headers={"x-csrf-token": client.cookies["holosec_csrf"]})
    assert made.status_code == 201


def test_logout_ends_the_session(api: Any, analyst: tuple[str, str]) -> None:
    client = api.fresh()
    login(client, *analyst)
    session = client.cookies["holosec_session"]
    assert_error(client.post("/logout", data={}), 403)
    response = client.post("/logout", data={"csrf_token": client.cookies["holosec_csrf"]})
    assert response.status_code == 303 and response.headers["location"] == "/login"
    stale = api.fresh()
    stale.cookies.set("holosec_session", session)
    assert_error(stale.get("/api/v1/fields"), 401)


def test_wrong_password_then_rate_limit(api: Any, analyst: tuple[str, str]) -> None:
    name, password = analyst
    client = api.fresh()
    for _ in range(5):
        assert "wrong" in assert_error(login(client, name, "not-it"), 401)["message"]
    limited = login(client, name, password)
    assert_error(limited, 429)
    assert limited.headers["retry-after"] == "900"
    page = login(client, name, password, accept="text/html")
    assert page.status_code == 429 and "too many" in page.text
    other = api.app.state.users.add(name + "-2", "viewer")
    assert login(client, name + "-2", other).status_code == 303


def test_success_clears_earlier_failures(api: Any, analyst: tuple[str, str]) -> None:
    name, password = analyst
    client = api.fresh()
    for _ in range(4):
        assert_error(login(client, name, "not-it"), 401)
    assert login(client, name, password).status_code == 303
    for _ in range(4):
        assert_error(login(client, name, "not-it"), 401)
    assert login(client, name, password).status_code == 303


def test_pages_redirect_to_login(api: Any) -> None:
    response = api.fresh().get("/", headers={"accept": "text/html"})
    assert response.status_code == 303 and response.headers["location"] == "/login"
    assert_error(api.fresh().get("/api/v1/fields", headers={"accept": "text/html"}), 401)


def test_first_run_creates_an_admin_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    app = create_app(tmp_path)
    said = capsys.readouterr().err
    password = said.split("password ")[1].split()[0]
    assert app.state.users.authenticate("admin", password).role == "commission-admin"
    create_app(tmp_path)
    assert capsys.readouterr().err == ""
    with TestClient(app, follow_redirects=False) as client:
        assert login(client, "admin", password).status_code == 303
        empty = {"data": [], "count": 0, "limit": 100, "offset": 0, "truncated": False, "next_offset": None}
        assert client.get("/api/v1/countries").json() == empty


def test_users_add_prints_a_password_or_a_token(tmp_path: Path) -> None:
    runner = CliRunner()
    unknown = runner.invoke(
        cli, ["users", "add", "ana", "--role", "analyst", "--agency", "MSS", "--data-dir", str(tmp_path)]
    )
    assert unknown.exit_code == 1 and "no agency 'MSS'" in unknown.output
    assert runner.invoke(cli, ["agencies", "add", "MSS", "--data-dir", str(tmp_path)]).exit_code == 0
    made = runner.invoke(
        cli, ["users", "add", "ana", "--role", "analyst", "--agency", "MSS", "--data-dir", str(tmp_path)]
    )
    assert made.exit_code == 0, made.output
    password = made.output.strip().splitlines()[-1]
    users = UserStore(tmp_path)
    user = users.authenticate("ana", password)
    assert user is not None and user.role == "agency-analyst" and user.agency == "MSS"
    again = runner.invoke(cli, ["users", "add", "ana", "--role", "viewer", "--data-dir", str(tmp_path)])
    assert again.exit_code == 1 and "exists" in again.output
    tokened = runner.invoke(
        cli, ["users", "add", "vic", "--role", "viewer", "--token", "--data-dir", str(tmp_path)]
    )
    assert tokened.exit_code == 0, tokened.output
    token = tokened.output.strip().splitlines()[-1]
    app = create_app(tmp_path)
    with TestClient(app, follow_redirects=False) as client:
        headers = {"Authorization": f"Bearer {token}"}
        assert client.get("/api/v1/fields", headers=headers).status_code == 200
        assert_error(client.post("/api/v1/alerts/run", headers=headers), 403)
    bad = runner.invoke(cli, ["users", "add", "x", "--role", "boss", "--data-dir", str(tmp_path)])
    assert bad.exit_code == 2


def test_users_list_password_sign_out_and_remove(tmp_path: Path) -> None:
    runner = CliRunner()
    where = ["--data-dir", str(tmp_path)]
    first = runner.invoke(cli, ["users", "add", "ana", "--role", "analyst", *where]).output.split()[-1]
    token = runner.invoke(cli, ["users", "add", "vic", "--role", "viewer", "--token", *where]).output.split()[
        -1
    ]
    listed = json.loads(runner.invoke(cli, ["users", "list", "--json", *where]).stdout)
    assert listed == {
        "users": [
            {"name": "ana", "role": "agency-analyst", "agency": "Default agency"},
            {"name": "vic", "role": "observer", "agency": "Default agency"},
        ]
    }
    assert first not in str(listed)
    users = UserStore(tmp_path)
    session = users.start_session(users.get("ana"))  # type: ignore[arg-type]
    changed = runner.invoke(cli, ["users", "password", "ana", *where])
    second = changed.output.strip().splitlines()[-1]
    assert changed.exit_code == 0 and second != first
    assert users.authenticate("ana", first) is None and users.authenticate("ana", second) is not None
    assert users.session_user(session) is None  # a new password ends the sessions
    assert users.token_user(token) is not None
    ended = runner.invoke(cli, ["users", "sign-out", "vic", *where])
    assert ended.exit_code == 0 and users.token_user(token) is None
    assert runner.invoke(cli, ["users", "remove", "ana", *where]).exit_code == 0
    assert users.get("ana") is None
    missing = runner.invoke(cli, ["users", "remove", "ana", *where])
    assert missing.exit_code == 1 and "no user 'ana'" in missing.output


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _status(url: str, headers: dict[str, str] | None = None) -> int:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=5) as answer:
            return int(answer.status)
    except urllib.error.HTTPError as exc:
        return exc.code


@pytest.mark.network
@pytest.mark.slow
def test_serve_starts_a_server_with_a_first_admin(tmp_path: Path) -> None:
    port = _free_port()
    Store.open(tmp_path).close()  # serve needs a store: it makes none
    command = [sys.executable, "-m", "holosec", "serve", "--port", str(port), "--data-dir", str(tmp_path)]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if _status(f"{base}/api/v1/health") == 200:
                    break
            except OSError:
                time.sleep(0.2)
        assert _status(f"{base}/api/v1/health") == 200
        assert _status(f"{base}/api/v1/fields") == 401
        token = UserStore(tmp_path).new_token("admin")
        assert _status(f"{base}/api/v1/fields", {"Authorization": f"Bearer {token}"}) == 200
    finally:
        server.terminate()
        _, said = server.communicate(timeout=30)
    assert "created the first user: admin, password" in said


def test_unexpected_errors_answer_500_in_the_shape(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    app = create_app(tmp_path)
    password = capsys.readouterr().err.split("password ")[1].split()[0]
    with TestClient(app, follow_redirects=False) as client:
        login(client, "admin", password)
        app.state.store.close()  # the store is gone under the server
        response = client.get("/api/v1/countries")
        assert_error(response, 500)
        assert response.headers["x-frame-options"] == "DENY"
        assert "internal" in response.json()["error"]["message"]
