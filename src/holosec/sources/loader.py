"""The one loader every source uses: a file's rows go straight from DuckDB's CSV reader into a store
table, inside one transaction.

Rows that do not parse are caught by the reader and quarantined with their line number and reason; the
ledger entry is written in the same transaction, so a crash leaves the store as it was before the file.
For every file, rows read = rows stored + rows quarantined, or nothing is kept. A line of any length is
counted: one too long for the reader is quarantined with its number and its start. The numbers of every
source's events follow one rule (docs/event-schema.md): a Goldstein score, tone or coordinate that is not
finite or lies outside its range is stored as NULL and its row flagged.

The loader only loads: what is derived from the rows (their tags) is the ingest step's work
(:mod:`holosec.ingest`), which it hands in as ``on_stored`` to run inside the same transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from itertools import islice
from pathlib import Path
from typing import Literal, TypeVar

import duckdb

from holosec.errors import InputError
from holosec.settings import Settings, get_settings
from holosec.sources.inputs import (
    ArchiveLimits,
    LongLine,
    PlainInput,
    blank_lines,
    count_records,
    line_start,
    long_lines,
    prepared,
    with_lines_replaced,
)
from holosec.sources.layout import Layout, literal
from holosec.sources.records import Rejected, empty_required, record_lines
from holosec.store import Store
from holosec.store.fingerprint import fingerprint

T = TypeVar("T")

Status = Literal["stored", "skipped", "failed"]
Chooser = Callable[[bytes, Path], Layout]
Stored = Callable[[Store, str, int], None]
"""Work on the rows of a file just stored, ``(store, table, file_id)``, inside the file's transaction."""
# DuckDB sizes its read buffers from the longest line allowed: 8 MiB lines (GKG records reach a few
# hundred KiB) with 32 MiB buffers keep a 5M-row ingest within the default memory limit.
MAX_LINE_BYTES = 1 << 23
BUFFER_BYTES = 1 << 25
_NEVER = "\\N holosec: no source field holds this \\N"
_COLUMN_COUNT_ERRORS = "('MISSING COLUMNS', 'TOO MANY COLUMNS')"
# The one rule for the numbers of every source's events (docs/event-schema.md): a value that is not a finite
# number inside its range is stored as NULL and its row flagged; the event itself is kept. A flag's columns
# go together: one bad coordinate nulls both.
_RANGES = {"goldstein": (-10, 10), "tone": (-100, 100), "lat": (-90, 90), "lon": (-180, 180)}
_NUMBER_FLAGS = {"bad_goldstein": ("goldstein",), "bad_tone": ("tone",), "bad_coordinates": ("lat", "lon")}
# How much of an over-long line the quarantine keeps (DuckDB's reader keeps as much of the lines it rejects).
RAW_KEEP = 10_000
_TOO_LONG = f"line longer than {MAX_LINE_BYTES} bytes"
# What stands in for an over-long line when the file is read again: one field, so every layout rejects it.
_STAND_IN = b"holosec: line too long to read"
# HDX adds a row of HXL hashtags (#date, #country+code ...) under the header of the files it republishes.
_HXL_REASON = "HXL hashtag row (column tags HDX adds under the header): not a record"


@dataclass
class FileReport:
    """What happened to one input file."""

    path: str
    status: Status
    layout: str | None = None
    rows_read: int = 0
    rows_stored: int = 0
    rows_quarantined: int = 0
    rows_replaced: int = 0
    error: str | None = None
    first_problem: str | None = None


def _read_csv(path: Path, layout: Layout, rejects: str) -> str:
    """The reader of one layout: typed columns must parse (empty fails too), text columns are NULL when empty.

    Empty fields are read as '' (the NULL string is set to something no source holds), because DuckDB's
    ``force_not_null`` follows projected column positions and would mark the wrong columns.
    """
    columns = "{" + ", ".join(f"{literal(n)}: {literal(t)}" for n, t in layout.columns) + "}"
    dialect = layout.dialect
    fields = ", ".join(
        f'"{name}"' if kind != "VARCHAR" else f'NULLIF("{name}", \'\') AS "{name}"'
        for name, kind in layout.columns
    )
    where = " AND ".join(f"\"{name}\" <> ''" for name in layout.required)
    return (
        f"(SELECT {fields} FROM read_csv({literal(path.as_posix())}, columns = {columns}, "
        f"delim = {literal(dialect.delim)}, quote = {literal(dialect.quote)}, "
        f"escape = {literal(dialect.escape)}, header = {str(dialect.header).lower()}, auto_detect = false, "
        f"nullstr = {literal(_NEVER)}, dateformat = {literal(dialect.dateformat)}, "
        f"timestampformat = {literal(dialect.timestampformat)}, max_line_size = {MAX_LINE_BYTES}, "
        f"buffer_size = {BUFFER_BYTES}, "
        f"store_rejects = true, rejects_table = '{rejects}', rejects_scan = '{rejects}_scan')"
        f"{f' WHERE {where}' if where else ''})"
    )


