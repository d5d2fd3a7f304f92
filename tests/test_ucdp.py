"""UCDP GED on real data: every GED event located in Myanmar, 1989-2023 (``tests/data/ucdp/PROVENANCE.md``).

The R data frame is read with pyreadr and written out as a GED CSV file, the layout UCDP publishes; the
expectations come from the data frame, not from holosec's code.
"""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pyreadr
import pytest
from typer.testing import CliRunner, Result

from holosec.cli import app
from holosec.samples import gdelt_samples
from holosec.store import Store

RDA = Path(__file__).parent / "data" / "ucdp" / "myanmar.rda"
VIOLENCE = {1: "state-based conflict", 2: "non-state conflict", 3: "one-sided violence"}


@pytest.fixture(scope="module")
def ged() -> pd.DataFrame:
    frame: pd.DataFrame = pyreadr.read_r(RDA)["myanmar"]
    whole = [c for c in frame.columns if frame[c].dtype == "float64" and c not in ("latitude", "longitude")]
    return frame.astype(dict.fromkeys(whole, "Int64"))


def write_ged(frame: pd.DataFrame, path: Path, date_format: str = "%Y-%m-%d %H:%M:%S.000") -> Path:
    """A GED CSV file: UCDP's columns in UCDP's order, whole numbers without decimals."""
    frame.to_csv(path, index=False, date_format=date_format)
    return path


