"""The live follower against a real HTTP server on 127.0.0.1 that plays GDELT 2.0: a master file list, a
last-update file, and real GDELT 2.0 rows (the bundled samples, cut into 15-minute files) zipped as GDELT
zips them, published step by step under a clock the test sets."""

from __future__ import annotations

import hashlib
import importlib.resources
import json
import socket
import subprocess
import sys
import threading
import time
import urllib.request
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from holosec.cli import app as cli_app
from holosec.follow import CycleReport, Follower, stored_status
from holosec.follow.follower import STEP
from holosec.follow.metrics import exposition
from holosec.store import Store

from httpserver import MirrorServer, Reply, Request

pytestmark = pytest.mark.network
SAMPLES = importlib.resources.files("holosec") / "data" / "samples" / "gdelt" / "aamend__spark-gdelt"
START = datetime(2015, 2, 18, 23, 0, tzinfo=UTC)
STAMPS = [START + i * STEP for i in range(4)]
KINDS = {  # table: GDELT's name for it, the samples whose rows it gets
    "events": ("export.CSV", ("events.csv", "eventsT.csv")),
    "mentions": ("mentions.CSV", ("mentions.csv", "mentionsT.csv")),
}


def _chunks(names: tuple[str, ...]) -> list[bytes]:
    """Real rows of the samples, cut into one file's worth per stamp."""
    lines = [line for name in names for line in (SAMPLES / name).read_bytes().splitlines(keepends=True)]
    size = len(lines) // len(STAMPS)
    return [b"".join(lines[i * size : (i + 1) * size]) for i in range(len(STAMPS))]


def name_of(stamp: datetime, kind: str) -> str:
    return f"{stamp:%Y%m%d%H%M%S}.{KINDS[kind][0]}.zip"


class Gdelt:
    """GDELT's server as a folder: every file zipped up front; :meth:`publish` lists the files up to a
    stamp in ``masterfilelist.txt`` and the newest in ``lastupdate.txt``; ``md5s`` lies about a file."""

    def __init__(self, root: Path) -> None:
        self.folder = root / "gdeltv2"
        self.folder.mkdir(parents=True)
        self.md5s: dict[str, str] = {}
        for kind, (_, names) in KINDS.items():
            for stamp, rows in zip(STAMPS, _chunks(names), strict=True):
                name = name_of(stamp, kind)
                with zipfile.ZipFile(self.folder / name, "w", zipfile.ZIP_DEFLATED) as archive:
                    archive.writestr(name.removesuffix(".zip"), rows)

    def line(self, name: str) -> str:
        path = self.folder / name
        md5 = self.md5s.get(name) or hashlib.md5(path.read_bytes(), usedforsecurity=False).hexdigest()
        return f"{path.stat().st_size} {md5} http://data.gdeltproject.org/gdeltv2/{name}"

    def publish(self, upto: int) -> None:
        names = [name_of(stamp, kind) for stamp in STAMPS[: upto + 1] for kind in KINDS]
        (self.folder / "masterfilelist.txt").write_text("".join(self.line(n) + "\n" for n in names))
        newest = [name_of(STAMPS[upto], kind) for kind in KINDS]
        (self.folder / "lastupdate.txt").write_text("".join(self.line(n) + "\n" for n in newest))


class Clock:
    """The time the test says."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


class GatedMirror(MirrorServer):
    """A mirror that holds the answer for one path until the test opens the gate."""

    def __init__(self, root: Path) -> None:
        super().__init__(root)
        self.held_path: str | None = None
        self.held = threading.Event()
        self.gate = threading.Event()

    def _scripted(self, request: Request) -> Reply | None:
        if request.path == self.held_path:
            self.held.set()
            self.gate.wait(30)
        return super()._scripted(request)


@contextmanager
def serving(root: Path) -> Iterator[GatedMirror]:
    server = GatedMirror(root)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.gate.set()
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture
def gdelt(tmp_path: Path) -> Gdelt:
    return Gdelt(tmp_path / "mirror")


@pytest.fixture
def server(gdelt: Gdelt) -> Iterator[GatedMirror]:
    with serving(gdelt.folder.parent) as running:
        yield running


@pytest.fixture
def clock() -> Clock:
    return Clock(STAMPS[0] + timedelta(minutes=5))


def follower(store: Store, server: MirrorServer, clock: Clock, **options: Any) -> Follower:
    """A follower of the test's mirror and clock; without the alert rules (about 3 s a cycle) unless
    ``rules=None`` asks for holosec's."""
    options = {"rules": [], **options}
    return Follower(store, mirror=server.url, clock=clock, timeout=5, retries=2, backoff=0.01, **options)


