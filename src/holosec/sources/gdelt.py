"""Load GDELT files (events 1.0/2.0, mentions, GKG 1.0/2.1) into the store.

Each file is read by DuckDB's CSV reader straight into its store table, inside one transaction: rows
that do not parse are caught by the reader and quarantined with their line number and reason, the ledger
entry is written in the same transaction, and a crash leaves the store as it was before the file.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import duckdb

from holosec.errors import InputError
from holosec.sources.gdelt_layouts import BY_WIDTH, GDELT_LICENCE, LAYOUTS, Layout
from holosec.sources.inputs import PlainInput, blank_lines, fingerprint, prepared
from holosec.store import Store

Status = Literal["stored", "skipped", "failed"]
# DuckDB sizes its read buffers from the longest line allowed: 8 MiB lines (GKG records reach a few
# hundred KiB) with 32 MiB buffers keep a 5M-row ingest within the default memory limit.
MAX_LINE_BYTES = 1 << 23
BUFFER_BYTES = 1 << 25
_SNIFF_LINES = 50
_NEVER = "\\N holosec: no GDELT field holds this \\N"
_COLUMN_COUNT_ERRORS = "('MISSING COLUMNS', 'TOO MANY COLUMNS')"


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


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def sniff(sample: bytes, path: Path) -> Layout:
    """The layout of a file, from the column count most of its first lines have.

    >>> sniff(b"1\\t2\\n", Path("x.csv"))
    Traceback (most recent call last):
    ...
    holosec.errors.InputError: x.csv: not a GDELT file: its lines have 2 tab-separated columns; \
GDELT files have 11, 15, 16, 27, 57, 58 or 61
    """
    text = sample.decode("utf-8", errors="replace")
    head = text.lstrip().lower()
    if head.startswith(("<!doctype", "<html", "<?xml", "<head", "<body")):
        raise InputError(path, "not a GDELT file: it is an HTML or XML page (an error page saved as data?)")
    lines = text.split("\n")
    if len(lines) > 1:
        lines = lines[:-1]  # the sample may end inside a line
    widths = Counter(line.count("\t") + 1 for line in lines[:_SNIFF_LINES] if line.strip())
    if not widths:
        raise InputError(path, "no data: the file holds only blank lines")
    width = widths.most_common(1)[0][0]
    if width not in BY_WIDTH:
        known = ", ".join(str(w) for w in sorted(BY_WIDTH))
        known = known[: known.rfind(",")] + " or" + known[known.rfind(",") + 1 :]
        raise InputError(
            path, f"not a GDELT file: its lines have {width} tab-separated columns; GDELT files have {known}"
        )
    return BY_WIDTH[width]


def _read_csv(path: Path, layout: Layout, rejects: str) -> str:
    """The reader of one layout: typed columns must parse (empty fails too), text columns are NULL when empty.

    Empty fields are read as '' (the NULL string is set to something GDELT never holds), because DuckDB's
    ``force_not_null`` follows projected column positions and would mark the wrong columns.
    """
    columns = "{" + ", ".join(f"{_literal(n)}: {_literal(t)}" for n, t in layout.columns) + "}"
    fields = ", ".join(
        f'"{name}"' if kind != "VARCHAR" else f'NULLIF("{name}", \'\') AS "{name}"'
        for name, kind in layout.columns
    )
    return (
        f"(SELECT {fields} FROM read_csv({_literal(path.as_posix())}, columns = {columns}, delim = '\\t', "
        f"quote = '', escape = '', header = false, auto_detect = false, nullstr = {_literal(_NEVER)}, "
        f"dateformat = '%Y%m%d', timestampformat = '%Y%m%d%H%M%S', max_line_size = {MAX_LINE_BYTES}, "
        f"buffer_size = {BUFFER_BYTES}, "
        f"store_rejects = true, rejects_table = '{rejects}', rejects_scan = '{rejects}_scan'))"
    )


def _insert(store: Store, plain: PlainInput, layout: Layout, file_id: int, rejects: str) -> int:
    sql = f"INSERT INTO {layout.table} " + layout.select.format(
        source=layout.source,
        file_id=file_id,
        source_file=_literal(plain.original.name),
        licence=_literal(GDELT_LICENCE),
        read=_read_csv(plain.plain, layout, rejects),
    )
    row = store.execute(sql).fetchone()
    return int(row[0]) if row else 0


def _rejected(store: Store, rejects: str, width: int, into: str) -> None:
    """Collapse the reader's reject rows (one per error) into one row per line with a plain reason."""
    ncols = "length(raw) - length(replace(raw, chr(9), '')) + 1"
    store.execute(f"""
        CREATE OR REPLACE TEMP TABLE {into} AS
        WITH per_line AS (
            SELECT line, any_value(csv_line) AS raw,
                   bool_or(error_type IN {_COLUMN_COUNT_ERRORS}) AS bad_width,
                   bool_or(error_type = 'INVALID ENCODING') AS bad_encoding,
                   bool_or(error_type = 'LINE SIZE OVER MAXIMUM') AS too_long,
                   string_agg(DISTINCT error_message, '; ' ORDER BY error_message) AS messages
            FROM {rejects} GROUP BY line
        )
        SELECT line, raw, {ncols} AS ncols,
               CASE WHEN bad_encoding THEN 'not valid UTF-8 text'
                    WHEN too_long THEN 'line longer than {MAX_LINE_BYTES} bytes'
                    WHEN bad_width THEN format('wrong column count: {{}} (expected {width})', {ncols})
                    ELSE messages END AS reason
        FROM per_line
    """)
    store.execute(f"DROP TABLE IF EXISTS {rejects}")
    store.execute(f"DROP TABLE IF EXISTS {rejects}_scan")


