"""ACLED files as users have them: the export tool's, the API's and HDX's layouts and date forms, bad rows
quarantined one by one, actors placed by the row's own country.

ACLED's terms forbid redistributing its data, so these files are synthetic: rows written here in ACLED's
documented layouts (invented event ids and groups; real countries, ISO codes and ACLED's actor naming
conventions, such as "KIA: Kachin Independence Army" or "People's Defense Force - Yesagyo"). Every
expectation comes from the rows written here, not from holosec's code.
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from holosec.sources.acled import load_acled_file
from holosec.sources.loader import FileReport
from holosec.store import Store

# The export tool's columns (ACLED's codebook), the API's (with population columns, categories as labels)
# and HDX's event files (data_id, event_id_no_cnty and iso3, then a row of HXL hashtags).
EXPORT = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
    "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude",
    "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
]  # fmt: skip
API = [*EXPORT, "population_1km", "population_best"]
HDX = [
    "data_id", "iso", "event_id_cnty", "event_id_no_cnty", "event_date", "year", "time_precision",
    "event_type", "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude",
    "geo_precision", "source", "source_scale", "notes", "fatalities", "timestamp", "iso3",
]  # fmt: skip
HXL = {
    "data_id": "#meta+id", "iso": "#country+code", "event_id_cnty": "#event+code",
    "event_date": "#date+occurred", "year": "#date+year", "event_type": "#event+type",
    "sub_event_type": "#event+type+sub",
    "actor1": "#group+name+first", "actor2": "#group+name+second", "country": "#country+name",
    "admin1": "#adm1+name", "location": "#loc+name", "latitude": "#geo+lat", "longitude": "#geo+lon",
    "fatalities": "#affected+killed", "iso3": "#country+code+iso3",
}  # fmt: skip
LABELS = {"1": "State forces", "2": "Rebel groups", "3": "Political militias", "7": "Civilians"}
DAYS = [date(2021, 1, 7), date(2021, 1, 8), date(2021, 2, 1), date(2021, 12, 31)]
# (actor1, inter1, actor2, inter2): ACLED's Myanmar naming; the expected countries follow.
MYANMAR = [
    ("Military Forces of Myanmar (2021-)", "1", "People's Defense Force - Yesagyo", "3"),
    ("KIA: Kachin Independence Army", "2", "Military Forces of Myanmar (2021-)", "1"),
    ("KNU: Karen National Union", "2", "", "0"),
    ("Military Forces of China (1949-)", "1", "Protesters (International)", "6"),
    ("UN: United Nations", "8", "Civilians (Myanmar)", "7"),
]
EXPECTED = [("MMR", "MMR", True), ("MMR", "MMR", True), ("MMR", None, True), ("CHN", None, False)]
EXPECTED.append((None, "MMR", False))


def row(n: int, day: str, actors: tuple[str, str, str, str] = MYANMAR[0]) -> dict[str, str]:
    actor1, inter1, actor2, inter2 = actors
    return {
        "data_id": str(9000 + n), "event_id_cnty": f"MMR9{n:04d}", "event_id_no_cnty": str(n),
        "event_date": day, "year": "2021", "time_precision": "1", "disorder_type": "Political violence",
        "event_type": "Battles", "sub_event_type": "Armed clash", "actor1": actor1, "assoc_actor_1": "",
        "inter1": inter1, "actor2": actor2, "assoc_actor_2": "", "inter2": inter2, "interaction": "13",
        "civilian_targeting": "", "iso": "104", "region": "Southeast Asia", "country": "Myanmar",
        "admin1": "Sagaing", "admin2": "Monywa", "admin3": "Yinmarbin", "location": "Yesagyo",
        "latitude": "21.6333", "longitude": "95.2419", "geo_precision": "2", "source": "Synthetic Monitor",
        "source_scale": "Subnational", "notes": "Synthetic row written by holosec's tests, not ACLED data.",
        "fatalities": str(n % 3), "tags": "", "timestamp": "1704844800", "population_1km": "1200",
        "population_best": "1200", "iso3": "MMR",
    }  # fmt: skip


def write(path: Path, columns: list[str], rows: list[dict[str, str]], *, hxl: bool = False) -> Path:
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.DictWriter(stream, fieldnames=columns, extrasaction="ignore", lineterminator="\r\n")
        writer.writeheader()
        if hxl:
            writer.writerow({name: HXL.get(name, "") for name in columns})
        writer.writerows(rows)
    return path


def load(store: Store, path: Path, tmp_path: Path) -> FileReport:
    report = load_acled_file(store, path, workdir=tmp_path / "work")
    assert report.status == "stored", report.error
    assert report.rows_read == report.rows_stored + report.rows_quarantined
    return report


def quarantined(store: Store) -> list[tuple[Any, ...]]:
    return store.execute("SELECT line_no, reason, raw_line FROM quarantine ORDER BY line_no").fetchall()


def stored_dates(store: Store) -> dict[str, date]:
    return dict(store.execute("SELECT event_id, date FROM events").fetchall())


FORMS = [
    "%Y-%m-%dT00:00:00Z", "%Y-%m-%d 00:00:00", "%Y-%m-%dT00:00:00.000Z", "%Y-%m-%d", "{d} %B %Y", "%d %B %Y",
    "{d}-%B-%Y", "%d/%m/%Y",
]  # fmt: skip


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("layout", ["export", "api", "hdx"])
def test_every_date_form_in_every_layout(store: Store, tmp_path: Path, form: str, layout: str) -> None:
    """'{d}' is the day without a leading zero, as ACLED writes '7 January 2021'."""
    days = [day.strftime(form.replace("{d}", str(day.day))) for day in DAYS]
    rows = [row(n, text) for n, text in enumerate(days)]
    if layout == "api":
        rows = [{**r, "inter1": LABELS[r["inter1"]], "inter2": LABELS[r["inter2"]]} for r in rows]
    columns = {"export": EXPORT, "api": API, "hdx": HDX}[layout]
    report = load(store, write(tmp_path / "acled.csv", columns, rows, hxl=layout == "hdx"), tmp_path)
    hxl = [(2, "HXL hashtag row (column tags HDX adds under the header): not a record")]
    assert [line[:2] for line in quarantined(store)] == (hxl if layout == "hdx" else [])
    assert (report.rows_read, report.rows_stored) == (len(rows) + (layout == "hdx"), len(rows))
    assert stored_dates(store) == {f"acled:MMR9{n:04d}": day for n, day in enumerate(DAYS)}
    types = store.execute("SELECT DISTINCT actor2_sector FROM events").fetchall()
    assert types == [("Political militias",)]


@pytest.mark.parametrize(("form", "kind"), [("%Y-%m-%dT00:00:00Z", "TIMESTAMP_S"), ("%d %B %Y", "DATE")])
def test_a_bad_date_quarantines_its_row_and_the_file_goes_on(
    store: Store, tmp_path: Path, form: str, kind: str
) -> None:
    rows = [row(n, DAYS[n % 4].strftime(form)) for n in range(6)]
    rows[3]["event_date"] = "sometime in May"
    impossible = rows[4]["event_date"] = "2021-02-30" if kind == "TIMESTAMP_S" else "30 February 2021"
    report = load(store, write(tmp_path / "acled.csv", EXPORT, rows), tmp_path)
    assert (report.rows_read, report.rows_stored, report.rows_quarantined) == (6, 4, 2)
    (five, first, raw), (six, second, _) = quarantined(store)
    assert (five, six) == (5, 6) and raw.startswith("MMR90003,sometime in May,")
    assert '"sometime in May"' in first and kind in first and f'"{impossible}"' in second
    assert report.first_problem == f"line 5: {first}"
    assert set(stored_dates(store)) == {f"acled:MMR9{n:04d}" for n in (0, 1, 2, 5)}


def test_an_empty_required_field_quarantines_its_row(store: Store, tmp_path: Path) -> None:
    rows = [row(n, "2021-01-07") for n in range(8)]
    rows[0]["notes"] = "A note over\ntwo lines, as ACLED notes may be."
    rows[2]["event_id_cnty"] = ""
    rows[5]["country"] = ""
    rows[6]["actor1"] = rows[6]["event_type"] = ""
    rows[7]["actor2"], rows[7]["inter2"] = "", "0"  # an event with one actor is a good row
    report = load(store, write(tmp_path / "acled.csv", EXPORT, rows), tmp_path)
    assert (report.rows_read, report.rows_stored, report.rows_quarantined) == (8, 5, 3)
    # the header is line 1; row 0 takes lines 2-3, so row n starts on line n + 3
    assert [line[:2] for line in quarantined(store)] == [
        (5, "empty required field: event_id_cnty"),
        (8, "empty required field: country"),
        (9, "empty required field: event_type, actor1"),
    ]
    assert quarantined(store)[1][2].startswith("MMR90005,2021-01-07,")
    assert set(stored_dates(store)) == {f"acled:MMR9{n:04d}" for n in (0, 1, 3, 4, 7)}


def test_a_note_past_pythons_csv_limit_is_read(store: Store, tmp_path: Path) -> None:
    """A 300 KB note (Python's csv module refuses fields over 128 KiB by default) in the first rows, where
    the layout is recognised, and an empty required field, which makes the reader look for the row."""
    rows = [row(n, "2021-01-07") for n in range(4)]
    rows[0]["notes"] = "A long, quoted\nnote. " * 15_000
    rows[2]["country"] = ""
    report = load(store, write(tmp_path / "acled.csv", EXPORT, rows), tmp_path)
    assert (report.rows_read, report.rows_stored, report.rows_quarantined) == (4, 3, 1)
    assert [line[:2] for line in quarantined(store)] == [(15_000 + 4, "empty required field: country")]


def test_an_empty_field_and_a_bad_date_in_one_row_quarantine_it_once(store: Store, tmp_path: Path) -> None:
    rows = [row(n, "7 January 2021") for n in range(3)]
    rows[1]["country"], rows[1]["event_date"] = "", "7 Janvier 2021"
    report = load(store, write(tmp_path / "acled.csv", EXPORT, rows), tmp_path)
    assert (report.rows_stored, report.rows_quarantined) == (2, 1)
    ((line, reason, _),) = quarantined(store)
    assert line == 3 and '"7 Janvier 2021"' in reason


def test_actors_without_a_country_in_their_name_take_the_rows(store: Store, tmp_path: Path) -> None:
    rows = [row(n, "2021-01-07", actors) for n, actors in enumerate(MYANMAR)]
    load(store, write(tmp_path / "acled.csv", EXPORT, rows), tmp_path)
    found = store.execute(
        "SELECT actor1_country, actor2_country, list_contains(quality, 'actor_country_from_row'), "
        "list_contains(quality, 'no_actor_country') FROM events ORDER BY event_id"
    ).fetchall()
    assert [f[:3] for f in found] == EXPECTED
    assert [f[3] for f in found] == [False] * len(MYANMAR)


def test_the_row_country_comes_from_iso_or_the_country_name(store: Store, tmp_path: Path) -> None:
    rows = [row(n, "2021-01-07", MYANMAR[2]) for n in range(2)]
    rows[0]["iso"] = ""  # the country name alone places it
    rows[1]["country"] = "Thailand"  # the ISO code wins over the name, as for the event's place
    rows.append({**row(2, "2021-01-07", MYANMAR[2]), "iso": "764", "country": "Thailand"})
    load(store, write(tmp_path / "acled.csv", EXPORT, rows), tmp_path)
    found = store.execute("SELECT actor1_country, loc_country FROM events ORDER BY event_id").fetchall()
    assert found == [("MMR", "MMR"), ("MMR", "MMR"), ("THA", "THA")]


def test_an_hdx_file_of_monthly_counts_is_refused_with_what_it_is(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "mmr_political_violence_events_and_fatalities.csv"
    path.write_text(
        "Country,Admin1,ISO3,Admin1 Pcode,Month,Year,Events,Fatalities\n"
        "#country+name,#adm1+name,#country+code,#adm1+code,#date+month,#date+year,#indicator+events,"
        "#indicator+fatalities\nMyanmar,Sagaing,MMR,MMR005,January,2021,12,3\n",
        encoding="utf-8",
    )
    report = load_acled_file(store, path, workdir=tmp_path / "work")
    assert report.status == "failed" and report.error is not None
    assert report.error.startswith(f"{path}: not an ACLED export: it counts events and fatalities by place")
    assert store.scalar("SELECT count(*) FROM events") == 0
