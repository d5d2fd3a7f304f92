"""Download GDELT files from data.gdeltproject.org or a mirror, only when the user asks for it.

A listing reads GDELT's own index (the 2.0 ``masterfilelist.txt``, the 1.0 ``md5sums`` and ``filesizes``)
and selects files by UTC day and table. ``Downloader.fetch`` then downloads only what is missing: each
file goes to ``NAME.part`` (resumed with a Range request when one is left over), is checked against the
listed size and MD5, and is renamed into place, so a complete file never holds partial data.
"""

from __future__ import annotations

import hashlib
import os
import re
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Self

import urllib3
from urllib3.exceptions import HTTPError, MaxRetryError, NewConnectionError, ProtocolError, ReadTimeoutError
from urllib3.exceptions import TimeoutError as UrllibTimeoutError

from holosec import __version__
from holosec.errors import DownloadError

DEFAULT_MIRROR = "http://data.gdeltproject.org/"
TABLES = ("events", "mentions", "gkg")
_GDELT2_KINDS = {"export.CSV.zip": "events", "mentions.CSV.zip": "mentions", "gkg.csv.zip": "gkg"}
_GDELT2_LINE = re.compile(
    r"(\d+)\s+([0-9a-fA-F]{32})\s+(?:\S*/)?((\d{14})\.(" + "|".join(map(re.escape, _GDELT2_KINDS)) + r"))",
    re.ASCII,
)
_GDELT1_NAME = re.compile(r"(\d{8})\.export\.CSV\.zip", re.ASCII)
_MD5_LINE = re.compile(r"([0-9a-fA-F]{32})\s+(\S+)", re.ASCII)
_SIZE_LINE = re.compile(r"(\d+)\s+(\S+)", re.ASCII)
_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
_CHUNK = 1 << 16
_AGENT = f"holosec/{__version__}"


@dataclass(frozen=True)
class RemoteFile:
    """One GDELT file as its index lists it: ``table`` is 'events', 'mentions' or 'gkg'."""

    name: str
    url: str
    size: int
    md5: str
    table: str
    day: date


@dataclass
class Listing:
    """The files selected from an index, and how many index lines could not be read."""

    files: list[RemoteFile]
    skipped_lines: int

    @property
    def total_bytes(self) -> int:
        """The sum of the listed sizes: the total of a progress bar fed by ``fetch(on_bytes=...)``."""
        return sum(remote.size for remote in self.files)


@dataclass
class FetchReport:
    """What ``fetch`` did: files downloaded, files already present, one line per file that failed."""

    fetched: list[Path]
    present: list[Path]
    errors: list[str]

    @property
    def paths(self) -> list[Path]:
        """Every verified file (fetched or present), sorted by name, ready to ingest.

        >>> FetchReport([Path("b.zip")], [Path("a.zip")], []).paths
        [PosixPath('a.zip'), PosixPath('b.zip')]
        """
        return sorted([*self.fetched, *self.present], key=lambda path: path.name)