def at(gdelt: Gdelt, clock: Clock, upto: int) -> None:
    """GDELT publishes the files up to STAMPS[upto]; the time is five minutes after."""
    gdelt.publish(upto)
    clock.now = STAMPS[upto] + timedelta(minutes=5)


def taken(store: Store) -> list[tuple[str, str]]:
    return store.execute("SELECT name, status FROM follow_files ORDER BY name").fetchall()


def counts(store: Store) -> tuple[int, int, int]:
    return (
        store.scalar("SELECT count(*) FROM events"),
        store.scalar("SELECT count(*) FROM mentions"),
        store.scalar("SELECT count(*) FROM files WHERE status = 'complete'"),
    )


def every(upto: int) -> list[tuple[str, str]]:
    return sorted((name_of(stamp, kind), "done") for stamp in STAMPS[: upto + 1] for kind in KINDS)


def test_follows_new_files_in_order_and_catches_up_after_a_gap(
    store: Store, gdelt: Gdelt, server: MirrorServer, clock: Clock
) -> None:
    at(gdelt, clock, 0)
    following = follower(store, server, clock)
    first = following.cycle()
    assert (first.files, first.error, first.failed) == (2, None, [])
    assert first.rows_stored > 0 and taken(store) == every(0)
    assert not server.gets("/gdeltv2/masterfilelist.txt")  # the first run starts at the newest files
    assert following.cycle().files == 0  # nothing new: nothing taken again
    at(gdelt, clock, 1)
    assert following.cycle().files == 2 and taken(store) == every(1)
    assert not server.gets("/gdeltv2/masterfilelist.txt")  # the next files follow: lastupdate.txt is enough
    at(gdelt, clock, 3)  # down for a while: two stamps published meanwhile
    caught = following.cycle()
    assert (caught.files, caught.error) == (4, None)
    assert len(server.gets("/gdeltv2/masterfilelist.txt")) == 1
    assert taken(store) == every(3)
    order = [r.path for r in server.requests if r.path.endswith(".zip")]
    assert order == sorted(order)  # oldest first, skipping nothing
    events, mentions, files = counts(store)
    assert (files, events, mentions) == (8, events, mentions) and events > 150 and mentions > 150
    assert not list(following.downloads.glob("*.zip"))  # ingested files are not kept
    status = following.status()["follow"]
    assert status["lag_seconds"] == 5 * 60 and status["state"] == "off"
    assert status["last_cycle"]["files"] == 4


def test_a_503_is_retried(store: Store, gdelt: Gdelt, server: MirrorServer, clock: Clock) -> None:
    at(gdelt, clock, 0)
    path = f"/gdeltv2/{name_of(STAMPS[0], 'events')}"
    server.once[path] = [Reply(503)]
    report = follower(store, server, clock).cycle()
    assert (report.files, report.failed, report.error) == (2, [], None)
    assert len(server.gets(path)) == 2


def test_a_bad_md5_is_reported_retried_and_does_not_hold_back_later_files(
    store: Store, gdelt: Gdelt, server: MirrorServer, clock: Clock
) -> None:
    at(gdelt, clock, 0)
    following = follower(store, server, clock, max_attempts=3)
    following.cycle()
    bad = name_of(STAMPS[1], "events")
    gdelt.md5s[bad] = "0" * 32
    at(gdelt, clock, 2)
    report = following.cycle()
    assert report.files == 3 and len(report.failed) == 1 and bad in report.failed[0]
    assert "MD5 mismatch" in report.failed[0] and "attempt 1 of 3" in report.failed[0]
    assert report.error is not None and bad in report.error
    assert dict(taken(store))[bad] == "failed"
    assert dict(taken(store))[name_of(STAMPS[2], "mentions")] == "done"  # later files taken meanwhile
    assert following.status()["follow"]["last_cycle"]["error"] == report.error
    again = following.cycle()  # still wrong: tried again, not yet given up
    assert again.files == 0 and "attempt 2 of 3" in again.failed[0]
    del gdelt.md5s[bad]
    gdelt.publish(2)  # the mirror mends its list
    mended = following.cycle()
    assert (mended.files, mended.failed, mended.error) == (1, [], None)
    assert taken(store) == every(2)


def test_a_file_is_given_up_after_its_attempts(
    store: Store, gdelt: Gdelt, server: MirrorServer, clock: Clock
) -> None:
    at(gdelt, clock, 0)
    following = follower(store, server, clock, max_attempts=2)
    following.cycle()
    bad = name_of(STAMPS[1], "mentions")
    gdelt.md5s[bad] = "0" * 32
    at(gdelt, clock, 1)
    assert "attempt 1 of 2, will be tried again" in following.cycle().failed[0]
    assert "attempt 2 of 2, given up" in following.cycle().failed[0]
    asked = len(server.gets(f"/gdeltv2/{bad}"))
    at(gdelt, clock, 2)
    report = following.cycle()
    assert (report.files, report.failed) == (2, [])
    assert len(server.gets(f"/gdeltv2/{bad}")) == asked  # given up: not asked for again
    assert dict(taken(store))[bad] == "given_up"


