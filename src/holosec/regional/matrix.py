"""The regional matrix: for the members of a grouping, the cooperation-conflict balance of every pair of
members per period (with its trend), and the regional cooperation index over time.

The pair cells are the undirected pair indicators of :func:`holosec.indicators.query.panel` (view
``pair_u``): the same stories, the same Goldstein-weighted ``balance`` (+1 all cooperation, -1 all
conflict) as the pair pages, so a cell and its drill-down agree. A pair counts in a period when both
states are members on the period's last day. ``trend`` is the least-squares slope of the pair's balance
per period over the last :data:`TREND` periods, the pair's own included (None with fewer than three
balances among them).

The regional index counts the stories among members (either direction) by CAMEO quad class: 1 verbal
cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict. Shares are of events,
intensities of Goldstein weight (the absolute Goldstein score, as in ``balance``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

import ibis

from holosec.engines import engine_for
from holosec.errors import ParameterError
from holosec.indicators.catalog import event_span
from holosec.indicators.frame import ALL, counted_rows
from holosec.indicators.measures import period_of
from holosec.indicators.query import panel
from holosec.indicators.rollup import require_current
from holosec.periods import Period
from holosec.regional.groupings import DEFAULT, Grouping, load_grouping
from holosec.store import Store
from holosec.taxonomy import DEFAULT as TAXONOMY

TREND = 6


def slope(points: list[tuple[int, float]]) -> float | None:
    """Least-squares slope of (position, value) points (None with fewer than three).

    >>> slope([(0, 0.0), (1, 0.5), (3, 1.5)]), slope([(0, 1.0), (1, 1.0)])
    (0.5, None)
    """
    n = len(points)
    if n < 3:
        return None
    mean_x = sum(x for x, _ in points) / n
    mean_y = sum(y for _, y in points) / n
    num = sum((x - mean_x) * (y - mean_y) for x, y in points)
    den = sum((x - mean_x) ** 2 for x, _ in points)
    return round(num / den, 6)


def steady(value: float | None) -> float | None:
    """``value`` to 9 decimals, so that it does not hang on the order a parallel sum was taken in.

    >>> steady(2.6374999999999997), steady(None)
    (2.6375, None)
    """
    return None if value is None else round(value, 9) + 0.0


def check_period(period: str | None, by: str) -> Period | None:
    """``period`` (a label of grain ``by``), or None; clear errors for bad labels."""
    if by not in ("week", "month"):
        raise ParameterError("by", f"must be week or month, not {by!r}")
    if period is None:
        return None
    try:
        found = Period.parse(period)
    except ValueError:
        raise ParameterError(
            "period", f"expected a period like 2014-05 or 2014-W19, not {period!r}"
        ) from None
    if found.grain != by:
        raise ParameterError("period", f"{period!r} is a {found.grain}, but by is {by}", mentions=("by",))
    return found


def store_span(store: Store) -> tuple[date, date] | None:
    """The first and last day of the stored events (None when there are none), on the store's engine."""
    return event_span(store)


def _member_pair(grouping: Grouping, a: str, b: str, last_day: date) -> bool:
    members = grouping.members_on(last_day)
    return a in members and b in members


def pair_cells(
    store: Store, grouping: Grouping, *, by: str, taxonomy: str, start: date | None, end: date | None
) -> list[dict[str, Any]]:
    """Every member pair's undirected cell (all fields) per period of ``start``..``end`` with events,
    with ``trend``; sorted by period, then pair."""
    ever = grouping.ever()
    rows = panel(store, by=by, taxonomy=taxonomy, view="pair_u", countries=ever, start=start, end=end)
    cells = []
    for row in rows:
        if row["field"] is not None or row["partner"] not in ever or row["partner"] == row["country"]:
            continue
        last_day = Period.parse(row["period"]).end
        if not _member_pair(grouping, row["country"], row["partner"], last_day):
            continue
        cells.append(
            {
                "a": row["country"],
                "b": row["partner"],
                "period": row["period"],
                "start": row["start"],
                "events": row["events"],
                "conflict_events": row["conflict_events"],
                "material_conflict_events": row["material_conflict_events"],
                "conflict_share": steady(row["conflict_share"]),
                "goldstein_mean": steady(row["goldstein_mean"]),
                "balance": steady(row["balance"]),
            }
        )
    return _with_trend(cells)


def _with_trend(cells: list[dict[str, Any]]) -> list[dict[str, Any]]:
    balances: dict[tuple[str, str], dict[str, float]] = defaultdict(dict)
    for cell in cells:
        if cell["balance"] is not None:
            balances[(cell["a"], cell["b"])][cell["period"]] = cell["balance"]
    for cell in cells:
        current = Period.parse(cell["period"])
        window = []
        for _ in range(TREND):
            window.append(current.label)
            current = current.previous
        found = balances[(cell["a"], cell["b"])]
        cell["trend"] = slope([(i, found[p]) for i, p in enumerate(reversed(window)) if p in found])
    return sorted(cells, key=lambda c: (c["start"], c["a"], c["b"]))


