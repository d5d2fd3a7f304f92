"""Bad input gets one clear line naming the file (and line), loses nothing, and sets the exit code."""

from __future__ import annotations

import contextlib
import gzip
import json
import threading
import zipfile
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from holosec.cli import app
from holosec.errors import InputError
from holosec.sources.inputs import ArchiveLimits, prepared
from holosec.store import Store
from holosec.store.fingerprint import CHUNK, fingerprint

from conftest import EVENTS2, real_lines, with_field, write_lines

GOOD = real_lines(EVENTS2)[:20]


def ingest(data_dir: Path, *paths: Path) -> Result:
    result = CliRunner().invoke(app, ["ingest", "gdelt", *map(str, paths), "--data-dir", str(data_dir)])
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result


def ingest_json(data_dir: Path, *paths: Path) -> tuple[int, dict[str, Any]]:
    result = CliRunner().invoke(
        app, ["ingest", "gdelt", *map(str, paths), "--data-dir", str(data_dir), "--json"]
    )
    assert "Traceback" not in result.output
    return result.exit_code, json.loads(result.stdout)


def quarantine(data_dir: Path) -> list[tuple[Any, ...]]:
    with Store.open(data_dir) as store:
        return store.execute(
            "SELECT source_file, line_no, raw_line, reason FROM quarantine ORDER BY line_no"
        ).fetchall()


def corrupted(tmp_path: Path, index: int, bad: bytes | list[bytes]) -> Path:
    """The real sample's first 20 rows with row ``index`` (0-based) replaced by ``bad``."""
    lines = [*GOOD]
    lines[index : index + 1] = bad if isinstance(bad, list) else [bad]
    return write_lines(tmp_path / "20180101000000.export.CSV", lines)


def assert_partial(data_dir: Path, path: Path, read: int, stored: int, line: int, reason: str) -> None:
    result = ingest(data_dir, path)
    assert result.exit_code == 3
    assert f"{path}: " in result.stderr and f"line {line}: " in result.stderr and reason in result.stderr
    assert len([x for x in result.stderr.splitlines() if str(path) in x]) == 1
    code, summary = ingest_json(data_dir / "again", path)
    assert code == 3
    assert (summary["rows_read"], summary["rows_stored"]) == (read, stored)
    assert summary["rows_stored"] + summary["rows_quarantined"] == summary["rows_read"]


def test_clean_file_exits_zero(data_dir: Path, tmp_path: Path) -> None:
    result = ingest(data_dir, write_lines(tmp_path / "ok.CSV", GOOD))
    assert result.exit_code == 0 and result.stderr == ""


def test_wrong_column_count(data_dir: Path, tmp_path: Path) -> None:
    path = corrupted(tmp_path, 1, b"\t".join(GOOD[1].split(b"\t")[:50]))
    assert_partial(data_dir, path, 20, 19, 2, "wrong column count: 50 (expected 61)")
    (row,) = quarantine(data_dir)
    assert row[0] == path.name and row[1] == 2 and row[2].startswith("719024876\t")


def test_stray_tab_inside_a_field(data_dir: Path, tmp_path: Path) -> None:
    path = corrupted(tmp_path, 4, with_field(GOOD[4], 6, b"UNITED\tSTATES"))
    assert_partial(data_dir, path, 20, 19, 5, "wrong column count: 62 (expected 61)")


def test_stray_newline_inside_a_field(data_dir: Path, tmp_path: Path) -> None:
    broken = with_field(GOOD[3], 6, b"UNITED\nSTATES").split(b"\n")
    path = corrupted(tmp_path, 3, broken)
    assert_partial(data_dir, path, 21, 19, 4, "wrong column count")
    assert [row[1] for row in quarantine(data_dir)] == [4, 5]


def test_bytes_that_are_not_utf8(data_dir: Path, tmp_path: Path) -> None:
    path = corrupted(tmp_path, 7, with_field(GOOD[7], 6, b"CH\xff\xfeNA"))
    assert_partial(data_dir, path, 20, 19, 8, "not valid UTF-8 text")


def test_impossible_date(data_dir: Path, tmp_path: Path) -> None:
    path = corrupted(tmp_path, 0, with_field(GOOD[0], 1, b"20181332"))
    assert_partial(data_dir, path, 20, 19, 1, 'column "SQLDATE"')
    assert "20181332" in quarantine(data_dir)[0][3]


