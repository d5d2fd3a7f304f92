"""Set a BigQuery dataset up for holosec over GDELT's public events (``holosec export bigquery``): the
crosswalks and place rules uploaded, the events view, each location's places, the tags of every distinct
signature (tagged here by holosec's own rules, :func:`holosec.taxonomy.tagging.tag_signatures`, and
uploaded), the ``event_tags`` view, the tables for the day cells and the dataset's mark. Every statement is
:mod:`holosec.engines.bigquery_sql`; a dry run prices each one and runs none.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from holosec.engines.bigquery import BigQueryEngine, Planned
from holosec.engines.bigquery_sql import (
    GDELT_EVENTS,
    MARK,
    SIGNATURE_TAGS,
    event_tags_view_sql,
    events_view_sql,
    loc_places_sql,
    mark_sql,
    reference_statements,
    signatures_sql,
    table_sql,
)
from holosec.taxonomy.rule_tables import place_tables, rules_fingerprint
from holosec.taxonomy.tagging import tag_signatures

_IBIS = {"VARCHAR": "string", "DOUBLE": "float64", "BOOLEAN": "boolean", "INTEGER": "int32"}


@dataclass(frozen=True)
class SetUp:
    """What a setup did: the dataset, the mark its events view ends at (a GDELT ``DATEADDED``), the
    signatures tagged, the tag rows uploaded, and in a dry run the statements it would have run."""

    dataset: str
    through: int
    tags_serial: int
    signatures: int
    tags: int
    plan: list[Planned]


def setup_bigquery(
    engine: BigQueryEngine,
    *,
    source: str = GDELT_EVENTS,
    through: int | None = None,
    now: datetime | None = None,
    step: Callable[[str], None] | None = None,
) -> SetUp:
    """Set ``engine``'s dataset up over ``source`` (GDELT 2.0's public events), up to the ``DATEADDED``
    ``through`` (default: the newest there). Re-running it moves the mark on: the view shows the events
    added since, their new signatures are tagged, and the day cells refresh on their next read: only the
    days of the events added since, while the rules are the same (the tags serial is their fingerprint)."""
    dataset = engine.dataset
    say = step or (lambda _: None)
    if through is None:
        found = engine.run(mark_sql(source), "the newest DATEADDED of GDELT's events")
        through = 0 if found is None else int(found.column(0)[0].as_py() or 0)
    for statement in reference_statements(dataset):
        say(statement.name)
        engine.run(statement.sql, f"crosswalk {statement.name}")
    for name, (columns, rows) in place_tables().items():
        say(name)
        schema = {column: _IBIS[kind] for column, kind in columns.items()}
        engine.run(table_sql(dataset, name, schema, rows), f"place rules {name}")
    say("events")
    events = dict(engine.schema("events").items())
    engine.run(events_view_sql(dataset, events, through, source), "the events view over GDELT")
    say("loc_places")
    engine.run(loc_places_sql(dataset), "the place rules each location meets")
    say("signatures")
    found = engine.run(signatures_sql(dataset), "the distinct signatures, to tag here")
    signatures = [] if found is None else found.to_pylist()
    tags = tag_signatures(engine.store, signatures)
    engine.load("signature_tags", SIGNATURE_TAGS, [tuple(row) for row in tags], "the signatures' tags")
    say("event_tags")
    engine.run(event_tags_view_sql(dataset), "the event_tags view")
    for name, sql in engine.storage_statements():
        say(name)
        engine.run(sql, f"table {name} (when missing)")
    serial = rules_fingerprint()  # the same rules, the same tags: day cells built before stay current
    written = now or datetime.now(UTC)
    engine.run(
        table_sql(dataset, "holosec_mark", MARK, [(through, serial, 0, written)]), "the dataset's mark"
    )
    return SetUp(dataset, through, serial, len(signatures), len(tags), list(engine.plan))
