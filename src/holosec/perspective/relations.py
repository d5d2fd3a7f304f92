"""Every event relative to a perspective, computed at query time (nothing is stored, so changing the
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

:func:`event_relations` is the classification as an Ibis expression, portable to any engine Ibis compiles for
(DuckDB, PySpark, BigQuery); :func:`perspective_sql` is the same classification in DuckDB SQL, kept as the
reference :func:`event_relations` is tested against.
"""

from __future__ import annotations

import operator
from collections.abc import Iterable
from datetime import date
from functools import reduce
from typing import Any

import ibis

from holosec.perspective.model import Perspective
from holosec.store import Store
from holosec.taxonomy import load_taxonomy
from holosec.taxonomy.parse import FINEST

_ACTOR_COUNTRIES = ("e.actor1_country", "e.actor2_country")
_TYPES = [f"e.actor{n}_type{k}" for n in (1, 2) for k in (1, 2, 3)]
_TYPE_COLUMNS = [f"actor{n}_type{k}" for n in (1, 2) for k in (1, 2, 3)]
_GROUP_COLUMNS = ["actor1_known_group", "actor2_known_group"]
_COUNTRY_COLUMNS = ["actor1_country", "actor2_country", "loc_country"]
# The columns of the store's tables the classification reads (for expressions not bound to a store).
EVENT_COLUMNS = {
    "event_id": "string", "date": "date", **dict.fromkeys(_COUNTRY_COLUMNS, "string"),
    **dict.fromkeys(_TYPE_COLUMNS, "string"), **dict.fromkeys(_GROUP_COLUMNS, "string"),
}  # fmt: skip
TAG_COLUMNS = {"event_id": "string", "field": "string", "weight": "float64"}
_OUTPUT = ("event_id", "relation", "security", "nature")
Span = tuple[date, date | None]  # from since, until the day before until (None: still)


def traditional_fields() -> list[str]:
    """The ``v2023`` fields the taxonomy marks traditional.

    >>> traditional_fields()
    ['political', 'homeland', 'military']
    """
    return [f.id for f in load_taxonomy(FINEST).fields if f.traditional]


def _codes(codes: Iterable[str]) -> list[str]:
    """The codes that can be written as SQL literals (ISO3 and CAMEO codes: letters only, checked when
    loaded), each once.

    >>> _codes(["CHN", "x'y", "CHN", "UNO"])
    ['CHN', 'UNO']
    """
    return list(dict.fromkeys(code for code in codes if code.isalnum()))


def _list(codes: Iterable[str]) -> str:
    """A SQL list literal of codes."""
    return "[" + ", ".join(f"'{code}'" for code in _codes(codes)) + "]::VARCHAR[]"


def memberships(perspective: Perspective) -> list[tuple[str, date, date | None]]:
    """(code, since, until) of every partner membership of ``perspective``: a member of one of its groupings
    other than a home place, from the later of the day it joined and the day the home country did, until
    the day it left (exclusive) or for good (None).

    >>> from holosec.perspective.model import load_perspective
    >>> russia = [m for m in memberships(load_perspective("IND")) if m[0] == "RUS"]
    >>> [(code, str(since), until) for code, since, until in russia]  # CICA, BRICS, SCO (India from 2017)
    [('RUS', '1999-09-14', None), ('RUS', '2009-06-16', None), ('RUS', '2017-06-09', None)]
    """
    return [
        (m.code, max(m.since, g.home_since), m.until)
        for g in perspective.groupings
        for m in g.members
        if m.code not in perspective.home_set
    ]


def _partners(perspective: Perspective) -> str:
    """A VALUES table of (code, since, until) for every partner membership of the perspective."""
    rows = [
        f"('{code}', DATE '{since}', " + (f"DATE '{until}')" if until else "NULL)")
        for code, since, until in memberships(perspective)
    ]
    if not rows:
        return "(SELECT NULL::VARCHAR AS code, NULL::DATE AS since, NULL::DATE AS until WHERE false) AS g"
    return f"(VALUES {', '.join(rows)}) AS g(code, since, until)"