@pytest.mark.parametrize(("index", "column"), [(30, "GoldsteinScale"), (34, "AvgTone")])
def test_non_numeric_goldstein_or_tone(data_dir: Path, tmp_path: Path, index: int, column: str) -> None:
    path = corrupted(tmp_path, 2, with_field(GOOD[2], index, b"n/a"))
    assert_partial(data_dir, path, 20, 19, 3, f'column "{column}"')


def test_missing_event_id(data_dir: Path, tmp_path: Path) -> None:
    path = corrupted(tmp_path, 5, with_field(GOOD[5], 0, b""))
    assert_partial(data_dir, path, 20, 19, 6, 'column "GLOBALEVENTID"')


def test_blank_line_is_counted(data_dir: Path, tmp_path: Path) -> None:
    path = corrupted(tmp_path, 9, [GOOD[9], b""])
    assert_partial(data_dir, path, 21, 20, 11, "blank line")


def test_unknown_codes_are_kept_and_flagged(data_dir: Path, tmp_path: Path) -> None:
    odd = with_field(with_field(with_field(GOOD[0], 7, b"QQQ"), 12, b"ZZZ"), 26, b"9999")
    odd = with_field(odd, 53, b"QX")
    path = corrupted(tmp_path, 0, odd)
    result = ingest(data_dir, path)
    assert result.exit_code == 0
    with Store.open(data_dir) as store:
        row = store.execute(
            "SELECT actor1_country_code, actor1_country, event_code, loc_fips, quality FROM events "
            "WHERE source_key = 719024875"
        ).fetchone()
        assert store.scalar("SELECT count(*) FROM events") == 20
    assert row is not None and row[:4] == ("QQQ", None, "9999", "QX")
    assert {
        "unknown_actor_country",
        "unknown_actor_type",
        "unknown_event_code",
        "unknown_location_code",
    } <= set(row[4])


def test_empty_file(data_dir: Path, tmp_path: Path) -> None:
    path = tmp_path / "20180101000000.export.CSV"
    path.write_bytes(b"")
    result = ingest(data_dir, path)
    assert result.exit_code == 1
    assert result.stderr.strip() == f"{path}: empty file: no rows"


def test_html_page_instead_of_data(data_dir: Path, tmp_path: Path) -> None:
    path = tmp_path / "20180101000000.export.CSV"
    path.write_text("<!DOCTYPE html>\n<html><head><title>404</title></head><body>Not Found</body></html>\n")
    result = ingest(data_dir, path)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{path}: not a GDELT file: it is an HTML or XML page")


@pytest.mark.parametrize("members", [0, 2])
def test_zip_with_no_file_or_two(data_dir: Path, tmp_path: Path, members: int) -> None:
    path = tmp_path / "20180101000000.export.CSV.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for n in range(members):
            archive.write(EVENTS2, f"part{n}.CSV")
    result = ingest(data_dir, path)
    assert result.exit_code == 1
    assert result.stderr.strip().startswith(f"{path}: zip holds {members} files")


