"""The ingest step for analysts' own news files (``holosec ingest news``): each file read by
:mod:`holosec.sources.news` is stored as ``articles`` rows with ``source = 'news'``, its rejected records
quarantined with their reasons, and its articles tagged, in one transaction recorded in the ledger, as
the other sources' files are (:mod:`holosec.ingest.step`).

For every file, records read = articles stored + records quarantined; a file already ingested (same path
and modification time, or same SHA-256) is skipped; an article whose id was stored before (the same url)
replaces the earlier copy.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from holosec.errors import InputError
from holosec.ingest.step import Progress, ingest_files
from holosec.ingest.summary import IngestSummary
from holosec.sources.inputs import PlainInput, expand
from holosec.sources.loader import FileReport, Stored, batches, quarantine_rejected, through_ledger
from holosec.sources.news import (
    KINDS,
    NEWS_LICENCE,
    NewsRow,
    Record,
    check_text,
    kind_of,
    read_news,
)
from holosec.sources.records import Rejected
from holosec.store import Store

BATCH = 1_000
_COLUMNS = (
    "article_id", "source", "file_id", "date", "published_at", "source_name", "url", "num_articles",
    "title", "summary", "language", "countries", "source_file", "licence",
)  # fmt: skip
_INSERT = f"INSERT INTO articles ({', '.join(_COLUMNS)}) VALUES ({', '.join('?' * len(_COLUMNS))})"
_SUFFIXES = {*KINDS, ".gz", ".zip"}


def _store_batch(store: Store, batch: list[Record], file_id: int, name: str) -> tuple[int, int]:
    rows = [r for r in batch if isinstance(r, NewsRow)]
    rejected = [r for r in batch if isinstance(r, Rejected)]
    if rows:
        store.executemany(
            _INSERT,
            [
                (r.article_id, "news", file_id, r.date, r.published_at, r.source_name, r.url, 1, r.title,
                 r.summary, r.language, r.countries, name, NEWS_LICENCE)
                for r in rows
            ],
        )  # fmt: skip
    quarantine_rejected(store, rejected, file_id, name)
    return len(rows), len(rejected)


def _replace_earlier(store: Store, file_id: int) -> int:
    """Keep one row per article id: the file's last copy, replacing copies stored before or earlier in it."""
    row = store.execute(
        "DELETE FROM articles WHERE source = 'news' AND ("
        "(file_id = $1 AND rowid NOT IN (SELECT max(rowid) FROM articles WHERE file_id = $1 "
        "GROUP BY article_id)) OR (file_id <> $1 AND article_id IN "
        "(SELECT article_id FROM articles WHERE file_id = $1)))",
        [file_id],
    ).fetchone()
    return int(row[0]) if row else 0


def _store_file(
    store: Store, path: Path, original: Path, kind: str, file_id: int, on_stored: Stored | None
) -> FileReport:
    stored = quarantined = 0
    for batch in batches(iter(read_news(path, kind)), BATCH):
        added, rejected = _store_batch(store, batch, file_id, original.name)
        stored, quarantined = stored + added, quarantined + rejected
    if stored + quarantined == 0:
        raise InputError(original, "no records: nothing to ingest")
    replaced = _replace_earlier(store, file_id)
    if on_stored is not None:
        on_stored(store, "articles", file_id)
    first = store.execute(
        "SELECT line_no, reason FROM quarantine WHERE file_id = ? ORDER BY line_no LIMIT 1", [file_id]
    ).fetchone()
    layout = f"news-{kind}"
    read = stored + quarantined
    store.finish_file(
        file_id, layout=layout, read=read, stored=stored, quarantined=quarantined, replaced=replaced
    )
    problem = f"line {first[0]}: {first[1]}" if first else None
    return FileReport(str(original), "stored", layout, read, stored, quarantined, replaced, None, problem)


def load_news_file(
    store: Store,
    path: Path,
    *,
    workdir: Path,
    layout: str | None = None,
    on_stored: Stored | None = None,
) -> FileReport:
    """Ingest one news file (plain, zip or gzip) in one transaction; never raises for bad input, reports
    it instead. ``layout`` forces ``jsonl``, ``csv`` or ``feed`` (default: from the name, else the first
    bytes). A file that is not UTF-8 text fails whole; a record that cannot be stored is quarantined.
    """

    def choose(plain: PlainInput) -> str:
        check_text(plain.plain)
        return layout or kind_of(path.name, plain.sample)

    def write(plain: PlainInput, kind: str, file_id: int) -> FileReport:
        with store.transaction():
            return _store_file(store, plain.plain, path, kind, file_id, on_stored)

    failed = "could not be stored"
    return through_ledger(store, path, workdir=workdir, choose=choose, write=write, failed=failed)


def ingest_news(
    store: Store, paths: Iterable[Path], *, layout: str | None = None, progress: Progress | None = None
) -> IngestSummary:
    """Ingest news files (JSON lines, CSV, RSS or Atom; folders are searched): store and tag each file's
    articles in one transaction, then refresh the day cells the store keeps; return the summary.

    >>> import tempfile
    >>> with Store.open(Path(tempfile.mkdtemp())) as store:
    ...     ingest_news(store, []).exit_code
    1
    """
    files = expand(paths, _SUFFIXES)
    return ingest_files(store, files, load_news_file, layout=layout, progress=progress)
