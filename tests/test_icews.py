"""ICEWS ingest on real files: the Dataverse .tab sample and the bundled ICEWS05-15 name triples.

Row conservation, field values of known rows, actor resolution (and its measured rate, so it cannot
silently fall), quarantine of bad lines, idempotence, and refusal of files that are not ICEWS.
"""

from __future__ import annotations

import gzip
import json
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from holosec import reference
from holosec.cli import app
from holosec.ingest import ingest_paths
from holosec.samples import icews_samples
from holosec.sources.icews import actor_resolution, prepare_reference
from holosec.sources.icews_layouts import DATAVERSE_HEADER
from holosec.store import Store

from conftest import EVENTS2, write_lines

DATAVERSE = Path(__file__).parent / "data" / "icews" / "events.2018.sample.tab.gz"
TEST_SPLIT, VALID_SPLIT = icews_samples()
# Measured on the bundled ICEWS05-15 files (184,734 actor mentions): 89.63% resolved, 86.18% placed in a
# country; on the Dataverse sample (7,410 mentions): 98.72% and 94.99%. The floors sit just below.
TRIPLES_RESOLVED, TRIPLES_WITH_COUNTRY = 0.895, 0.86
DATAVERSE_RESOLVED, DATAVERSE_WITH_COUNTRY = 0.985, 0.945


def plain_lines(path: Path) -> list[str]:
    """The lines of a (gzip-compressed) real file, without their newlines."""
    with gzip.open(path, "rt", encoding="utf-8") as stream:
        return stream.read().rstrip("\n").split("\n")


def event(store: Store, where: str, params: list[Any]) -> dict[str, Any]:
    """The one stored event matching ``where``, as a dict of its columns."""
    cursor = store.execute(f"SELECT * FROM events WHERE {where}", params)
    rows = cursor.fetchall()
    assert len(rows) == 1, rows
    return dict(zip([d[0] for d in cursor.description], rows[0], strict=True))


def triple(store: Store, line: str) -> dict[str, Any]:
    """The stored event of one triple line."""
    source, text, target, day = line.split("\t")
    return event(
        store,
        "actor1_name = ? AND event_label = ? AND actor2_name = ? AND date = ?",
        [source, text, target, date.fromisoformat(day)],
    )


def ingest_cli(data_dir: Path, *paths: Path, layout: str | None = None) -> tuple[int, dict[str, Any]]:
    forced = ["--layout", layout] if layout else []
    result = CliRunner().invoke(
        app, ["ingest", "icews", *map(str, paths), *forced, "--data-dir", str(data_dir), "--json"]
    )
    assert "Traceback" not in result.output
    return result.exit_code, json.loads(result.stdout)


@pytest.fixture(scope="module")
def triples(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, float, list[int]]]:
    """A store holding the bundled ICEWS05-15 files, the seconds their ingest took, and their file ids."""
    with Store.open(tmp_path_factory.mktemp("icews") / "store") as store:
        started = time.perf_counter()
        summary = ingest_paths(store, icews_samples(), source="icews")
        seconds = time.perf_counter() - started
        assert summary.exit_code == 0, summary.reports
        yield store, seconds, [record.file_id for record in store.files()]