def test_a_restart_in_the_middle_of_a_cycle_resumes_without_ingesting_twice(
    tmp_path: Path, gdelt: Gdelt, server: MirrorServer, clock: Clock
) -> None:
    at(gdelt, clock, 0)
    with Store.open(tmp_path / "whole") as whole:
        follower(whole, server, clock).cycle()
        at(gdelt, clock, 2)
        follower(whole, server, clock).cycle()
        expected = counts(whole)
    at(gdelt, clock, 0)
    with Store.open(tmp_path / "cut") as cut:
        follower(cut, server, clock).cycle()
        at(gdelt, clock, 2)
        follower(cut, server, clock).cycle()
        # the process died after the files were stored, before the cycle's log was written
        cut.execute("DELETE FROM follow_files WHERE stamp > ?", [STAMPS[0].replace(tzinfo=None)])
        cut.execute("DELETE FROM follow_cycles WHERE files > 2")
    with Store.open(tmp_path / "cut") as restarted:
        resumed = follower(restarted, server, clock)
        assert resumed.status()["follow"]["last_cycle"]["files"] == 2  # the log, read back
        report = resumed.cycle()
        assert (report.files, report.rows_stored, report.error) == (4, 0, None)  # the ledger skipped them
        assert counts(restarted) == expected
        assert taken(restarted) == every(2)


def test_the_status_document_has_the_documented_shape(
    store: Store, gdelt: Gdelt, server: MirrorServer, clock: Clock
) -> None:
    assert stored_status(store, clock()) == {
        "follow": {"state": "off", "last_cycle": None, "lag_seconds": None, "next_cycle": None}
    }
    at(gdelt, clock, 0)
    following = follower(store, server, clock)
    following.cycle()
    document = following.status()
    assert list(document) == ["follow"]
    follow = document["follow"]
    assert list(follow) == ["state", "last_cycle", "lag_seconds", "next_cycle"]
    assert list(follow["last_cycle"]) == ["started", "finished", "files", "rows_stored", "alerts", "error"]
    assert follow["last_cycle"]["started"] == "2015-02-18T23:05:00Z"
    assert isinstance(follow["last_cycle"]["rows_stored"], int) and follow["last_cycle"]["error"] is None
    assert follow["lag_seconds"] == 300
    clock.now += timedelta(minutes=10)
    assert following.status()["follow"]["lag_seconds"] == 900
    assert stored_status(store, clock())["follow"]["last_cycle"] == follow["last_cycle"]


def test_cycles_never_overlap(store: Store, gdelt: Gdelt, server: GatedMirror, clock: Clock) -> None:
    at(gdelt, clock, 0)
    following = follower(store, server, clock)
    server.held_path = "/gdeltv2/lastupdate.txt"
    reports: list[CycleReport] = []
    thread = threading.Thread(target=lambda: reports.append(following.cycle()))
    thread.start()
    assert server.held.wait(10)
    assert following.status()["follow"]["state"] == "running"
    with pytest.raises(Exception, match="running already"):
        following.cycle()
    server.gate.set()
    thread.join(30)
    assert reports[0].files == 2


def _metric(name: str) -> float:
    for line in exposition()[0].decode().splitlines():
        if line.startswith(name + " "):
            return float(line.split()[1])
    raise AssertionError(f"no {name}")


def test_the_server_follows_and_answers_during_a_cycle(
    tmp_path: Path, gdelt: Gdelt, server: GatedMirror, clock: Clock
) -> None:
    from fastapi.testclient import TestClient

    from holosec.server import create_app

    data = tmp_path / "data"
    Store.open(data).close()
    at(gdelt, clock, 1)
    server.held_path = f"/gdeltv2/{name_of(STAMPS[1], 'mentions')}"
    stored_before = _metric("holosec_follow_rows_stored_total")
    app = create_app(data, follow=lambda store, _: follower(store, server, clock, interval=3600, rules=None))
    token = app.state.users.new_token(app.state.users.all()[0].name)
    auth = {"Authorization": f"Bearer {token}"}
    with TestClient(app, follow_redirects=False) as client:
        assert server.held.wait(30)  # a cycle is downloading
        during = client.get("/api/v1/status", headers=auth)
        assert during.status_code == 200 and during.json()["follow"]["state"] == "running"
        assert client.get("/", headers=auth).status_code == 200  # the dashboard answers meanwhile
        server.gate.set()
        states: list[str] = []
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:  # the API and the pages keep answering while the cycle writes
            answer = client.get("/api/v1/status", headers=auth)
            assert answer.status_code == 200
            states.append(answer.json()["follow"]["state"])
            if states[-1] == "idle":
                break
            assert client.get("/alerts", headers=auth).status_code == 200
        assert states[-1] == "idle" and "running" in states[:-1]
        follow = client.get("/api/v1/status", headers=auth).json()["follow"]
        assert follow["last_cycle"]["files"] == 2 and follow["last_cycle"]["error"] is None
        assert follow["next_cycle"] == "2015-02-19T00:20:00Z"  # the cycle's start (23:20) and an hour
        assert client.get("/metrics").status_code == 401  # not for anyone
        assert client.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 401
        metrics = client.get("/metrics", headers=auth)
        assert metrics.status_code == 200 and metrics.headers["content-type"].startswith("text/plain")
        text = metrics.text
        assert "holosec_follow_cycle_seconds_count" in text and "holosec_follow_alerts_raised_total" in text
        assert 'holosec_http_request_seconds_count{method="GET",route="/api/v1/status",status="200"}' in text
    assert _metric("holosec_follow_rows_stored_total") >= stored_before + follow["last_cycle"]["rows_stored"]
    assert follow["last_cycle"]["rows_stored"] > 0