class Downloader:
    """Lists and fetches GDELT files from ``mirror`` over one connection pool; nothing happens until asked.

    Connection errors, timeouts and 5xx answers are retried with exponential backoff (``backoff``
    seconds, doubling), ``retries`` times. Example (it downloads, so it is not run here)::

        with Downloader(DEFAULT_MIRROR) as downloader:
            listing = downloader.list_gdelt2(date(2024, 1, 1), date(2024, 1, 1), tables=["events"])
            report = downloader.fetch(listing.files, Path("data/downloads/gdelt2"))
    """

    def __init__(self, mirror: str, *, timeout: float = 60.0, retries: int = 4, backoff: float = 0.5) -> None:
        if not mirror.startswith(("http://", "https://")):
            raise ValueError(f"mirror must be an http:// or https:// URL, not {mirror!r}")
        self.mirror = mirror.rstrip("/") + "/"
        self._retries = retries
        self._backoff = backoff
        retry = urllib3.Retry(
            total=retries, backoff_factor=backoff, status_forcelist=_RETRY_STATUSES, raise_on_status=False
        )
        self._pool = urllib3.PoolManager(retries=retry, timeout=timeout, headers={"User-Agent": _AGENT})

    def close(self) -> None:
        """Close every pooled connection."""
        self._pool.clear()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def list_gdelt2(self, start: date, end: date, tables: Iterable[str] = TABLES) -> Listing:
        """The GDELT 2.0 files of ``tables`` whose UTC day is in [start, end], from ``masterfilelist.txt``.

        URLs point at this downloader's mirror, whatever host the list names. Blank and malformed lines
        are skipped and counted. Raises ``DownloadError`` when the list cannot be read.
        """
        wanted = _check(start, end, tables)
        files: list[RemoteFile] = []
        skipped = 0
        for line in self._lines(f"{self.mirror}gdeltv2/masterfilelist.txt"):
            remote = _parse_gdelt2(line, f"{self.mirror}gdeltv2/")
            if remote is None:
                skipped += 1
            elif start <= remote.day <= end and remote.table in wanted:
                files.append(remote)
        return Listing(sorted(files, key=lambda remote: remote.name), skipped)

    def list_gdelt2_latest(self, tables: Iterable[str] = TABLES) -> list[RemoteFile]:
        """The newest GDELT 2.0 files of ``tables`` (one 15-minute step), from ``lastupdate.txt``; URLs
        point at this downloader's mirror. Raises ``DownloadError`` when the file cannot be read."""
        wanted = frozenset(tables)
        base = f"{self.mirror}gdeltv2/"
        return [
            remote
            for line in self._lines(base + "lastupdate.txt")
            if (remote := _parse_gdelt2(line, base)) is not None and remote.table in wanted
        ]

    def list_gdelt1(self, start: date, end: date) -> Listing:
        """The GDELT 1.0 daily events files of the days in [start, end].

        They are read from the indexes ``events/md5sums`` and ``events/filesizes``. Daily files start on
        2013-04-01; the older monthly and yearly archives are not selected. Lines that cannot be read, and
        daily files found in only one of the two indexes, are counted as skipped.
        """
        _check(start, end, ("events",))
        base = f"{self.mirror}events/"
        md5s, bad_md5s = _index(self._lines(base + "md5sums"), _MD5_LINE)
        sizes, bad_sizes = _index(self._lines(base + "filesizes"), _SIZE_LINE)
        files: list[RemoteFile] = []
        unmatched = 0
        for name, md5 in md5s.items():
            match = _GDELT1_NAME.fullmatch(name)
            day = _day(match.group(1)) if match else None
            if day is None or not start <= day <= end:
                continue
            if name in sizes:
                files.append(RemoteFile(name, base + name, int(sizes[name]), md5.lower(), "events", day))
            else:
                unmatched += 1
        return Listing(sorted(files, key=lambda remote: remote.name), bad_md5s + bad_sizes + unmatched)

    def fetch(
        self, files: Iterable[RemoteFile], dest: Path, on_bytes: Callable[[int], None] | None = None
    ) -> FetchReport:
        """Download into ``dest`` the files not already there with the right size and MD5.

        A failure is one line in ``errors`` naming the file; it does not stop the other files.
        ``on_bytes(n)`` is called as bytes arrive and for bytes already on disk, never beyond a file's
        listed size, so a bar whose total is ``Listing.total_bytes`` ends full when every file succeeds.
        """
        try:
            dest.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DownloadError(f"cannot create {dest}: {exc.strerror or exc}") from exc
        report = FetchReport([], [], [])
        for remote in files:
            reach = _meter(remote.size, on_bytes)
            target = dest / remote.name
            try:
                if target.is_file() and _problem(target, remote) is None:
                    reach(remote.size)
                    report.present.append(target)
                    continue
                self._fetch_one(remote, target, reach)
                report.fetched.append(target)
            except DownloadError as exc:
                report.errors.append(str(exc))
            except OSError as exc:
                report.errors.append(f"{remote.name}: {exc.strerror or exc}")
        return report

    def _fetch_one(self, remote: RemoteFile, target: Path, reach: Callable[[int], None]) -> None:
        """Download (resuming a ``.part``), verify, rename; a file that fails is retried from scratch."""
        part = target.with_name(target.name + ".part")
        problem = ""
        for _ in range(2):
            self._download(remote, part, reach)
            problem = _problem(part, remote) or ""
            if not problem:
                os.replace(part, target)
                return
            part.unlink(missing_ok=True)
        raise DownloadError(f"{remote.name}: {problem}")

    def _download(self, remote: RemoteFile, part: Path, reach: Callable[[int], None]) -> None:
        """Stream into ``part``; a connection lost mid-file is resumed, with backoff, ``retries`` times."""
        for attempt in range(self._retries + 1):
            try:
                self._stream(remote, part, reach)
                return
            except (ProtocolError, ReadTimeoutError) as exc:
                if attempt == self._retries:
                    raise DownloadError(f"{remote.name}: {_reason(exc)}") from exc
                time.sleep(self._backoff * 2**attempt)
            except HTTPError as exc:
                raise DownloadError(f"{remote.name}: {_reason(exc)}") from exc

    def _stream(self, remote: RemoteFile, part: Path, reach: Callable[[int], None]) -> None:
        have = part.stat().st_size if part.exists() else 0
        if have and have >= remote.size:
            return  # complete (or too long): verification decides
        response = self._get(remote.url, {"Range": f"bytes={have}-"} if have else None)
        try:
            resumed = str(response.headers.get("Content-Range", "")).startswith(f"bytes {have}-")
            if have and response.status == 206 and resumed:
                mode, position = "ab", have
            elif response.status == 200:
                mode, position = "wb", 0
            elif response.status in (206, 416):
                part.unlink(missing_ok=True)  # the server cannot resume this part: the retry starts over
                return
            else:
                raise DownloadError(f"{remote.name}: server answered {_status(response)}")
            with part.open(mode) as out:
                for chunk in response.stream(_CHUNK, decode_content=False):
                    out.write(chunk)
                    position += len(chunk)
                    reach(position)
        finally:
            _release(response)

    def _get(self, url: str, headers: dict[str, str] | None = None) -> urllib3.BaseHTTPResponse:
        return self._pool.request("GET", url, headers=headers, preload_content=False, decode_content=False)

    def _lines(self, url: str) -> Iterator[str]:
        """The lines of an index file, streamed; ``DownloadError`` when it cannot be read."""
        try:
            response = self._get(url)
        except HTTPError as exc:
            raise DownloadError(f"cannot read {url}: {_reason(exc)}") from exc
        try:
            if response.status != 200:
                raise DownloadError(f"cannot read {url}: {_status(response)}")
            for raw in response:
                yield raw.decode("utf-8", errors="replace").strip()
        except HTTPError as exc:
            raise DownloadError(f"cannot read {url}: {_reason(exc)}") from exc
        finally:
            _release(response)


