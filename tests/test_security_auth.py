"""Attacks on sign-in, sessions and files (issue 16, items 2, 5 and 6), each written as the test.

Concurrent guesses must not slip past the failed sign-in limit; one address spraying many names and one
name tried from many addresses are both limited; a forged ``X-Forwarded-For`` moves nothing unless it comes
from a trusted proxy; a CSRF token of one session is refused with another; anonymous writes answer 401
before their body is looked at; answers are not cached; the data directory and databases are private.
"""

from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import httpx2
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from holosec.cases.db import WORKSPACE_FILE
from holosec.cases.people import SignInLimits, UserStore
from holosec.server import create_app
from holosec.settings import Settings
from holosec.store import STORE_FILE, Store
from test_api import assert_error

PEER = "192.0.2.10"


def app_with(data_dir: Path, **settings: Any) -> FastAPI:
    """The app over ``data_dir`` with these settings (the rest as defaults)."""
    return create_app(data_dir, settings=Settings(data_dir=data_dir, **settings))


def browser(app: FastAPI, address: str = PEER, base_url: str = "http://testserver") -> TestClient:
    """A client connecting from ``address``, with no cookies yet."""
    return TestClient(app, base_url=base_url, client=(address, 50000), follow_redirects=False)


def csrf_of(client: TestClient) -> str:
    """The CSRF cookie's value (``__Host-`` named over https)."""
    return str(client.cookies.get("holosec_csrf") or client.cookies["__Host-holosec_csrf"])


def sign_in(client: TestClient, name: str, password: str, **headers: str) -> Any:
    client.get("/login", headers=headers)
    form = {"username": name, "password": password, "csrf_token": csrf_of(client)}
    return client.post("/login", data=form, headers=headers)


@pytest.fixture
def app(tmp_path: Path) -> FastAPI:
    return app_with(tmp_path, login_failures_per_address=4)


# -- item 2: sign-in limits that hold --------------------------------------------------------------------


