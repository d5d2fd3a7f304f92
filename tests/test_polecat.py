"""POLECAT files (PLOVER-coded) and the CAMEO-to-PLOVER table read in reverse, on real gold-standard coding.

The fixture is written by holosec in the POLECAT layout from real PLOVER gold-standard records (see
``tests/data/polecat/README.md``); the crosswalk checks read the shipped CAMEO2PLOVER table as raw text.
"""

from __future__ import annotations

import csv
import json
import re
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from holosec.cli import app
from holosec.samples import gdelt_samples
from holosec.sources.plover import cameo_to_plover, crosswalk, plover_to_cameo
from holosec.sources.polecat import RELEASE_HEADER, load_polecat_file
from holosec.store import Store

DATA = Path(__file__).parent / "data" / "polecat"
FIXTURE = DATA / "polecat_fixture_written_by_holosec.tsv"
GSR_CODES = DATA / "plover_gsr_cameo_codes_derived_by_holosec.tsv"
RAW_TABLE = files("holosec.reference").joinpath("data", "CAMEO2PLOVER-2021.txt").read_text(encoding="utf-8")
RAW_ROW = re.compile(r"^(\d{3,4}):\s*([A-Z]+)\s*,\s*([^,#]*)", re.MULTILINE)
# PLOVER 0.5b1 names of the gold records -> PLOVER 2.0 (manual v2.0, Table 7.1, through CAMEO 09/10/11/19).
RENAMED = {"INVESTIGATE": "ACCUSE", "DISAPPROVE": "ACCUSE", "DEMAND": "REQUEST", "FIGHT": "ASSAULT"}
runner = CliRunner()


def cameo_quad(code: str) -> int:
    """CAMEO quad class of a code's root, as GDELT defines QuadClass."""
    root = int(code[:2])
    return 1 if root <= 5 else 2 if root <= 8 else 3 if root <= 13 else 4


def fixture_rows() -> list[dict[str, str]]:
    with FIXTURE.open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream, delimiter="\t", quoting=csv.QUOTE_NONE))


