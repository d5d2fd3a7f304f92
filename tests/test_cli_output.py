"""What the ``holosec`` commands print, at any terminal width: tables that never cut a number or an
identifier (or CSV, or JSON), help that shows every default without breaking a word, ``--data-dir`` and
``--json`` on every command (but the documented exceptions), and one JSON document per ``--json``."""

from __future__ import annotations

import csv
import io
import json
import re
import shlex
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer.main
from typer.testing import CliRunner

from holosec.cases.roles import LEGACY, ROLES
from holosec.cli import app
from holosec.cli.demo import command_line
from holosec.cli.output import Column, Format, emit_table
from holosec.cli.reference import _commands
from holosec.ingest import ingest_paths
from holosec.store import Store

from conftest import EVENTS2

runner = CliRunner()
WIDTHS = ("40", "60", "80", "200")

NO_DATA_DIR = {"holosec fields", "holosec classify"}
"""Commands without ``--data-dir`` (README: they read no store)."""
NO_JSON = {"holosec serve"}
"""Commands without ``--json`` (README: they print no result)."""
NO_FORMAT = {"holosec demo", "holosec brief"}
"""Commands that print a table, or tables, but have no ``--format table|csv|json``: ``demo`` prints a
report (``--json`` for machines), ``brief``'s ``--format`` is the briefing's file format."""

COMMANDS = [(path, command) for path, command in _commands(typer.main.get_command(app), "holosec")]


def _options(command: Any) -> set[str]:
    return {name for param in command.params for name in getattr(param, "opts", [])}


def _command(args: list[str]) -> Any:
    return next(command for path, command in COMMANDS if args[: len(path.split()) - 1] == path.split()[1:])


# -- tables ------------------------------------------------------------------------------------------------

COLUMNS = (
    Column("series"),
    Column("value", kind="number"),
    Column("share", kind="number", pattern="{:.0%}"),
    Column("reasoning", kind="text"),
)
ROWS = [
    {"series": "CHN:political-security", "value": 2923456, "share": 0.2234, "reasoning": "a rise " * 12},
    {"series": "CHN-PHL", "value": None, "share": 1.0, "reasoning": "quiet"},
]


def _printed(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, width: str) -> str:
    monkeypatch.setenv("COLUMNS", width)
    emit_table(COLUMNS, ROWS, title="alerts of a test")
    return capsys.readouterr().out