def _insert(store: Store, plain: PlainInput, layout: Layout, file_id: int, rejects: str) -> int:
    read = _read_csv(plain.plain, layout, rejects)
    sql = f"INSERT INTO {layout.table} BY NAME " + layout.sql(
        file_id=file_id, source_file=plain.original.name, read=read
    )
    row = store.execute(sql).fetchone()
    return int(row[0]) if row else 0


def _rejected(store: Store, rejects: str, layout: Layout, into: str) -> None:
    """Collapse the reader's reject rows (one per error) into one row per line with a plain reason."""
    width = layout.width
    ncols = f"length(raw) - length(replace(raw, {literal(layout.dialect.delim)}, '')) + 1"
    tagged = "list_filter(string_split(raw, {}), lambda f: trim(f, ' \"') NOT SIMILAR TO '(#.*)?')"
    hxl = f"contains(raw, '#') AND len({tagged.format(literal(layout.dialect.delim))}) = 0"
    store.execute(f"""
        CREATE OR REPLACE TEMP TABLE {into} AS
        WITH per_line AS (
            SELECT line, trim(any_value(csv_line), chr(13) || chr(10)) AS raw,  -- no CR/LF left by CRLF files
                   bool_or(error_type IN {_COLUMN_COUNT_ERRORS}) AS bad_width,
                   bool_or(error_type = 'INVALID ENCODING') AS bad_encoding,
                   bool_or(error_type = 'LINE SIZE OVER MAXIMUM') AS too_long,
                   string_agg(DISTINCT error_message, '; ' ORDER BY error_message) AS messages
            FROM {rejects} GROUP BY line
        )
        SELECT line, raw, {ncols} AS ncols,
               CASE WHEN {str(layout.dialect.header).lower()} AND {hxl} THEN {literal(_HXL_REASON)}
                    WHEN bad_encoding THEN 'not valid UTF-8 text'
                    WHEN too_long THEN '{_TOO_LONG} (raw_line keeps its start)'
                    WHEN bad_width THEN format('wrong column count: {{}} (expected {width})', {ncols})
                    ELSE messages END AS reason
        FROM per_line
    """)
    store.execute(f"DROP TABLE IF EXISTS {rejects}")
    store.execute(f"DROP TABLE IF EXISTS {rejects}_scan")


def _quarantine_rejects(store: Store, plain: PlainInput, layout: Layout, file_id: int) -> int:
    """Insert the rows of the layout, then those of its alternate (GDELT 1.0); quarantine the rest."""
    stored = _insert(store, plain, layout, file_id, "holosec_rej1")
    _rejected(store, "holosec_rej1", layout, "holosec_q1")
    final = "holosec_q1"
    alternate = layout.alternate
    if alternate and store.scalar("SELECT count(*) FROM holosec_q1 WHERE ncols = ?", [alternate.width]):
        stored += _insert(store, plain, alternate, file_id, "holosec_rej2")
        _rejected(store, "holosec_rej2", alternate, "holosec_q2")
        store.execute(f"""
            CREATE OR REPLACE TEMP TABLE holosec_q AS
            SELECT q1.line, q1.raw,
                   CASE WHEN q1.ncols = {alternate.width} THEN q2.reason ELSE q1.reason END AS reason
            FROM holosec_q1 q1 JOIN holosec_q2 q2 USING (line)
        """)
        final = "holosec_q"
    if layout.dialect.quote:
        _to_physical_lines(store, plain, layout, final)
    store.execute(
        f"INSERT INTO quarantine SELECT ?, ?, line, raw, reason FROM {final}", [file_id, plain.original.name]
    )
    return stored


