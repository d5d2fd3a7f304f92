"""One bad row never fails a file, in any source: copies of the real ICEWS, UCDP and POLECAT files in
``tests/data`` with single rows corrupted; each bad row is quarantined with its line and reason, and every
other row is stored (rows read = stored + quarantined).
"""

from __future__ import annotations

import gzip
from pathlib import Path

import pandas as pd
import pyreadr
import pytest

from holosec.sources.icews import load_icews_file
from holosec.sources.loader import FileReport
from holosec.sources.polecat import load_polecat_file
from holosec.sources.registry import FileLoader
from holosec.sources.ucdp import load_ucdp_file
from holosec.store import Store

DATA = Path(__file__).parent / "data"
HXL_REASON = "HXL hashtag row (column tags HDX adds under the header): not a record"


def load(loader: FileLoader, store: Store, path: Path, tmp_path: Path) -> FileReport:
    report = loader(store, path, workdir=tmp_path / "work")
    assert report.status == "stored", report.error
    assert report.rows_read == report.rows_stored + report.rows_quarantined
    return report


def quarantined(store: Store) -> list[tuple[int, str, str]]:
    return store.execute("SELECT line_no, reason, raw_line FROM quarantine ORDER BY line_no").fetchall()


def replaced(fields: list[str], index: int, value: str) -> list[str]:
    return [value if n == index else field for n, field in enumerate(fields)]


def test_icews_dataverse_rows(store: Store, tmp_path: Path) -> None:
    lines = gzip.decompress((DATA / "icews" / "events.2018.sample.tab.gz").read_bytes()).decode().split("\n")
    header = lines[0].split("\t")
    date, event_id = header.index("Event Date"), header.index("Event ID")
    lines[3] = "\t".join(replaced(lines[3].split("\t"), date, "2018-02-30"))
    lines[7] = "\t".join(replaced(lines[7].split("\t"), event_id, "E-17"))
    lines[9] = "\t".join(lines[9].split("\t")[:12])
    path = tmp_path / "events.2018.tab"
    path.write_text("\n".join(lines), encoding="utf-8")
    rows = sum(1 for line in lines[1:] if line)
    report = load(load_icews_file, store, path, tmp_path)
    assert (report.rows_read, report.rows_stored, report.rows_quarantined) == (rows, rows - 3, 3)
    (four, bad_date, _), (eight, bad_id, _), (ten, short, raw) = quarantined(store)
    assert (four, eight, ten) == (4, 8, 10)
    assert '"2018-02-30"' in bad_date and '"E-17"' in bad_id and "BIGINT" in bad_id
    assert short == "wrong column count: 12 (expected 20)" and raw == lines[9]


def test_icews_triples_rows(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "triples.txt"
    path.write_text(
        "Colombia\tInvestigate\tGuerrilla (Colombia)\t2008-07-25\n"
        "Japan\tMake statement\t\t2008-07-25\n"  # no target: kept
        "Japan\tMake statement\tChina\tlast week\n"
        "Japan\tChina\t2008-07-26\n"
        "China\tConsult\tJapan\t2008-07-26\n",
        encoding="utf-8",
    )
    report = load(load_icews_file, store, path, tmp_path)
    assert (report.rows_read, report.rows_stored, report.rows_quarantined) == (5, 3, 2)
    (three, bad_date, _), (four, short, _) = quarantined(store)
    assert (
        (three, four) == (3, 4)
        and '"last week"' in bad_date
        and short == "wrong column count: 3 (expected 4)"
    )


@pytest.fixture(scope="module")
def ged() -> pd.DataFrame:
    frame: pd.DataFrame = pyreadr.read_r(DATA / "ucdp" / "myanmar.rda")["myanmar"]
    whole = [c for c in frame.columns if frame[c].dtype == "float64" and c not in ("latitude", "longitude")]
    return frame.astype(dict.fromkeys(whole, "Int64")).head(40).astype(object)


def line_of(path: Path, start: str) -> int:
    """The physical line a record starting with ``start`` begins on."""
    text = path.read_text(encoding="utf-8")
    return text[: text.index("\n" + start)].count("\n") + 2


def test_ucdp_rows_and_an_hdx_hashtag_row(store: Store, tmp_path: Path, ged: pd.DataFrame) -> None:
    """HDX republishes GED with a row of HXL hashtags under the header; it is quarantined, not read."""
    frame = ged.copy()
    ids = [str(frame.loc[n, "id"]) for n in (3, 11, 20, 30)]
    frame.loc[3, "date_start"] = "sometime"
    frame.loc[11, "best"] = "many"
    frame.loc[20, "type_of_violence"] = ""
    frame.loc[30, "id"] = ""
    hxl = pd.DataFrame([{name: f"#{name.replace('_', '+')}" for name in frame.columns}])
    path = tmp_path / "ged_myanmar_hdx.csv"
    pd.concat([hxl, frame]).to_csv(path, index=False, date_format="%Y-%m-%d %H:%M:%S.000")
    report = load(load_ucdp_file, store, path, tmp_path)
    assert (report.rows_read, report.rows_stored, report.rows_quarantined) == (41, 36, 5)
    found = quarantined(store)
    assert found[0][:2] == (2, HXL_REASON)
    assert [line for line, _, _ in found[1:4]] == [line_of(path, f"{i},") for i in ids[:3]]
    assert '"sometime"' in found[1][1] and "TIMESTAMP_S" in found[1][1]
    assert '"many"' in found[2][1] and '"best"' in found[2][1]
    assert "INTEGER" in found[3][1] and found[3][2].startswith(f"{ids[2]},")
    assert "\"\" to 'BIGINT'" in found[4][1] and found[4][2].startswith(",")
    assert store.scalar("SELECT count(*) FROM events WHERE source = 'ucdp'") == 36


def test_polecat_rows(store: Store, tmp_path: Path) -> None:
    lines = (
        (DATA / "polecat" / "polecat_fixture_written_by_holosec.tsv").read_text(encoding="utf-8").split("\n")
    )
    header = lines[0].split("\t")
    lines[2] = "\t".join(replaced(lines[2].split("\t"), header.index("Event Date"), "2023-02-30"))
    lines[5] = "\t".join(lines[5].split("\t")[:-3])
    path = tmp_path / "polecat.tsv"
    path.write_text("\n".join(lines), encoding="utf-8")
    rows = sum(1 for line in lines[1:] if line)
    report = load(load_polecat_file, store, path, tmp_path)
    assert (report.rows_read, report.rows_stored, report.rows_quarantined) == (rows, rows - 2, 2)
    (three, bad_date, _), (six, short, _) = quarantined(store)
    assert (three, six) == (3, 6) and '"2023-02-30"' in bad_date
    assert short == f"wrong column count: {len(header) - 3} (expected {len(header)})"