@pytest.mark.parametrize("width", WIDTHS)
def test_a_table_never_cuts_a_number_or_an_identifier(
    width: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    printed = _printed(capsys, monkeypatch, width)
    assert "…" not in printed
    words = printed.split()
    for whole in ("CHN:political-security", "2923456", "22%", "CHN-PHL", "100%"):
        assert whole in words, (width, printed)
    assert all(len(line) <= int(width) for line in printed.splitlines() if "CHN" in line)


def test_a_narrow_table_becomes_blocks_of_key_value_lines(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    narrow = _printed(capsys, monkeypatch, "40")
    assert "series: CHN:political-security\nvalue: 2923456\nshare: 22%\n" in narrow
    assert "\n\nseries: CHN-PHL\nvalue: -\n" in narrow
    wide = _printed(capsys, monkeypatch, "200")
    assert "series: " not in wide and wide.count("CHN:political-security") == 1


def test_csv_has_a_header_row_and_raw_values(capsys: pytest.CaptureFixture[str]) -> None:
    emit_table(COLUMNS, ROWS, Format.csv, title="not in CSV")
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows[0] == ["series", "value", "share", "reasoning"]
    assert rows[1][:3] == ["CHN:political-security", "2923456", "0.2234"] and rows[2][1] == ""


# -- help --------------------------------------------------------------------------------------------------


def _help(path: str, width: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """The help of the command ``path`` as a terminal ``width`` columns wide shows it (the test runner
    would make it 80)."""
    monkeypatch.setenv("COLUMNS", width)
    command = _command(path.split()[1:])
    with command.context_class(command, info_name=path) as ctx:
        return str(command.get_help(ctx))


@pytest.mark.parametrize("width", ["60", "200"])
def test_every_help_shows_its_defaults_and_words_whole(width: str, monkeypatch: pytest.MonkeyPatch) -> None:
    for path, command in COMMANDS:
        shown = " ".join(_help(path, width, monkeypatch).split())
        for param in command.params:
            help_text = getattr(param, "help", None) or ""
            # every word of an option's help, whole: no word folded across lines, no [markup] lost
            assert " ".join(help_text.split()) in shown, (path, param.name, width)
            if param.param_type_name == "option" and param.show_default and param.default not in (
                None, False, (), ""
            ):  # fmt: skip
                default = getattr(param.default, "value", param.default)
                if default is True:  # --dedup/--no-dedup: [default: dedup]
                    default = param.opts[0].lstrip("-")
                assert f"[default: {default}" in shown, (path, param.name)


def test_data_dir_help_says_where_the_store_is_and_roles_are_current(monkeypatch: pytest.MonkeyPatch) -> None:
    stats = _help("holosec stats", "60", monkeypatch)
    assert "HOLOSEC_DATA_DIR, else ./holosec-data" in " ".join(stats.split())
    assert max(len(line) for line in stats.splitlines()) <= 60
    roles = " ".join(_help("holosec users add", "60", monkeypatch).split())
    for role in (*ROLES, *LEGACY):
        assert role in roles


def test_every_command_takes_data_dir_and_json_or_is_a_documented_exception() -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    for path, command in COMMANDS:
        options = _options(command)
        assert ("--data-dir" in options) != (path in NO_DATA_DIR), path
        assert ("--json" in options) != (path in NO_JSON), path
    for path in NO_DATA_DIR | NO_JSON:
        assert f"`{path.removeprefix('holosec ')}`" in readme.split("takes `--data-dir`")[1][:400], path


# -- one JSON document ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A store of one real GDELT file, and a workspace with an agency, a user and a webhook."""
    data_dir = tmp_path_factory.mktemp("small")
    with Store.open(data_dir) as store:
        ingest_paths(store, [EVENTS2])
    where = ["--data-dir", str(data_dir)]
    assert runner.invoke(app, ["agencies", "add", "MFA", "--kind", "ministry", *where]).exit_code == 0
    made = runner.invoke(app, ["users", "add", "ana", "--role", "agency-lead", "--agency", "MFA", *where])
    assert made.exit_code == 0, made.output
    yield data_dir


READS = [
    ["stats"], ["coverage"], ["explain", "gdelt2:719025311"],
    ["indicators", "--country", "CHN", "--by", "month"], ["indicators", "--perspective", "CHN"],
    ["index", "--perspective", "CHN"], ["evidence", "--country", "CHN", "--limit", "3"],
    ["region", "--grouping", "SCO"], ["principles", "--grouping", "SCO"], ["lens"],
    ["lens", "neighbourhood"], ["exposure"], ["alerts"], ["users", "list"], ["agencies", "list"],
    ["cases", "list"], ["audit", "verify"], ["webhooks", "private-networks"],
]  # fmt: skip
WRITES = [
    ["fuse"], ["retag"], ["warn"], ["users", "add", "bo", "--role", "observer"],
    ["users", "password", "bo"], ["users", "sign-out", "bo"], ["users", "remove", "bo"],
    ["agencies", "field", "military", "--lead", "MFA"], ["cases", "remind"], ["webhooks", "deliver"],
]  # fmt: skip


def _document(args: list[str], data_dir: Path, *extra: str) -> Any:
    result = runner.invoke(app, [*args, "--data-dir", str(data_dir), *extra], env={"COLUMNS": "40"})
    assert result.exit_code == 0, (args, result.output)
    return json.loads(result.stdout)  # one document: json.loads refuses two


def _floats(value: Any) -> Any:
    """``value`` with every float wrapped in ``pytest.approx`` (lists and dicts walked), None kept."""
    if isinstance(value, dict):
        return {key: _floats(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_floats(item) for item in value]
    return pytest.approx(value, rel=1e-12) if isinstance(value, float) else value


@pytest.mark.parametrize("args", READS + WRITES, ids=" ".join)
def test_json_is_one_document(args: list[str], small: Path) -> None:
    document = _document(args, small, "--json")
    assert isinstance(document, dict), args
    if args in READS and "--format" in _options(_command(args)):
        # the same numbers: sums of float weights may differ in their last digit between two runs, as
        # DuckDB adds in parallel in whatever order its threads finish
        assert _document(args, small, "--format", "json") == _floats(document)


def test_lists_are_inside_an_object_with_their_count(small: Path) -> None:
    for args in (["indicators", "--country", "CHN"], ["index"], ["alerts"], ["warn"]):
        document = _document(args, small, "--json")
        assert set(document) >= {"data", "count"} and document["count"] == len(document["data"]), args
    fields = json.loads(runner.invoke(app, ["fields", "--json"]).stdout)
    assert fields["count"] == len(fields["data"]) > 10
    lines = runner.invoke(app, ["evidence", "--country", "CHN", "--jsonl", "--data-dir", str(small)])
    events = [json.loads(line) for line in lines.stdout.splitlines()]
    assert events == _document(["evidence", "--country", "CHN"], small, "--json")["data"]


@pytest.mark.parametrize("width", ["40", "200"])
def test_commands_print_numbers_whole_at_any_width(width: str, small: Path) -> None:
    rows = _document(["indicators", "--country", "CHN", "--by", "month"], small, "--json")["data"]
    result = runner.invoke(
        app,
        ["indicators", "--country", "CHN", "--by", "month", "--data-dir", str(small)],
        env={"COLUMNS": width},
    )
    assert result.exit_code == 0 and "…" not in result.stdout
    words = result.stdout.split()
    for row in rows:
        assert f"{row['events']:.1f}" in words and f"{row['goldstein_sum']:.1f}" in words
    stats = runner.invoke(app, ["stats", "--data-dir", str(small)], env={"COLUMNS": width})
    assert (
        "…" not in stats.stdout
        and str(_document(["stats"], small, "--json")["events"]) in stats.stdout.split()
    )


def test_csv_of_a_command_parses_with_a_header(small: Path) -> None:
    result = runner.invoke(app, ["index", "--format", "csv", "--data-dir", str(small)], env={"COLUMNS": "40"})
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert result.exit_code == 0 and rows[-1]["field"] == "overall"
    assert re.fullmatch(r"\d+(\.\d+)?", rows[-1]["events"])


# -- the demo's closing hint ------------------------------------------------------------------------------


def test_the_demo_hint_names_a_command_that_runs_from_any_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    program = tmp_path / "venv bin" / "holosec"  # a space: the path is quoted
    program.parent.mkdir()
    program.write_text("#!/bin/sh\n")
    program.chmod(0o755)
    monkeypatch.setattr(sys, "argv", [str(program)])
    monkeypatch.setenv("PATH", "/nowhere")
    assert command_line() == shlex.quote(str(program.resolve()))  # scripts/demo: .venv/bin/holosec
    monkeypatch.setenv("PATH", str(program.parent))
    assert command_line() == "holosec"  # installed on the PATH
    monkeypatch.setattr(sys, "argv", ["-c"])
    assert command_line() == f"{shlex.quote(sys.executable)} -m holosec"