def _to_physical_lines(store: Store, plain: PlainInput, layout: Layout, table: str) -> None:
    """DuckDB numbers the records of quoted files, not their lines: where quoted fields hold line
    breaks, turn each record number into the line the record starts on."""
    records = {int(row[0]) for row in store.execute(f"SELECT line FROM {table}").fetchall()}
    if not records:
        return
    lines = record_lines(plain.plain, layout.dialect.delim, layout.dialect.quote, records)
    store.execute(
        f"UPDATE {table} SET line = m.physical FROM "
        "(SELECT unnest($1::BIGINT[]) AS record, unnest($2::BIGINT[]) AS physical) AS m "
        f"WHERE {table}.line = m.record",
        [list(lines), list(lines.values())],
    )


def _listed_lines(store: Store, file_id: int) -> set[int]:
    """The lines of the file already in quarantine."""
    return {
        row[0]
        for row in store.execute("SELECT line_no FROM quarantine WHERE file_id = ?", [file_id]).fetchall()
    }


def _quarantine_found(
    store: Store, plain: PlainInput, file_id: int, found: list[tuple[int, str, str]]
) -> None:
    """Put the (line, raw line, reason) rows the reader passed over silently into quarantine."""
    if found:
        rows = [(file_id, plain.original.name, *row) for row in found]
        store.execute("CREATE OR REPLACE TEMP TABLE holosec_found AS SELECT * FROM quarantine LIMIT 0")
        store.executemany("INSERT INTO holosec_found VALUES (?, ?, ?, ?, ?)", rows)
        store.execute("INSERT INTO quarantine SELECT * FROM holosec_found")


def _quarantine_blank_lines(store: Store, plain: PlainInput, file_id: int) -> None:
    """The CSV reader skips blank lines silently; find them and quarantine them so every line is counted."""
    listed = _listed_lines(store, file_id)
    blanks = [(n, "", "blank line") for n in blank_lines(plain.plain) if n not in listed]
    _quarantine_found(store, plain, file_id, blanks)


def _quarantine_empty_required(store: Store, plain: PlainInput, layout: Layout, file_id: int) -> None:
    """The reader skips rows whose ``required`` text columns are empty; find them and quarantine them."""
    found = empty_required(plain.plain, layout, _listed_lines(store, file_id))
    _quarantine_found(store, plain, file_id, found)


def _bad(columns: tuple[str, ...]) -> str:
    return " OR ".join(
        f"NOT coalesce({column} BETWEEN {low} AND {high}, true)"
        for column in columns
        for low, high in [_RANGES[column]]
    )


def _check_numbers(store: Store, layout: Layout, file_id: int) -> None:
    """Null the non-finite and out-of-range numbers of the events a file stored and flag their rows, in one
    statement over the file's rows (NaN and infinities fall outside every range)."""
    if layout.table != "events":
        return
    nulled = ", ".join(
        f"{column} = CASE WHEN {_bad(columns)} THEN NULL ELSE {column} END"
        for columns in _NUMBER_FLAGS.values()
        for column in columns
    )
    flags = ", ".join(
        f"CASE WHEN {_bad(columns)} THEN '{flag}' END" for flag, columns in _NUMBER_FLAGS.items()
    )
    kept = "coalesce(quality, [])"
    store.execute(
        f"UPDATE events SET {nulled}, quality = list_concat({kept}, list_filter([{flags}], "
        f"lambda flag: flag IS NOT NULL AND NOT list_contains({kept}, flag))) "
        f"WHERE file_id = ? AND ({' OR '.join(_bad(columns) for columns in _NUMBER_FLAGS.values())})",
        [file_id],
    )


def _deduplicate(store: Store, layout: Layout, file_id: int) -> int:
    """Keep one row per key: the file's last copy, replacing earlier copies (in this file or stored before).

    Returns how many rows were replaced."""
    table, key, prune = layout.table, layout.key, layout.prune
    rows, keys = store.execute(
        f"SELECT count(*), count(DISTINCT {key}) FROM {table} WHERE file_id = ?", [file_id]
    ).fetchone() or (0, 0)
    replaced = int(rows) - int(keys)
    if replaced:
        store.execute(
            f"DELETE FROM {table} WHERE file_id = $1 AND rowid NOT IN "
            f"(SELECT max(rowid) FROM {table} WHERE file_id = $1 GROUP BY {key})",
            [file_id],
        )
    low, high = store.execute(
        f"SELECT min({prune}), max({prune}) FROM {table} WHERE file_id = ?", [file_id]
    ).fetchone() or (None, None)
    if low is None:
        return replaced
    row = store.execute(
        f"DELETE FROM {table} WHERE file_id <> $1 AND source = $2 AND {prune} BETWEEN $3 AND $4 "
        f"AND {key} IN (SELECT {key} FROM {table} WHERE file_id = $1)",
        [file_id, layout.source, low, high],
    ).fetchone()
    return replaced + (int(row[0]) if row else 0)


