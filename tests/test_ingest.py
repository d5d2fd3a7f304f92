"""Ingest of the real GDELT sample files: row conservation, normalisation, idempotence, updates."""

from __future__ import annotations

import gzip
import os
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest

from holosec.ingest import ingest_paths
from holosec.samples import gdelt_samples
from holosec.store import Store
from holosec.store.migrations import LATEST

from conftest import EVENTS1_MIXED, EVENTS2, EVENTS2_B, GKG2, MENTIONS, real_lines, with_field, write_lines

EVENT_COLUMNS = "* EXCLUDE (file_id)"


def data_lines(path: Path) -> int:
    return len(real_lines(path))


def test_every_sample_file_is_conserved(store: Store, sample_files: list[Path]) -> None:
    summary = ingest_paths(store, sample_files)
    assert summary.files == len(sample_files) == 12
    for report in summary.reports:
        path = Path(report.path)
        assert report.status == "stored", report.error
        assert report.rows_read == data_lines(path), path
        assert report.rows_stored + report.rows_quarantined == report.rows_read, path
    assert summary.rows_quarantined == 0
    assert summary.exit_code == 0
    ledger = {(r.name, r.rows_read) for r in store.files()}
    assert ("20180101000000.export.CSV", 2414) in ledger


def test_event_is_normalised_to_the_schema(store: Store) -> None:
    ingest_paths(store, [EVENTS2])
    row = store.execute(
        "SELECT event_id, source, date, added_at, actor1_country, actor2_country, event_code, root_code, "
        "quad_class, goldstein, num_mentions, num_sources, num_articles, round(tone, 4), loc_precision, "
        "loc_fips, loc_country, lat, lon, source_url, source_file, licence, quality "
        "FROM events WHERE event_id = 'gdelt2:719025311'"
    ).fetchone()
    assert row is not None
    assert row[:14] == (
        "gdelt2:719025311",
        "gdelt2",
        date(2018, 1, 1),
        datetime(2018, 1, 1),
        "CHN",
        "BEL",
        "042",
        "04",
        1,
        1.9,
        6,
        1,
        6,
        0.5658,
    )
    assert row[14:19] == (1, "IS", "ISR", 31.5, 34.75)  # FIPS IS is Israel, ISO3 ISR
    assert row[19].startswith("https://www.ipswichadvertiser.com.au/")
    assert row[20] == "20180101000000.export.CSV" and "GDELT" in row[21]
    assert set(row[22]) == {"single_source", "country_level_geocode"}


def test_gdelt1_file_mixing_57_and_58_columns(store: Store) -> None:
    summary = ingest_paths(store, [EVENTS1_MIXED])
    assert (summary.rows_read, summary.rows_stored, summary.rows_quarantined) == (100, 100, 0)
    with_url = store.scalar("SELECT count(*) FROM events WHERE source = 'gdelt1' AND source_url IS NOT NULL")
    assert with_url == 60  # the 58-column daily rows carry a URL, the 57-column backfile rows do not


def test_mentions_and_gkg_records(store: Store) -> None:
    ingest_paths(store, [MENTIONS, GKG2])
    assert store.scalar("SELECT count(*) FROM mentions") == 100
    assert store.scalar("SELECT count(DISTINCT mention_id) FROM mentions") == 100
    assert store.scalar("SELECT count(*) FROM mentions WHERE event_id NOT LIKE 'gdelt2:%'") == 0
    article = store.execute(
        "SELECT date, source_name, themes, location_fips, tone, word_count FROM articles "
        "WHERE article_id = 'gdelt2-gkg:20150218230000-0'"
    ).fetchone()
    assert article is not None
    assert article[0] == date(2015, 2, 18) and article[1] == "BBC Monitoring"
    assert "ARMEDCONFLICT" in article[2] and "TERROR" in article[2]
    assert article[3] == ["RS"] and article[4] < 0 and article[5] > 0
    assert "persons" not in {c[0] for c in store.execute("DESCRIBE articles").fetchall()}


def test_reingest_is_skipped_and_changes_nothing(store: Store, sample_files: list[Path]) -> None:
    ingest_paths(store, sample_files)
    before = store.execute(f"SELECT {EVENT_COLUMNS} FROM events ORDER BY event_id").fetchall()
    again = ingest_paths(store, sample_files)
    assert again.files_skipped == len(sample_files)
    assert again.rows_read == again.rows_stored == 0
    assert store.execute(f"SELECT {EVENT_COLUMNS} FROM events ORDER BY event_id").fetchall() == before
    assert len(store.files()) == len(sample_files)


