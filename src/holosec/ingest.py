"""Ingest many input files into the store and sum up what happened."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from holosec.sources.inputs import expand, remove_tree
from holosec.sources.loader import FileReport
from holosec.sources.registry import SOURCES
from holosec.store import Store

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_PARTIAL = 3


@dataclass
class IngestSummary:
    """Totals over the files of one ingest run, with each file's report."""

    files: int = 0
    rows_read: int = 0
    rows_stored: int = 0
    rows_quarantined: int = 0
    rows_replaced: int = 0
    files_skipped: int = 0
    files_failed: int = 0
    reports: list[FileReport] = field(default_factory=list)

    def add(self, report: FileReport) -> None:
        self.files += 1
        self.rows_read += report.rows_read
        self.rows_stored += report.rows_stored
        self.rows_quarantined += report.rows_quarantined
        self.rows_replaced += report.rows_replaced
        self.files_skipped += report.status == "skipped"
        self.files_failed += report.status == "failed"
        self.reports.append(report)

    @property
    def exit_code(self) -> int:
        """0 when everything was stored, 3 when something was quarantined or a file failed, 1 when
        nothing could be ingested at all."""
        if self.files == 0 or self.files_failed == self.files:
            return EXIT_FAILED
        if self.files_failed or self.rows_quarantined:
            return EXIT_PARTIAL
        return EXIT_OK

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["files_list"] = data.pop("reports")
        data["exit_code"] = self.exit_code
        return data


Progress = Callable[[Path, int, int], None]


def ingest_paths(
    store: Store,
    paths: Iterable[Path],
    *,
    source: str = "gdelt",
    layout: str | None = None,
    progress: Progress | None = None,
) -> IngestSummary:
    """Ingest every file of ``source`` named (folders are searched for data files); return the summary.

    ``progress(path, done_bytes, total_bytes)`` is called before each file and once at the end.
    """
    load = SOURCES[source].load()
    files = expand(paths)
    sizes = [path.stat().st_size if path.is_file() else 0 for path in files]
    summary = IngestSummary()
    workdir = store.data_dir / "tmp" / "unpacked"
    try:
        for index, path in enumerate(files):
            if progress:
                progress(path, sum(sizes[:index]), sum(sizes))
            summary.add(load(store, path, workdir=workdir, layout=layout))
    finally:
        remove_tree(workdir)
    if progress and files:
        progress(files[-1], sum(sizes), sum(sizes))
    return summary