def quad_counts(
    store: Store, grouping: Grouping, *, by: str, start: date | None, end: date | None
) -> list[dict[str, Any]]:
    """Stories among members (either direction) per period, pair and quad class: ``events`` and
    ``weight`` (sum of absolute Goldstein scores)."""
    engine = engine_for(store)
    events = engine.table("events")
    ever = grouping.ever()
    events = events.filter(
        events.actor1_country.isin(ever)
        & events.actor2_country.isin(ever)
        & (events.actor1_country != events.actor2_country)
    )
    if start:
        events = events.filter(events.date >= start)
    if end:
        events = events.filter(events.date <= end)
    rows = counted_rows(engine, taxonomy=TAXONOMY, events=events, field=ALL)
    rows = rows.filter(rows.quad.notnull() & (rows.counted == 1))
    keyed = rows.mutate(
        period=period_of(rows.date, by), a=ibis.least(rows.a1, rows.a2), b=ibis.greatest(rows.a1, rows.a2)
    )
    summed = keyed.group_by(["period", "a", "b", "quad"]).aggregate(
        events=keyed.counted.sum(), weight=(keyed.counted * keyed.goldstein.abs()).sum()
    )
    return [
        {**row, "weight": float(row["weight"] or 0.0)}
        for row in engine.rows(summed)
        if _member_pair(grouping, row["a"], row["b"], Period.of(row["period"], by).end)
    ]


def _ratio(num: float, den: float) -> float | None:
    return round(num / den, 6) if den else None


def cooperation_index(counts: Iterable[Mapping[str, Any]], by: str) -> list[dict[str, Any]]:
    """The regional cooperation index per period from quad-class counts (rows with ``period`` as a date,
    ``quad``, ``events``, ``weight``).

    >>> rows = [{"period": date(2014, 5, 1), "quad": q, "events": e, "weight": w}
    ...         for q, e, w in [(1, 6, 12.0), (2, 2, 14.0), (3, 1, 2.0), (4, 1, 10.0)]]
    >>> row = cooperation_index(rows, "month")[0]
    >>> row["cooperation_share"], row["verbal_cooperation_share"], row["material_balance"]
    (0.8, 0.857143, 0.166667)
    """
    by_period: dict[date, dict[int, list[float]]] = defaultdict(lambda: {q: [0.0, 0.0] for q in (1, 2, 3, 4)})
    for row in counts:
        cell = by_period[row["period"]][int(row["quad"])]
        cell[0] += float(row["events"])
        cell[1] += float(row["weight"])
    out = []
    for first in sorted(by_period):
        q = by_period[first]
        (n1, w1), (n2, w2), (n3, w3), (n4, w4) = (q[1], q[2], q[3], q[4])
        total = n1 + n2 + n3 + n4
        out.append(
            {
                "period": Period.of(first, by).label,
                "start": first.isoformat(),
                "events": total,
                "verbal_cooperation": n1,
                "material_cooperation": n2,
                "verbal_conflict": n3,
                "material_conflict": n4,
                "cooperation_share": _ratio(n1 + n2, total),
                "verbal_cooperation_share": _ratio(n1, n1 + n3),
                "material_cooperation_share": _ratio(n2, n2 + n4),
                "balance": _ratio(w1 + w2 - w3 - w4, w1 + w2 + w3 + w4),
                "verbal_balance": _ratio(w1 - w3, w1 + w3),
                "material_balance": _ratio(w2 - w4, w2 + w4),
            }
        )
    return out


def region_matrix(
    store: Store,
    grouping: str = DEFAULT,
    *,
    period: str | None = None,
    by: str = "month",
    taxonomy: str = TAXONOMY,
    groupings: Path | None = None,
) -> dict[str, Any]:
    """The regional matrix of ``grouping`` (an id; ``groupings`` a user file of more): ``members`` (ISO3,
    on the last day of ``period`` or of the stored events), ``pairs`` (one row per member pair and period
    with events: ``a``, ``b``, ``period``, ``balance``, ``trend`` ...; only ``period`` when given) and
    ``index`` (the regional cooperation index per period).

    >>> import tempfile, pathlib
    >>> with Store.open(pathlib.Path(tempfile.mkdtemp())) as store:
    ...     found = region_matrix(store, "SCO")
    >>> found["grouping"], found["pairs"], found["index"]
    ('SCO', [], [])
    """
    chosen = load_grouping(grouping, groupings)
    version = require_current(store, taxonomy)
    first = check_period(period, by)
    span = store_span(store)
    start: date | None = None
    end: date | None = None
    if first is not None:
        start, end = _trend_start(first), first.end
    elif span is not None:
        start, end = span
    last_day = end if end is not None else date.today()
    pairs = pair_cells(store, chosen, by=by, taxonomy=version, start=start, end=end)
    counts = quad_counts(store, chosen, by=by, start=start, end=end)
    index = cooperation_index(counts, by)
    if period is not None:
        label = first.label if first else period
        pairs = [p for p in pairs if p["period"] == label]
        index = [row for row in index if row["period"] == label]
    return {
        "grouping": chosen.id,
        "name": chosen.name,
        "source": chosen.where,
        "by": by,
        "taxonomy": version,
        "period": first.label if first else None,
        "members": chosen.members_on(last_day),
        "pairs": pairs,
        "index": index,
    }


def _trend_start(first: Period) -> date:
    return Period(first.grain, first.ordinal - (TREND - 1)).start
