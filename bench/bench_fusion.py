"""Time `holosec fuse` over a store of about a million events from two sources.

    python bench/bench_fusion.py [--rows 1000000] [--workdir /tmp/holosec-bench-fusion]

Half the rows are a GDELT 2.0 events file made by `make_events.py` from the real sample rows; the other
half is the same file rewritten in GDELT 1.0's daily layout (the three ADM2 columns dropped, DATEADDED cut
to the day) and ingested as source `gdelt1`. Every event then has a twin in the other source, plus the
neighbours the rule also accepts (same dyad, same CAMEO root, a day apart, within 100 km): a hard case.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from datetime import date
from pathlib import Path

from holosec.fusion import fuse
from holosec.ingest import ingest_paths
from holosec.store import Store

sys.path.insert(0, str(Path(__file__).parent))
from make_events import write_events

_ADM2 = (39, 47, 55)  # 0-based columns Actor1Geo_ADM2Code, Actor2Geo_ADM2Code, ActionGeo_ADM2Code


def as_gdelt1(events2: Path, out: Path) -> None:
    """The GDELT 2.0 rows of ``events2`` in GDELT 1.0's 58-column daily layout."""
    with events2.open("rb") as source, out.open("wb") as sink:
        for line in source:
            fields = line.rstrip(b"\n").split(b"\t")
            fields[59] = fields[59][:8]
            sink.write(b"\t".join(f for i, f in enumerate(fields) if i not in _ADM2) + b"\n")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=1_000_000, help="events in the store, both sources")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/holosec-bench-fusion"))
    args = parser.parse_args()
    shutil.rmtree(args.workdir, ignore_errors=True)
    args.workdir.mkdir(parents=True)
    events2, events1 = args.workdir / "events2.CSV", args.workdir / "events1.CSV"
    write_events(args.rows // 2, events2, first_id=1_000_000_000, start=date(2018, 1, 1), years=6)
    as_gdelt1(events2, events1)
    with Store.open(args.workdir / "store") as store:
        began = time.perf_counter()
        summary = ingest_paths(store, [events2, events1])
        print(f"ingest: {summary.rows_stored:,} events in {time.perf_counter() - began:.1f} s")
        began = time.perf_counter()
        result = fuse(store)
        seconds = time.perf_counter() - began
    print(
        f"fuse: {result.events:,} events, {result.links:,} links, {result.fused_events:,} fused events "
        f"from {result.records_fused:,} records, in {seconds:.1f} s (target: under 60 s)"
    )
    shutil.rmtree(args.workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
