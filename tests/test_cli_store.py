"""Which commands make a store or a workspace and which only read one; what every command says when there is
none, when an argument is wrong, or when ``holosec serve`` holds the store: one line or one usage message,
and one exit code per kind of mistake, whatever the terminal's width."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from holosec.cases.db import workspace_url
from holosec.cli import app
from holosec.samples import gdelt_samples
from holosec.store import Store
from holosec.store.serving import SERVE_FILE

runner = CliRunner()
NO_STORE = "error: no holosec store in holosec-data: run 'holosec demo' or 'holosec ingest'\n"
NO_WORKSPACE = (
    "error: no holosec workspace in holosec-data: add a user with 'holosec users add'"
    " (or run 'holosec serve')\n"
)
STORE_READS = [
    ["alerts"], ["indicators", "--country", "CHN"], ["evidence"], ["brief"], ["index"], ["region"],
    ["principles"], ["lens", "neighbourhood"], ["exposure"], ["coupling", "--country", "CHN"],
    ["forecast", "--country", "CHN"], ["explain", "gdelt2:1"], ["export", "events", "-o", "out.parquet"],
    ["coverage"], ["stats"], ["retag"], ["fuse"], ["warn"], ["serve"],
]  # fmt: skip
WORKSPACE_READS = [
    ["users", "list"], ["users", "password", "ana"], ["users", "sign-out", "ana"], ["users", "remove", "ana"],
    ["agencies", "list"], ["audit", "verify"], ["cases", "list"], ["cases", "remind"],
    ["webhooks", "deliver"], ["webhooks", "private-networks"],
]  # fmt: skip


@pytest.fixture
def elsewhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty working directory, with no data directory or workspace database set in the environment."""
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    monkeypatch.chdir(folder)
    monkeypatch.delenv("HOLOSEC_DATA_DIR", raising=False)
    monkeypatch.delenv("HOLOSEC_DATABASE_URL", raising=False)
    return folder


def _said(text: str) -> str:
    """A usage message as words, whatever the width and the box it was drawn in."""
    return " ".join(text.translate(str.maketrans("│╭╮╰╯─", "      ")).split())


@pytest.mark.parametrize("command", STORE_READS, ids=" ".join)
def test_a_command_on_a_folder_without_a_store_says_so_and_creates_nothing(
    elsewhere: Path, command: list[str]
) -> None:
    result = runner.invoke(app, command)
    assert result.exit_code == 1, result.output
    expected = NO_STORE.replace("run", "give --series FILE, or run") if command == ["warn"] else NO_STORE
    assert result.stderr == expected and result.stdout == ""
    assert os.listdir(elsewhere) == []


@pytest.mark.parametrize("command", WORKSPACE_READS, ids=" ".join)
def test_a_workspace_command_without_a_workspace_says_so_and_creates_nothing(
    elsewhere: Path, command: list[str]
) -> None:
    result = runner.invoke(app, command)
    assert result.exit_code == 1, result.output
    assert result.stderr == NO_WORKSPACE and result.stdout == ""
    assert os.listdir(elsewhere) == []


def test_a_reader_without_a_workspace_is_a_wrong_argument_and_makes_none(tmp_path: Path) -> None:
    Store.open(tmp_path).close()
    before = sorted(os.listdir(tmp_path))
    result = runner.invoke(app, ["brief", "--reader", "ana", "--data-dir", str(tmp_path)])
    assert result.exit_code == 2 and result.stdout == ""
    assert "--reader" in _said(result.stderr) and "no workspace user 'ana', nor any workspace in" in _said(
        result.stderr
    )
    assert sorted(os.listdir(tmp_path)) == before


def test_a_named_data_dir_is_not_made_either(tmp_path: Path) -> None:
    for command in (["alerts"], ["users", "list"], ["cases", "list"]):
        result = runner.invoke(app, [*command, "--data-dir", str(tmp_path / "none")])
        assert result.exit_code == 1 and result.stderr.startswith("error: no holosec ")
        assert f" in {tmp_path / 'none'}: " in result.stderr and len(result.stderr.splitlines()) == 1
    assert os.listdir(tmp_path) == []


