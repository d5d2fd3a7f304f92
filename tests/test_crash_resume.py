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

from holosec.store import Store

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

    with Store.open(resumed) as store:
        status = {record.name: record.status for record in store.files()}
        assert status[EVENTS2.name] == "complete"
        assert status.get(big.name) != "complete", "the kill came too late to test a crash mid-file"
        assert store.scalar("SELECT count(*) FROM events") == 2414  # nothing of the killed file

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
