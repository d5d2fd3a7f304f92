"""Rebuild ``plover_gsr_records_derived_by_holosec.tsv`` from the PLOVER gold-standard records.

    python tests/data/plover_gsr/build.py [SHARED_DATA_DIR]

SHARED_DATA_DIR defaults to ``../shared/data`` next to the repository. For every gold record with text it
writes the record id, its PLOVER event, mode and context as coded, and its first source and first target
actor: the actor's code as coded (a country code, or IGO/NGO ...), the CAMEO type of its sector (the
sector's first three letters) and the ethnic or religion code that follows them (``CVLalb``: civilian,
Albanian; ``GOVMOS``: government, Muslim). Upper-case suffixes that CAMEO lists as religions are religions;
the others are ethnic groups, written in lower case as CAMEO writes them.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path
from typing import Any

from holosec import reference

HERE = Path(__file__).resolve().parent
OUT = HERE / "plover_gsr_records_derived_by_holosec.tsv"
GSR = Path("plover/openeventdata__PLOVER/PLOVER_GSR_CAMEO.txt")
COLUMNS = ("gsr_id", "event", "mode", "context")
ACTOR = ("code", "type", "ethnic", "religion")


def actor(entries: Any) -> list[str]:
    """Code, type, ethnic and religion of the first actor in a record's source or target list."""
    if not isinstance(entries, list) or not entries:
        return ["", "", "", ""]
    first = entries[0]
    sector = (first.get("sector") or "").strip()
    kind, rest = sector[:3], sector[3:]
    if kind == "***":
        kind = ""
    religion = rest if rest in reference.religions() else ""
    ethnic = rest.lower() if rest and not religion else ""
    return [(first.get("code") or "").strip(), kind, ethnic, religion]


def main(shared: Path) -> None:
    records = json.loads((shared / GSR).read_text(encoding="utf-8"))
    with OUT.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, delimiter="\t", lineterminator="\n")
        writer.writerow([*COLUMNS, *(f"actor1_{c}" for c in ACTOR), *(f"actor2_{c}" for c in ACTOR)])
        for record in records:
            if not record.get("text"):
                continue
            row = [
                record["id"],
                record.get("event") or "",
                record.get("mode") or "",
                record.get("context") or "",
            ]
            writer.writerow([*row, *actor(record.get("source")), *actor(record.get("target"))])


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE.parents[2].parent / "shared" / "data")
