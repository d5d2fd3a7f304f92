"""What corrections teach: labelled texts for the text classifier (:func:`training_rows`) and the tagging
rules analysts correct most often, with a proposed change (:func:`rule_proposals`).

The labelled texts are in the training corpus's format (``training/text/corpus.tsv.gz``: tab-separated
``source lang label text`` with a header; ``label`` a ``v2023`` field id or ``none``), one row per field a
``wrong-field`` correction gives (``none`` when it gives none), the text being the headline the event's
address spells (events whose address spells none give no row).
"""

from __future__ import annotations

import gzip
import re
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from holosec.corrections.kinds import NO_FIELD, NOT_AN_EVENT, WRONG_FIELD, fields_of
from holosec.store import Store
from holosec.taxonomy.coverage import rules_by_id
from holosec.text.headline import slug_headline

SOURCE = "corrections"
HEADER = ("source", "lang", "label", "text")
_CJK = re.compile(r"[\u3400-\u9fff]")


def _active(store: Store, kind: str) -> list[tuple[str, str | None]]:
    """(event id, value) of the newest active correction of ``kind`` per stored event."""
    rows = store.execute(
        "SELECT event_id, arg_max(value, serial) FROM corrections WHERE withdrawn_at IS NULL AND kind = ? "
        "AND event_id IN (SELECT event_id FROM events) GROUP BY event_id ORDER BY event_id",
        [kind],
    ).fetchall()
    return [(str(row[0]), row[1]) for row in rows]


def training_rows(store: Store) -> list[dict[str, str]]:
    """The labelled texts of the active field corrections (see the module docstring), by event id."""
    chosen = dict(_active(store, WRONG_FIELD))
    urls = dict(
        store.execute(
            "SELECT event_id, source_url FROM events WHERE list_contains(?, event_id)", [sorted(chosen)]
        ).fetchall()
    )
    found = []
    for event_id, value in chosen.items():
        text = slug_headline(urls.get(event_id))
        if text is None:
            continue
        text = " ".join(text.split())
        lang = "zh" if _CJK.search(text) else "en"
        for label in fields_of(value or NO_FIELD) or [NO_FIELD]:
            found.append({"source": SOURCE, "lang": lang, "label": label, "text": text})
    return found


def write_training(store: Store, path: Path) -> int:
    """Write :func:`training_rows` to ``path`` (gzip when it ends in ``.gz``); returns the rows written."""
    rows = training_rows(store)
    lines = ["\t".join(HEADER), *("\t".join(row[key] for key in HEADER) for row in rows)]
    data = ("\n".join(lines) + "\n").encode()
    path.write_bytes(gzip.compress(data, mtime=0) if path.suffix == ".gz" else data)
    return len(rows)


def rule_proposals(store: Store, limit: int = 20) -> list[dict[str, Any]]:
    """The tagging rules analysts correct most often, most corrected first: per (rule, field) the active
    ``wrong-field`` corrections that took the field away (``removed``) and the ``not-an-event``
    corrections of events it tagged (``not_events``), the events it tags (``tagged``), the fields the
    analysts gave instead (``instead``) and a ``proposal``: move the rule to the field most often given
    instead, or drop it (or raise its bar, for records that are not events)."""
    known = rules_by_id()
    removed: Counter[tuple[str, str]] = Counter()
    instead: defaultdict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    not_events: Counter[tuple[str, str]] = Counter()
    chosen = {kind: dict(_active(store, kind)) for kind in (WRONG_FIELD, NOT_AN_EVENT)}
    ids = sorted(set(chosen[WRONG_FIELD]) | set(chosen[NOT_AN_EVENT]))
    tags = store.execute(
        "SELECT event_id, rule, field FROM event_tags WHERE list_contains(?, event_id) "
        "AND NOT starts_with(field, 'family:') ORDER BY event_id, rule, field",
        [ids],
    ).fetchall()
    for event_id, rule, field in tags:
        if event_id in chosen[NOT_AN_EVENT]:
            not_events[(rule, field)] += 1
        if event_id in chosen[WRONG_FIELD]:
            given = fields_of(chosen[WRONG_FIELD][event_id] or NO_FIELD)
            if field not in given:
                removed[(rule, field)] += 1
                instead[(rule, field)].update(given or [NO_FIELD])
    keys = sorted(set(removed) | set(not_events), key=lambda k: (-(removed[k] + not_events[k]), k))[:limit]
    tagged = dict(
        store.execute(
            "SELECT rule, count(DISTINCT event_id) FROM event_tags WHERE list_contains(?, rule) "
            "GROUP BY rule",
            [sorted({rule for rule, _ in keys})],
        ).fetchall()
    )
    found = []
    for rule, field in keys:
        best = instead[(rule, field)].most_common(1)
        if best and best[0][0] != NO_FIELD:
            proposal = f"tag {best[0][0]} instead of {field}"
        elif removed[(rule, field)]:
            proposal = f"drop {field} from this rule"
        else:
            proposal = "require more sources or resolved actors before this rule tags"
        about = known.get(rule)
        found.append(
            {
                "rule": rule,
                "field": field,
                "note": about.note if about else None,
                "rule_file": about.source if about else None,
                "corrections": removed[(rule, field)] + not_events[(rule, field)],
                "removed": removed[(rule, field)],
                "not_events": not_events[(rule, field)],
                "tagged": int(tagged.get(rule, 0)),
                "instead": dict(instead[(rule, field)].most_common()),
                "proposal": proposal,
            }
        )
    return found