def write_rows(path: Path, rows: list[dict[str, str]], header: list[str] | None = None) -> Path:
    header = header or list(RELEASE_HEADER)
    lines = ["\t".join(header), *("\t".join(row.get(name, "") for name in header) for row in rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def ingest(store: Store, path: Path, tmp_path: Path) -> Any:
    return load_polecat_file(store, path, workdir=tmp_path / "work")


def events(store: Store) -> dict[str, dict[str, Any]]:
    cursor = store.execute("SELECT * FROM events ORDER BY event_id")
    names = [column[0] for column in cursor.description]
    return {row[0]: dict(zip(names, row, strict=True)) for row in cursor.fetchall()}


def cli(*args: str) -> Any:
    return runner.invoke(app, ["ingest", "polecat", *args])


# -- the fixture ---------------------------------------------------------------------------------------------


def test_every_row_is_stored_once(store: Store, tmp_path: Path) -> None:
    report = ingest(store, FIXTURE, tmp_path)
    rows = fixture_rows()
    assert len(rows) == 21
    assert (report.status, report.layout, report.rows_read, report.rows_stored) == (
        "stored",
        "polecat",
        21,
        21,
    )
    assert (report.rows_quarantined, report.rows_replaced) == (0, 0)
    stored = events(store)
    assert sorted(stored) == sorted(f"polecat:{row['Event ID']}" for row in rows)
    assert {e["source"] for e in stored.values()} == {"polecat"}
    assert len({e["source_key"] for e in stored.values()}) == 21


def test_plover_fields_are_kept_as_coded(store: Store, tmp_path: Path) -> None:
    ingest(store, FIXTURE, tmp_path)
    stored = events(store)
    for row in fixture_rows():
        event = stored[f"polecat:{row['Event ID']}"]
        contexts = [c.strip() for c in row["Contexts"].split(",") if c.strip()] or None
        assert event["plover_type"] == row["Event Type"]
        assert event["plover_mode"] == (row["Event Mode"] or None)
        assert event["plover_context"] == contexts
        assert (
            event["actor1_name"] == row["Actor Name"] and event["actor1_country_code"] == row["Actor Country"]
        )
        assert event["actor2_name"] == (row["Recipient Name"] or None)
        assert event["actor1_sector"] == (row["Primary Actor Sector"] or None)
        assert str(event["date"]) == row["Event Date"]
        assert event["details"]["intensity"] == row["Event Intensity"]
        assert event["quad_class"] == int(row["Quad Code"])
        assert event["goldstein"] is None and event["event_code"] is None
        assert event["licence"].startswith("POLECAT weekly data") and event["source_file"] == FIXTURE.name


def test_known_values(store: Store, tmp_path: Path) -> None:
    ingest(store, FIXTURE, tmp_path)
    stored = events(store)
    hong_kong = stored["polecat:PLOVER-GSR01-PROTEST-0022"]
    assert (hong_kong["root_code"], hong_kong["quad_class"], hong_kong["event_label"]) == (
        "14",
        4,
        "PROTEST: obstruct",
    )
    assert (hong_kong["actor1_country"], hong_kong["actor2_country"]) == ("HKG", "CHN")
    assert (hong_kong["actor1_type1"], hong_kong["actor2_type1"], hong_kong["loc_name"]) == (
        "CVL",
        "GOV",
        "Hong Kong",
    )
    assert hong_kong["plover_context"] == ["rights"] and "no_geocode" in hong_kong["quality"]

    artillery = stored["polecat:PLOVER-GSR01-FIGHT-0003"]
    assert (artillery["plover_type"], artillery["root_code"], artillery["quad_class"]) == ("ASSAULT", "19", 4)
    assert (artillery["actor1_type1"], artillery["actor2_type1"], artillery["actor2_country"]) == (
        "MIL",
        "REB",
        "MMR",
    )

    iaea = stored["polecat:PLOVER-GSR01-INVESTIGATE-0001"]  # ACCUSE with no mode: CAMEO 09 or 11
    assert (iaea["plover_type"], iaea["root_code"], iaea["quad_class"]) == ("ACCUSE", None, 3)
    assert "ambiguous_cameo_root" in iaea["quality"]
    assert (iaea["actor1_country_code"], iaea["actor1_country"], iaea["actor1_type1"]) == ("IGO", None, "IGO")

    apec = stored["polecat:PLOVER-GSR01-AGREE-0002"]  # the gold record codes Tokyo JAP, not ISO3 JPN
    assert (apec["root_code"], apec["actor2_country_code"], apec["actor2_country"]) == ("03", "JAP", None)
    assert "unknown_actor_country" in apec["quality"] and "no_actor_country" in apec["quality"]

    bam = stored["polecat:PLOVER-GSR01-AID-0005"]
    assert (bam["loc_name"], bam["loc_country"], bam["actor1_type1"]) == ("Bam", "IRN", "HLH")

    curfew = stored["polecat:PLOVER-GSR01-COERCE-0010"]
    assert (curfew["root_code"], curfew["quad_class"], curfew["actor2_sector"]) == ("17", 4, "CVL")
    assert curfew["quality"] == ["no_geocode"]

    sanction = stored["polecat:PLOVER-GSR01-SANCTION-0011"]  # PLOVER's quad 3; CAMEO 16 is quad 4
    assert (sanction["root_code"], sanction["quad_class"]) == ("16", 3)
    assert "quad_class_differs_from_cameo" in sanction["quality"]
    host = stored["polecat:PLOVER-GSR01-CONSULT-0005"]  # 'host' is a 0.5b1 mode the 2021 table lacks
    assert (host["root_code"], host["quad_class"], host["plover_mode"]) == ("04", 1, "host")
    bombing = stored["polecat:PLOVER-GSR01-ASSAULT-0008"]  # suicide-attack: CAMEO 183 and 1831
    assert (bombing["root_code"], bombing["quad_class"], bombing["quality"]) == ("18", 4, ["no_geocode"])


def test_placeholder_sectors_are_flagged(store: Store, tmp_path: Path) -> None:
    rows = fixture_rows()
    rows[0]["Primary Actor Sector"] = "***"  # as the gold records write an uncoded sector
    ingest(store, write_rows(tmp_path / "sectors.tsv", rows), tmp_path)
    event = events(store)[f"polecat:{rows[0]['Event ID']}"]
    assert event["actor1_type1"] == "IGO" and "unknown_actor_type" in event["quality"]


# -- the crosswalk, against the raw table text -------------------------------------------------------------


CODES = [("190", "ASSAULT"), ("163", "COERCE"), ("1712", "ASSAULT"), ("0871", "RETREAT"), ("042", "CONSULT")]
CODES += [("1123", "ACCUSE"), ("160", "SANCTION"), ("0841", "RETREAT"), ("1723", "COERCE")]


@pytest.mark.parametrize(("code", "plover"), CODES)
def test_crosswalk_both_directions(code: str, plover: str) -> None:
    raw = {found: (kind, mode.strip()) for found, kind, mode in RAW_ROW.findall(RAW_TABLE)}
    kind, mode = raw[code]
    assert kind == plover  # what the table says
    forward = cameo_to_plover(code)
    assert forward is not None and (forward.event, forward.mode) == (kind, mode)
    roots = {found[:2] for found, (k, m) in raw.items() if (k, m) == (kind, mode)}
    root, quad = plover_to_cameo(kind, mode)
    assert quad == cameo_quad(code)
    assert root == (code[:2] if roots == {code[:2]} else None)


def test_crosswalk_reads_every_code_line() -> None:
    raw = {(code, kind, mode.strip()) for code, kind, mode in RAW_ROW.findall(RAW_TABLE)}
    assert len(raw) == len(crosswalk()) == 256
    assert {(row.cameo, row.event, row.mode) for row in crosswalk()} == raw
    assert cameo_to_plover("010") is None and cameo_to_plover("0211") is None  # PLOVER dropped CAMEO 01, 02


def test_reverse_rule_examples() -> None:
    assert plover_to_cameo("ASSAULT", "firearms") == ("19", 4)
    assert plover_to_cameo("ASSAULT", "heavy-weapons") == ("19", 4)
    assert plover_to_cameo("ASSAULT") == (None, 4)
    assert plover_to_cameo("COERCE", "restrict") == (None, 4)
    assert plover_to_cameo("ACCUSE", "investigate") == ("09", 3)
    assert plover_to_cameo("ACCUSE", "allege") == ("11", 3)
    assert plover_to_cameo("REQUEST", "Meet") == ("10", 3)
    assert plover_to_cameo("NO SUCH TYPE") == (None, None)


def test_plover_quad_categories_against_the_crosswalk() -> None:
    """Every PLOVER 2.0 event type gets a quad class; it is PLOVER's own (manual Table 7.2) except for
    CONCEDE (CAMEO 08 is material cooperation) and SANCTION (CAMEO 16 is material conflict)."""
    manual = {
        **dict.fromkeys(("AGREE", "CONSULT", "SUPPORT", "CONCEDE"), 1),
        **dict.fromkeys(("COOPERATE", "AID", "RETREAT"), 2),
        **dict.fromkeys(("REQUEST", "ACCUSE", "REJECT", "SANCTION", "THREATEN"), 3),
        **dict.fromkeys(("PROTEST", "MOBILIZE", "COERCE", "ASSAULT"), 4),
    }
    crosswalked = {kind: plover_to_cameo(kind)[1] for kind in manual}
    assert {kind for kind in manual if crosswalked[kind] != manual[kind]} == {"CONCEDE", "SANCTION"}
    assert (crosswalked["CONCEDE"], crosswalked["SANCTION"]) == (2, 4)


def test_gold_records_agree_on_quad_class() -> None:
    """Each gold record's CAMEO code (recovered from the CAMEO manual) against the crosswalk.

    Measured on 322 records: the code's table coding mapped back gives the code's own quad class for 319
    (99.1%; CAMEO 155 and 176 are not in the 2021 table). The record's gold PLOVER coding mapped to CAMEO
    gives the quad class of its CAMEO code for 316 (98.1%); the 6 others code another event of the sentence
    or read it differently (a threat to boycott an election: CAMEO 1431, a boycott; PLOVER THREATEN).
    """
    with GSR_CODES.open(encoding="utf-8", newline="") as stream:
        records = list(csv.DictReader(stream, delimiter="\t"))
    raw = {code: (kind, mode.strip()) for code, kind, mode in RAW_ROW.findall(RAW_TABLE)}
    round_trip = gold = 0
    for record in records:
        code = record["cameo_code"]
        forward = raw.get(code) or raw.get(code[:3])
        round_trip += forward is not None and plover_to_cameo(*forward)[1] == cameo_quad(code)
        kind = RENAMED.get(record["gsr_event"], record["gsr_event"])
        gold += plover_to_cameo(kind, record["gsr_mode"])[1] == cameo_quad(code)
    assert len(records) == 322
    assert round_trip / len(records) >= 0.99 and round_trip == 319
    assert gold / len(records) >= 0.98 and gold == 316


# -- files as users meet them --------------------------------------------------------------------------------


def test_malformed_rows_are_quarantined_with_their_line(tmp_path: Path) -> None:
    lines = FIXTURE.read_text(encoding="utf-8").splitlines()
    cut = "\t".join(lines[1].split("\t")[:5])
    bad_date = lines[2].replace("2000-01-01", "2000-13-45", 1).replace("AGREE-0002", "AGREE-9999", 1)
    path = tmp_path / "bad.tsv"
    path.write_text("\n".join([*lines, cut, bad_date]) + "\n", encoding="utf-8")
    data_dir = tmp_path / "store"
    result = cli(str(path), "--data-dir", str(data_dir), "--json")
    assert result.exit_code == 3, result.output
    summary = json.loads(result.stdout)
    assert (summary["rows_read"], summary["rows_stored"], summary["rows_quarantined"]) == (23, 21, 2)
    assert summary["files_list"][0]["first_problem"] == "line 23: wrong column count: 5 (expected 39)"
    with Store.open(data_dir) as store:
        quarantined = store.execute("SELECT line_no, reason FROM quarantine ORDER BY line_no").fetchall()
    assert [line for line, _ in quarantined] == [23, 24]
    assert 'column "Event Date"' in quarantined[1][1] and "2000-13-45" in quarantined[1][1]


def test_reingest_is_idempotent(store: Store, tmp_path: Path) -> None:
    first = ingest(store, FIXTURE, tmp_path)
    before = events(store)
    copy = tmp_path / "copy.tsv"
    copy.write_bytes(FIXTURE.read_bytes())
    assert ingest(store, FIXTURE, tmp_path).status == "skipped"
    assert ingest(store, copy, tmp_path).status == "skipped"
    assert first.rows_stored == 21 and events(store) == before
    rows = fixture_rows()
    rows[0]["Contexts"] = "economic"  # a later release revises one event
    again = ingest(store, write_rows(tmp_path / "revised.tsv", rows), tmp_path)
    after = events(store)
    assert (again.status, again.rows_stored, again.rows_replaced, len(after)) == ("stored", 21, 21, 21)
    assert after[f"polecat:{rows[0]['Event ID']}"]["plover_context"] == ["economic"]


def test_a_gdelt_file_is_refused_in_one_line(tmp_path: Path) -> None:
    sample = gdelt_samples()[0]
    result = cli(str(sample), "--data-dir", str(tmp_path / "store"))
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"{sample}: not a POLECAT file: its header lacks Event ID, Event Date, Event Type, Event Mode, "
        "Actor Name, Actor Country, Recipient Name, Recipient Country"
    )


def test_columns_are_read_by_name_in_any_order(store: Store, tmp_path: Path) -> None:
    dropped = {"Event Intensity", "Quad Code", "Placename", "Story People", "Language"}
    header = [name for name in reversed(RELEASE_HEADER) if name not in dropped] + ["Something New"]
    path = write_rows(tmp_path / "reordered.tsv", fixture_rows(), header)
    report = ingest(store, path, tmp_path)
    assert (report.rows_read, report.rows_stored) == (21, 21)
    stored = events(store)
    for row in fixture_rows():
        event = stored[f"polecat:{row['Event ID']}"]
        assert (event["plover_type"], event["actor1_name"]) == (row["Event Type"], row["Actor Name"])
        assert event["quad_class"] == plover_to_cameo(row["Event Type"], row["Event Mode"])[1]
        assert "intensity" not in event["details"] and "quad_class_differs_from_cameo" not in event["quality"]


def test_story_people_are_never_stored(store: Store, tmp_path: Path) -> None:
    rows = fixture_rows()
    for row in rows:
        row |= {"Story People": "Private Person Marker", "Actor Name Raw": "Raw Person Marker"}
    ingest(store, write_rows(tmp_path / "people.tsv", rows), tmp_path)
    everything = json.dumps(list(events(store).values()), default=str)
    assert "Person Marker" not in everything


def test_places_quads_and_ids_are_checked(store: Store, tmp_path: Path) -> None:
    rows = fixture_rows()[:5]
    rows[0] |= {"Latitude": "95", "Longitude": "114.17"}
    rows[1] |= {"Quad Code": "x", "Latitude": "22.3", "Longitude": "114.17", "Feature Type": "PCLI"}
    rows[2] |= {"Quad Code": "material conflict", "Country": "Viet Nam", "Feature Type": "PPLA"}
    rows[3] |= {"Event ID": "", "Country": "Vietnam", "Feature Type": "ADM1"}
    report = ingest(store, write_rows(tmp_path / "places.tsv", rows), tmp_path)
    assert (report.rows_stored, report.rows_quarantined) == (5, 0)
    stored = list(events(store).values())
    by_actor = {e["actor1_name"]: e for e in stored}
    bad_lat, bad_quad, named_quad, no_id = (by_actor[row["Actor Name"]] for row in rows[:4])
    assert "bad_coordinates" in bad_lat["quality"] and (bad_lat["lat"], bad_lat["lon"]) == (None, None)
    assert "bad_quad_class" in bad_quad["quality"] and bad_quad["quad_class"] == 1  # CONSULT, from CAMEO 04
    assert (bad_quad["loc_precision"], "country_level_geocode" in bad_quad["quality"]) == (1, True)
    assert "no_geocode" not in bad_quad["quality"]
    assert named_quad["quad_class"] == 4 and named_quad["details"]["quad_code"] == "material conflict"
    assert "unknown_location_code" in named_quad["quality"] and named_quad["loc_precision"] == 4
    assert no_id["event_id"].startswith("polecat:row-") and "no_event_id" in no_id["quality"]
    assert (no_id["loc_country"], no_id["loc_precision"]) == ("VNM", 5)


def test_the_release_layout_can_be_forced(tmp_path: Path) -> None:
    result = cli(str(FIXTURE), "--layout", "polecat", "--data-dir", str(tmp_path / "a"), "--json")
    assert result.exit_code == 0 and json.loads(result.stdout)["rows_stored"] == 21
    again = cli(str(FIXTURE), "--data-dir", str(tmp_path / "a"), "--json")
    assert again.exit_code == 0 and json.loads(again.stdout)["files_skipped"] == 1
    assert cli(str(FIXTURE), "--layout", "nope", "--data-dir", str(tmp_path / "b")).exit_code == 2
