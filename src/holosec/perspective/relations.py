"""Every event relative to a perspective, computed at query time in SQL (nothing is stored, so changing the
perspective file changes the answer at once):

- ``relation``: ``internal`` (located in the home country or a place it counts as home, and every actor
  with a country is from there), ``external`` (otherwise, when the home country, a neighbour or a country
  of the overseas-interests registry is an actor's country or the event's location) or ``unrelated``.
- ``security``: for internal and external events, ``common`` when a partner takes part (an actor's country
  or the location is a member, on the event's day, of a grouping the home country was already in) or a
  multilateral body acts (a UN, IGO or peacekeeping actor, or a known intergovernmental group); else
  ``own``. NULL for unrelated events.
- ``nature``: ``traditional`` when the traditional fields of the taxonomy (political, homeland, military)
  hold at least half of the event's field weight, else ``non_traditional``; NULL for an untagged event.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from holosec.perspective.model import Perspective
from holosec.store import Store
from holosec.taxonomy import load_taxonomy
from holosec.taxonomy.parse import FINEST

_ACTOR_COUNTRIES = ("e.actor1_country", "e.actor2_country")
_TYPES = [f"e.actor{n}_type{k}" for n in (1, 2) for k in (1, 2, 3)]


def traditional_fields() -> list[str]:
    """The ``v2023`` fields the taxonomy marks traditional.

    >>> traditional_fields()
    ['political', 'homeland', 'military']
    """
    return [f.id for f in load_taxonomy(FINEST).fields if f.traditional]


def _list(codes: Iterable[str]) -> str:
    """A SQL list literal of codes (ISO3 and CAMEO codes: letters only, checked when loaded)."""
    items = [code for code in codes if code.isalnum()]
    return "[" + ", ".join(f"'{code}'" for code in items) + "]::VARCHAR[]"


def _partners(perspective: Perspective) -> str:
    """A VALUES table of (code, since, until) for every partner membership of the perspective."""
    rows = [
        f"('{m.code}', DATE '{max(m.since, g.home_since)}', " + (f"DATE '{m.until}')" if m.until else "NULL)")
        for g in perspective.groupings
        for m in g.members
        if m.code not in perspective.home_set
    ]
    if not rows:
        return "(SELECT NULL::VARCHAR AS code, NULL::DATE AS since, NULL::DATE AS until WHERE false)"
    return f"(VALUES {', '.join(rows)}) AS g(code, since, until)"


def perspective_sql(perspective: Perspective, events: str = "events") -> str:
    """A SELECT of (event_id, relation, security, nature) over ``events`` (a table, or a subquery in
    brackets) relative to ``perspective``.

    >>> from holosec.perspective.model import load_perspective
    >>> "internal" in perspective_sql(load_perspective("JPN"))
    True
    """
    home = _list(perspective.home_set)
    involved = _list((*perspective.home_set, *perspective.neighbours, *perspective.interests))
    countries = f"[{', '.join(_ACTOR_COUNTRIES)}, e.loc_country]"
    internal = (
        f"(list_contains({home}, e.loc_country) AND "
        + " AND ".join(f"({c} IS NULL OR list_contains({home}, {c}))" for c in _ACTOR_COUNTRIES)
        + ")"
    )
    related = f"list_has_any({involved}, list_filter({countries}, lambda x: x IS NOT NULL))"
    groups = "[e.actor1_known_group, e.actor2_known_group]"
    multilateral = (
        f"(list_has_any({_list(perspective.multilateral_types)}, [{', '.join(_TYPES)}]) OR "
        f"list_has_any({_list(perspective.multilateral_groups)}, {groups}))"
    )
    partner = (
        f"EXISTS (SELECT 1 FROM {_partners(perspective)} "
        f"WHERE list_contains({countries}, g.code) AND e.date >= g.since "
        "AND (g.until IS NULL OR e.date < g.until))"
    )
    traditional = _list(traditional_fields())
    return f"""
        SELECT c.event_id,
               CASE WHEN c.internal THEN 'internal' WHEN c.related THEN 'external' ELSE 'unrelated' END
                   AS relation,
               CASE WHEN NOT (c.internal OR c.related) THEN NULL WHEN c.common THEN 'common' ELSE 'own' END
                   AS security,
               CASE WHEN t.total IS NULL OR t.total = 0 THEN NULL
                    WHEN t.traditional >= t.total / 2 THEN 'traditional' ELSE 'non_traditional' END AS nature
        FROM (
            SELECT e.event_id, coalesce({internal}, false) AS internal, coalesce({related}, false) AS related,
                   coalesce({multilateral}, false) OR {partner} AS common
            FROM {events} AS e
        ) AS c
        LEFT JOIN (
            SELECT event_id, sum(weight) AS total,
                   sum(CASE WHEN list_contains({traditional}, field) THEN weight ELSE 0 END) AS traditional
            FROM event_tags WHERE NOT starts_with(field, 'family:') GROUP BY event_id
        ) AS t USING (event_id)
    """


def classify_events(
    store: Store, perspective: Perspective, event_ids: list[str] | None = None, *, limit: int = 1000
) -> list[dict[str, Any]]:
    """relation, security and nature of events (the ones named, else any ``limit`` of them), by event id.

    >>> import tempfile, pathlib
    >>> from holosec.perspective.model import load_perspective
    >>> with Store.open(pathlib.Path(tempfile.mkdtemp())) as store:
    ...     classify_events(store, load_perspective(), ["gdelt2:1"])
    []
    """
    if event_ids is None:
        events, params = f"(SELECT * FROM events ORDER BY event_id LIMIT {int(limit)})", []
    else:
        events, params = "(SELECT * FROM events WHERE list_contains($1::VARCHAR[], event_id))", [event_ids]
    rows = store.execute(f"{perspective_sql(perspective, events)} ORDER BY event_id", params).fetchall()
    return [dict(zip(("event_id", "relation", "security", "nature"), row, strict=True)) for row in rows]


def perspective_summary(store: Store, perspective: Perspective) -> dict[str, Any]:
    """Counts of stored events by relation, security and nature relative to ``perspective``.

    >>> import tempfile, pathlib
    >>> from holosec.perspective.model import load_perspective
    >>> with Store.open(pathlib.Path(tempfile.mkdtemp())) as store:
    ...     perspective_summary(store, load_perspective())["events"]
    0
    """
    rows = store.execute(
        f"SELECT relation, security, nature, count(*) FROM ({perspective_sql(perspective)}) "
        "GROUP BY ALL ORDER BY ALL"
    ).fetchall()
    summary: dict[str, Any] = {"perspective": perspective.code, "events": sum(r[3] for r in rows)}
    for index, name in enumerate(("relation", "security", "nature")):
        counts: dict[str, int] = {}
        for row in rows:
            key = row[index] or "none"
            counts[key] = counts.get(key, 0) + int(row[3])
        summary[name] = counts
    return summary