def _rows_in(plain: PlainInput, layout: Layout) -> int:
    """The rows of a file, counted apart from the reader: lines, or records where quoted fields may hold
    line breaks; a header line is not a row."""
    dialect = layout.dialect
    rows = count_records(plain.plain, dialect.delim, dialect.quote) if dialect.quote else plain.lines
    return rows - dialect.header


class _Oversized(Exception):
    """The reader lost lines too long for its buffers: read the file again without them."""

    def __init__(self, lines: list[LongLine]) -> None:
        super().__init__(f"{len(lines)} lines longer than {MAX_LINE_BYTES} bytes")
        self.lines = lines


def _restate(store: Store, file_id: int, lines: Sequence[tuple[int, str, str]]) -> None:
    """Give quarantined lines (line, raw, reason) the raw text and reason known better than the reader's."""
    if lines:
        store.execute(
            "UPDATE quarantine SET raw_line = m.raw, reason = m.reason FROM (SELECT unnest($2::BIGINT[]) "
            "AS line, unnest($3::VARCHAR[]) AS raw, unnest($4::VARCHAR[]) AS reason) AS m "
            "WHERE quarantine.file_id = $1 AND quarantine.line_no = m.line",
            [file_id, *(list(column) for column in zip(*lines, strict=True))],
        )


def _ingest(
    store: Store,
    plain: PlainInput,
    layout: Layout,
    file_id: int,
    on_stored: Stored | None,
    oversized: Sequence[tuple[int, str, str]] = (),
) -> FileReport:
    read = _rows_in(plain, layout)
    stored = _quarantine_rejects(store, plain, layout, file_id)
    _restate(store, file_id, oversized)
    count = "SELECT count(*) FROM quarantine WHERE file_id = ?"
    if read > stored + int(store.scalar(count, [file_id])):
        _quarantine_blank_lines(store, plain, file_id)
        if layout.required and read > stored + int(store.scalar(count, [file_id])):
            _quarantine_empty_required(store, plain, layout, file_id)
    quarantined = int(store.scalar(count, [file_id]))
    if read > stored + quarantined and not oversized and (lost := long_lines(plain.plain, MAX_LINE_BYTES)):
        raise _Oversized(lost)
    if read != stored + quarantined:
        raise InputError(
            plain.original,
            f"{read} rows read but {stored} stored and {quarantined} quarantined; nothing was kept",
        )
    _check_numbers(store, layout, file_id)
    replaced = _deduplicate(store, layout, file_id)
    if on_stored is not None:
        on_stored(store, layout.table, file_id)
    first = store.execute(
        "SELECT line_no, reason FROM quarantine WHERE file_id = ? ORDER BY line_no LIMIT 1", [file_id]
    ).fetchone()
    store.finish_file(
        file_id,
        layout=layout.name,
        read=read,
        stored=stored,
        quarantined=quarantined,
        replaced=replaced,
    )
    return FileReport(
        str(plain.original),
        "stored",
        layout.name,
        read,
        stored,
        quarantined,
        replaced,
        first_problem=f"line {first[0]}: {first[1]}" if first else None,
    )


def _ingest_without(
    store: Store,
    plain: PlainInput,
    layout: Layout,
    file_id: int,
    on_stored: Stored | None,
    lines: list[LongLine],
    workdir: Path,
) -> FileReport:
    """Ingest a file again with its over-long lines replaced by a stand-in the reader rejects at the same
    line number; the quarantine keeps the start of each (at most ``RAW_KEEP`` bytes) and its size."""
    known = [
        (
            line.number,
            line_start(plain.plain, line, RAW_KEEP).decode("utf-8", errors="replace"),
            f"{_TOO_LONG} ({line.size:,} bytes; raw_line keeps its first {RAW_KEEP:,})",
        )
        for line in lines
    ]
    workdir.mkdir(parents=True, exist_ok=True)
    copy = workdir / f"{plain.sha256[:16]}.{plain.original.name}.readable"
    try:
        readable = replace(plain, plain=with_lines_replaced(plain.plain, copy, lines, _STAND_IN))
        with store.transaction():
            return _ingest(store, readable, layout, file_id, on_stored, known)
    finally:
        copy.unlink(missing_ok=True)