def _meter(size: int, on_bytes: Callable[[int], None] | None) -> Callable[[int], None]:
    """``reach(position)`` for one file: tells ``on_bytes`` of new bytes, counting each byte at most once."""
    done = 0

    def reach(position: int) -> None:
        nonlocal done
        if on_bytes is not None and min(position, size) > done:
            on_bytes(min(position, size) - done)
            done = min(position, size)

    return reach


def _check(start: date, end: date, tables: Iterable[str]) -> frozenset[str]:
    wanted = frozenset([tables] if isinstance(tables, str) else tables)
    unknown = sorted(wanted - set(TABLES))
    if unknown:
        raise ValueError(f"unknown GDELT table {', '.join(unknown)}: choose from {', '.join(TABLES)}")
    if start > end:
        raise ValueError(f"the start day {start} is after the end day {end}")
    return wanted


def _day(stamp: str) -> date | None:
    try:
        return date(int(stamp[:4]), int(stamp[4:6]), int(stamp[6:8]))
    except ValueError:
        return None


def _parse_gdelt2(line: str, base: str) -> RemoteFile | None:
    """One ``SIZE MD5 URL`` line of the master file list, or None when it is blank or malformed."""
    match = _GDELT2_LINE.fullmatch(line)
    day = _day(match.group(4)) if match else None
    if match is None or day is None:
        return None
    size, md5, name, _, kind = match.groups()
    return RemoteFile(name, base + name, int(size), md5.lower(), _GDELT2_KINDS[kind], day)


def _index(lines: Iterable[str], pattern: re.Pattern[str]) -> tuple[dict[str, str], int]:
    """``{name: value}`` from ``VALUE NAME`` lines, and the count of lines that do not match."""
    values: dict[str, str] = {}
    bad = 0
    for line in lines:
        match = pattern.fullmatch(line)
        if match:
            values[match.group(2)] = match.group(1)
        else:
            bad += 1
    return values, bad


def _problem(path: Path, remote: RemoteFile) -> str | None:
    """Why ``path`` is not ``remote`` (size first, then MD5), or None when it verifies."""
    size = path.stat().st_size if path.exists() else 0
    if size != remote.size:
        html = size > 0 and _is_html(path)
        return f"got {size} bytes, expected {remote.size}" + (" (an HTML page?)" if html else "")
    digest = hashlib.md5(usedforsecurity=False)
    with path.open("rb") as data:
        while chunk := data.read(1 << 20):
            digest.update(chunk)
    if digest.hexdigest() != remote.md5:
        return f"MD5 mismatch (expected {remote.md5}, got {digest.hexdigest()})"
    return None


def _is_html(path: Path) -> bool:
    with path.open("rb") as data:
        return data.read(512).lstrip().lower().startswith((b"<!doctype", b"<html", b"<head", b"<body"))


def _status(response: urllib3.BaseHTTPResponse) -> str:
    return f"{response.status} {response.reason or ''}".rstrip()


def _reason(exc: HTTPError) -> str:
    """A short reason for a network failure, without urllib3's object reprs."""
    cause = exc.reason if isinstance(exc, MaxRetryError) and exc.reason else exc
    if isinstance(cause, NewConnectionError):
        return f"cannot connect ({cause.__cause__ or cause})"
    return "timed out" if isinstance(cause, UrllibTimeoutError) else str(cause)


def _release(response: urllib3.BaseHTTPResponse) -> None:
    response.drain_conn()
    response.release_conn()
