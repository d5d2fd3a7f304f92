"""Rebuild this folder's derived files from the PLOVER gold-standard records (see README.md).

    python tests/data/polecat/build_fixture.py [SHARED_DATA_DIR]

Needs ``pdftotext`` (poppler-utils) for the CAMEO manual. SHARED_DATA_DIR defaults to ``../shared/data``
next to the repository.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from holosec import reference
from holosec.sources.polecat import RELEASE_HEADER

HERE = Path(__file__).resolve().parent
FIXTURE = HERE / "polecat_fixture_written_by_holosec.tsv"
CODES = HERE / "plover_gsr_cameo_codes_derived_by_holosec.tsv"
GSR = Path("plover/openeventdata__PLOVER/PLOVER_GSR_CAMEO.txt")
CAMEO_MANUAL = Path("gdelt_docs/lamastex__spark-gdelt-examples/GDELT-Event-1_CAMEO.Manual.1.1b3.pdf")

# The gold records (PLOVER 0.5b1, 2016) written as POLECAT rows: one source actor, at most one target.
SELECTED = (
    *("AGREE-0002", "CONSULT-0001", "CONSULT-0005", "SUPPORT-0009", "COOPERATE-0005", "AID-0005"),
    *("CONCEDE-0004", "RETREAT-0020", "INVESTIGATE-0001", "DEMAND-0014", "DISAPPROVE-0013", "REJECT-0004"),
    *("THREATEN-0017", "PROTEST-0022", "SANCTION-0011", "MOBILIZE-0007", "COERCE-0010", "COERCE-0013"),
    *("ASSAULT-0008", "FIGHT-0002", "FIGHT-0003"),
)
# PLOVER 0.5b1 event names that PLOVER 2.0 (POLECAT) renamed, through the CAMEO cue category each came from
# (PLOVER manual v2.0, Table 7.1: 09 INVESTIGATE and 11 DISAPPROVE -> ACCUSE, 10 DEMAND -> REQUEST,
# 19 FIGHT -> ASSAULT).
RENAMED = {"INVESTIGATE": "ACCUSE", "DISAPPROVE": "ACCUSE", "DEMAND": "REQUEST", "FIGHT": "ASSAULT"}
# PLOVER manual v2.0, Table 7.2 (quad categories, numeric) and Table 2.2 (PLOVER scores: type, type: mode).
QUAD = {
    **dict.fromkeys(("AGREE", "CONSULT", "SUPPORT", "CONCEDE"), 1),
    **dict.fromkeys(("COOPERATE", "AID", "RETREAT"), 2),
    **dict.fromkeys(("REQUEST", "ACCUSE", "REJECT", "SANCTION", "THREATEN"), 3),
    **dict.fromkeys(("PROTEST", "MOBILIZE", "COERCE", "ASSAULT"), 4),
}
SCORE = {
    **{"AGREE": 2.5, "CONSULT": 2.5, "CONSULT: visit": 4, "SUPPORT": 5, "CONCEDE": 4.5, "COOPERATE": 9.5},
    **{"AID": 10, "RETREAT": 6.5, "REQUEST": 0, "ACCUSE": 3, "REJECT": -2, "THREATEN": -3.5},
    **{"THREATEN: relations": -3.5, "PROTEST": -5, "PROTEST: obstruct": -4.5, "SANCTION": -6},
    **{
        "MOBILIZE": -5.5,
        "MOBILIZE: troops": -6.5,
        "COERCE": -7,
        "COERCE: curfew": -6.5,
        "COERCE: deport": -7,
    },
    **{"ASSAULT": -9, "ASSAULT: suicide-attack": -9.5, "ASSAULT: heavy-weapons": -9.5},
}


def manual_examples(pdf: Path) -> list[tuple[str, str]]:
    """(CAMEO code, example sentence) for every example of the CAMEO 1.1b3 manual's verb codebook."""
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True).stdout
    examples: list[tuple[str, str]] = []
    code, current = "", None
    for line in text.decode("utf-8").splitlines():
        if match := re.match(r"^CAMEO\s+(\d{2,4})\s*$", line):
            code, current = match.group(1), None
        elif (match := re.match(r"^Example(?! Note)\s+(\S.*)$", line)) and code:
            current = [match.group(1).strip()]
            examples.append((code, ""))
        elif current is not None and re.match(r"^\s{5,}\S", line):
            current.append(line.strip())
        elif current is not None and (line.startswith("CHAPTER") or not line.strip()):
            continue
        else:
            current = None
        if current is not None:
            examples[-1] = (code, " ".join(current))
    return examples


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", text.lower()))


