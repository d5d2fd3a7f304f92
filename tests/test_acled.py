"""ACLED exports: read by column name, nothing lost, never handed on.

The fixture is ours (``tests/data/acled/README.md``): invented events in ACLED's documented layout.
Expectations come from the raw CSV read with Python's csv module and from ACLED's codebook, not from
holosec's code.
"""

from __future__ import annotations

import csv
import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from holosec.cli import app
from holosec.errors import LicenceError
from holosec.export import export_events
from holosec.samples import gdelt_samples
from holosec.store import Store

FIXTURE = Path(__file__).parent / "data" / "acled" / "acled_fixture_written_by_holosec.csv"
# ACLED's codebook: actor category codes and labels; ISO 3166 numeric codes of the fixture's countries.
INTER = {
    "1": "State forces",
    "2": "Rebel groups",
    "3": "Political militias",
    "4": "Identity militias",
    "5": "Rioters",
    "6": "Protesters",
    "7": "Civilians",
    "8": "External/Other forces",
}
ISO = {"104": "MMR", "356": "IND", "608": "PHL", "586": "PAK", "764": "THA", "50": "BGD", "360": "IDN"}
ISO["158"] = "TWN"


def raw_rows(path: Path = FIXTURE) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as stream:
        return list(csv.DictReader(stream))


