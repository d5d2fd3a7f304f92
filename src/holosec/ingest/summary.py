"""What one ingest did: totals over its files, each file's report, and the exit code they mean."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from holosec.sources.loader import FileReport

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
        """Count one more file's report in."""
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
        """The summary as JSON-ready data (``--json``): the totals, ``files_list`` and ``exit_code``."""
        data = asdict(self)
        data["files_list"] = data.pop("reports")
        data["exit_code"] = self.exit_code
        return data
