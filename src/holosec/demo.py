"""holosec's main job on the bundled real sample data, end to end, with no network.

Today the job is: ingest the bundled GDELT files and ICEWS records into the store (tagging every event
with its security fields) and the bundled GDELT aggregates (monthly counts of the events located in China,
North Korea and South Korea, 2008-01 .. 2019-06: the only ones shipped, see ``aggregates/PROVENANCE.md``),
link reports of the same event across the sources, build the indicator rollups, and run the alert rules on
the indicator series. Later stages (dashboard and briefing) join it
as they are built.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from holosec.fusion import FusionSummary, fuse
from holosec.ingest import IngestSummary, Progress, RefreshReport, ingest_paths, refresh
from holosec.ingest.aggregates import ingest_aggregates
from holosec.samples import aggregate_samples, gdelt_samples, icews_samples
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
    """Ingest every bundled sample file into ``store`` (the ingest step: load, tag, day cells; the
    aggregates' counts join the location and world cells), fuse, bring the day cells of the default
    taxonomy up to date with the fusion, and run the alert rules; running it again changes nothing."""
    summary = ingest_paths(store, gdelt_samples(), progress=progress)
    for report in ingest_paths(store, icews_samples(), source="icews", progress=progress).reports:
        summary.add(report)
    for report in ingest_aggregates(store, aggregate_samples(), progress=progress).reports:
        summary.add(report)
    fusion = fuse(store)
    rollup = refresh(store)
    return DemoResult(summary, fusion, rollup, run_rules(store))
