"""holosec's main job on the bundled real sample data, end to end, with no network.

Today the job is: ingest the bundled GDELT files into the store. Later stages (tags, indicators, alerts,
dashboard and briefing) join it as they are built.
"""

from __future__ import annotations

from holosec.ingest import IngestSummary, Progress, ingest_paths
from holosec.samples import gdelt_samples
from holosec.store import Store


def run_demo(store: Store, progress: Progress | None = None) -> IngestSummary:
    """Ingest every bundled sample file into ``store``; running it again changes nothing."""
    return ingest_paths(store, gdelt_samples(), progress=progress)
