"""The follower and the status as an operator meets them: a stop takes effect between files (the library's
stop, and Ctrl-C or SIGTERM on a real ``holosec follow`` process), a store held by a follower says who holds
it and what to do, and ``holosec status`` says in one line what is wrong with a token, an address or a
server that does not answer. Against the GDELT mirror of :mod:`test_follow` and real servers."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from browser import free_port
from holosec.cli import app as cli_app
from holosec.engines import local_engine
from holosec.follow import CycleReport
from holosec.follow.follower import LEFT
from holosec.indicators.rollup import staleness
from holosec.store import Store
from test_follow import (
    STAMPS,
    Clock,
    GatedMirror,
    Gdelt,
    at,
    counts,
    every,
    follower,
    name_of,
    serving,
    taken,
)

pytestmark = pytest.mark.network


@pytest.fixture
def gdelt(tmp_path: Path) -> Gdelt:
    return Gdelt(tmp_path / "mirror")


@pytest.fixture
def server(gdelt: Gdelt) -> Iterator[GatedMirror]:
    with serving(gdelt.folder.parent) as running:
        yield running


@pytest.fixture
def clock() -> Clock:
    return Clock(STAMPS[0])


def _file(store: Store, name: str) -> tuple[str, int, str | None]:
    row = store.execute("SELECT status, attempts, error FROM follow_files WHERE name = ?", [name]).fetchone()
    assert row is not None, name
    return row[0], row[1], row[2]


def test_a_stop_ends_the_cycle_after_the_file_it_is_on_and_the_next_start_takes_the_rest(
    tmp_path: Path, gdelt: Gdelt, server: GatedMirror, clock: Clock
) -> None:
    at(gdelt, clock, 0)
    with Store.open(tmp_path / "whole") as whole:  # the same files, never stopped
        follower(whole, server, clock).cycle()
        at(gdelt, clock, 2)
        follower(whole, server, clock).cycle()
        expected = counts(whole)
    at(gdelt, clock, 0)
    with Store.open(tmp_path / "cut") as cut:
        follower(cut, server, clock).cycle()
        at(gdelt, clock, 2)  # four files to take: the events and mentions of two stamps
        events, mentions = name_of(STAMPS[2], "events"), name_of(STAMPS[2], "mentions")
        server.held_path = f"/gdeltv2/{events}"
        asked = len(server.gets(f"/gdeltv2/{mentions}"))  # by the whole run
        stopped = follower(cut, server, clock)
        reports: list[CycleReport] = []
        cycle = threading.Thread(target=lambda: reports.append(stopped.cycle()))
        cycle.start()
        assert server.held.wait(30)  # downloading the third file
        stopped.stop()
        server.gate.set()
        cycle.join(60)
        [report] = reports
        assert (report.files, report.left, report.failed, report.error) == (3, 1, [], None)
        assert _file(cut, events) == ("done", 1, None)  # the file it was on is taken
        assert _file(cut, mentions) == ("failed", 0, LEFT)  # the next is left, no attempt counted
        assert len(server.gets(f"/gdeltv2/{mentions}")) == asked  # not downloaded
        assert staleness(cut, engine=local_engine(cut)) is None  # what it loaded is published
        assert counts(cut) != expected
    with Store.open(tmp_path / "cut") as restarted:
        resumed = follower(restarted, server, clock).cycle()
        assert (resumed.files, resumed.left, resumed.failed, resumed.error) == (1, 0, [], None)
        assert _file(restarted, mentions) == ("done", 1, None)
        assert taken(restarted) == every(2) and counts(restarted) == expected


def _holosec(*arguments: str) -> list[str]:
    return [sys.executable, "-m", "holosec", *arguments]


def _wait_for(condition: Any, what: str, process: subprocess.Popen[str], seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert process.poll() is None, f"{what}: the process ended: {process.communicate()}"
        assert time.monotonic() < deadline, what
        time.sleep(0.1)


@pytest.mark.slow
@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT], ids=["sigterm", "ctrl-c"])
def test_a_follower_process_says_who_holds_the_store_and_stops_between_files(
    tmp_path: Path, gdelt: Gdelt, server: GatedMirror, stop: signal.Signals
) -> None:
    data = str(tmp_path / "data")
    gdelt.publish(0)
    runner = CliRunner()
    first = runner.invoke(cli_app, ["follow", "--once", "--mirror", server.url, "--data-dir", data])
    assert first.exit_code == 0, first.output
    gdelt.publish(2)
    events, mentions = name_of(STAMPS[2], "events"), name_of(STAMPS[2], "mentions")
    server.held_path = f"/gdeltv2/{events}"
    command = _holosec("follow", "--mirror", server.url, "--data-dir", data, "--interval", "3600")
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        _wait_for(server.held.is_set, "the follower did not reach the third file", process)
        held = runner.invoke(cli_app, ["status", "--data-dir", data])
        said = " ".join(held.output.split())
        assert held.exit_code == 1 and said.count("\n") == 0, held.output
        assert f"in use by holosec follow (pid {process.pid}), which runs until stopped" in said
        assert "run holosec serve --follow instead" in said and "wait for it to end" not in said
        asked = time.monotonic()
        process.send_signal(stop)
        time.sleep(0.5)  # the stop is asked for while the file downloads
        server.gate.set()
        stdout, stderr = process.communicate(timeout=120)
        seconds = time.monotonic() - asked
    finally:
        server.gate.set()
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0, stderr
    assert "stopping after the file being taken" in stderr and "1 file(s) left for the next start" in stderr
    assert stderr.rstrip().endswith("stopped") and "3 file(s)" in stdout
    assert seconds < 60
    assert not server.gets(f"/gdeltv2/{mentions}")
    with Store.open(Path(data)) as store:
        assert _file(store, events)[0] == "done" and _file(store, mentions) == ("failed", 0, LEFT)
        assert not (Path(data) / "serve.json").exists()  # the follower's note goes with it
    again = runner.invoke(cli_app, ["follow", "--once", "--mirror", server.url, "--data-dir", data, "--json"])
    assert again.exit_code == 0, again.output
    assert json.loads(again.stdout)["files"] == 1


def _status(*arguments: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli_app, ["status", *arguments])
    return result.exit_code, result.output


def test_status_of_a_server_says_what_is_wrong_and_how_to_mend_it(live: dict[str, Any]) -> None:
    base = live["server"].base
    code, shown = _status("--url", base, "--token", live["token"], "--json")
    assert code == 0 and json.loads(shown)["follow"]["state"] == "off"
    assert _status("--url", base + "/", "--token", live["token"])[0] == 0  # a trailing slash is fine
    code, shown = _status("--url", base, "--token", "not-a-token")
    assert code == 1 and shown.count("\n") == 1, shown
    assert f"{base} refused the API token (401" in shown
    assert "make one with holosec users add NAME --role observer --token" in shown
    code, shown = _status("--url", base)
    assert code == 1 and "answers only with an API token" in shown and "holosec users add" in shown
    code, shown = _status("--url", base + "/holosec", "--token", live["token"])
    assert code == 1 and shown.count("\n") == 1, shown
    assert "was not found (404" in shown and "give the address holosec serve prints" in shown
    nobody = f"http://127.0.0.1:{free_port()}"
    code, shown = _status("--url", nobody, "--token", live["token"])
    assert code == 1 and shown.count("\n") == 1, shown
    assert f"no server answers at {nobody} (connection refused): start it (holosec serve)" in shown
    code, shown = _status("--url", "127.0.0.1:8000", "--token", live["token"])
    assert code == 2 and "http:// or https://" in shown


def test_the_loop_warms_the_pages_after_a_cycle_that_stored_rows(
    store: Store, gdelt: Gdelt, server: GatedMirror, clock: Clock
) -> None:
    """A server's follower builds the pages' shared panels after each cycle that stored rows, at the store
    as the cycle left it, outside the cycle (:attr:`Follower.warm`)."""
    at(gdelt, clock, 0)
    following = follower(store, server, clock, interval=3600)
    warmed: list[tuple[Any, ...]] = []

    def warm() -> None:
        warmed.append(store.version())
        following.stop()  # the loop ends after this cycle

    following.warm = warm
    loop = threading.Thread(target=following.run)
    loop.start()
    loop.join(120)
    assert not loop.is_alive()
    assert len(warmed) == 1 and following.recent[-1].rows_stored > 0
    assert warmed[0] == store.version()  # after the cycle's publish