def test_twenty_concurrent_wrong_passwords_check_only_five(tmp_path: Path) -> None:
    app = app_with(tmp_path)
    password = app.state.users.add("target", "analyst")
    clients = [browser(app) for _ in range(20)]
    for client in clients:
        client.get("/login")
    start = threading.Barrier(len(clients))
    statuses: list[int] = []

    def guess(client: TestClient) -> None:
        form = {"username": "target", "password": "not-it", "csrf_token": csrf_of(client)}
        start.wait()
        statuses.append(client.post("/login", data=form).status_code)

    threads = [threading.Thread(target=guess, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert sorted(statuses) == [401] * 5 + [429] * 15
    assert sign_in(browser(app), "target", password).status_code == 429  # the name stays locked


def test_reservations_are_atomic_on_every_database(workspace_db: str, tmp_path: Path) -> None:
    users = UserStore(tmp_path, workspace_db)
    limits = SignInLimits(per_name=5, per_address=100)
    start = threading.Barrier(20)
    granted: list[bool] = []

    def reserve(i: int) -> None:
        start.wait()
        granted.append(users.reserve_attempt("ana", f"198.51.100.{i}", limits))

    threads = [threading.Thread(target=reserve, args=(i,)) for i in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(granted) == [False] * 15 + [True] * 5


def test_one_name_is_limited_from_every_address(app: FastAPI) -> None:
    password = app.state.users.add("ana", "analyst")
    for i in range(5):
        assert_error(sign_in(browser(app, f"198.51.100.{i}"), "ana", "not-it"), 401)
    limited = sign_in(browser(app, "198.51.100.99"), "ana", password)
    assert "too many" in assert_error(limited, 429)["message"]
    assert limited.headers["retry-after"] == "900"


def test_one_address_spraying_many_names_is_limited(app: FastAPI) -> None:
    password = app.state.users.add("ana", "analyst")
    sprayer = browser(app)
    for name in ("bob", "cy", "dee", "eve"):  # login_failures_per_address=4
        assert_error(sign_in(sprayer, name, "Winter2026!"), 401)
    assert_error(sign_in(sprayer, "ana", password), 429)  # even a right password: nothing is checked
    assert sign_in(browser(app, "198.51.100.7"), "ana", password).status_code == 303


def test_a_success_takes_back_only_its_own_failures(app: FastAPI) -> None:
    password = app.state.users.add("ana", "analyst")
    client = browser(app)
    for name in ("bob", "cy", "dee"):
        assert_error(sign_in(client, name, "guess"), 401)
    assert sign_in(client, "ana", password).status_code == 303  # clears ana's, not the sprayed names'
    assert_error(sign_in(browser(app), "eve", "guess"), 401)
    assert_error(sign_in(browser(app), "fay", "guess"), 429)


def test_a_forged_forwarded_for_is_ignored_by_default(app: FastAPI) -> None:
    client = browser(app)
    for i in range(4):
        assert_error(sign_in(client, f"name-{i}", "guess", **{"x-forwarded-for": f"203.0.113.{i}"}), 401)
    forged = sign_in(client, "name-9", "guess", **{"x-forwarded-for": "203.0.113.200"})
    assert_error(forged, 429)
    assert app.state.users.failures("name-0", PEER, 900) == 1  # counted under the real peer


def test_behind_a_trusted_proxy_the_forwarded_address_counts(tmp_path: Path) -> None:
    app = app_with(tmp_path, login_failures_per_address=2, trusted_proxies="10.0.0.0/8")
    proxy = browser(app, "10.1.2.3")
    one, other = {"x-forwarded-for": "203.0.113.5"}, {"x-forwarded-for": "203.0.113.6"}
    for name in ("a", "b"):
        assert_error(sign_in(proxy, name, "guess", **one), 401)
    assert_error(sign_in(proxy, "c", "guess", **one), 429)
    assert_error(sign_in(proxy, "c", "guess", **other), 401)
    # a client forging the left part is still known by what the trusted proxy appended
    assert_error(sign_in(proxy, "d", "guess", **{"x-forwarded-for": "198.51.100.1, 203.0.113.5"}), 429)
    # an untrusted peer's X-Forwarded-For is ignored: its own address is counted
    direct = browser(app, "192.0.2.77")
    for name in ("e", "f"):
        assert_error(sign_in(direct, name, "guess", **{"x-forwarded-for": "10.1.2.3"}), 401)
    assert_error(sign_in(direct, "g", "guess", **{"x-forwarded-for": "10.9.9.9"}), 429)


def test_a_trusted_proxy_forwarding_https_gets_host_prefixed_secure_cookies(tmp_path: Path) -> None:
    app = app_with(tmp_path, trusted_proxies="10.1.2.3")
    https = {"x-forwarded-proto": "https"}
    page = browser(app, "10.1.2.3").get("/login", headers=https)
    cookie = page.headers["set-cookie"]
    assert cookie.startswith("__Host-holosec_csrf=") and "secure" in cookie.lower()
    spoofed = browser(app).get("/login", headers=https)  # not from the proxy: plain http it is
    assert spoofed.headers["set-cookie"].startswith("holosec_csrf=")
    assert "secure" not in spoofed.headers["set-cookie"].lower()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_until_up(client: httpx2.Client) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            if client.get("/api/v1/health").status_code == 200:
                return
        except httpx2.TransportError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


@pytest.mark.network
@pytest.mark.slow
def test_serve_believes_no_forwarded_for_from_this_machine(tmp_path: Path) -> None:
    Store.open(tmp_path).close()  # serve needs a store; an empty one will do
    UserStore(tmp_path).workspace.close()
    port = _free_port()
    # uvicorn would trust X-Forwarded-For from 127.0.0.1 (FORWARDED_ALLOW_IPS) if holosec let it
    env = {**os.environ, "HOLOSEC_LOGIN_FAILURES_PER_ADDRESS": "2", "FORWARDED_ALLOW_IPS": "127.0.0.1"}
    env.pop("HOLOSEC_TRUSTED_PROXIES", None)
    command = [sys.executable, "-m", "holosec", "serve", "--port", str(port), "--data-dir", str(tmp_path)]
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    statuses = []
    try:
        with httpx2.Client(base_url=f"http://127.0.0.1:{port}", timeout=10) as client:
            _wait_until_up(client)
            client.get("/login")
            csrf = client.cookies["holosec_csrf"]
            for i in range(3):
                form = {"username": f"nobody-{i}", "password": "x", "csrf_token": csrf}
                forged = {"x-forwarded-for": f"198.51.100.{i}"}
                statuses.append(client.post("/login", data=form, headers=forged).status_code)
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert statuses == [401, 401, 429]


# -- item 6: sessions, caches and files -------------------------------------------------------------------


def test_a_csrf_token_of_one_session_is_refused_with_another(app: FastAPI) -> None:
    users = app.state.users
    first, second = browser(app, "198.51.100.1"), browser(app, "198.51.100.2")
    assert sign_in(first, "admin-a", users.add("admin-a", "admin")).status_code == 303
    assert sign_in(second, "admin-b", users.add("admin-b", "admin")).status_code == 303
    stolen, own = csrf_of(first), csrf_of(second)
    assert stolen != own
    second.cookies.delete("holosec_csrf")
    second.cookies.set("holosec_csrf", stolen)  # tossed into the victim's jar: double submit would pass
    new = {"name": "planted", "role": "viewer"}
    refused = second.post("/api/v1/users", json=new, headers={"x-csrf-token": stolen})
    assert "CSRF" in assert_error(refused, 403)["message"]
    assert_error(second.post("/logout", data={"csrf_token": stolen}), 403)
    assert users.get("planted") is None
    # the session's own token works, whatever the CSRF cookie holds
    assert second.post("/api/v1/users", json=new, headers={"x-csrf-token": own}).status_code == 201


def test_the_sign_in_form_needs_its_pre_session_token(app: FastAPI) -> None:
    password = app.state.users.add("ana", "analyst")
    client = browser(app)
    client.get("/login")
    form = {"username": "ana", "password": password}
    assert_error(client.post("/login", data={**form, "csrf_token": "forged"}), 403)
    assert client.post("/login", data={**form, "csrf_token": csrf_of(client)}).status_code == 303


def test_https_cookies_are_host_prefixed(app: FastAPI) -> None:
    password = app.state.users.add("ana", "analyst")
    client = browser(app, base_url="https://testserver")
    answer = sign_in(client, "ana", password)
    cookies = answer.headers.get_list("set-cookie")
    assert {c.split("=")[0] for c in cookies} == {"__Host-holosec_session", "__Host-holosec_csrf"}
    for cookie in cookies:
        flags = {part.strip().lower() for part in cookie.split(";")[1:]}
        assert {"secure", "httponly", "path=/"} <= flags and not any(f.startswith("domain") for f in flags)
    # an unprefixed cookie (which a subdomain or a plain-http answer could set) signs nothing in over https
    plain = browser(app, base_url="https://testserver")
    plain.cookies.set("holosec_session", str(client.cookies["__Host-holosec_session"]))
    assert_error(plain.get("/api/v1/notifications"), 401)
    assert client.get("/api/v1/notifications").status_code == 200


WRITES = [
    ("post", "/api/v1/cases"),
    ("patch", "/api/v1/cases/1"),
    ("post", "/api/v1/cases/1/comments"),
    ("post", "/api/v1/users"),
    ("post", "/api/v1/webhooks"),
    ("put", "/api/v1/agencies/fields/military"),
    ("post", "/api/v1/alerts/run"),
    ("post", "/api/v1/no-such-route"),
]


@pytest.mark.parametrize(("method", "path"), WRITES)
def test_anonymous_writes_answer_401_before_their_body_is_read(app: FastAPI, method: str, path: str) -> None:
    client = browser(app)
    garbage = {"content": b"{not json", "headers": {"content-type": "application/json"}}
    assert_error(client.request(method.upper(), path, **garbage), 401)
    wrong_token = {"content-type": "application/json", "authorization": "Bearer hs_forged"}
    assert_error(client.request(method.upper(), path, content=b"[1,", headers=wrong_token), 401)


def test_anonymous_uploads_are_refused_before_they_are_parsed(app: FastAPI) -> None:
    files = {"file": ("big.bin", b"x" * 200_000, "application/octet-stream")}
    assert_error(browser(app).post("/api/v1/cases/1/attachments", files=files), 401)


def test_signed_in_callers_still_get_422_for_a_bad_body(app: FastAPI) -> None:
    app.state.users.add("ana", "analyst")
    token = app.state.users.new_token("ana")
    headers = {"content-type": "application/json", "authorization": f"Bearer {token}"}
    assert_error(browser(app).post("/api/v1/cases", content=b"{not json", headers=headers), 422)
    client = browser(app)
    assert sign_in(client, "ana", app.state.users.new_password("ana")).status_code == 303
    no_csrf = client.post("/api/v1/cases", content=b"{not json", headers={"content-type": "application/json"})
    assert "CSRF" in assert_error(no_csrf, 403)["message"]


def test_pages_and_api_answers_are_not_cached(tmp_path: Path) -> None:
    app = app_with(tmp_path)
    password = app.state.users.add("ana", "analyst")
    with TestClient(app, follow_redirects=False) as client:
        anonymous = [client.get("/login"), client.get("/"), client.get("/api/v1/fields"), client.get("/nope")]
        assert sign_in(client, "ana", password).status_code == 303
        signed_in = [client.get("/api/v1/fields"), client.get("/", headers={"accept": "text/html"})]
        for answer in anonymous + signed_in:
            assert answer.headers["cache-control"] == "no-store", answer.request.url
        assert signed_in[1].status_code == 200
        static = client.get("/static/holosec.css")
        assert static.status_code == 200 and "no-store" not in static.headers.get("cache-control", "")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_data_directory_and_databases_are_private_whatever_the_umask(tmp_path: Path) -> None:
    data = tmp_path / "data"
    files = (data / STORE_FILE, data / WORKSPACE_FILE)
    loose = os.umask(0)
    try:
        with Store.open(data):
            pass
        UserStore(data).workspace.close()
    finally:
        os.umask(loose)
    assert _mode(data) == 0o700
    assert [_mode(file) for file in files] == [0o600, 0o600]
    # loosened by hand (a restore from backup, a careless copy): tightened when opened again
    data.chmod(0o755)
    for file in files:
        file.chmod(0o644)
    with Store.open(data, read_only=True):
        pass
    assert _mode(data) == 0o700 and _mode(files[0]) == 0o600
    workspace = UserStore(data).workspace
    opened = [_mode(p) for p in data.iterdir() if p.name.startswith(WORKSPACE_FILE)]  # with its WAL
    workspace.close()
    assert opened == [0o600] * len(opened) and len(opened) >= 1