def write_rows(path: Path, rows: list[dict[str, str]], columns: list[str] | None = None) -> Path:
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.DictWriter(stream, fieldnames=columns or list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return path


def run(*args: str) -> Result:
    result = CliRunner().invoke(app, list(args))
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result


def ingest(data_dir: Path, *paths: Path) -> tuple[int, dict[str, Any], str]:
    result = run("ingest", "acled", *map(str, paths), "--data-dir", str(data_dir), "--json")
    return result.exit_code, json.loads(result.stdout), result.stderr


def events(data_dir: Path) -> dict[str, dict[str, Any]]:
    with Store.open(data_dir) as store:
        cursor = store.execute("SELECT * FROM events")
        names = [d[0] for d in cursor.description]
        return {row[0]: dict(zip(names, row, strict=True)) for row in cursor.fetchall()}


def test_every_row_is_stored_with_the_values_of_the_raw_file(data_dir: Path) -> None:
    raw = raw_rows()
    lines = FIXTURE.read_bytes().count(b"\n")
    assert lines > len(raw) + 1, "the fixture must hold a notes field with a line break"
    code, summary, stderr = ingest(data_dir, FIXTURE)
    assert (code, stderr) == (0, "")
    assert (summary["rows_read"], summary["rows_stored"], summary["rows_quarantined"]) == (
        len(raw),
        len(raw),
        0,
    )
    stored = events(data_dir)
    assert set(stored) == {f"acled:{r['event_id_cnty']}" for r in raw}
    for r in raw:
        e = stored[f"acled:{r['event_id_cnty']}"]
        assert e["source"] == "acled" and e["source_file"] == FIXTURE.name
        assert e["date"] == date.fromisoformat(r["event_date"])
        assert e["added_at"] == datetime.fromtimestamp(int(r["timestamp"]), UTC).replace(tzinfo=None)
        assert (e["actor1_name"], e["actor2_name"]) == (r["actor1"], r["actor2"] or None)
        assert e["actor1_sector"] == INTER[r["inter1"]]
        assert e["actor2_sector"] == (INTER[r["inter2"]] if r["inter2"] != "0" else None)
        assert e["event_label"] == f"{r['event_type']}: {r['sub_event_type']}"
        assert e["fatalities"] == int(r["fatalities"])
        assert (e["lat"], e["lon"]) == (float(r["latitude"]), float(r["longitude"]))
        assert (e["loc_country"], e["loc_admin1"], e["loc_name"]) == (
            ISO[r["iso"]],
            r["admin1"],
            r["location"],
        )
        assert e["loc_precision"] == int(r["geo_precision"])
        assert e["details"]["source"] == r["source"] and e["details"]["source_scale"] == r["source_scale"]
        assert ("single_source" in e["quality"]) == (";" not in r["source"])
        assert "redistribution" in e["licence"] and "forbidden" in e["licence"]
        assert e["source_url"] is None


def test_notes_are_never_stored(data_dir: Path) -> None:
    ingest(data_dir, FIXTURE)
    with Store.open(data_dir) as store:
        text = " ".join(str(row) for row in store.execute("SELECT * FROM events").fetchall())
    assert "Fixture row written by holosec" not in text
    assert all(r["notes"] not in text for r in raw_rows())


def test_cameo_crosswalk_and_actor_countries(data_dir: Path) -> None:
    ingest(data_dir, FIXTURE)
    stored = events(data_dir)
    clash, protest, agreement = stored["acled:MMR90001"], stored["acled:IND90001"], stored["acled:IND90003"]
    assert (clash["root_code"], clash["quad_class"], clash["actor1_type1"]) == ("19", 4, "MIL")
    # a rebel group whose name gives no country is of the row's country (Myanmar), and flagged so
    assert (clash["actor1_country"], clash["actor2_country"]) == ("MMR", "MMR")
    assert "actor_country_from_row" in clash["quality"]
    assert "actor_country_from_row" not in protest["quality"]
    assert (protest["root_code"], protest["quad_class"], protest["actor1_country"]) == ("14", 3, "IND")
    assert (agreement["root_code"], agreement["quad_class"]) == (None, None)
    assert (agreement["actor1_country"], agreement["actor2_country"]) == ("IND", "CHN")
    assert stored["acled:PHL90002"]["actor1_type1"] == "COP"  # Police Forces of the Philippines
    assert stored["acled:PHL90001"]["actor1_country"] == "PHL"


def test_columns_in_another_order_text_dates_and_labels(data_dir: Path, tmp_path: Path) -> None:
    """Newer exports write categories as labels ("Rebel group"); older ones dates as '3 January 2024'."""
    raw = raw_rows()
    singular = {"Rebel groups": "Rebel group", "Political militias": "Political militia"}
    changed = [
        {
            **r,
            "event_date": date.fromisoformat(r["event_date"]).strftime("%d %B %Y"),
            "inter1": singular.get(INTER[r["inter1"]], INTER[r["inter1"]]),
            "inter2": "" if r["inter2"] == "0" else INTER[r["inter2"]],
        }
        for r in raw
    ]
    path = write_rows(tmp_path / "acled-2024.csv", changed, columns=sorted(raw[0], reverse=True))
    code, summary, _ = ingest(data_dir, path)
    assert (code, summary["rows_stored"]) == (0, len(raw))
    stored = events(data_dir)
    for r in raw:
        e = stored[f"acled:{r['event_id_cnty']}"]
        assert e["date"] == date.fromisoformat(r["event_date"])
        assert e["actor1_sector"] == INTER[r["inter1"]]
        assert "unknown_actor_type" not in e["quality"]


def test_malformed_rows_are_quarantined_with_their_line(data_dir: Path, tmp_path: Path) -> None:
    raw = raw_rows()
    raw[0]["fatalities"] = "many"
    path = write_rows(tmp_path / "acled.csv", raw)
    result = run("ingest", "acled", str(path), "--data-dir", str(data_dir))
    assert result.exit_code == 3
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"{path}: 1 of 15 rows quarantined (first, line 2: ")
    assert '"fatalities"' in line and "many" in line
    code, summary, _ = ingest(data_dir / "again", path)
    assert (code, summary["rows_read"], summary["rows_stored"], summary["rows_quarantined"]) == (3, 15, 14, 1)
    with Store.open(data_dir) as store:
        quarantined = store.execute("SELECT source_file, line_no, raw_line FROM quarantine").fetchall()
        assert store.scalar("SELECT count(*) FROM events") == 14
    assert quarantined == [(path.name, 2, quarantined[0][2])] and quarantined[0][2].startswith("MMR90001,")


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [("event_date", "2024-02-30", "TIMESTAMP"), ("event_id_cnty", None, "wrong column count")],
)
def test_bad_date_or_short_row(
    data_dir: Path, tmp_path: Path, field: str, value: str | None, reason: str
) -> None:
    lines = FIXTURE.read_text(encoding="utf-8").split("\n")
    raw = raw_rows()
    if value is None:  # a row cut short: its last ten fields are gone
        lines[1] = ",".join(list(raw[0].values())[:-10])
    else:
        lines[1] = lines[1].replace(raw[0][field], value, 1)
    path = tmp_path / "acled.csv"
    path.write_text("\n".join(lines), encoding="utf-8")
    code, summary, _ = ingest(data_dir, path)
    assert (code, summary["rows_stored"], summary["rows_quarantined"]) == (3, 14, 1)
    problem = summary["files_list"][0]["first_problem"]
    assert problem.startswith("line 2: ") and reason in problem


