"""``holosec warn --series``: alerts as a table, one JSON document and JSON lines on a CSV built from
real ICEWS counts, and one clear error line (file and line) with exit code 1 for every kind of bad file."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from holosec.cli import app
from test_warning import scs_counts, write_series

runner = CliRunner()
KEYS = ("CHN-VNM", "CHN-PHL", "SGP-VNM")


def warn(*args: str) -> Result:
    result = runner.invoke(app, ["warn", *args])
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result


@pytest.fixture
def series_csv(tmp_path: Path) -> Path:
    return write_series(tmp_path / "south-china-sea.csv", KEYS)


def test_warn_prints_a_table_with_the_oil_rig_alert(series_csv: Path) -> None:
    result = warn("--series", str(series_csv))
    assert result.exit_code == 0, result.output
    rows = [line.split() for line in result.stdout.splitlines()]
    assert ["CHN-VNM", "2014-05", "up", str(scs_counts()["CHN-VNM"]["2014-05"])] in [r[:4] for r in rows]
    assert ["CHN-PHL", "2012-04", "up"] in [r[:3] for r in rows]
    assert "Track record of surge: caught" in " ".join(result.stdout.split())
    assert result.stderr == ""  # the file has a row for every month: nothing filled


def _alerts(*args: str) -> list[dict[str, Any]]:
    """The alerts of ``holosec warn ARGS --json``: one JSON document, the same as ``--format json``."""
    result = warn(*args, "--json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert set(document) == {"data", "count"} and document["count"] == len(document["data"])
    assert json.loads(warn(*args, "--format", "json").stdout) == document
    return list(document["data"])


def test_warn_json_gives_one_document_and_jsonl_one_object_per_alert(series_csv: Path) -> None:
    alerts = _alerts("--series", str(series_csv))
    lines = warn("--series", str(series_csv), "--jsonl").stdout.splitlines()
    assert [json.loads(line) for line in lines] == alerts
    required = {"key", "period", "score", "severity", "direction", "detector", "reasoning", "record"}
    assert alerts and all(required <= set(a) for a in alerts)
    assert {a["key"] for a in alerts} <= set(KEYS)
    rig = [a for a in alerts if (a["key"], a["period"]) == ("CHN-VNM", "2014-05")]
    assert len(rig) == 1 and rig[0]["direction"] == "up" and rig[0]["severity"] in ("medium", "high")
    assert rig[0]["value"] == scs_counts()["CHN-VNM"]["2014-05"]
    assert all(a["severity"] in ("low", "medium", "high") and a["score"] > 0 for a in alerts)
    assert rig[0]["record"]["detector"] == "surge" and 0 < rig[0]["record"]["recall"] <= 1
    table = warn("--series", str(series_csv))
    assert table.stdout.count("2014-05") >= 1
    reasons = [
        line for line in table.stdout.splitlines() if re.match(r"[A-Z]{3}-[A-Z]{3} \d{4}-\d\d: ", line)
    ]
    assert [r.split(": ", 1)[1] for r in reasons] == [a["reasoning"] for a in alerts]


def test_warn_other_detectors_and_falls(series_csv: Path) -> None:
    up = _alerts("--series", str(series_csv), "--detector", "cusum")
    assert {a["detector"] for a in up} == {"cusum"}
    both = _alerts("--series", str(series_csv), "--direction", "both")
    assert {a["direction"] for a in both} == {"up", "down"}


def test_warn_notes_missing_periods_taken_as_zero(tmp_path: Path) -> None:
    sparse = write_series(tmp_path / "sparse.csv", KEYS, zeros=False)
    result = warn("--series", str(sparse), "--json")
    assert result.exit_code == 0
    assert result.stderr.startswith(f"note: {sparse}: ") and "taken as 0" in result.stderr
    assert len(result.stderr.splitlines()) == 1
    strict = warn("--series", str(sparse), "--strict")
    assert strict.exit_code == 1 and "has no row for period" in strict.stderr


def test_months_written_as_first_days_are_read_as_months(tmp_path: Path, series_csv: Path) -> None:
    dated = write_series(tmp_path / "dated.csv", KEYS, dates=True)
    result = warn("--series", str(dated), "--json")
    assert result.exit_code == 0
    assert (
        result.stderr == f"note: {dated}: every period is the first day of a month: read as monthly series\n"
    )
    alerts = json.loads(result.stdout)["data"]
    plain = _alerts("--series", str(series_csv))
    assert [a["period"] for a in alerts] == [f"{a['period']}-01" for a in plain]
    assert ("CHN-VNM", "2014-05-01") in {(a["key"], a["period"]) for a in alerts}


def _lines(path: Path) -> list[str]:
    return path.read_text().splitlines()


def _write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n")
    return path


def _bad(tmp_path: Path, series_csv: Path, case: str) -> tuple[Path, int | None, str]:
    """A bad copy of the real file: its path, the line the error must name, a phrase it must hold."""
    lines = _lines(series_csv)
    bad = tmp_path / f"{case}.csv"
    if case == "missing column":
        return _write(bad, ["period,key,count", *lines[1:]]), 1, "missing column(s) value"
    if case == "unparseable period":
        lines[5] = lines[5].replace("1991-05", "1991-13")
        return _write(bad, lines), 6, "'1991-13' is not a period"
    if case == "non-numeric value":
        lines[7] = lines[7].rsplit(",", 1)[0] + ",seven"
        return _write(bad, lines), 8, "value 'seven' is not a number"
    if case == "mixed periods":
        lines[9] = lines[9].replace("1991-09", "1991-09-15")
        return _write(bad, lines), 10, "is a day, but earlier rows use months"
    if case == "duplicate":
        return _write(bad, [*lines, lines[3]]), len(lines) + 1, "twice (first on line 4)"
    if case == "too short":
        first_five = tuple(f"1991-0{m},SGP-VNM," for m in range(1, 6))
        short = [x for x in lines if ",SGP-VNM," not in x or x.startswith(first_five)]
        first = short.index(next(x for x in short if ",SGP-VNM," in x)) + 1
        return _write(bad, short), first, "'SGP-VNM' spans 5 period(s); at least 7"
    if case == "empty file":
        bad.write_bytes(b"")
        return bad, None, "empty file"
    if case == "not text":
        bad.write_bytes(series_csv.read_bytes()[:200] + b"\xff\xfe\x00" * 50)
        return bad, None, "not a text file"
    if case == "header only":
        return _write(bad, lines[:1]), None, "empty file: no rows after the header"
    raise AssertionError(case)


@pytest.mark.parametrize(
    "case",
    [
        "missing column",
        "unparseable period",
        "non-numeric value",
        "mixed periods",
        "duplicate",
        "too short",
        "empty file",
        "header only",
        "not text",
    ],
)
def test_bad_files_get_one_clear_line_and_exit_code_1(tmp_path: Path, series_csv: Path, case: str) -> None:
    path, line, phrase = _bad(tmp_path, series_csv, case)
    for extra in ([], ["--json"]):
        result = warn("--series", str(path), *extra)
        assert result.exit_code == 1, (case, result.output)
        assert result.stdout == ""
        assert len(result.stderr.splitlines()) == 1
        where = f"{path}:{line}: " if line is not None else f"{path}: "
        assert result.stderr.startswith(f"error: {where}"), result.stderr
        assert phrase in result.stderr


def test_missing_file_and_wrong_arguments(tmp_path: Path, series_csv: Path) -> None:
    missing = warn("--series", str(tmp_path / "nope.csv"))
    assert missing.exit_code == 1 and missing.stderr.startswith(
        f"error: {tmp_path / 'nope.csv'}: cannot read"
    )
    assert warn("--series", str(series_csv), "--detector", "zscore").exit_code == 2
    nothing = warn("--data-dir", str(tmp_path / "no-store"))
    assert nothing.exit_code == 1 and "no holosec store in" in nothing.stderr
    assert "give --series FILE" in nothing.stderr and not (tmp_path / "no-store").exists()
    volume = warn("--series", str(series_csv), "--volume", "ALL")
    assert volume.exit_code == 1 and "no series 'ALL'" in volume.stderr


def test_warn_help_documents_the_file_and_exit_codes() -> None:
    text = " ".join(warn("--help").stdout.split())
    for phrase in (
        "period,key,value",
        "2024-W07",
        "taken as 0",
        "--json",
        "--series",
        "1 the file cannot be used",
    ):
        assert phrase in text
