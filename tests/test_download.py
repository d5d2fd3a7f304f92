"""The GDELT downloader against a real HTTP server on 127.0.0.1 that serves real GDELT files, zipped."""

from __future__ import annotations

import hashlib
import importlib.resources
import json
import shutil
import socket
import zipfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from holosec.cli import app
from holosec.errors import DownloadError
from holosec.sources.download import Downloader, RemoteFile

from httpserver import MirrorServer, Reply, serve

SAMPLES = importlib.resources.files("holosec") / "data" / "samples" / "gdelt"
EVENTS = "20150218230000.export.CSV.zip"
MENTIONS = "20150218230000.mentions.CSV.zip"
GKG = "20150218230000.gkg.csv.zip"
EVENTS_2018 = "20180101000000.export.CSV.zip"
EVENTS_V1 = "20160728.export.CSV.zip"
ARCHIVES = {  # mirror path -> the real sample it holds
    f"gdeltv2/{EVENTS}": ("aamend__spark-gdelt", "events.csv"),
    f"gdeltv2/{MENTIONS}": ("aamend__spark-gdelt", "mentions.csv"),
    f"gdeltv2/{GKG}": ("aamend__spark-gdelt", "gkg.csv"),
    f"gdeltv2/{EVENTS_2018}": ("geomesa__geomesa-tutorials", "20180101000000.export.CSV"),
    f"events/{EVENTS_V1}": ("reed9999__gdelt-demo", "events.csv"),
}
EVERY_DAY = (date(2015, 2, 18), date(2018, 1, 1))
network = pytest.mark.network


def _sample(path: str) -> bytes:
    folder, name = ARCHIVES[path]
    return (SAMPLES / folder / name).read_bytes()


def _md5(path: Path) -> str:
    return hashlib.md5(path.read_bytes(), usedforsecurity=False).hexdigest()


def write_masterfilelist(root: Path, md5s: dict[str, str] | None = None) -> None:
    """GDELT 2.0's index of the archives in ``root/gdeltv2``, with a blank and a malformed line among them."""
    lines = [
        f"{path.stat().st_size} {(md5s or {}).get(path.name, _md5(path))} "
        f"http://data.gdeltproject.org/gdeltv2/{path.name}"
        for path in sorted((root / "gdeltv2").glob("*.zip"))
    ]
    lines[2:2] = ["", "http://data.gdeltproject.org/gdeltv2/20150218231500.export.CSV.zip"]
    (root / "gdeltv2" / "masterfilelist.txt").write_text("\n".join(lines) + "\n")


def write_gdelt1_index(root: Path) -> None:
    """GDELT 1.0's ``md5sums`` and ``filesizes``, listing a monthly archive too and one malformed line."""
    archive = root / "events" / EVENTS_V1
    (root / "events" / "md5sums").write_text(f"{_md5(archive)}  {EVENTS_V1}\n{'1' * 32}  200601.zip\n")
    (root / "events" / "filesizes").write_text(
        f"{archive.stat().st_size} {EVENTS_V1}\n1234 200601.zip\nsize?\n"
    )