def _quarantine_rejects(store: Store, plain: PlainInput, layout: Layout, file_id: int) -> int:
    """Insert the rows of the main layout, then (GDELT 1.0) those of its alternate; quarantine the rest."""
    stored = _insert(store, plain, layout, file_id, "holosec_rej1")
    _rejected(store, "holosec_rej1", layout.width, "holosec_q1")
    final = "holosec_q1"
    alternate = LAYOUTS[layout.alternate] if layout.alternate else None
    if alternate and store.scalar("SELECT count(*) FROM holosec_q1 WHERE ncols = ?", [alternate.width]):
        stored += _insert(store, plain, alternate, file_id, "holosec_rej2")
        _rejected(store, "holosec_rej2", alternate.width, "holosec_q2")
        store.execute(f"""
            CREATE OR REPLACE TEMP TABLE holosec_q AS
            SELECT q1.line, q1.raw,
                   CASE WHEN q1.ncols = {alternate.width} THEN q2.reason ELSE q1.reason END AS reason
            FROM holosec_q1 q1 JOIN holosec_q2 q2 USING (line)
        """)
        final = "holosec_q"
    store.execute(
        f"INSERT INTO quarantine SELECT ?, ?, line, raw, reason FROM {final}", [file_id, plain.original.name]
    )
    return stored


def _quarantine_blank_lines(store: Store, plain: PlainInput, file_id: int) -> None:
    """The CSV reader skips blank lines silently; find them and quarantine them so every line is counted."""
    listed = {
        row[0]
        for row in store.execute("SELECT line_no FROM quarantine WHERE file_id = ?", [file_id]).fetchall()
    }
    blanks = [
        (file_id, plain.original.name, n, "", "blank line")
        for n in blank_lines(plain.plain)
        if n not in listed
    ]
    if blanks:
        store.execute("CREATE OR REPLACE TEMP TABLE holosec_blank AS SELECT * FROM quarantine LIMIT 0")
        store.executemany("INSERT INTO holosec_blank VALUES (?, ?, ?, ?, ?)", blanks)
        store.execute("INSERT INTO quarantine SELECT * FROM holosec_blank")


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


def _ingest(store: Store, plain: PlainInput, layout: Layout, file_id: int) -> FileReport:
    stored = _quarantine_rejects(store, plain, layout, file_id)
    count = "SELECT count(*) FROM quarantine WHERE file_id = ?"
    if plain.lines > stored + int(store.scalar(count, [file_id])):
        _quarantine_blank_lines(store, plain, file_id)
    quarantined = int(store.scalar(count, [file_id]))
    if plain.lines != stored + quarantined:
        raise InputError(
            plain.original,
            f"{plain.lines} lines read but {stored} stored and {quarantined} quarantined; nothing was kept",
        )
    replaced = _deduplicate(store, layout, file_id)
    first = store.execute(
        "SELECT line_no, reason FROM quarantine WHERE file_id = ? ORDER BY line_no LIMIT 1", [file_id]
    ).fetchone()
    store.finish_file(
        file_id,
        layout=layout.name,
        read=plain.lines,
        stored=stored,
        quarantined=quarantined,
        replaced=replaced,
    )
    return FileReport(
        str(plain.original),
        "stored",
        layout.name,
        plain.lines,
        stored,
        quarantined,
        replaced,
        first_problem=f"line {first[0]}: {first[1]}" if first else None,
    )


def load_file(store: Store, path: Path, *, workdir: Path, layout: str | None = None) -> FileReport:
    """Ingest one GDELT file (plain, zip or gzip); never raises for bad input, reports it instead.

    A file the ledger lists as complete (same path, size and modification time, or same SHA-256) is
    skipped before it is unpacked. ``layout`` forces a layout name (see ``LAYOUTS``) instead of
    recognising it by column count.
    """
    try:
        if path.is_file() and (done := store.completed_file_at(path.resolve(), path.stat())):
            return FileReport(str(path), "skipped", done.layout)
        found = fingerprint(path)
        if done := store.completed_file(found.sha256):
            return FileReport(str(path), "skipped", done.layout)
        with prepared(found, workdir) as plain:
            chosen = LAYOUTS[layout] if layout else sniff(plain.sample, path)
            file_id = store.start_file(path.name, path.resolve(), found)
            try:
                with store.transaction():
                    return _ingest(store, plain, chosen, file_id)
            except (duckdb.Error, InputError) as exc:
                reason = exc.reason if isinstance(exc, InputError) else str(exc).splitlines()[0]
                message = reason if isinstance(exc, InputError) else f"could not be read: {reason}"
                store.fail_file(file_id, message)
                raise InputError(path, message) from exc
    except InputError as exc:
        return FileReport(str(path), "failed", error=str(exc))