@pytest.fixture(scope="module")
def dataverse(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    with Store.open(tmp_path_factory.mktemp("icews-tab") / "store") as store:
        summary = ingest_paths(store, [DATAVERSE], source="icews")
        assert summary.exit_code == 0, summary.reports
        yield store


# -- the Dataverse .tab layout --------------------------------------------------------------------------


def test_dataverse_rows_are_conserved(tmp_path: Path) -> None:
    code, out = ingest_cli(tmp_path / "store", DATAVERSE)
    assert code == 0
    (report,) = out["files_list"]
    assert report["layout"] == "icews-dataverse"
    assert report["rows_read"] == len(plain_lines(DATAVERSE)) - 1 == 3705  # the header is not a row
    assert (report["rows_stored"], report["rows_quarantined"], report["rows_replaced"]) == (3705, 0, 0)


def test_dataverse_row_as_its_raw_line_says(dataverse: Store) -> None:
    # 32889836  2018-06-01  Foreign Affairs (Bangladesh)  Executive,Foreign Ministry,Government  Bangladesh
    # Consult  040  1  High Ranking Military Personnel (Vietnam)  Military,Government  Vietnam  47400351  2
    # Vietnam News Agency Bulletin  Hanoi  NA  Thanh Pho Ha Noi  Vietnam  21.0245  105.841
    row = event(dataverse, "event_id = ?", ["icews:32889836"])
    assert (row["source"], row["source_key"], row["date"]) == ("icews", 32889836, date(2018, 6, 1))
    assert (row["actor1_name"], row["actor1_country"], row["actor1_type1"], row["actor1_code"]) == (
        "Foreign Affairs (Bangladesh)",
        "BGD",
        "GOV",
        "BGDGOV",
    )
    assert row["actor1_sector"] == "Executive,Foreign Ministry,Government"
    assert (row["actor2_country"], row["actor2_type1"], row["actor2_sector"]) == (
        "VNM",
        "MIL",
        "Military,Government",
    )
    assert (row["event_code"], row["root_code"], row["quad_class"], row["goldstein"]) == ("040", "04", 1, 1.0)
    assert row["event_label"] == "Consult"
    assert (row["lat"], row["lon"], row["loc_country"], row["loc_admin1"]) == (
        21.0245,
        105.841,
        "VNM",
        "Thanh Pho Ha Noi",
    )
    assert (row["loc_precision"], row["loc_name"]) == (4, "Hanoi, Thanh Pho Ha Noi, Vietnam")
    assert row["details"] == {
        "story_id": "47400351",
        "sentence_number": "2",
        "publisher": "Vietnam News Agency Bulletin",
        "intensity": "1",
        "city": "Hanoi",
    }
    assert row["quality"] == [] and row["fatalities"] is None and row["source_url"] is None
    assert "ICEWS" in row["licence"] and row["source_file"] == DATAVERSE.name


def test_dataverse_organisation_without_country_and_row_without_place(dataverse: Store) -> None:
    # 32891488 ... European Union | International Government Organization,... | NA | Engage in diplomatic
    # cooperation | 050 | 3.5 | United States | NA | United States ... Brussels ... Belgium 50.8504 4.34878
    eu = event(dataverse, "event_id = ?", ["icews:32891488"])
    assert (eu["actor1_country"], eu["actor1_type1"], eu["actor2_country"]) == (None, "IGO", "USA")
    assert (eu["event_code"], eu["quad_class"], eu["loc_country"]) == ("050", 1, "BEL")
    assert "unresolved_actor1" not in eu["quality"]
    # 32891407 ... Protester (Google) ... Demonstrate or rally | 141 | -6.5 | Unspecified Actor | Unspecified
    # | NA ... and no place: NA for city, province, country, latitude and longitude
    protest = event(dataverse, "event_id = ?", ["icews:32891407"])
    assert (protest["event_code"], protest["root_code"], protest["quad_class"]) == ("141", "14", 4)
    assert protest["actor2_name"] == "Unspecified Actor" and protest["actor2_country"] is None
    assert protest["lat"] is None and protest["loc_country"] is None
    assert {"unresolved_actor2", "no_geocode"} <= set(protest["quality"])


def test_every_dataverse_row_keeps_its_date_code_and_coordinates(dataverse: Store) -> None:
    stored = {
        row[0]: row[1:]
        for row in dataverse.execute(
            "SELECT source_key, strftime(date, '%Y-%m-%d'), event_code, lat, lon FROM events"
        ).fetchall()
    }
    names = [name.lower().replace(" ", "_") for name in DATAVERSE_HEADER]
    for line in plain_lines(DATAVERSE)[1:]:
        raw = dict(zip(names, line.split("\t"), strict=True))
        coordinates = tuple(None if raw[k] == "NA" else float(raw[k]) for k in ("latitude", "longitude"))
        assert stored[int(raw["event_id"])] == (raw["event_date"], raw["cameo_code"], *coordinates)
    # every place and actor country ICEWS names is one holosec knows
    missing = dataverse.execute(
        "SELECT DISTINCT name FROM unnest($1::VARCHAR[]) AS u(name) "
        "ANTI JOIN ref_icews_name r ON r.key = icews_key(u.name) AND r.iso3 IS NOT NULL",
        [sorted({line.split("\t")[k] for line in plain_lines(DATAVERSE)[1:] for k in (4, 10, 17)} - {"NA"})],
    ).fetchall()
    assert missing == []
    assert (
        dataverse.scalar("SELECT count(*) FROM events WHERE list_contains(quality, 'unknown_location_code')")
        == 0
    )


def test_icews_event_texts_map_to_the_codes_icews_gives(dataverse: Store) -> None:
    """The label table (CAMEO code list with ICEWS variants) agrees with ICEWS's own coding of every event
    text in the Dataverse sample: 122 texts, among them 'Demand de-escalation of military engagement',
    which the code list also gives as a variant of 0256."""
    pairs = {tuple(line.split("\t")[5:7]) for line in plain_lines(DATAVERSE)[1:]}
    assert len(pairs) == 122
    labels = dict(dataverse.execute("SELECT key, code FROM ref_icews_label").fetchall())
    assert {text: labels.get(text.lower()) for text, _ in pairs} == dict(pairs)
    assert labels["demand de-escalation of military engagement"] == "1056"


def test_dataverse_actor_resolution_rate(dataverse: Store) -> None:
    found = actor_resolution(dataverse)
    assert found.actors == 7410  # every event names both actors
    assert found.rate >= DATAVERSE_RESOLVED, found
    assert found.country_rate >= DATAVERSE_WITH_COUNTRY, found


# -- the name-triple layout ------------------------------------------------------------------------------


def test_triple_files_are_conserved_and_fast(triples: tuple[Store, float, list[int]]) -> None:
    store, seconds, _ = triples
    for record, path in zip(store.files(), icews_samples(), strict=True):
        assert record.layout == "icews-triples"
        assert record.rows_read == len(plain_lines(path)) == record.rows_stored
        assert record.rows_quarantined == 0
    assert store.scalar("SELECT count(*) FROM events WHERE source = 'icews'") == 46092 + 46275
    assert seconds < 30, f"92k ICEWS events took {seconds:.1f} s (the bar is 30 s)"


def test_every_event_text_of_the_triples_has_its_cameo_code(triples: tuple[Store, float, list[int]]) -> None:
    """Every ICEWS event text maps to a CAMEO code; the three CAMEO codes GDELT's table lacks (106, 1213,
    1214) are kept as coded and flagged, with their root's quad class but no Goldstein score."""
    store, _, _ = triples
    assert store.scalar("SELECT count(*) FROM events WHERE event_code IS NULL") == 0
    unknown = store.execute(
        "SELECT event_code, count(*) FROM events WHERE list_contains(quality, 'unknown_event_code') "
        "GROUP BY ALL ORDER BY 1"
    ).fetchall()
    assert unknown == [("106", 18), ("1213", 4)]
    assert not {"106", "1213"} & set(reference.event_codes())
    wrong = store.execute(
        "SELECT event_code, quad_class, goldstein FROM events WHERE root_code <> left(event_code, 2) "
        "OR event_base_code <> left(event_code, 3) LIMIT 1"
    ).fetchall()
    assert wrong == []
    for code, quad, score in store.execute(
        "SELECT DISTINCT event_code, quad_class, goldstein FROM events"
    ).fetchall():
        assert (quad, score) == (reference.quad_class(code), reference.goldstein(code)), code


def test_police_australia_is_australian_police(triples: tuple[Store, float, list[int]]) -> None:
    store, _, _ = triples
    row = triple(store, "Police (Australia)\tConsult\tCity Mayor (Australia)\t2005-10-11")
    assert (row["actor1_country"], row["actor1_type1"], row["actor1_sector"], row["actor1_code"]) == (
        "AUS",
        "COP",
        "Police",
        "AUSCOP",
    )
    assert (row["actor2_country"], row["actor2_type1"], row["actor2_sector"]) == ("AUS", "GOV", "City Mayor")
    assert (row["event_code"], row["quad_class"], row["goldstein"]) == ("040", 1, 1.0)
    assert row["event_id"].startswith("icews:") and row["quality"] == ["no_geocode"]
    every = store.execute(
        "SELECT DISTINCT actor1_country, actor1_type1 FROM events WHERE actor1_name = 'Police (Australia)'"
    ).fetchall()
    assert every == [("AUS", "COP")]


def test_country_names_resolve_to_iso3(triples: tuple[Store, float, list[int]]) -> None:
    store, _, _ = triples
    row = triple(store, "China\tMake statement\tJapan\t2014-09-06")
    assert (row["actor1_country"], row["actor1_code"], row["actor2_country"]) == ("CHN", "CHN", "JPN")
    assert (row["event_code"], row["quad_class"], row["goldstein"]) == ("010", 1, 0.0)
    assert store.execute(
        "SELECT DISTINCT actor1_country FROM events WHERE actor1_name = 'China'"
    ).fetchall() == [("CHN",)]
    colombia = triple(store, "Colombia\tInvestigate\tGuerrilla (Colombia)\t2008-07-25")
    assert (colombia["actor1_country"], colombia["actor2_country"], colombia["actor2_type1"]) == (
        "COL",
        "COL",
        "REB",
    )


def test_office_holders_follow_their_dates(triples: tuple[Store, float, list[int]]) -> None:
    """The Phoenix dictionaries date office holders: Musharraf governed Pakistan until 2008-08-18, Blair the
    United Kingdom until 2007-06-27; afterwards both are elites of their country."""
    store, _, _ = triples
    in_office = triple(store, "Pervez Musharraf\tMake statement\tLegislature (Switzerland)\t2005-01-28")
    assert (in_office["actor1_country"], in_office["actor1_code"]) == ("PAK", "PAKGOV")
    assert (in_office["actor2_country"], in_office["actor2_type1"]) == ("CHE", "LEG")
    retired = triple(store, "Pervez Musharraf\tEngage in negotiation\tRashid Qureshi\t2010-05-23")
    assert (retired["actor1_country"], retired["actor1_code"]) == ("PAK", "PAKELI")
    blair = triple(store, "Tony Blair\tConsult\tBenjamin Netanyahu\t2011-02-06")
    assert (blair["actor1_code"], blair["actor2_country"]) == ("GBRELI", "ISR")
    early = store.execute(
        "SELECT DISTINCT actor1_code FROM events WHERE actor1_name = 'Tony Blair' AND date < '2007-06-27'"
    ).fetchall()
    assert early == [("GBRGOV",)]


def test_unresolved_actor_is_kept_and_flagged(triples: tuple[Store, float, list[int]]) -> None:
    store, _, _ = triples
    row = triple(store, "Citizen (International)\tExpress intent to meet or negotiate\tFrance\t2015-01-10")
    assert row["actor1_name"] == "Citizen (International)"
    assert (row["actor1_country"], row["actor1_code"]) == (None, None)
    assert (row["actor1_sector"], row["actor1_type1"]) == ("Citizen", "CVL")  # the sector is still known
    assert row["actor2_country"] == "FRA"
    assert "unresolved_actor1" in row["quality"] and "unresolved_actor2" not in row["quality"]
    assert (row["event_code"], row["quad_class"]) == ("036", 1)


def test_triples_actor_resolution_rate(triples: tuple[Store, float, list[int]]) -> None:
    store, _, file_ids = triples
    found = actor_resolution(store, file_ids=file_ids)
    assert found.actors == 2 * (46092 + 46275)
    assert found.rate >= TRIPLES_RESOLVED, found
    assert found.country_rate >= TRIPLES_WITH_COUNTRY, found
    flagged = store.scalar(
        "SELECT count(*) FILTER (WHERE list_contains(quality, 'unresolved_actor1')) "
        "+ count(*) FILTER (WHERE list_contains(quality, 'unresolved_actor2')) FROM events"
    )
    assert flagged == found.actors - found.resolved


def test_lookup_tables_give_one_row_per_name_and_day(triples: tuple[Store, float, list[int]]) -> None:
    store, _, _ = triples
    overlapping = store.scalar("""
        SELECT count(*) FROM ref_icews_name a JOIN ref_icews_name b
        ON a.key = b.key AND a.valid_from < b.valid_from AND b.valid_from < a.valid_to
    """)
    assert overlapping == 0
    assert store.scalar("SELECT count(*) - count(DISTINCT (key, valid_from)) FROM ref_icews_name") == 0
    assert store.scalar("SELECT count(*) - count(DISTINCT key) FROM ref_icews_sector") == 0
    assert store.scalar("SELECT count(*) - count(DISTINCT key) FROM ref_icews_label") == 0


# -- identity, bad input ---------------------------------------------------------------------------------


def test_identical_triples_on_one_day_are_one_event(tmp_path: Path) -> None:
    line = plain_lines(TEST_SPLIT)[1].encode()
    path = write_lines(tmp_path / "twice.txt", [line, line])
    code, out = ingest_cli(tmp_path / "store", path)
    (report,) = out["files_list"]
    assert code == 0
    assert (report["rows_read"], report["rows_stored"], report["rows_replaced"]) == (2, 2, 1)
    with Store.open(tmp_path / "store") as store:
        assert store.scalar("SELECT count(*) FROM events") == 1


def test_malformed_lines_are_quarantined_with_their_line_numbers(tmp_path: Path) -> None:
    good = [line.encode() for line in plain_lines(TEST_SPLIT)[:20]]
    source, text, target, _ = good[4].split(b"\t")
    lines = [
        *good[:4],
        b"\t".join([source, text, target, b"2008-02-30"]),
        *good[4:8],
        b"China\tConsult",
        *good[8:],
    ]
    code, out = ingest_cli(tmp_path / "store", write_lines(tmp_path / "bad.txt", lines))
    assert code == 3
    (report,) = out["files_list"]
    assert (report["rows_read"], report["rows_stored"], report["rows_quarantined"]) == (22, 20, 2)
    assert report["first_problem"].startswith("line 5: ")
    with Store.open(tmp_path / "store") as store:
        quarantined = store.execute("SELECT line_no, raw_line, reason FROM quarantine ORDER BY 1").fetchall()
    assert [(n, raw) for n, raw, _ in quarantined] == [(5, lines[4].decode()), (10, "China\tConsult")]
    assert "2008-02-30" in quarantined[0][2]
    assert quarantined[1][2] == "wrong column count: 2 (expected 4)"


def test_dataverse_bad_event_id_is_quarantined_by_file_line(tmp_path: Path) -> None:
    lines = [line.encode() for line in plain_lines(DATAVERSE)[:30]]
    lines[3] = b"not-an-id" + lines[3][lines[3].index(b"\t") :]
    code, out = ingest_cli(tmp_path / "store", write_lines(tmp_path / "bad.tab", lines))
    (report,) = out["files_list"]
    assert (code, report["rows_read"], report["rows_stored"], report["rows_quarantined"]) == (3, 29, 28, 1)
    assert report["first_problem"].startswith("line 4: ")  # line 1 is the header


def test_reingest_changes_nothing(tmp_path: Path) -> None:
    first = ingest_cli(tmp_path / "store", DATAVERSE, TEST_SPLIT)
    copy = tmp_path / "copy.tab.gz"
    copy.write_bytes(DATAVERSE.read_bytes())
    again = ingest_cli(tmp_path / "store", DATAVERSE, TEST_SPLIT, copy)
    assert first[0] == again[0] == 0
    assert [r["status"] for r in again[1]["files_list"]] == ["skipped"] * 3
    with Store.open(tmp_path / "store") as store:
        assert store.scalar("SELECT count(*) FROM events") == 3705 + 46092


def test_forced_layout(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "t.txt", [line.encode() for line in plain_lines(VALID_SPLIT)[:5]])
    code, out = ingest_cli(tmp_path / "store", path, layout="icews-triples")
    assert (code, out["rows_stored"]) == (0, 5)


def test_non_icews_files_are_refused_with_one_line(tmp_path: Path) -> None:
    header = "\t".join(DATAVERSE_HEADER[:5]).encode()
    short = write_lines(tmp_path / "short.tab", [header, b"1\t2018-06-01\ta\tb\tc"])
    code, out = ingest_cli(tmp_path / "store", EVENTS2, short)
    assert code == 1
    gdelt, dataverse = (r["error"] for r in out["files_list"])
    assert gdelt == (
        f"{EVENTS2}: not an ICEWS file: its lines have 61 tab-separated columns; ICEWS files are Dataverse "
        ".tab files (an 'Event ID' header and 20 columns) or name triples (4 columns: source, event text, "
        "target, date)"
    )
    assert "not an ICEWS Dataverse file: its header has 5 columns" in dataverse
    assert all("\n" not in error for error in (gdelt, dataverse))


def test_four_columns_without_a_date_are_refused(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "four.txt", [b"a\tb\tc\td", b"e\tf\tg\th"])
    code, out = ingest_cli(tmp_path / "store", path)
    assert code == 1
    assert out["files_list"][0]["error"].endswith("4 columns, but the last is not a date (YYYY-MM-DD)")


def test_numbered_triples_are_refused_with_a_reason(tmp_path: Path) -> None:
    # The first lines of ICEWS14's test split as link-prediction code publishes it
    # (nec-research/TKG-Forecasting-Evaluation, data/ICEWS14/test.txt): subject, relation, object, hour, -1.
    path = write_lines(tmp_path / "test.txt", [b"30\t13\t18\t8016\t-1", b"77\t0\t8\t8016\t-1"])
    code, out = ingest_cli(tmp_path / "store", path)
    assert code == 1
    assert "numbered triples" in out["files_list"][0]["error"]


def test_lookups_are_created_once_per_connection(tmp_path: Path) -> None:
    with Store.open(tmp_path) as store:
        prepare_reference(store)
        store.execute("DELETE FROM ref_icews_label WHERE key = 'consult'")
        prepare_reference(store)  # already there: left alone
        assert store.scalar("SELECT count(*) FROM ref_icews_label WHERE key = 'consult'") == 0
    with Store.open(tmp_path) as store:
        prepare_reference(store)
        assert store.scalar("SELECT code FROM ref_icews_label WHERE key = 'consult'") == "040"