def test_cli_follow_once_and_status(tmp_path: Path, gdelt: Gdelt, server: MirrorServer) -> None:
    gdelt.publish(0)
    data = str(tmp_path / "data")
    runner = CliRunner()
    done = runner.invoke(cli_app, ["follow", "--once", "--mirror", server.url, "--data-dir", data, "--json"])
    assert done.exit_code == 0, done.output
    report = json.loads(done.stdout)
    assert report["files"] == 2 and report["error"] is None and report["rows_stored"] > 0
    shown = runner.invoke(cli_app, ["status", "--data-dir", data, "--json"])
    assert shown.exit_code == 0, shown.output
    follow = json.loads(shown.stdout)["follow"]
    assert follow["state"] == "off" and follow["last_cycle"]["files"] == 2 and follow["lag_seconds"] > 0


def test_new_alerts_reach_the_commission_inbox_once(tmp_path: Path) -> None:
    from holosec.cases.notify import inbox
    from holosec.cases.people import UserStore
    from holosec.follow.notices import alert_notices

    users = UserStore(tmp_path)
    users.add("duty", "commission-staff")
    users.add("analyst", "agency-analyst")
    alert = {
        "alert_id": "a1b2c3", "series": "CHN-PHL", "period": "2015-02", "severity": "high",
        "reasoning": "conflict events 12 against a usual 3",
    }  # fmt: skip
    tell = alert_notices(users.workspace)
    assert tell([alert]) == 1
    assert tell([alert]) == 0  # once per alert
    duty, analyst = users.get("duty"), users.get("analyst")
    assert duty is not None and analyst is not None
    [entry] = inbox(users.workspace, duty)
    assert entry["kind"] == "alert" and "CHN-PHL 2015-02 (high)" in entry["message"]
    assert inbox(users.workspace, analyst) == []


@pytest.mark.slow
def test_serve_follow_and_status_through_the_server(
    tmp_path: Path, gdelt: Gdelt, server: MirrorServer
) -> None:
    from holosec.cases.people import UserStore

    gdelt.publish(0)
    data = tmp_path / "data"
    Store.open(data).close()
    users = UserStore(data)
    users.add("watcher", "observer")
    token = users.new_token("watcher")
    users.workspace.close()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    serve = [sys.executable, "-m", "holosec", "serve", "--data-dir", str(data), "--port", str(port)]
    serve += ["--follow", "--interval", "3600", "--mirror", server.url]
    running = subprocess.Popen(serve, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    runner = CliRunner()
    try:
        deadline = time.monotonic() + 120
        while True:  # the server up first: a status command opening the store meanwhile would hold it
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/health", timeout=5):
                    break
            except OSError:
                assert time.monotonic() < deadline and running.poll() is None, "the server did not start"
                time.sleep(0.3)
        follow: dict[str, Any] = {}
        while not follow.get("last_cycle"):
            assert time.monotonic() < deadline and running.poll() is None, "no cycle"
            time.sleep(0.5)
            asked = runner.invoke(cli_app, ["status", "--data-dir", str(data), "--token", token, "--json"])
            if asked.exit_code == 0:
                follow = json.loads(asked.stdout)["follow"]
        assert follow["state"] in ("idle", "running") and follow["last_cycle"]["files"] == 2
        assert follow["last_cycle"]["error"] is None and follow["next_cycle"] is not None
        refused = runner.invoke(cli_app, ["status", "--data-dir", str(data)])
        assert refused.exit_code == 1 and "give an API token" in refused.output
    finally:
        running.terminate()
        running.wait(30)
