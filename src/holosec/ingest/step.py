"""The ingest step: load a source's files into the store, tag what they hold, and bring the indicator day
cells up to date, in one call (:func:`ingest_paths`) that the CLI, the demo, the document generators and a
live follower all use. Nothing else refreshes the day cells after a write, and reads never do.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from holosec import fusion
from holosec.engines import local_engine
from holosec.indicators.coverage import refresh_coverage
from holosec.indicators.rollup import RefreshReport, maintained, refresh, staleness
from holosec.ingest.summary import IngestSummary
from holosec.sources.inputs import expand
from holosec.sources.registry import SOURCES, FileLoader
from holosec.store import Store
from holosec.taxonomy import DEFAULT, tagging
from holosec.taxonomy.tagging import tag_articles, tag_events

Progress = Callable[[Path, int, int], None]
# Rows of these tables get their security-field tags in the same transaction as their file.
_TAGGERS: dict[str, Callable[[Store, int], int]] = {"events": tag_events, "articles": tag_articles}


def tag_stored(store: Store, table: str, file_id: int) -> None:
    """Tag the rows of ``table`` that one file just stored (events and articles have tags; mentions and
    the other tables none). The loader runs it inside the file's transaction."""
    if tagger := _TAGGERS.get(table):
        tagger(store, file_id)


def refresh_kept(store: Store) -> list[RefreshReport]:
    """Bring up to date the day cells the store keeps (its own DuckDB cells, whatever engine reads run
    on): of the default taxonomy and of every version built before
    (:func:`holosec.indicators.rollup.maintained`), and with them the source coverage
    (:func:`holosec.indicators.coverage.refresh_coverage`). Cells already current are not touched, so a
    run that stored nothing writes nothing.

    >>> import tempfile
    >>> with Store.open(Path(tempfile.mkdtemp())) as store:
    ...     refresh_kept(store)
    []
    """
    local = local_engine(store)  # the store's own cells; another engine's follow its export
    kept = dict.fromkeys([DEFAULT, *maintained(store, engine=local)])
    reports = [
        refresh(store, version, engine=local) for version in kept if staleness(store, version, engine=local)
    ]
    if reports:
        refresh_coverage(store)  # what each period rests on, per source, beside the cells
    return reports


def ingest_paths(
    store: Store,
    paths: Iterable[Path],
    *,
    source: str = "gdelt",
    layout: str | None = None,
    progress: Progress | None = None,
) -> IngestSummary:
    """Ingest every file of ``source`` named (folders are searched for data files): load each file and tag
    its rows in one transaction, then refresh the day cells the store keeps (:func:`refresh_kept`);
    return the summary.

    ``progress(path, done_bytes, total_bytes)`` is called before each file and once at the end.

    >>> import tempfile
    >>> with Store.open(Path(tempfile.mkdtemp())) as store:
    ...     ingest_paths(store, []).exit_code
    1
    """
    return ingest_files(store, expand(paths), SOURCES[source].load(), layout=layout, progress=progress)


def ingest_files(
    store: Store,
    files: list[Path],
    load: FileLoader,
    *,
    layout: str | None = None,
    progress: Progress | None = None,
    refresh_cells: bool = True,
) -> IngestSummary:
    """Ingest ``files`` with ``load`` (a source's file loader): each file loaded and tagged in one
    transaction, then the kept day cells refreshed (unless not ``refresh_cells``: a caller that publishes
    them itself, as the follower does); the summary (see :func:`ingest_paths`)."""
    sizes = [path.stat().st_size if path.is_file() else 0 for path in files]
    summary = IngestSummary()
    workdir = store.unpack_dir
    try:
        for index, path in enumerate(files):
            if progress:
                progress(path, sum(sizes[:index]), sum(sizes))
            summary.add(load(store, path, workdir=workdir, layout=layout, on_stored=tag_stored))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    if progress and files:
        progress(files[-1], sum(sizes), sum(sizes))
    if refresh_cells:
        refresh_kept(store)
    return summary


def honour_corrections(store: Store) -> list[RefreshReport]:
    """After analysts' corrections changed (added, withdrawn, imported): rewrite the days of the kept day
    cells and evidence rows whose events they touch (:func:`holosec.indicators.rollup.refresh`), so every
    number honours them at once. Corrections are not in the ledger mark, so this asks every kept version
    (one that is current and has no corrected day writes nothing)."""
    local = local_engine(store)
    kept = dict.fromkeys([DEFAULT, *maintained(store, engine=local)])
    return [refresh(store, version, engine=local) for version in kept]


def retag(store: Store) -> dict[str, Any]:
    """Recompute every tag (:func:`holosec.taxonomy.tagging.retag`), then the day cells the store keeps,
    in one transaction: readers see the old tags and cells or the new, never new tags beside old cells."""
    with store.transaction():
        result = tagging.retag(store)
        refresh_kept(store)
    return result


def fuse(store: Store) -> fusion.FusionSummary:
    """Link reports of one event across sources (:func:`holosec.fusion.fuse`), then refresh the day cells
    the store keeps, in one transaction (as :func:`retag`)."""
    with store.transaction():
        result = fusion.fuse(store)
        refresh_kept(store)
    return result