def test_reingest_changes_nothing_and_revisions_replace(data_dir: Path, tmp_path: Path) -> None:
    ingest(data_dir, FIXTURE)
    before = events(data_dir)
    code, summary, _ = ingest(data_dir, FIXTURE)
    assert (code, summary["files_skipped"], summary["rows_stored"]) == (0, 1, 0)
    copy = tmp_path / "renamed.csv"
    copy.write_bytes(FIXTURE.read_bytes())
    assert ingest(data_dir, copy)[1]["files_skipped"] == 1
    assert events(data_dir) == before
    raw = raw_rows()
    raw[2]["fatalities"] = "4"  # ACLED revises events; a newer export replaces the stored copy
    code, summary, _ = ingest(data_dir, write_rows(tmp_path / "revised.csv", raw))
    assert (code, summary["rows_stored"], summary["rows_replaced"]) == (0, 15, 15)
    after = events(data_dir)
    assert len(after) == 15 and after[f"acled:{raw[2]['event_id_cnty']}"]["fatalities"] == 4


def test_a_gdelt_file_is_refused_in_one_line(data_dir: Path) -> None:
    gdelt = gdelt_samples()[0]
    result = run("ingest", "acled", str(gdelt), "--data-dir", str(data_dir))
    assert result.exit_code == 1
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"{gdelt}: not an ACLED export: ") and "event_id_cnty" in line
    with Store.open(data_dir) as store:
        assert store.scalar("SELECT count(*) FROM events") == 0


def test_export_is_refused_for_acled(data_dir: Path, tmp_path: Path) -> None:
    ingest(data_dir, FIXTURE)
    run("ingest", "gdelt", str(gdelt_samples()[0]), "--data-dir", str(data_dir))
    for extra in ([], ["--source", "acled"], ["--format", "csv"]):
        out = tmp_path / "events.out"
        result = run("export", "events", "-o", str(out), "--data-dir", str(data_dir), *extra)
        assert result.exit_code == 1 and result.stdout == ""
        (line,) = result.stderr.splitlines()
        assert line == (
            "error: refusing to export 15 acled events: ACLED's Terms of Use forbid redistributing ACLED "
            "data; export another source, or analyse them inside holosec"
        )
        assert not out.exists() and not list(tmp_path.glob("events.out*"))
    with Store.open(data_dir) as store, pytest.raises(LicenceError, match="ACLED's Terms of Use"):
        export_events(store, tmp_path / "events.parquet")
    spark = run("export", "spark", "--to", str(tmp_path / "spark"), "--data-dir", str(data_dir))
    assert spark.exit_code == 1 and "refusing to export 15 acled events" in spark.stderr
    assert not (tmp_path / "spark").exists()  # the Spark engine's copy is an export like any other
    with Store.open(data_dir) as store:
        other, rows = store.execute(
            "SELECT source, count(*) FROM events WHERE source <> 'acled' GROUP BY 1"
        ).fetchone()
    allowed = run(
        "export",
        "events",
        "-o",
        str(tmp_path / "g.parquet"),
        "--source",
        other,
        "--data-dir",
        str(data_dir),
        "--json",
    )
    assert allowed.exit_code == 0 and json.loads(allowed.stdout)["rows"] == rows > 0


def test_a_text_date_that_does_not_parse_quarantines_its_row(data_dir: Path, tmp_path: Path) -> None:
    """Dates written as '3 January 2024' are parsed by the reader in the file's form: a bad one is
    quarantined with its line, and the other rows are stored."""
    raw = raw_rows()
    for r in raw:
        r["event_date"] = date.fromisoformat(r["event_date"]).strftime("%d %B %Y")
    raw[4]["event_date"] = "sometime in May"
    path = write_rows(tmp_path / "acled.csv", raw)
    code, summary, _ = ingest(data_dir, path)
    assert (code, summary["rows_read"], summary["rows_stored"], summary["rows_quarantined"]) == (3, 15, 14, 1)
    with Store.open(data_dir) as store:
        ((line, reason, text),) = store.execute("SELECT line_no, reason, raw_line FROM quarantine").fetchall()
        assert store.scalar("SELECT status FROM files") == "complete"
    before = path.read_text(encoding="utf-8").split(f"\n{raw[4]['event_id_cnty']},sometime in May,")[0]
    assert line == before.count("\n") + 2 and text.startswith(f"{raw[4]['event_id_cnty']},sometime in May,")
    assert '"sometime in May"' in reason
