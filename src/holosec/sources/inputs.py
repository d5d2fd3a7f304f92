"""Input files as holosec meets them: plain, ``.zip`` (as GDELT publishes) or gzip, alone or in folders.

:func:`prepared` takes an input the store has fingerprinted (:mod:`holosec.store.fingerprint`: hashed for
the ledger, lines counted) and, for archives, unpacks the one file inside to a work folder, so the reader
always sees one plain file. An archive may unpack to no more
than :class:`ArchiveLimits` allow (a size, and a ratio to its own size): the bytes are counted as they come
out, whatever the archive's header claims, and a zip bomb is refused with one line before it fills the disk.
"""

from __future__ import annotations

import csv
import gzip
import sys
import zipfile
import zlib
from collections.abc import Collection, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from holosec.errors import InputError
from holosec.store.fingerprint import ZIP_MAGIC, Fingerprint, Reader, scan

DATA_SUFFIXES = {".csv", ".tsv", ".txt", ".tab", ".zip", ".gz"}


@dataclass(frozen=True)
class PlainInput:
    """A prepared input: the plain file to read and what is known of it."""

    original: Path
    plain: Path
    sha256: str
    size: int
    lines: int
    sample: bytes


@dataclass(frozen=True)
class ArchiveLimits:
    """How far one archive may unpack: at most ``max_bytes``, and at most ``max_ratio`` times its own size
    once past ``floor`` bytes (small files compress unevenly). Real GDELT, ICEWS and UCDP archives unpack
    to 4 to 15 times their size; deflate reaches 1,000 on zeros.

    >>> ArchiveLimits(max_bytes=10**9, max_ratio=100).allowed(1_400_000)
    140000000
    >>> ArchiveLimits(max_bytes=10**9, max_ratio=100).allowed(1_000)
    16777216
    >>> ArchiveLimits(max_bytes=10**9, max_ratio=100).refusal(1_400_000)
    'refused: unpacks to more than 140,000,000 bytes, over 100 times its own size (HOLOSEC_MAX_UNPACK_RATIO)'
    """

    max_bytes: int = 4 * 2**30
    max_ratio: float = 100.0
    floor: int = 16 * 2**20

    def allowed(self, packed: int) -> int:
        """The most bytes an archive of ``packed`` bytes may unpack to."""
        return min(self.max_bytes, max(self.floor, int(packed * self.max_ratio)))

    def refusal(self, packed: int) -> str:
        """The one line saying why an archive of ``packed`` bytes was refused."""
        allowed = self.allowed(packed)
        if allowed == self.max_bytes:
            return f"refused: unpacks to more than {allowed:,} bytes (HOLOSEC_MAX_UNPACKED_BYTES)"
        return (
            f"refused: unpacks to more than {allowed:,} bytes, over {self.max_ratio:g} times its own "
            "size (HOLOSEC_MAX_UNPACK_RATIO)"
        )


class _Capped:
    """A stream that refuses (:class:`InputError`) to give more than ``cap`` bytes in all."""

    def __init__(self, stream: Reader, cap: int, path: Path, refusal: str) -> None:
        self._stream, self._cap, self._path, self._refusal = stream, cap, path, refusal
        self.given = 0

    def read(self, size: int = -1, /) -> bytes:
        chunk = self._stream.read(size)
        self.given += len(chunk)
        if self.given > self._cap:
            raise InputError(self._path, self._refusal)
        return chunk


def expand(paths: Iterable[Path], suffixes: Collection[str] = DATA_SUFFIXES) -> list[Path]:
    """Files named, and data files found (recursively, sorted; by ``suffixes``) in folders named.

    >>> expand([])
    []
    """
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(
                p
                for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in suffixes and not p.name.startswith(".")
            )
        else:
            found.append(path)
    return found


def _unzip(path: Path, target: Path, limits: ArchiveLimits) -> tuple[int, bytes]:
    packed = path.stat().st_size
    try:
        with zipfile.ZipFile(path) as archive:
            members = [m for m in archive.infolist() if not m.is_dir()]
            if len(members) != 1:
                names = ", ".join(m.filename for m in members[:5]) or "nothing"
                raise InputError(path, f"zip holds {len(members)} files ({names}); expected exactly one")
            if members[0].file_size > limits.allowed(packed):  # what it claims; what it gives is counted
                raise InputError(path, limits.refusal(packed))
            with archive.open(members[0]) as inner, target.open("wb") as sink:
                return scan(_Capped(inner, limits.allowed(packed), path, limits.refusal(packed)), sink)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as exc:
        # NotImplementedError: a compression method Python lacks; RuntimeError: an encrypted member
        raise InputError(path, f"broken or cut-off zip archive ({exc})") from exc


def _gunzip(path: Path, target: Path, limits: ArchiveLimits) -> tuple[int, bytes]:
    packed = path.stat().st_size
    try:
        with gzip.GzipFile(path, "rb") as inner, target.open("wb") as sink:
            return scan(_Capped(inner, limits.allowed(packed), path, limits.refusal(packed)), sink)
    except (gzip.BadGzipFile, zlib.error, EOFError) as exc:
        raise InputError(path, f"broken or cut-off gzip file ({exc})") from exc