def cameo_codes(records: list[dict], examples: list[tuple[str, str]]) -> list[list[str]]:
    """Each gold record's CAMEO code: that of the manual example its sentence shares most words with."""
    known = [(code, _words(text)) for code, text in examples]
    rows = []
    for record in records:
        words = _words(record["text"])
        scored = sorted(((len(words & w) / len(words | w), code) for code, w in known), reverse=True)
        best, code = scored[0]
        runner_up = next(score for score, other in scored if other != code)
        mode = record.get("mode") or ""
        rows.append([record["id"], record["event"], mode, code, f"{best:.2f}", f"{runner_up:.2f}"])
    return rows


def _actor(actors: object) -> dict[str, str]:
    return actors[0] if isinstance(actors, list) and actors else {}


def polecat_row(record: dict, iso3: dict[str, str]) -> dict[str, str]:
    """One gold record as a POLECAT row (columns left empty where the record has nothing)."""
    kind = RENAMED.get(record["event"], record["event"])
    mode = record.get("mode") or ""
    row = dict.fromkeys(RELEASE_HEADER, "")
    row |= {"Event ID": record["id"], "Event Date": record["date"], "Event Type": kind, "Event Mode": mode}
    row |= {"Event Intensity": str(SCORE.get(f"{kind}: {mode}", SCORE[kind])), "Quad Code": str(QUAD[kind])}
    row |= {"Contexts": record.get("context") or "", "Source": record["publication"]}
    row |= {"Language": record.get("language", ""), "Version": record["version"]}
    for who, actor in (("Actor", _actor(record.get("source"))), ("Recipient", _actor(record.get("target")))):
        sector = actor.get("sector") or ""
        row |= {f"{who} Name": actor.get("actorText", ""), f"{who} Country": actor.get("code", "")}
        row |= {f"Primary {who} Sector": sector[:3], f"{who} Sectors": sector}
        row |= {f"{who} Name Raw": actor.get("actorText", "")}
    place = record.get("eventLoc") or {}
    row |= {"Placename": place.get("name", ""), "Raw Placename": place.get("name", "")}
    row |= {"Country": iso3.get(place.get("country code", ""), "")}
    return row


def main(shared: Path) -> None:
    """Write the fixture and the table of CAMEO codes from the shared data folder."""
    records = [r for r in json.loads((shared / GSR).read_text(encoding="utf-8")) if r.get("text")]
    header = ["gsr_id", "gsr_event", "gsr_mode", "cameo_code", "overlap", "runner_up"]
    codes = cameo_codes(records, manual_examples(shared / CAMEO_MANUAL))
    CODES.write_text("\n".join("\t".join(row) for row in [header, *codes]) + "\n", encoding="utf-8")
    iso3 = {country.iso2: country.iso3 for country in reference.countries()}
    by_id = {record["id"]: record for record in records}
    rows = [polecat_row(by_id[f"PLOVER-GSR01-{key}"], iso3) for key in SELECTED]
    lines = ["\t".join(RELEASE_HEADER), *("\t".join(row[c] for c in RELEASE_HEADER) for row in rows)]
    FIXTURE.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE.parents[3].parent / "shared" / "data")