def partner_spans(perspective: Perspective) -> list[tuple[tuple[Span, ...], list[str]]]:
    """The partners of ``perspective`` grouped by when they are partners: (spans, codes) where each code is
    a partner on exactly the days of the spans (since, until exclusive or None), its memberships merged.

    >>> from dataclasses import replace
    >>> from holosec.perspective.model import load_perspective
    >>> germany = load_perspective("DEU")
    >>> def spans_of(code, perspective):
    ...     spans = next(spans for spans, codes in partner_spans(perspective) if code in codes)
    ...     return [(str(since), str(until)) for since, until in spans]
    >>> spans_of("GBR", germany)  # the EU until 2020, NATO and the G7 still
    [('1955-05-06', 'None')]
    >>> spans_of("GBR", replace(germany, groupings=tuple(g for g in germany.groupings if g.id == "EU")))
    [('1973-01-01', '2020-02-01')]
    """
    by_code: dict[str, list[Span]] = {}
    for code, since, until in memberships(perspective):
        by_code.setdefault(code, []).append((since, until))
    grouped: dict[tuple[Span, ...], list[str]] = {}
    for code, spans in by_code.items():
        merged: list[Span] = []
        for since, until in sorted(spans, key=lambda span: span[0]):
            if merged and (merged[-1][1] is None or since <= merged[-1][1]):
                last = merged[-1][1]
                merged[-1] = (merged[-1][0], None if last is None or until is None else max(last, until))
            else:
                merged.append((since, until))
        grouped.setdefault(tuple(merged), []).append(code)
    return list(grouped.items())


def _during(day: ibis.DateValue, since: date, until: date | None) -> ibis.BooleanValue:
    """Whether ``day`` is from ``since`` and before ``until`` (if any)."""
    return day >= since if until is None else (day >= since) & (day < until)


def _any_in(columns: Iterable[ibis.Value], codes: Iterable[str]) -> ibis.BooleanValue:
    """Whether one of ``columns`` is one of ``codes`` (NULL columns are none of them; false for no codes).

    >>> t = ibis.table({"a": "string", "b": "string"}, name="t")
    >>> print(ibis.to_sql(t.select(x=_any_in([t.a, t.b], ["CHN", "JPN"])), dialect="duckdb"))
    SELECT
      "t0"."a" IN ('CHN', 'JPN') OR "t0"."b" IN ('CHN', 'JPN') AS "x"
    FROM "t" AS "t0"
    """
    wanted = _codes(codes)
    tests = [column.isin(wanted) for column in columns] if wanted else []
    return reduce(operator.or_, tests) if tests else ibis.literal(False)