@contextmanager
def prepared(found: Fingerprint, workdir: Path, limits: ArchiveLimits | None = None) -> Iterator[PlainInput]:
    """The plain file behind a fingerprinted input: the file itself, or the one file inside an archive
    unpacked into ``workdir`` (and removed afterwards). Raises :class:`InputError` for a broken archive,
    or one that unpacks to more than ``limits`` (default: :class:`ArchiveLimits`) allow.
    """
    path = found.path
    if not found.archive:
        yield PlainInput(path, path, found.sha256, found.size, found.lines, found.sample)
        return
    with path.open("rb") as stream:
        unpack = _unzip if stream.read(4).startswith(ZIP_MAGIC) else _gunzip
    workdir.mkdir(parents=True, exist_ok=True)
    target = workdir / f"{found.sha256[:16]}.{path.name}.plain"
    try:
        lines, sample = unpack(path, target, limits or ArchiveLimits())
        if lines == 0:
            raise InputError(path, "archive holds an empty file: no rows")
        yield PlainInput(path, target, found.sha256, found.size, lines, sample)
    finally:
        target.unlink(missing_ok=True)


def blank_lines(path: Path) -> list[int]:
    """Numbers (from 1) of the lines of a plain file that hold nothing but white space."""
    found = []
    with path.open("rb") as stream:
        for number, line in enumerate(stream, start=1):
            if not line.strip():
                found.append(number)
    return found


@contextmanager
def unlimited_fields() -> Iterator[None]:
    """Let Python's CSV reader take fields of any size while the block runs (its default limit, 128 KiB,
    raises on a long quoted field, where DuckDB's reader quarantines the line).

    >>> with unlimited_fields():
    ...     csv.field_size_limit() == sys.maxsize
    True
    """
    before = csv.field_size_limit(sys.maxsize)
    try:
        yield
    finally:
        csv.field_size_limit(before)


def count_records(path: Path, delim: str, quote: str) -> int:
    """Records of a delimited file whose quoted fields may hold line breaks (blank lines count as records).

    >>> import tempfile
    >>> sample = Path(tempfile.mkdtemp()) / "x.csv"
    >>> _ = sample.write_text('a,"b\\nc"\\nd,e\\n')
    >>> count_records(sample, ",", '"')
    2
    """
    with unlimited_fields(), path.open(newline="", encoding="utf-8", errors="replace") as stream:
        return sum(1 for _ in csv.reader(stream, delimiter=delim, quotechar=quote))


@dataclass(frozen=True)
class LongLine:
    """A line of a plain file: its number (from 1) and the byte offsets of its start and of its end (its
    newline, or the end of the file)."""

    number: int
    start: int
    end: int

    @property
    def size(self) -> int:
        """Its length in bytes, without the newline."""
        return self.end - self.start


_SCAN_BYTES = 1 << 22


def long_lines(path: Path, limit: int) -> list[LongLine]:
    """The lines of a plain file longer than ``limit`` bytes (at least 4 MiB), in one streaming pass that
    holds one 4 MiB block at a time whatever the lines' size: a line longer than a block starts in one
    block and ends in a later one, so only the first and last newline of each block need looking at.

    >>> import tempfile
    >>> sample = Path(tempfile.mkdtemp()) / "x.csv"
    >>> _ = sample.write_bytes(b"a\\n" + b"x" * (5 << 20) + b"\\nb\\n")
    >>> long_lines(sample, 4 << 20)
    [LongLine(number=2, start=2, end=5242882)]
    """
    if limit < _SCAN_BYTES:
        raise ValueError(f"limit must be at least {_SCAN_BYTES} bytes, not {limit}")
    found: list[LongLine] = []
    number, start, offset = 1, 0, 0
    with path.open("rb") as stream:
        while chunk := stream.read(_SCAN_BYTES):
            first = chunk.find(b"\n")
            if first >= 0:
                if offset + first - start > limit:
                    found.append(LongLine(number, start, offset + first))
                number += chunk.count(b"\n")
                start = offset + chunk.rfind(b"\n") + 1
            offset += len(chunk)
    if offset - start > limit:
        found.append(LongLine(number, start, offset))
    return found


def line_start(path: Path, line: LongLine, size: int) -> bytes:
    """The first ``size`` bytes of a line (at most the whole line)."""
    with path.open("rb") as stream:
        stream.seek(line.start)
        return stream.read(min(size, line.size))


def with_lines_replaced(path: Path, target: Path, lines: list[LongLine], placeholder: bytes) -> Path:
    """Copy a plain file to ``target`` with each of ``lines`` (in file order) replaced by ``placeholder``,
    streaming: every other byte, and every line number, is kept."""
    with path.open("rb") as source, target.open("wb") as sink:
        for line in lines:
            _copy(source, sink, line.start - source.tell())
            sink.write(placeholder)
            source.seek(line.end)
        _copy(source, sink, -1)
    return target


def _copy(source: Reader, sink: IO[bytes], count: int) -> None:
    """Copy ``count`` bytes (all that is left when negative) in blocks."""
    while count != 0:
        chunk = source.read(_SCAN_BYTES if count < 0 else min(_SCAN_BYTES, count))
        if not chunk:
            return
        sink.write(chunk)
        count -= len(chunk) if count > 0 else 0
