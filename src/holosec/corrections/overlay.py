"""Corrections laid over the stored events as indicators read them: the rows stay as ingested.

:func:`corrected` is applied to the events every indicator counts (through
:func:`holosec.indicators.frame.reports`) and :func:`corrected_tags` to their field tags
(:func:`holosec.indicators.frame.field_weights`), so the indicators, the index, the alerts and the evidence
all honour the active corrections once the day cells are refreshed:

- ``not-an-event``: the record is dropped;
- ``duplicate``: the record is kept (its outlet still counts towards the story's distinct sources) but is
  never the report counted for a story: ``corrected_duplicate`` is True, and the story it belongs to is
  counted through its other reports (the event it duplicates, when they share a story); a story whose
  every report is a duplicate is not counted. Without story collapsing (``dedup=False``) every record
  counts, duplicates too;
- ``wrong-code``: the CAMEO code, base and root code, and with them the quad class (by the code's root)
  and the Goldstein score (CAMEO's scale; none when the scale has no score for the code);
- ``wrong-actor``: that actor's country; ``wrong-place``: the location country;
- ``wrong-field``: the event's tags are replaced by the fields given, of equal weight (``none``: no field).

Of several active corrections of one kind (and actor) on an event, the newest counts. The corrections are
few, so they travel to the engine as a small table (:meth:`holosec.engines.Engine.small_table`), which every
engine runs; with none active the events pass untouched.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

import ibis

from holosec import reference
from holosec.corrections.kinds import (
    DUPLICATE,
    NOT_AN_EVENT,
    WRONG_ACTOR,
    WRONG_CODE,
    WRONG_FIELD,
    WRONG_PLACE,
    fields_of,
)
from holosec.store import Store

DUPLICATE_COLUMN = "corrected_duplicate"
RULE = "correction"  # the rule of a tag a correction gives
_COLUMNS = {
    "c_event": "string", "c_drop": "boolean", "c_dup": "boolean", "c_code": "string", "c_quad": "int8",
    "c_goldstein": "float64", "c_a1": "string", "c_a2": "string", "c_loc": "string",
}  # fmt: skip


class HasStore(Protocol):
    """What the overlay needs of an engine (:class:`holosec.engines.Engine`)."""

    store: Store

    def small_table(self, name: str, columns: dict[str, list[Any]], schema: dict[str, str]) -> ibis.Table:
        """A small temporary table."""
        ...


@dataclass
class Overlay:
    """The active corrections resolved per event: what :func:`corrected` changes."""

    dropped: set[str] = field(default_factory=set)
    duplicates: set[str] = field(default_factory=set)
    codes: dict[str, str] = field(default_factory=dict)
    actor1: dict[str, str] = field(default_factory=dict)
    actor2: dict[str, str] = field(default_factory=dict)
    places: dict[str, str] = field(default_factory=dict)
    fields: dict[str, list[str]] = field(default_factory=dict)

    @property
    def changes_rows(self) -> bool:
        """Whether any correction changes the event rows (rather than only their fields)."""
        return bool(
            self.dropped or self.duplicates or self.codes or self.actor1 or self.actor2 or self.places
        )


def overlay(store: Store) -> Overlay:
    """The active corrections of ``store``, the newest of each kind (and actor) per event winning."""
    rows = store.execute(
        "SELECT event_id, kind, value FROM corrections WHERE withdrawn_at IS NULL ORDER BY created_at, serial"
    ).fetchall()
    found = Overlay()
    for event_id, kind, value in rows:
        if kind == NOT_AN_EVENT:
            found.dropped.add(event_id)
        elif kind == DUPLICATE:
            found.duplicates.add(event_id)
        elif kind == WRONG_CODE:
            found.codes[event_id] = value
        elif kind == WRONG_ACTOR:
            side, _, country = value.partition("=")
            (found.actor1 if side == "actor1" else found.actor2)[event_id] = country
        elif kind == WRONG_PLACE:
            found.places[event_id] = value
        elif kind == WRONG_FIELD:
            found.fields[event_id] = fields_of(value)
    return found


def corrected(engine: HasStore, events: ibis.Table) -> ibis.Table:
    """``events`` as the active corrections of ``engine``'s store have them (see the module docstring),
    with the boolean column :data:`DUPLICATE_COLUMN` when any is a duplicate (see :func:`duplicates`);
    with none active, ``events`` itself."""
    found = overlay(engine.store)
    if not found.changes_rows:
        return events
    ids = sorted(
        found.dropped | found.duplicates | set(found.codes) | set(found.actor1) | set(found.actor2)
        | set(found.places)
    )  # fmt: skip
    codes = [found.codes.get(event_id) for event_id in ids]
    table = engine.small_table(
        "holosec_corrections",
        {
            "c_event": ids,
            "c_drop": [event_id in found.dropped for event_id in ids],
            "c_dup": [event_id in found.duplicates for event_id in ids],
            "c_code": codes,
            "c_quad": [reference.quad_class(code) if code else None for code in codes],
            "c_goldstein": [reference.goldstein(code) if code else None for code in codes],
            "c_a1": [found.actor1.get(event_id) for event_id in ids],
            "c_a2": [found.actor2.get(event_id) for event_id in ids],
            "c_loc": [found.places.get(event_id) for event_id in ids],
        },
        _COLUMNS,
    ).cast(_COLUMNS)  # a column of NULLs only has no type of its own
    joined = events.left_join(table, events.event_id == table.c_event)
    joined = joined.filter(~joined.c_drop.fill_null(False))
    recoded = joined.c_code.notnull()
    changed: dict[str, Callable[[], ibis.Value]] = {  # made only for the columns ``events`` has
        "event_code": lambda: ibis.coalesce(joined.c_code, joined.event_code),
        "event_base_code": lambda: ibis.ifelse(recoded, joined.c_code.substr(0, 3), joined.event_base_code),
        "root_code": lambda: ibis.ifelse(recoded, joined.c_code.substr(0, 2), joined.root_code),
        "quad_class": lambda: ibis.ifelse(recoded, joined.c_quad, joined.quad_class),
        "goldstein": lambda: ibis.ifelse(recoded, joined.c_goldstein, joined.goldstein),
        "actor1_country": lambda: ibis.coalesce(joined.c_a1, joined.actor1_country),
        "actor2_country": lambda: ibis.coalesce(joined.c_a2, joined.actor2_country),
        "loc_country": lambda: ibis.coalesce(joined.c_loc, joined.loc_country),
    }
    schema = events.schema()
    marked = [joined.c_dup.fill_null(False).name(DUPLICATE_COLUMN)] if found.duplicates else []
    return joined.select(
        *(
            changed[name]().cast(schema[name]).name(name) if name in changed else joined[name]
            for name in events.columns
        ),
        *marked,
    )


def duplicates(table: ibis.Table) -> dict[str, ibis.BooleanColumn]:
    """``{DUPLICATE_COLUMN: column}`` when ``table`` (events :func:`corrected`) marks duplicates, else
    empty: with no duplicate among the corrections the counting is exactly as without corrections."""
    return {DUPLICATE_COLUMN: table[DUPLICATE_COLUMN]} if DUPLICATE_COLUMN in table.columns else {}


def corrected_tags(engine: HasStore, tags: ibis.Table) -> ibis.Table:
    """The field tags ``tags`` (``event_tags`` rows) with each field-corrected event's tags replaced by
    the fields its correction gives, of equal weight (rule :data:`RULE`)."""
    found = overlay(engine.store).fields
    if not found:
        return tags
    kept = tags.filter(~tags.event_id.isin(sorted(found)))
    given = [(event_id, name, 1.0 / len(names)) for event_id, names in found.items() for name in names]
    if not given:
        return kept
    table = engine.small_table(
        "holosec_corrected_tags",
        {
            "event_id": [row[0] for row in given],
            "field": [row[1] for row in given],
            "weight": [row[2] for row in given],
            "rule": [RULE] * len(given),
        },
        {"event_id": "string", "field": "string", "weight": "float64", "rule": "string"},
    )
    return kept.union(table.select(kept.columns).cast(kept.schema()))