def test_set_up_commands_make_the_workspace_but_no_store(elsewhere: Path) -> None:
    made = runner.invoke(app, ["agencies", "add", "MSS"])
    assert made.exit_code == 0, made.output
    added = runner.invoke(app, ["users", "add", "ana", "--role", "observer", "--agency", "MSS"])
    assert added.exit_code == 0, added.output
    assert os.listdir(elsewhere) == ["holosec-data"]
    assert "workspace.sqlite" in os.listdir(elsewhere / "holosec-data")
    assert "holosec.duckdb" not in os.listdir(elsewhere / "holosec-data")
    listed = runner.invoke(app, ["users", "list", "--json"])
    assert listed.exit_code == 0 and '"ana"' in listed.stdout
    assert runner.invoke(app, ["alerts"]).stderr == NO_STORE  # the workspace is no store


def test_a_missing_workspace_database_is_not_made(tmp_path: Path, workspace_db: str) -> None:
    result = runner.invoke(
        app, ["users", "list", "--data-dir", str(tmp_path / "d")], env={"HOLOSEC_DATABASE_URL": workspace_db}
    )
    assert result.exit_code == 1 and result.stderr.startswith("error: no holosec workspace in ")
    assert len(result.stderr.splitlines()) == 1
    secret = sa.make_url(workspace_url(tmp_path, workspace_db)).password
    assert not secret or str(secret) not in result.stderr
    if workspace_db.startswith("sqlite"):
        assert not (tmp_path / "workspace.sqlite").exists()
        assert result.stderr.startswith(f"error: no holosec workspace in {tmp_path / 'workspace.sqlite'}: ")
        return
    engine = sa.create_engine(workspace_url(tmp_path, workspace_db))
    with engine.connect() as connection:
        assert sa.inspect(connection).get_table_names() == []
    engine.dispose()


def test_brief_on_a_store_without_events_fails_instead_of_writing_an_empty_briefing(tmp_path: Path) -> None:
    Store.open(tmp_path).close()
    for period, when in ((None, ""), ("2018-01", " in 2018-01")):
        asked = ["--period", period] if period else []
        result = runner.invoke(app, ["brief", *asked, "--data-dir", str(tmp_path)])
        assert result.exit_code == 1 and result.stdout == ""
        assert result.stderr == f"error: nothing to brief: the store in {tmp_path} holds no events{when}\n"


WRONG = [
    (["index", "--perspective", "FRA"], "--perspective", "'FRA' (give CHN, DEU, IND, JPN, USA"),
    (["brief", "--perspective", "FRA"], "--perspective", "unknown perspective 'FRA'"),
    (["lens", "neighbourhood", "--perspective", "FRA"], "--perspective", "unknown perspective 'FRA'"),
    (["index", "--taxonomy", "v2099"], "--taxonomy", "version 'v2099' (give v2014, v2020, v2023"),
    (["forecast", "--country", "XXX"], "--country", "'XXX' is not an ISO3 country code"),
    (["indicators", "--country", "CHN", "--partner", "XXX"], "--partner", "'XXX' is not an ISO3 country"),
    (["evidence", "--country", "XXX"], "--country", "'XXX' is not an ISO3 country code"),
    (["alerts", "--country", "XXX"], "--country", "'XXX' is not an ISO3 country code"),
    (["coupling", "--country", "XXX"], "--country", "'XXX' is not an ISO3 country code"),
    (["evidence", "--period", "2018-13"], "--period", "'2018-13'"),
    (["index", "--period", "2018-13"], "--period", "'2018-13'"),
    (["region", "--period", "2018-13"], "--period", "'2018-13'"),
    (["brief", "--period", "2018-13"], "--period", "'2018-13'"),
]  # fmt: skip


@pytest.mark.parametrize("columns", ["40", "250"])
@pytest.mark.parametrize(
    ("command", "option", "reason"), WRONG, ids=lambda v: " ".join(v) if isinstance(v, list) else ""
)
def test_a_wrong_argument_value_exits_2_naming_the_option(
    demo_store: Store, command: list[str], option: str, reason: str, columns: str
) -> None:
    result = runner.invoke(app, [*command, "--data-dir", str(demo_store.data_dir)], env={"COLUMNS": columns})
    assert result.exit_code == 2, result.output
    said = _said(result.stderr)
    assert option in said and reason in said and result.stdout == ""


def test_too_little_to_forecast_is_a_failure_not_a_wrong_argument(demo_store: Store) -> None:
    result = runner.invoke(app, ["forecast", "--country", "ATA", "--data-dir", str(demo_store.data_dir)])
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.startswith("error: too little to forecast: the series has 0 periods in the store")
    assert len(result.stderr.splitlines()) == 1


