"""The crosswalk rules as DuckDB temporary tables, so tagging is a few set-based SQL statements.

- ``tag_rule(rule, kind, key, field, weight, fallback, quad, family)``: every rule of the rule files, the
  place rules (kind ``place``, key = the rule id) and one ``family:hotspots`` rule per flashpoint
  (``hotspot.<id>``).
- ``tag_place(rule, area, kind, code, south, north, west, east, point)``: places found by FIPS code, ADM1
  code or feature name, or inside a box; an event counts each ``area`` once.
- ``tag_place_cell(rule, lat_cell, lon_cell)``: the one-degree cells each box touches, so a box is found by
  an equality join before its exact test.
- ``tag_flashpoint(rule, country, south, north, west, east)``: the flashpoints of the ``hotspots`` family,
  one row per country (and box), read by :func:`holosec.taxonomy.load_flashpoints`.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Sequence
from typing import Any

from holosec.store import Store
from holosec.taxonomy import load_flashpoints
from holosec.taxonomy.rules import FAMILY, Place, Rule, load_places, load_rules
from holosec.taxonomy.text_tags import text_rules

HOTSPOT_FAMILY = "family:hotspots"


def hotspot_rules() -> list[Rule]:
    """One rule per flashpoint: events in it get the ``hotspots`` family.

    >>> [r.id for r in hotspot_rules()][:2]
    ['hotspot.korean_peninsula', 'hotspot.taiwan_strait']
    """
    return [
        Rule(
            id=f"hotspot.{point.id}",
            kind="place",
            key=f"hotspot.{point.id}",
            field=HOTSPOT_FAMILY,
            weight=1.0,
            note=f"{point.name_en}: {point.note}",
            source="families.toml",
        )
        for point in load_flashpoints()
    ]


def place_rules(places: Sequence[Place]) -> list[Rule]:
    """The place rows as rules of kind ``place`` (their key is their id)."""
    return [Rule(p.id, "place", p.id, p.field, p.weight, f"{p.area}: {p.note}", "places.tsv") for p in places]


def all_rules() -> list[Rule]:
    """Every rule the engine applies: the rule files, the places and the flashpoints.

    >>> len({r.id for r in all_rules()}) == len(all_rules())
    True
    """
    return [*load_rules(), *place_rules(load_places()), *hotspot_rules(), *text_rules()]


def table(store: Store, name: str, columns: dict[str, str], rows: Sequence[Sequence[Any]]) -> None:
    """A temporary table ``name`` with typed ``columns`` holding ``rows`` (loaded as parallel lists)."""
    selects = ", ".join(
        f"unnest(${i}::{kind}[]) AS {column}" for i, (column, kind) in enumerate(columns.items(), start=1)
    )
    lists = [list(values) for values in zip(*rows, strict=True)] if rows else [[] for _ in columns]
    store.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT {selects}", lists)


def _cells(place: Place) -> list[tuple[str, int, int]]:
    assert place.box is not None
    south, north, west, east = place.box
    lats = range(math.floor(south), math.floor(north) + 1)
    lons = range(math.floor(west), math.floor(east) + 1)
    return [(place.id, lat, lon) for lat in lats for lon in lons]


def load_rule_tables(store: Store) -> None:
    """Create (or replace) the rule tables in the store's connection."""
    rules = all_rules()
    table(
        store,
        "tag_rule",
        {
            "rule": "VARCHAR",
            "kind": "VARCHAR",
            "key": "VARCHAR",
            "field": "VARCHAR",
            "weight": "DOUBLE",
            "fallback": "BOOLEAN",
        },
        [(r.id, r.kind, r.key, r.field, r.weight, r.fallback) for r in rules],
    )
    quads = [(r.id, list(r.quad)) for r in rules if r.quad]
    table(store, "tag_rule_quad", {"rule": "VARCHAR", "quad": "TINYINT[]"}, quads)
    store.execute(f"""
        CREATE OR REPLACE TEMP TABLE tag_rule AS
        SELECT r.*, q.quad, starts_with(r.field, '{FAMILY}') AS family
        FROM tag_rule r LEFT JOIN tag_rule_quad q USING (rule)
    """)
    for name, (columns, rows) in place_tables().items():
        table(store, name, columns, rows)


def place_tables() -> dict[str, tuple[dict[str, str], list[tuple[Any, ...]]]]:
    """The place rule tables (``tag_place``, ``tag_place_cell``, ``tag_flashpoint``): each one's typed
    columns (DuckDB types) and rows, for the local tagging and for an engine that tags elsewhere.

    >>> {name: len(rows) > 0 for name, (_, rows) in place_tables().items()}
    {'tag_place': True, 'tag_place_cell': True, 'tag_flashpoint': True}
    """
    places = load_places()
    place_columns = {
        "rule": "VARCHAR",
        "area": "VARCHAR",
        "kind": "VARCHAR",
        "code": "VARCHAR",
        "south": "DOUBLE",
        "north": "DOUBLE",
        "west": "DOUBLE",
        "east": "DOUBLE",
        "point": "BOOLEAN",
    }
    place_rows = [(p.id, p.area, p.kind, p.code, *(p.box or (None,) * 4), p.point) for p in places]
    cells = [cell for p in places if p.box for cell in _cells(p)]
    flash = [
        (f"hotspot.{point.id}", country, *box)
        for point in load_flashpoints()
        for country in point.countries
        for box in (point.boxes or ((None,) * 4,))
    ]
    # Flashpoint boxes are [west, south, east, north]; the table keeps south, north, west, east like places.
    flash_columns = {
        "rule": "VARCHAR",
        "country": "VARCHAR",
        "west": "DOUBLE",
        "south": "DOUBLE",
        "east": "DOUBLE",
        "north": "DOUBLE",
    }
    return {
        "tag_place": (place_columns, place_rows),
        "tag_place_cell": ({"rule": "VARCHAR", "lat_cell": "INTEGER", "lon_cell": "INTEGER"}, cells),
        "tag_flashpoint": (flash_columns, flash),
    }


def rules_fingerprint() -> int:
    """A number that changes when any rule or place table changes (and only then): the tags serial of an
    engine that tags elsewhere, so its day cells stay current across setups with the same rules.

    >>> rules_fingerprint() == rules_fingerprint() > 0
    True
    """
    rules = [(r.id, r.kind, r.key, r.field, r.weight, r.fallback, list(r.quad or ())) for r in all_rules()]
    text = json.dumps([rules, place_tables()], sort_keys=True, default=str)
    return int(hashlib.sha256(text.encode("utf-8")).hexdigest()[:15], 16)


def drop_rule_tables(store: Store) -> None:
    """Drop the rule tables (and the working tables of a tagging run)."""
    for name in ("tag_rule", "tag_rule_quad", "tag_place", "tag_place_cell", "tag_flashpoint"):
        store.execute(f"DROP TABLE IF EXISTS {name}")