@pytest.fixture(scope="module")
def ged_csv(ged: pd.DataFrame, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_ged(ged, tmp_path_factory.mktemp("ged") / "ged_myanmar.csv")


def run(*args: str) -> Result:
    result = CliRunner().invoke(app, list(args))
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result


def ingest(data_dir: Path, *paths: Path) -> tuple[int, dict[str, Any]]:
    result = run("ingest", "ucdp", *map(str, paths), "--data-dir", str(data_dir), "--json")
    return result.exit_code, json.loads(result.stdout)


def stored(data_dir: Path, columns: str) -> list[tuple[Any, ...]]:
    with Store.open(data_dir) as store:
        return store.execute(f"SELECT {columns} FROM events ORDER BY source_key").fetchall()


def test_every_event_is_stored_with_its_values(data_dir: Path, ged: pd.DataFrame, ged_csv: Path) -> None:
    assert ged_csv.read_bytes().count(b"\n") > len(ged) + 1, "real GED fields hold line breaks"
    code, summary = ingest(data_dir, ged_csv)
    assert code == 0
    assert (summary["rows_read"], summary["rows_stored"], summary["rows_quarantined"]) == (
        len(ged),
        len(ged),
        0,
    )
    rows = stored(
        data_dir,
        "event_id, source, date, date_end, actor1_name, actor2_name, event_label, fatalities, lat, lon, "
        "loc_admin1, loc_precision, details['low'], details['high'], details['conflict_name'], licence",
    )
    expected = [
        (
            f"ucdp:{r.id}", "ucdp", r.date_start.date(), r.date_end.date(), r.side_a, r.side_b,
            VIOLENCE[r.type_of_violence], r.best, r.latitude, r.longitude,
            None if pd.isna(r.adm_1) else r.adm_1, r.where_prec, str(r.low), str(r.high), r.conflict_name,
        )
        for r in ged.sort_values("id").itertuples()
    ]  # fmt: skip
    assert [row[:-1] for row in rows] == expected
    assert {row[-1] for row in rows} == {row[-1] for row in rows if "CC BY 4.0" in row[-1]} != set()


def test_totals_countries_and_quality(data_dir: Path, ged: pd.DataFrame, ged_csv: Path) -> None:
    ingest(data_dir, ged_csv)
    with Store.open(data_dir) as store:
        by_type = dict(store.execute("SELECT event_label, count(*) FROM events GROUP BY 1").fetchall())
        deaths = store.scalar("SELECT sum(fatalities) FROM events")
        countries = store.execute("SELECT DISTINCT loc_country FROM events").fetchall()
        government = store.scalar(
            "SELECT count(*) FROM events WHERE actor1_country = 'MMR' AND actor1_type1 = 'GOV'"
        )
        flags = dict(
            store.execute(
                "SELECT flag, count(*) FROM events, unnest(quality) AS q(flag) GROUP BY 1"
            ).fetchall()
        )
        roots = set(store.execute("SELECT event_label, root_code, quad_class FROM events").fetchall())
    assert by_type == {VIOLENCE[k]: v for k, v in ged.type_of_violence.value_counts().items()}
    assert deaths == ged.best.sum() == 28721
    assert set(ged.country) == {"Myanmar (Burma)"} and countries == [("MMR",)]
    assert government == (ged.side_a == "Government of Myanmar (Burma)").sum()
    assert flags.get("country_level_geocode", 0) == (ged.where_prec == 6).sum()
    assert flags.get("single_source", 0) == (ged.number_of_sources == 1).sum()
    assert roots == {
        ("state-based conflict", "19", 4),
        ("non-state conflict", "19", 4),
        ("one-sided violence", "18", 4),
    }


def test_news_source_fields_are_not_stored(data_dir: Path, ged: pd.DataFrame, ged_csv: Path) -> None:
    ingest(data_dir, ged_csv)
    with Store.open(data_dir) as store:
        text = " ".join(str(row) for row in store.execute("SELECT * FROM events").fetchall())
    originals = [s for s in ged.source_original.dropna() if len(s) > 30]
    assert originals and not any(s in text for s in originals)


def test_plain_dates_and_columns_in_another_order(data_dir: Path, ged: pd.DataFrame, tmp_path: Path) -> None:
    part = ged.head(200)
    path = write_ged(part[sorted(part.columns)], tmp_path / "ged.csv", date_format="%Y-%m-%d")
    code, summary = ingest(data_dir, path)
    assert (code, summary["rows_stored"]) == (0, 200)
    dates = stored(data_dir, "source_key, date, date_end")
    assert dates == sorted((r.id, r.date_start.date(), r.date_end.date()) for r in part.itertuples())


def _with_bad_best(ged: pd.DataFrame, row: int, path: Path) -> tuple[Path, int]:
    """The GED CSV with the ``best`` of data row ``row`` (0-based) replaced by 'n/a', and that record's
    first physical line."""
    frame = ged.astype({"best": "object"})
    frame.iloc[row, frame.columns.get_loc("best")] = "n/a"
    write_ged(frame, path)
    with path.open(newline="", encoding="utf-8") as stream:
        reader = csv.reader(stream)
        starts = []
        for _ in reader:
            starts.append(reader.line_num)
    first_line = starts[row] + 1  # the record before ends on the line before this one starts
    return path, first_line


def test_a_malformed_row_is_quarantined_with_its_line(
    data_dir: Path, ged: pd.DataFrame, tmp_path: Path
) -> None:
    path, line = _with_bad_best(ged, 0, tmp_path / "ged.csv")
    assert line == 2
    result = run("ingest", "ucdp", str(path), "--data-dir", str(data_dir))
    assert result.exit_code == 3
    (message,) = result.stderr.splitlines()
    assert message.startswith(f"{path}: 1 of {len(ged)} rows quarantined (first, line 2: ")
    assert '"best"' in message and "n/a" in message
    code, summary = ingest(data_dir / "again", path)
    assert (code, summary["rows_stored"], summary["rows_quarantined"]) == (3, len(ged) - 1, 1)


def test_quarantine_line_after_quoted_line_breaks(data_dir: Path, ged: pd.DataFrame, tmp_path: Path) -> None:
    path, line = _with_bad_best(ged, 5000, tmp_path / "ged.csv")
    assert line > 5002
    code, summary = ingest(data_dir, path)
    assert (code, summary["rows_quarantined"]) == (3, 1)
    assert summary["files_list"][0]["first_problem"].startswith(f"line {line}: ")


def test_reingest_changes_nothing(data_dir: Path, ged_csv: Path) -> None:
    ingest(data_dir, ged_csv)
    before = stored(data_dir, "*")
    code, summary = ingest(data_dir, ged_csv)
    assert (code, summary["files_skipped"], summary["rows_stored"]) == (0, 1, 0)
    assert stored(data_dir, "*") == before


def test_a_gdelt_file_is_refused_in_one_line(data_dir: Path) -> None:
    gdelt = gdelt_samples()[0]
    result = run("ingest", "ucdp", str(gdelt), "--data-dir", str(data_dir))
    assert result.exit_code == 1
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"{gdelt}: not a UCDP GED file: ") and "type_of_violence" in line


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_export_is_allowed_and_readable(
    data_dir: Path, ged: pd.DataFrame, ged_csv: Path, tmp_path: Path, fmt: str
) -> None:
    ingest(data_dir, ged_csv)
    out = tmp_path / f"ucdp.{fmt}"
    args = [
        "export",
        "events",
        "-o",
        str(out),
        "--format",
        fmt,
        "--source",
        "ucdp",
        "--data-dir",
        str(data_dir),
    ]
    result = run(*args, "--json")
    assert result.exit_code == 0 and json.loads(result.stdout)["rows"] == len(ged)
    read = (
        duckdb.connect()
        .execute(f"SELECT event_id, date, fatalities FROM '{out}' ORDER BY source_key")
        .fetchall()
    )
    expected = [(f"ucdp:{r.id}", r.date_start.date(), r.best) for r in ged.sort_values("id").itertuples()]
    assert [(e, d if isinstance(d, date) else date.fromisoformat(d), f) for e, d, f in read] == expected
