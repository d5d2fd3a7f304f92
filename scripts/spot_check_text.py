"""Events of the bundled GDELT samples whose fields the text rules change: fields before (code rules only)
and after (code and text rules), for a person to check by reading the URL.

    python scripts/spot_check_text.py [--n 20] [--seed 19]

Prints a Markdown table (event, CAMEO code, the words read in the URL, the largest fields before and after).
The events are a seeded random sample of those whose largest field changes; docs/tagging.md keeps one such
table with a reader's verdict on each row.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from pathlib import Path

from holosec.ingest import ingest_paths
from holosec.samples import gdelt_samples
from holosec.store import Store
from holosec.taxonomy.tagging import tag_events
from holosec.text import text_of


def _fields(store: Store) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    rows = store.execute(
        "SELECT event_id, field, sum(weight) FROM event_tags WHERE NOT starts_with(field, 'family:') "
        "GROUP BY ALL"
    ).fetchall()
    for event_id, field, weight in rows:
        out.setdefault(event_id, {})[field] = float(weight)
    return out


def _largest(fields: dict[str, float]) -> str:
    return max(fields, key=fields.__getitem__) if fields else "-"


def _shown(fields: dict[str, float]) -> str:
    top = sorted(fields.items(), key=lambda item: -item[1])[:3]
    return ", ".join(f"{field} {weight:.2f}" for field, weight in top)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("<", "&lt;").replace("`", "'")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--n", type=int, default=20)
    parser.add_argument("--seed", type=int, default=19)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder, Store.open(Path(folder)) as store:
        ingest_paths(store, [p for p in gdelt_samples() if "gkg" not in p.name])
        after = _fields(store)
        with store.transaction():
            store.execute("DELETE FROM event_tags")
            tag_events(store, fresh=True, text=False)
        before = _fields(store)
        events = dict(store.execute("SELECT event_id, coalesce(event_code, '') FROM events").fetchall())
        urls = dict(
            store.execute("SELECT event_id, source_url FROM events WHERE source_url IS NOT NULL").fetchall()
        )
    changed = sorted(e for e in urls if e in after and _largest(after[e]) != _largest(before.get(e, {})))
    print(f"{len(changed)} of {len(urls)} events with a URL change their largest field", file=sys.stderr)
    picked = random.Random(args.seed).sample(changed, min(args.n, len(changed)))
    print("| event | code | words read in the URL | before (codes) | after (codes and text) |")
    print("|---|---|---|---|---|")
    for event in sorted(picked):
        words = _cell(text_of(urls[event])[:90])
        shown = (event, events[event], words, _shown(before.get(event, {})), _shown(after[event]))
        print("| " + " | ".join(shown) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