def test_zip_gzip_and_plain_give_the_same_rows(tmp_path: Path) -> None:
    zipped = tmp_path / "20180101000000.export.CSV.zip"
    with zipfile.ZipFile(zipped, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(EVENTS2, "20180101000000.export.CSV")
    gzipped = tmp_path / "20180101000000.export.CSV.gz"
    gzipped.write_bytes(gzip.compress(EVENTS2.read_bytes()))
    results = []
    for name, path in [("plain", EVENTS2), ("zip", zipped), ("gz", gzipped)]:
        with Store.open(tmp_path / name) as store:
            summary = ingest_paths(store, [path])
            assert summary.rows_stored == 2414, name
            results.append(
                store.execute(
                    "SELECT * EXCLUDE (file_id, source_file) FROM events ORDER BY event_id"
                ).fetchall()
            )
    assert results[0] == results[1] == results[2]


def test_folder_is_searched_for_data_files(store: Store) -> None:
    summary = ingest_paths(store, [EVENTS2.parent.parent])
    assert summary.files == len(gdelt_samples())


def test_an_event_seen_again_is_updated_not_duplicated(store: Store, tmp_path: Path) -> None:
    lines = real_lines(EVENTS2)
    ingest_paths(store, [EVENTS2])
    # A later file reports ten of the same events again with more mentions, as GDELT does when coverage grows.
    later = [with_field(line, 31, b"999") for line in lines[:10]]
    summary = ingest_paths(store, [write_lines(tmp_path / "later.CSV", later)])
    assert summary.rows_replaced == 10
    assert store.scalar("SELECT count(*) FROM events") == 2414
    assert store.scalar("SELECT count(*) FROM events WHERE num_mentions = 999") == 10
    assert store.scalar("SELECT count(DISTINCT event_id) FROM events") == 2414


def test_a_file_repeating_an_event_keeps_its_last_copy(store: Store, tmp_path: Path) -> None:
    lines = real_lines(EVENTS2)[:3]
    repeated = [*lines, with_field(lines[0], 31, b"777")]
    summary = ingest_paths(store, [write_lines(tmp_path / "repeat.CSV", repeated)])
    assert (summary.rows_read, summary.rows_stored, summary.rows_replaced) == (4, 4, 1)
    assert store.scalar("SELECT num_mentions FROM events WHERE source_key = 719024875") == 777


def test_two_sources_of_events_are_kept_apart(store: Store) -> None:
    ingest_paths(store, [EVENTS2, EVENTS2_B, EVENTS1_MIXED])
    counts = dict(store.execute("SELECT source, count(*) FROM events GROUP BY 1").fetchall())
    assert counts == {"gdelt2": 2414 + 2116, "gdelt1": 100}


@pytest.mark.parametrize("name", ["events", "mentions", "articles", "gkg_counts", "quarantine", "files"])
def test_store_tables_exist_after_migration(store: Store, name: str) -> None:
    assert store.scalar(f"SELECT count(*) FROM {name}") == 0
    assert store.schema_version() == LATEST


def test_gkg_record_longer_than_the_old_sample_is_recognised(store: Store, tmp_path: Path) -> None:
    fields = real_lines(GKG2)[0].split(b"\t")
    fields[17] += b"," + b",".join(b"c1.%d:%d" % (i, i) for i in range(12_000))  # a long GCAM field
    path = write_lines(tmp_path / "20150218230000.gkg.csv", [b"\t".join(fields)])
    assert path.stat().st_size > 1 << 17
    summary = ingest_paths(store, [path])
    assert (summary.reports[0].layout, summary.rows_stored) == ("gkg2", 1)


@pytest.mark.parametrize(
    ("name", "transform"),
    [
        ("crlf", lambda data: data.replace(b"\n", b"\r\n")),
        ("no-final-newline", lambda data: data.rstrip(b"\n")),
        ("byte-order-mark", lambda data: b"\xef\xbb\xbf" + data),
    ],
)
def test_line_endings_and_bom(store: Store, tmp_path: Path, name: str, transform: object) -> None:
    data = b"".join(line + b"\n" for line in real_lines(EVENTS2)[:50])
    path = tmp_path / f"{name}.CSV"
    path.write_bytes(transform(data))  # type: ignore[operator]
    summary = ingest_paths(store, [path])
    assert (summary.rows_read, summary.rows_stored, summary.rows_quarantined) == (50, 50, 0)
    urls = store.execute("SELECT source_url FROM events WHERE source_url LIKE '%\r'").fetchall()
    assert urls == []
    assert store.scalar("SELECT min(source_key) FROM events") == 719024875


def test_reingest_recognises_a_file_by_path_and_time_or_by_content(store: Store, tmp_path: Path) -> None:
    original = write_lines(tmp_path / "a.CSV", real_lines(EVENTS2)[:30])
    ingest_paths(store, [original])
    copy = tmp_path / "copy.CSV"
    copy.write_bytes(original.read_bytes())
    assert ingest_paths(store, [copy]).files_skipped == 1  # same content elsewhere: same SHA-256

    # Rewritten in place with different rows but the same size and modification time: the ledger
    # takes the unchanged path, size and time as the same file, as make and rsync do.
    stat = original.stat()
    original.write_bytes(original.read_bytes().replace(b"719024875", b"719024999"))
    os.utime(original, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert ingest_paths(store, [original]).files_skipped == 1

    # Touched (new modification time): hashed again, and ingested since its content is new.
    os.utime(original, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    summary = ingest_paths(store, [original])
    assert (summary.files_skipped, summary.rows_stored) == (0, 30)
    assert store.scalar("SELECT count(*) FROM events WHERE source_key = 719024999") == 1
