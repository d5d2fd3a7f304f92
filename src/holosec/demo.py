"""holosec's main job on the bundled real sample data, end to end, with no network.

Today the job is: ingest the bundled GDELT files and ICEWS records into the store (tagging every event
with its security fields), link reports of the same event across the sources, build the indicator
rollups, and run the alert rules on the indicator series. Later stages (dashboard and briefing) join it
as they are built.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from holosec.fusion import FusionSummary, fuse
from holosec.ingest import IngestSummary, Progress, RefreshReport, ingest_paths, refresh
from holosec.samples import gdelt_samples, icews_samples
from holosec.store import Store
from holosec.warning.watch import run_rules


@dataclass(frozen=True)
class DemoResult:
    """What the demo did: the ingest of every bundled file, the fusion across sources, the rollups."""

    ingest: IngestSummary
    fusion: FusionSummary
    rollup: RefreshReport
    alerts: list[dict[str, Any]]


def run_demo(store: Store, progress: Progress | None = None) -> DemoResult:
    """Ingest every bundled sample file into ``store`` (the ingest step: load, tag, day cells), fuse, bring
    the day cells of the default taxonomy up to date with the fusion, and run the alert rules; running it
    again changes nothing."""
    summary = ingest_paths(store, gdelt_samples(), progress=progress)
    for report in ingest_paths(store, icews_samples(), source="icews", progress=progress).reports:
        summary.add(report)
    fusion = fuse(store)
    rollup = refresh(store)
    return DemoResult(summary, fusion, rollup, run_rules(store))
