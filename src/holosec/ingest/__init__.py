"""The ingest step, one library call above the sources, the taxonomy and the day cells: load a source's
files, tag their rows, refresh the indicator day cells (:func:`ingest_paths`); rewrite every tag
(:func:`retag`) or the links across sources (:func:`fuse`), or honour analysts' corrections
(:func:`honour_corrections`), and refresh the day cells after.

It is the only place that refreshes the day cells after a write; reads never refresh them, so an interface
that reads a taxonomy version the store does not keep yet refreshes it here first (:func:`refresh`).
"""

from holosec.indicators.rollup import RefreshReport, refresh
from holosec.ingest.step import (
    Progress,
    fuse,
    honour_corrections,
    ingest_paths,
    refresh_kept,
    retag,
    tag_stored,
)
from holosec.ingest.summary import EXIT_FAILED, EXIT_OK, EXIT_PARTIAL, IngestSummary

__all__ = [
    "EXIT_FAILED",
    "EXIT_OK",
    "EXIT_PARTIAL",
    "IngestSummary",
    "Progress",
    "RefreshReport",
    "fuse",
    "honour_corrections",
    "ingest_paths",
    "refresh",
    "refresh_kept",
    "retag",
    "tag_stored",
]