@pytest.fixture(scope="module")
def archives(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real samples, each zipped alone as GDELT publishes them, built once for the module."""
    root = tmp_path_factory.mktemp("archives")
    for path in ARCHIVES:
        (root / path).parent.mkdir(exist_ok=True)
        with zipfile.ZipFile(root / path, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(Path(path).name.removesuffix(".zip"), _sample(path))
    return root


@pytest.fixture
def mirror(tmp_path: Path, archives: Path) -> Path:
    root = tmp_path / "mirror"
    shutil.copytree(archives, root)
    write_masterfilelist(root)
    write_gdelt1_index(root)
    return root


@pytest.fixture
def server(mirror: Path) -> Iterator[MirrorServer]:
    with serve(mirror) as running:
        yield running


@pytest.fixture
def downloader(server: MirrorServer) -> Iterator[Downloader]:
    with Downloader(server.url, timeout=5, retries=2, backoff=0.01) as opened:
        yield opened


@pytest.fixture
def dest(tmp_path: Path) -> Path:
    return tmp_path / "downloads" / "gdelt2"


def listed(downloader: Downloader, *names: str) -> list[RemoteFile]:
    return [remote for remote in downloader.list_gdelt2(*EVERY_DAY).files if remote.name in names]


@network
def test_list_selects_days_and_tables_and_points_at_the_mirror(
    downloader: Downloader, server: MirrorServer, mirror: Path
) -> None:
    listing = downloader.list_gdelt2(date(2015, 2, 18), date(2015, 2, 18), tables=["events", "gkg"])
    assert [remote.name for remote in listing.files] == [EVENTS, GKG]
    assert [remote.table for remote in listing.files] == ["events", "gkg"]
    assert {remote.day for remote in listing.files} == {date(2015, 2, 18)}
    assert [remote.url for remote in listing.files] == [
        f"{server.url}gdeltv2/{EVENTS}",
        f"{server.url}gdeltv2/{GKG}",
    ]
    on_disk = [mirror / "gdeltv2" / name for name in (EVENTS, GKG)]
    assert [(remote.size, remote.md5) for remote in listing.files] == [
        (p.stat().st_size, _md5(p)) for p in on_disk
    ]
    assert listing.total_bytes == sum(p.stat().st_size for p in on_disk)
    assert listing.skipped_lines == 2


@network
def test_list_days_are_inclusive(downloader: Downloader) -> None:
    assert len(downloader.list_gdelt2(*EVERY_DAY).files) == 4
    last_day = downloader.list_gdelt2(date(2018, 1, 1), date(2018, 1, 1), tables=["events"])
    assert [remote.name for remote in last_day.files] == [EVENTS_2018]
    assert downloader.list_gdelt2(date(2015, 2, 19), date(2017, 12, 31)).files == []


def test_arguments_are_checked_before_any_request() -> None:
    assert Downloader("http://mirror.example/gdelt").mirror == "http://mirror.example/gdelt/"
    with pytest.raises(ValueError, match="http:// or https://"):
        Downloader("/srv/gdelt")
    with Downloader("http://127.0.0.1:9/") as downloader:
        with pytest.raises(ValueError, match="unknown GDELT table gdelt: choose from events, mentions, gkg"):
            downloader.list_gdelt2(*EVERY_DAY, tables=["events", "gdelt"])
        with pytest.raises(ValueError, match="after the end day"):
            downloader.list_gdelt1(date(2016, 7, 29), date(2016, 7, 28))


@network
def test_fetch_downloads_verifies_and_then_fetches_nothing(
    downloader: Downloader, server: MirrorServer, mirror: Path, dest: Path
) -> None:
    listing = downloader.list_gdelt2(*EVERY_DAY)
    progress: list[int] = []
    report = downloader.fetch(listing.files, dest, progress.append)
    names = sorted(remote.name for remote in listing.files)
    assert report.errors == []
    assert report.present == []
    assert report.paths == [dest / name for name in names]
    assert sorted(path.name for path in dest.iterdir()) == names
    assert all(path.read_bytes() == (mirror / "gdeltv2" / path.name).read_bytes() for path in report.paths)
    with zipfile.ZipFile(dest / GKG) as archive:
        assert archive.read("20150218230000.gkg.csv") == _sample(f"gdeltv2/{GKG}")
    assert sum(progress) == listing.total_bytes

    progress.clear()
    again = downloader.fetch(listing.files, dest, progress.append)
    assert again.fetched == []
    assert again.present == report.paths
    assert again.paths == report.paths
    assert all(len(server.gets(f"/gdeltv2/{name}")) == 1 for name in names)
    assert sum(progress) == listing.total_bytes


@network
def test_a_part_file_is_resumed_with_a_range_request(
    downloader: Downloader, server: MirrorServer, mirror: Path, dest: Path
) -> None:
    data = (mirror / "gdeltv2" / EVENTS).read_bytes()
    half = len(data) // 2
    dest.mkdir(parents=True)
    (dest / f"{EVENTS}.part").write_bytes(data[:half])
    progress: list[int] = []
    report = downloader.fetch(listed(downloader, EVENTS), dest, progress.append)
    assert report.errors == []
    assert report.fetched == [dest / EVENTS]
    assert (dest / EVENTS).read_bytes() == data
    assert [request.range for request in server.gets(f"/gdeltv2/{EVENTS}")] == [f"bytes={half}-"]
    assert sum(progress) == len(data)
    assert list(dest.iterdir()) == [dest / EVENTS]


@network
def test_a_connection_dropped_mid_file_is_resumed(
    downloader: Downloader, server: MirrorServer, mirror: Path, dest: Path
) -> None:
    data = (mirror / "gdeltv2" / GKG).read_bytes()
    server.once[f"/gdeltv2/{GKG}"] = [Reply(200, data, "application/zip", cut=100_000)]
    progress: list[int] = []
    report = downloader.fetch(listed(downloader, GKG), dest, progress.append)
    assert report.errors == []
    assert (dest / GKG).read_bytes() == data
    assert [request.range for request in server.gets(f"/gdeltv2/{GKG}")] == [None, "bytes=100000-"]
    assert sum(progress) == len(data)


@network
def test_a_part_that_does_not_verify_is_fetched_again_from_scratch(
    downloader: Downloader, server: MirrorServer, mirror: Path, dest: Path
) -> None:
    data = (mirror / "gdeltv2" / EVENTS).read_bytes()
    dest.mkdir(parents=True)
    (dest / f"{EVENTS}.part").write_bytes(b"\0" * 1000)
    report = downloader.fetch(listed(downloader, EVENTS), dest)
    assert report.errors == []
    assert (dest / EVENTS).read_bytes() == data
    assert [request.range for request in server.gets(f"/gdeltv2/{EVENTS}")] == ["bytes=1000-", None]


@network
def test_a_wrong_md5_is_an_error_and_leaves_nothing_behind(
    downloader: Downloader, server: MirrorServer, mirror: Path, dest: Path
) -> None:
    write_masterfilelist(mirror, md5s={EVENTS: "0" * 32})
    report = downloader.fetch(listed(downloader, EVENTS), dest)
    true_md5 = _md5(mirror / "gdeltv2" / EVENTS)
    assert report.errors == [f"{EVENTS}: MD5 mismatch (expected {'0' * 32}, got {true_md5})"]
    assert report.paths == []
    assert list(dest.iterdir()) == []
    assert len(server.gets(f"/gdeltv2/{EVENTS}")) == 2  # tried again once, from scratch


@network
def test_a_truncated_zip_is_an_error_and_leaves_nothing_behind(
    downloader: Downloader, server: MirrorServer, mirror: Path, dest: Path
) -> None:
    data = (mirror / "gdeltv2" / EVENTS).read_bytes()
    server.always[f"/gdeltv2/{EVENTS}"] = Reply(200, data[:5000], "application/zip")
    report = downloader.fetch(listed(downloader, EVENTS), dest)
    assert report.errors == [f"{EVENTS}: got 5000 bytes, expected {len(data)}"]
    assert report.paths == []
    assert list(dest.iterdir()) == []


@network
def test_a_file_longer_than_listed_is_an_error_and_progress_stops_at_the_listed_size(
    downloader: Downloader, server: MirrorServer, mirror: Path, dest: Path
) -> None:
    data = (mirror / "gdeltv2" / EVENTS).read_bytes()
    server.always[f"/gdeltv2/{EVENTS}"] = Reply(200, data + b"\0" * 1000, "application/zip")
    progress: list[int] = []
    report = downloader.fetch(listed(downloader, EVENTS), dest, progress.append)
    assert report.errors == [f"{EVENTS}: got {len(data) + 1000} bytes, expected {len(data)}"]
    assert sum(progress) == len(data)
    assert list(dest.iterdir()) == []


@network
def test_an_html_page_served_as_the_file_is_an_error(
    downloader: Downloader, server: MirrorServer, mirror: Path, dest: Path
) -> None:
    page = b"<!DOCTYPE html>\n<html><body><h1>Service temporarily unavailable</h1></body></html>\n"
    server.always[f"/gdeltv2/{EVENTS}"] = Reply(200, page, "text/html")
    size = (mirror / "gdeltv2" / EVENTS).stat().st_size
    report = downloader.fetch(listed(downloader, EVENTS), dest)
    assert report.errors == [f"{EVENTS}: got {len(page)} bytes, expected {size} (an HTML page?)"]
    assert list(dest.iterdir()) == []


@network
def test_a_404_fails_that_file_only(downloader: Downloader, mirror: Path, dest: Path) -> None:
    listing = downloader.list_gdelt2(*EVERY_DAY)
    (mirror / "gdeltv2" / MENTIONS).unlink()
    report = downloader.fetch(listing.files, dest)
    assert report.errors == [f"{MENTIONS}: server answered 404 Not Found"]
    assert [path.name for path in report.fetched] == [EVENTS, GKG, EVENTS_2018]


@network
def test_an_unreadable_listing_raises_a_clear_error(
    downloader: Downloader, server: MirrorServer, mirror: Path
) -> None:
    (mirror / "gdeltv2" / "masterfilelist.txt").unlink()
    with pytest.raises(DownloadError) as raised:
        downloader.list_gdelt2(*EVERY_DAY)
    assert str(raised.value) == f"cannot read {server.url}gdeltv2/masterfilelist.txt: 404 Not Found"


@network
def test_an_unreachable_mirror_raises_a_clear_error() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/"
    with (
        Downloader(url, retries=1, backoff=0.01) as downloader,
        pytest.raises(DownloadError, match=rf"^cannot read {url}events/md5sums: cannot connect \("),
    ):
        downloader.list_gdelt1(*EVERY_DAY)


@network
def test_a_503_is_retried(downloader: Downloader, server: MirrorServer, dest: Path) -> None:
    server.once[f"/gdeltv2/{EVENTS}"] = [Reply(503, b"busy")]
    report = downloader.fetch(listed(downloader, EVENTS), dest)
    assert report.errors == []
    assert report.fetched == [dest / EVENTS]
    assert len(server.gets(f"/gdeltv2/{EVENTS}")) == 2


@network
def test_a_lasting_503_is_an_error_after_the_retries(
    downloader: Downloader, server: MirrorServer, dest: Path
) -> None:
    server.always[f"/gdeltv2/{EVENTS}"] = Reply(503, b"busy")
    report = downloader.fetch(listed(downloader, EVENTS), dest)
    assert report.errors == [f"{EVENTS}: server answered 503 Service Unavailable"]
    assert len(server.gets(f"/gdeltv2/{EVENTS}")) == 3  # the first try and retries=2
    assert list(dest.iterdir()) == []


@network
def test_gdelt1_lists_daily_files_from_md5sums_and_filesizes(
    downloader: Downloader, server: MirrorServer, mirror: Path, tmp_path: Path
) -> None:
    listing = downloader.list_gdelt1(date(2016, 7, 1), date(2016, 7, 31))
    archive = mirror / "events" / EVENTS_V1
    assert listing.files == [
        RemoteFile(
            EVENTS_V1,
            f"{server.url}events/{EVENTS_V1}",
            archive.stat().st_size,
            _md5(archive),
            "events",
            date(2016, 7, 28),
        )
    ]
    assert listing.skipped_lines == 1
    assert downloader.list_gdelt1(date(2016, 7, 29), date(2016, 12, 31)).files == []
    report = downloader.fetch(listing.files, tmp_path / "gdelt1")
    assert report.errors == []
    with zipfile.ZipFile(report.paths[0]) as fetched:
        assert fetched.read("20160728.export.CSV") == _sample(f"events/{EVENTS_V1}")


@network
def test_cli_downloads_a_day_and_ingests_it(server: MirrorServer, tmp_path: Path) -> None:
    args = ["ingest", "gdelt", "--from", "2015-02-18", "--to", "2015-02-18", "--mirror", server.url]
    args += ["--data-dir", str(tmp_path / "store"), "--json"]
    first = CliRunner().invoke(app, args)
    assert first.exit_code == 0, first.output
    summary = json.loads(first.stdout)
    assert (summary["files"], summary["rows_read"], summary["rows_stored"]) == (3, 300, 300)
    assert sorted(p.name for p in (tmp_path / "store" / "downloads" / "gdelt2").iterdir()) == [
        EVENTS,
        GKG,
        MENTIONS,
    ]

    again = CliRunner().invoke(app, args)
    assert again.exit_code == 0
    assert json.loads(again.stdout)["files_skipped"] == 3
    assert len(server.gets(f"/gdeltv2/{EVENTS}")) == 1  # verified on disk, not fetched again


@network
def test_cli_reports_a_missing_file_and_ingests_the_rest(server: MirrorServer, tmp_path: Path) -> None:
    (server.root / "gdeltv2" / MENTIONS).unlink()
    args = ["ingest", "gdelt", "--from", "2015-02-18", "--mirror", server.url, "--data-dir", str(tmp_path)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 3
    assert f"{MENTIONS}: server answered 404" in result.stderr
    assert "Traceback" not in result.output


def test_cli_rejects_an_unknown_table(tmp_path: Path) -> None:
    args = [
        "ingest",
        "gdelt",
        "--from",
        "2015-02-18",
        "--tables",
        "events,weather",
        "--data-dir",
        str(tmp_path),
    ]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2
    assert "weather" in result.output
