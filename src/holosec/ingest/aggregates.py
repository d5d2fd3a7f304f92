"""The ingest step for GDELT aggregates (``holosec ingest gdelt-aggregates``): each file read by
:mod:`holosec.sources.gdelt_aggregates` is stored as ``aggregate_counts`` rows, its rejected rows
quarantined one by one with their reasons, in one transaction recorded in the ledger, as the other sources'
files are (:mod:`holosec.ingest.step`); then the day cells the store keeps are refreshed, which adds the
counts to the ``location`` and ``world`` cells (:func:`holosec.indicators.rollup.aggregate_cells`).

For every file, rows read = rows stored + rows quarantined; a file already ingested (same path and
modification time, or same SHA-256) is skipped; a count whose key (grain, period, country, CAMEO code) was
stored before, by this file or an earlier one, is replaced by the file's last copy.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from holosec import reference
from holosec.errors import InputError
from holosec.ingest.step import Progress, ingest_files
from holosec.ingest.summary import IngestSummary
from holosec.sources.gdelt_aggregates import (
    LICENCE,
    SOURCE,
    AggregateRow,
    Header,
    Record,
    header_of,
    read_aggregates,
)
from holosec.sources.inputs import PlainInput, expand
from holosec.sources.loader import FileReport, Stored, batches, quarantine_rejected, through_ledger
from holosec.sources.records import Rejected
from holosec.store import Store

BATCH = 10_000
_SUFFIXES = {".csv", ".gz", ".zip"}
_COLUMNS = {
    "file_id": "INTEGER", "source": "VARCHAR", "line_no": "BIGINT", "grain": "VARCHAR", "period": "DATE",
    "fips": "VARCHAR", "country": "VARCHAR", "event_code": "VARCHAR", "root_code": "VARCHAR",
    "quad_class": "TINYINT", "events": "BIGINT", "tone_sum": "DOUBLE", "goldstein_sum": "DOUBLE",
    "source_file": "VARCHAR", "licence": "VARCHAR",
}  # fmt: skip
_INSERT = f"INSERT INTO aggregate_counts ({', '.join(_COLUMNS)}) SELECT " + ", ".join(
    f"unnest(${i}::{kind}[])" for i, kind in enumerate(_COLUMNS.values(), start=1)
)
_KEY = "grain, period, country, coalesce(event_code, '---')"


def _values(row: AggregateRow, file_id: int, name: str) -> tuple[object, ...]:
    code = row.event_code
    root = reference.root_code(code) if code else None
    quad = reference.quad_class(code) if code else None
    return (
        file_id, SOURCE, row.line, row.grain, row.period, row.fips, row.country, code, root, quad,
        row.events, row.tone_sum, row.goldstein_sum, name, LICENCE,
    )  # fmt: skip


def _store_batch(store: Store, batch: list[Record], file_id: int, name: str) -> tuple[int, int]:
    rows = [_values(r, file_id, name) for r in batch if isinstance(r, AggregateRow)]
    rejected = [r for r in batch if isinstance(r, Rejected)]
    if rows:
        store.execute(_INSERT, [list(column) for column in zip(*rows, strict=True)])
    quarantine_rejected(store, rejected, file_id, name)
    return len(rows), len(rejected)


def _replace_earlier(store: Store, file_id: int) -> int:
    """Keep one row per key: the file's last copy, replacing copies stored before or earlier in it."""
    row = store.execute(
        f"DELETE FROM aggregate_counts WHERE source = $2 AND ("
        f"(file_id = $1 AND rowid NOT IN (SELECT max(rowid) FROM aggregate_counts WHERE file_id = $1 "
        f"GROUP BY {_KEY})) OR (file_id <> $1 AND ({_KEY}) IN "
        f"(SELECT ({_KEY}) FROM aggregate_counts WHERE file_id = $1)))",
        [file_id, SOURCE],
    ).fetchone()
    return int(row[0]) if row else 0


def _store_file(store: Store, plain: PlainInput, header: Header, file_id: int) -> FileReport:
    name = plain.original.name
    stored = quarantined = 0
    for batch in batches(iter(read_aggregates(plain.plain)), BATCH):
        added, rejected = _store_batch(store, batch, file_id, name)
        stored, quarantined = stored + added, quarantined + rejected
    if stored + quarantined == 0:
        raise InputError(plain.original, "no rows: nothing to ingest")
    replaced = _replace_earlier(store, file_id)
    first = store.execute(
        "SELECT line_no, reason FROM quarantine WHERE file_id = ? ORDER BY line_no LIMIT 1", [file_id]
    ).fetchone()
    read = stored + quarantined
    store.finish_file(
        file_id, layout=header.layout, read=read, stored=stored, quarantined=quarantined, replaced=replaced
    )
    problem = f"line {first[0]}: {first[1]}" if first else None
    return FileReport(
        str(plain.original), "stored", header.layout, read, stored, quarantined, replaced, None, problem
    )


def load_aggregates_file(
    store: Store,
    path: Path,
    *,
    workdir: Path,
    layout: str | None = None,
    on_stored: Stored | None = None,
) -> FileReport:
    """Ingest one aggregates file (plain, zip or gzip) in one transaction; never raises for bad input,
    reports it instead. A file whose header is not an aggregates header fails whole; a row that cannot be
    stored is quarantined. ``layout`` and ``on_stored`` are accepted for the loader's signature and unused:
    the layout is read from the header, and aggregate counts have no tags (their fields come from their
    CAMEO code when the day cells are built)."""

    def choose(plain: PlainInput) -> Header:
        return header_of(plain.plain)

    def write(plain: PlainInput, header: Header, file_id: int) -> FileReport:
        with store.transaction():
            return _store_file(store, plain, header, file_id)

    return through_ledger(
        store, path, workdir=workdir, choose=choose, write=write, failed="could not be stored"
    )


def ingest_aggregates(
    store: Store, paths: Iterable[Path], *, progress: Progress | None = None
) -> IngestSummary:
    """Ingest GDELT aggregates files (CSV, plain or packed; folders are searched): store each file's counts
    in one transaction, then refresh the day cells the store keeps; return the summary.

    >>> import tempfile
    >>> with Store.open(Path(tempfile.mkdtemp())) as store:
    ...     ingest_aggregates(store, []).exit_code
    1
    """
    return ingest_files(store, expand(paths, _SUFFIXES), load_aggregates_file, progress=progress)
