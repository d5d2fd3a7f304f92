"""Kill a real ingest subprocess in the middle of a file, run it again, compare with a clean ingest."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from holosec.ingest import ingest_paths
from holosec.store import Store
from holosec.store.fingerprint import fingerprint

from conftest import EVENTS2, make_event_file

ROWS = 400_000


def command(data_dir: Path, *paths: Path) -> list[str]:
    return [sys.executable, "-m", "holosec", "ingest", "gdelt", *map(str, paths), "--data-dir", str(data_dir)]


def wait_for_unpacked(data_dir: Path, size: int, process: subprocess.Popen[bytes]) -> None:
    """Wait until the big archive has been unpacked: its rows are about to go into the store."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        unpacked = list((data_dir / "tmp" / "unpacked").glob("*.plain"))
        if unpacked and unpacked[0].stat().st_size == size:
            return
        time.sleep(0.01)
    pytest.fail("the ingest never unpacked the big file")


@pytest.mark.slow
def test_killed_mid_file_then_resumed_equals_clean_ingest(tmp_path: Path) -> None:
    plain = make_event_file(tmp_path / "20240101000000.export.CSV", ROWS)
    big = tmp_path / "20240101000000.export.CSV.zip"
    with zipfile.ZipFile(big, "w", zipfile.ZIP_STORED) as archive:
        archive.write(plain, plain.name)
    resumed, clean = tmp_path / "resumed", tmp_path / "clean"

    process = subprocess.Popen(command(resumed, EVENTS2, big), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    wait_for_unpacked(resumed, plain.stat().st_size, process)
    time.sleep(0.3)
    os.kill(process.pid, signal.SIGKILL)
    process.communicate()
    assert process.returncode == -signal.SIGKILL

    leftover = list((resumed / "tmp" / "unpacked").glob("*.plain"))
    assert leftover, "the kill came too late to test a crash mid-file"
    with Store.open(resumed) as store:  # the next start puts right what the killed run left
        status = {record.name: record.status for record in store.files()}
        assert status[EVENTS2.name] == "complete"
        assert status[big.name] == "abandoned"
        assert store.scalar("SELECT count(*) FROM events") == 2414  # nothing of the killed file
        assert not any(path.exists() for path in leftover)

    again = subprocess.run(command(resumed, EVENTS2, big), capture_output=True, check=False)
    assert again.returncode == 0, again.stderr
    first = subprocess.run(command(clean, EVENTS2, big), capture_output=True, check=False)
    assert first.returncode == 0, first.stderr

    with Store.open(resumed) as store:
        store.execute(f"ATTACH '{clean / 'holosec.duckdb'}' AS clean (READ_ONLY)")
        assert store.scalar("SELECT count(*) FROM events") == ROWS + 2414
        columns = "* EXCLUDE (file_id)"
        for a, b in [("events", "clean.events"), ("clean.events", "events")]:
            difference = f"FROM {a} SELECT {columns} EXCEPT ALL FROM {b} SELECT {columns}"
            assert store.scalar(f"SELECT count(*) FROM ({difference})") == 0
        assert [r.status for r in store.files() if r.name == big.name][-1] == "complete"
        assert not list((resumed / "tmp" / "unpacked").glob("*"))


def test_next_open_marks_started_files_abandoned_and_clears_unpacked(tmp_path: Path) -> None:
    """A run killed after it began a file (its ledger row 'started') and unpacked an archive: the next
    open marks the row abandoned and deletes the unpacked file; a second Store opened meanwhile in the same
    process (which may be ingesting) changes nothing."""
    data_dir = tmp_path / "store"
    with Store.open(data_dir) as store:
        file_id = store.start_file(EVENTS2.name, EVENTS2, fingerprint(EVENTS2))
        unpacked = data_dir / "tmp" / "unpacked" / "0123.x.CSV.zip.plain"
        unpacked.parent.mkdir(parents=True)
        unpacked.write_bytes(b"half a file")
        with Store.open(data_dir) as second:
            assert [r.status for r in second.files()] == ["started"] and unpacked.exists()
    with Store.open(data_dir, read_only=True) as reader:
        assert [r.status for r in reader.files()] == ["started"] and unpacked.exists()
    with Store.open(data_dir) as store:
        (record,) = store.files()
        assert (record.file_id, record.status) == (file_id, "abandoned")
        assert "stopped before this file was done" in store.scalar("SELECT error FROM files")
        assert not unpacked.exists()
        again = ingest_paths(store, [EVENTS2])
    assert again.exit_code == 0 and again.rows_stored == 2414  # an abandoned file is ingested again