def archive_limits(settings: Settings | None = None) -> ArchiveLimits:
    """How far an input archive may unpack, from the settings (default: read now).

    >>> archive_limits(Settings(max_unpacked_bytes=10**9, max_unpack_ratio=50)).max_ratio
    50.0
    """
    chosen = settings if settings is not None else get_settings()
    return ArchiveLimits(chosen.max_unpacked_bytes, chosen.max_unpack_ratio)


def load_file(
    store: Store,
    path: Path,
    *,
    workdir: Path,
    choose: Chooser,
    limits: ArchiveLimits | None = None,
    on_stored: Stored | None = None,
) -> FileReport:
    """Ingest one file (plain, zip or gzip); never raises for bad input, reports it instead.

    A file the ledger lists as complete (same path, size and modification time, or same SHA-256) is
    skipped before it is unpacked. ``choose(sample, path)`` names the file's layout from its first bytes,
    or raises :class:`InputError` when it is not a file of the source. An archive that would unpack past
    ``limits`` (default: :func:`archive_limits` of the settings) is refused and reported failed.
    ``on_stored(store, table, file_id)`` runs on the stored rows before the transaction commits.
    """

    def write(plain: PlainInput, chosen: Layout, file_id: int) -> FileReport:
        try:
            with store.transaction():
                return _ingest(store, plain, chosen, file_id, on_stored)
        except _Oversized as lost:
            return _ingest_without(store, plain, chosen, file_id, on_stored, lost.lines, workdir)

    def layout_of(plain: PlainInput) -> Layout:
        return choose(plain.sample, path)

    return through_ledger(store, path, workdir=workdir, limits=limits, choose=layout_of, write=write)


def through_ledger(
    store: Store,
    path: Path,
    *,
    workdir: Path,
    choose: Callable[[PlainInput], T],
    write: Callable[[PlainInput, T, int], FileReport],
    limits: ArchiveLimits | None = None,
    failed: str = "could not be read",
) -> FileReport:
    """One input file through the ledger: skipped when the ledger lists it as complete (same path, size
    and modification time, or same SHA-256); else unpacked (within ``limits``), ``choose(plain)`` names
    how to read it, the file is entered in the ledger, and ``write(plain, chosen, file_id)`` stores it.
    A bad file or a failed write is recorded (``failed``: how a database error is worded) and reported as
    a failed :class:`FileReport`; nothing raises for bad input."""
    try:
        if path.is_file() and (done := store.completed_file_at(path.resolve(), path.stat())):
            return FileReport(str(path), "skipped", done.layout)
        found = fingerprint(path)
        if done := store.completed_file(found.sha256):
            return FileReport(str(path), "skipped", done.layout)
        limits = limits or (archive_limits() if found.archive else None)
        with prepared(found, workdir, limits) as plain:
            chosen = choose(plain)
            file_id = store.start_file(path.name, path.resolve(), found)
            try:
                return write(plain, chosen, file_id)
            except (duckdb.Error, InputError) as exc:
                reason = exc.reason if isinstance(exc, InputError) else str(exc).splitlines()[0]
                message = reason if isinstance(exc, InputError) else f"{failed}: {reason}"
                store.fail_file(file_id, message)
                raise InputError(path, message) from exc
    except InputError as exc:
        return FileReport(str(path), "failed", error=str(exc))


def batches(records: Iterator[T], size: int) -> Iterator[list[T]]:
    """``records`` in lists of ``size`` (the last one shorter), for files read row by row."""
    while batch := list(islice(records, size)):
        yield batch


def quarantine_rejected(store: Store, rejected: Sequence[Rejected], file_id: int, name: str) -> None:
    """Store the rows a row-by-row reader could not read in ``quarantine``, each with its line and why."""
    if rejected:
        store.executemany(
            "INSERT INTO quarantine VALUES (?, ?, ?, ?, ?)",
            [(file_id, name, r.line, r.raw, r.reason) for r in rejected],
        )