def test_zip_cut_off(data_dir: Path, tmp_path: Path) -> None:
    whole = tmp_path / "whole.zip"
    with zipfile.ZipFile(whole, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(EVENTS2, EVENTS2.name)
    cut = tmp_path / "20180101000000.export.CSV.zip"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    result = ingest(data_dir, cut)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{cut}: broken or cut-off zip archive")


def test_gzip_cut_off(data_dir: Path, tmp_path: Path) -> None:
    cut = tmp_path / "20180101000000.export.CSV.gz"
    cut.write_bytes(gzip.compress(EVENTS2.read_bytes())[:50_000])
    result = ingest(data_dir, cut)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{cut}: broken or cut-off gzip file")
    with Store.open(data_dir) as store:
        assert store.scalar("SELECT count(*) FROM events") == 0


def test_one_bad_file_among_good_ones_is_partial(data_dir: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty.CSV"
    empty.write_bytes(b"")
    code, summary = ingest_json(data_dir, EVENTS2, empty)
    assert code == 3
    assert (summary["files"], summary["files_failed"], summary["rows_stored"]) == (2, 1, 2414)
    assert summary["files_list"][1]["error"] == f"{empty}: empty file: no rows"


def test_missing_path(data_dir: Path, tmp_path: Path) -> None:
    result = ingest(data_dir, tmp_path / "nope.CSV")
    assert result.exit_code == 1
    assert result.stderr.strip() == f"{tmp_path / 'nope.CSV'}: no such file"
    assert not data_dir.exists()  # no store made for nothing


def zeros_zip(path: Path, megabytes: int) -> Path:
    """A zip bomb: one member of ``megabytes`` MiB of zeros, written as it is deflated (about 1,000 to 1)."""
    with (
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open("20180101000000.export.CSV", "w", force_zip64=True) as member,
    ):
        for _ in range(megabytes):
            member.write(bytes(1 << 20))
    return path


def zeros_gzip(path: Path, megabytes: int) -> Path:
    with gzip.open(path, "wb") as member:
        for _ in range(megabytes):
            member.write(bytes(1 << 20))
    return path


RATIO_REFUSED = (
    "refused: unpacks to more than {:,} bytes, over 100 times its own size (HOLOSEC_MAX_UNPACK_RATIO)"
)


@pytest.mark.slow
@pytest.mark.parametrize("make", [zeros_zip, zeros_gzip])
def test_archive_bomb_is_refused_and_the_others_stored(data_dir: Path, tmp_path: Path, make: Any) -> None:
    suffix = ".zip" if make is zeros_zip else ".gz"
    bomb = make(tmp_path / f"20180101000000.export.CSV{suffix}", 300)
    assert bomb.stat().st_size < 1_500_000  # 300 MiB in
    code, summary = ingest_json(data_dir, bomb, EVENTS2)
    assert code == 3
    assert (summary["files"], summary["files_failed"], summary["rows_stored"]) == (2, 1, 2414)
    allowed = max(16 * 2**20, 100 * bomb.stat().st_size)
    assert summary["files_list"][0]["error"] == f"{bomb}: " + RATIO_REFUSED.format(allowed)
    assert not (data_dir / "tmp" / "unpacked").exists() or not any((data_dir / "tmp" / "unpacked").iterdir())
    result = ingest(data_dir / "again", bomb)
    assert result.exit_code == 1
    assert result.stderr.strip() == f"{bomb}: " + RATIO_REFUSED.format(allowed)  # one line


@pytest.mark.slow
def test_bytes_are_counted_as_they_come_out(tmp_path: Path) -> None:
    """A gzip of 160 members of 64 MiB of zeros (10 GiB, 10 MB packed; its trailer claims 64 MiB) stops
    unpacking at the limit, and the part unpacked is removed."""
    bomb = tmp_path / "20180101000000.export.CSV.gz"
    bomb.write_bytes(gzip.compress(bytes(64 << 20)) * 160)
    workdir = tmp_path / "work"
    limits = ArchiveLimits(max_bytes=32 << 20, max_ratio=1000)
    seen = [0]
    done = threading.Event()

    def watch() -> None:  # the largest the unpacked file is seen to grow
        while not done.is_set():
            for path in workdir.glob("*.plain"):
                with contextlib.suppress(FileNotFoundError):
                    seen[0] = max(seen[0], path.stat().st_size)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        with (
            pytest.raises(InputError, match="HOLOSEC_MAX_UNPACKED_BYTES"),
            prepared(fingerprint(bomb), workdir, limits),
        ):
            pass
    finally:
        done.set()
        watcher.join()
    assert seen[0] <= limits.max_bytes + CHUNK
    assert list(workdir.iterdir()) == []


def test_limits_come_from_the_settings(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = tmp_path / "20180101000000.export.CSV.zip"
    with zipfile.ZipFile(real, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(EVENTS2, EVENTS2.name)
    monkeypatch.setenv("HOLOSEC_MAX_UNPACKED_BYTES", "100000")
    result = ingest(data_dir, real)
    assert result.exit_code == 1
    expected = f"{real}: refused: unpacks to more than 100,000 bytes (HOLOSEC_MAX_UNPACKED_BYTES)"
    assert result.stderr.strip() == expected
    monkeypatch.delenv("HOLOSEC_MAX_UNPACKED_BYTES")
    code, summary = ingest_json(data_dir, real)  # a real GDELT zip (7 to 1) is within the defaults
    assert code == 0 and summary["rows_stored"] == 2414