def test_an_index_without_events_is_a_failure_not_a_wrong_argument(tmp_path: Path, demo_store: Store) -> None:
    Store.open(tmp_path).close()
    empty = runner.invoke(app, ["index", "--data-dir", str(tmp_path)])
    assert empty.exit_code == 1 and empty.stderr == "error: the store has no events of CHN\n"
    future = runner.invoke(app, ["index", "--period", "2099-01", "--data-dir", str(demo_store.data_dir)])
    assert future.exit_code == 1 and future.stderr == "error: the store has no events in 2099-01\n"
    assert empty.stdout == future.stdout == ""


def test_an_unknown_taxonomy_is_wrong_before_a_store_is_looked_for(tmp_path: Path) -> None:
    result = runner.invoke(app, ["index", "--taxonomy", "v2099", "--data-dir", str(tmp_path / "none")])
    assert result.exit_code == 2 and "unknown taxonomy version 'v2099'" in _said(result.stderr)
    assert os.listdir(tmp_path) == []


# -- the store held by another process ---------------------------------------------------------------------


@pytest.fixture
def held(tmp_path: Path) -> Iterator[tuple[Path, int]]:
    """A store that another real process holds open read-write, as ``holosec ingest`` would; its pid."""
    Store.open(tmp_path).close()
    code = (
        "import duckdb, sys; con = duckdb.connect(sys.argv[1]); print('ready', flush=True); sys.stdin.read()"
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", code, str(tmp_path / "holosec.duckdb")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline() == "ready\n"
    try:
        yield tmp_path, holder.pid
    finally:
        holder.communicate(timeout=30)


@pytest.mark.slow
def test_a_store_another_process_holds_is_said_in_one_line(held: tuple[Path, int]) -> None:
    folder, pid = held
    stale = subprocess.Popen([sys.executable, "-c", "pass"])
    stale.wait(timeout=30)  # a server killed without tidying up left its note: it is not believed
    (folder / SERVE_FILE).write_text(f'{{"url": "http://127.0.0.1:9", "pid": {stale.pid}}}\n')
    line = (
        f"error: the store in {folder} is in use by another process (pid {pid}): wait for it to end, or stop "
        "it first\n"
    )
    for command in (["alerts"], ["stats"], ["indicators", "--country", "CHN"], ["retag"]):
        result = runner.invoke(app, [*command, "--data-dir", str(folder)])
        assert result.exit_code == 1 and result.stderr == line and result.stdout == "", command


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _up(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as answer:
            return int(answer.status) == 200
    except (OSError, urllib.error.URLError):
        return False


@pytest.mark.network
@pytest.mark.slow
def test_while_serve_holds_the_store_commands_and_a_second_serve_say_where_it_serves(tmp_path: Path) -> None:
    Store.open(tmp_path).close()
    port = _free_port()
    serve = [sys.executable, "-m", "holosec", "serve", "--data-dir", str(tmp_path), "--port"]
    server = subprocess.Popen(
        [*serve, str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    try:
        deadline = time.monotonic() + 120
        while not _up(f"http://127.0.0.1:{port}/api/v1/health"):
            assert time.monotonic() < deadline and server.poll() is None, "the server did not start"
            time.sleep(0.3)
        line = (
            f"error: the store in {tmp_path} is in use by holosec serve at http://127.0.0.1:{port} "
            f"(pid {server.pid}): use the dashboard or the API there, or stop it first\n"
        )
        reads = (["alerts"], ["stats"], ["index"], ["brief"], ["ingest", "gdelt", str(gdelt_samples()[0])])
        for command in reads:
            result = runner.invoke(app, [*command, "--data-dir", str(tmp_path)])
            assert result.exit_code == 1 and result.stderr == line and result.stdout == "", command
        again = subprocess.run([*serve, str(_free_port())], capture_output=True, text=True, timeout=120)
        assert again.returncode == 1 and again.stderr == line and again.stdout == ""
        assert _up(f"http://127.0.0.1:{port}/api/v1/health")  # the first server goes on
    finally:
        server.terminate()
        server.communicate(timeout=60)
    assert not (tmp_path / SERVE_FILE).exists()
    assert runner.invoke(app, ["alerts", "--data-dir", str(tmp_path)]).exit_code == 0