def event_relations(events: ibis.Table, tags: ibis.Table, perspective: Perspective) -> ibis.Table:
    """(event_id, relation, security, nature) of every row of ``events`` (the store's ``events`` table, or
    any filter of it) relative to ``perspective``, ``tags`` being the store's ``event_tags``. Portable Ibis
    (comparisons, ``IN`` lists of literals, ``CASE``, a grouped sum and a left join), the same
    classification as :func:`perspective_sql`; the partner memberships are one test per group of
    partners with the same days (:func:`partner_spans`).

    >>> from holosec.perspective.model import load_perspective
    >>> events = ibis.table(EVENT_COLUMNS, name="events")
    >>> tags = ibis.table(TAG_COLUMNS, name="event_tags")
    >>> expr = event_relations(events, tags, load_perspective("JPN"))
    >>> expr.columns
    ('event_id', 'relation', 'security', 'nature')
    >>> "list_has_any" in ibis.to_sql(expr, dialect="duckdb")
    False
    """
    e = events
    countries = [e[column] for column in _COUNTRY_COLUMNS]
    home = _codes(perspective.home_set)
    actors_home = [e[c].isnull() | _any_in([e[c]], home) for c in _COUNTRY_COLUMNS[:2]]
    internal = (_any_in([e.loc_country], home) & actors_home[0] & actors_home[1]).fill_null(False)
    involved = (*perspective.home_set, *perspective.neighbours, *perspective.interests)
    related = _any_in(countries, involved).fill_null(False)
    multilateral = _any_in([e[c] for c in _TYPE_COLUMNS], perspective.multilateral_types) | _any_in(
        [e[c] for c in _GROUP_COLUMNS], perspective.multilateral_groups
    )
    partners = [
        reduce(operator.or_, [_during(e.date, since, until) for since, until in spans])
        & _any_in(countries, codes)
        for spans, codes in partner_spans(perspective)
    ]
    partner = reduce(operator.or_, partners) if partners else ibis.literal(False)
    common = (multilateral | partner).fill_null(False)
    flags = e.select(event_id=e.event_id, internal=internal, related=related, common=common)
    classified = flags.select(
        event_id=flags.event_id,
        relation=ibis.cases((flags.internal, "internal"), (flags.related, "external"), else_="unrelated"),
        security=ibis.cases(
            (~(flags.internal | flags.related), ibis.null("string")), (flags.common, "common"), else_="own"
        ),
    )
    kept = tags.filter(~tags.field.startswith("family:"))
    weights = kept.group_by("event_id").aggregate(
        total=kept.weight.sum(),
        traditional=ibis.ifelse(kept.field.isin(traditional_fields()), kept.weight, 0.0).sum(),
    )
    joined = classified.left_join(weights, "event_id")
    nature = ibis.cases(
        (joined.total.isnull() | (joined.total == 0), ibis.null("string")),
        (joined.traditional >= joined.total / 2, "traditional"),
        else_="non_traditional",
    )
    return joined.select(
        event_id=joined.event_id, relation=joined.relation, security=joined.security, nature=nature
    )


def perspective_sql(perspective: Perspective, events: str = "events") -> str:
    """A SELECT of (event_id, relation, security, nature) over ``events`` (a table, or a subquery in
    brackets) relative to ``perspective``. The DuckDB SQL reference for :func:`event_relations`, which is what
    holosec runs: the tests check the two agree on every bundled event, for every packaged perspective.

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


def _rows(store: Store, expr: ibis.Table) -> list[tuple[Any, ...]]:
    """The rows of ``expr`` (over the store's tables by name) on the store's own engine, DuckDB."""
    return list(store.execute(str(ibis.to_sql(expr, dialect="duckdb"))).fetchall())


def _tables() -> tuple[ibis.Table, ibis.Table]:
    """The store's ``events`` and ``event_tags`` (the columns :func:`event_relations` reads), unbound."""
    return ibis.table(EVENT_COLUMNS, name="events"), ibis.table(TAG_COLUMNS, name="event_tags")


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
    events, tags = _tables()
    if event_ids is None:
        events = events.order_by("event_id").limit(int(limit))
    elif event_ids:
        events = events.filter(events.event_id.isin(list(dict.fromkeys(event_ids))))
    else:
        return []
    rows = _rows(store, event_relations(events, tags, perspective).order_by("event_id"))
    return [dict(zip(_OUTPUT, row, strict=True)) for row in rows]


def perspective_summary(store: Store, perspective: Perspective) -> dict[str, Any]:
    """Counts of stored events by relation, security and nature relative to ``perspective``.

    >>> import tempfile, pathlib
    >>> from holosec.perspective.model import load_perspective
    >>> with Store.open(pathlib.Path(tempfile.mkdtemp())) as store:
    ...     perspective_summary(store, load_perspective())["events"]
    0
    """
    classified = event_relations(*_tables(), perspective)
    counted = classified.group_by("relation", "security", "nature").aggregate(n=classified.count())
    # In the order of the three columns, NULL last (as the counts were always listed).
    rows = sorted(_rows(store, counted), key=lambda r: tuple((v is None, v or "") for v in r[:3]))
    summary: dict[str, Any] = {"perspective": perspective.code, "events": sum(r[3] for r in rows)}
    for index, name in enumerate(("relation", "security", "nature")):
        counts: dict[str, int] = {}
        for row in rows:
            key = row[index] or "none"
            counts[key] = counts.get(key, 0) + int(row[3])
        summary[name] = counts
    return summary
