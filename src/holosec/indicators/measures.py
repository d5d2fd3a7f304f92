"""Indicator cells: the counted rows of each (period, view, country, partner, field), summed.

Views say which events belong to a key:

- ``country``: events where the country is actor 1's or actor 2's (once, even when it is both);
- ``pair``: the ordered pair (X, Y), actor 1 of X and actor 2 of Y (``pair_u``: either order, stored as
  (the smaller code, the larger));
- ``location``: events located in the country;
- ``world``: every event (country and partner ``''``), the denominator of per-1,000 rates.

The ``location`` and ``world`` views may also hold aggregate counts (``holosec ingest gdelt-aggregates``:
day cells marked by their ``aggregate_grain``, see :mod:`holosec.indicators.rollup`); the actor views never
do. A rate's denominator is of the same kind as its numerator (:func:`counts_aggregates`): an actor view's
world is the world of event records only, the location and world views' world is every world cell.

Cells are stored per day. Every measure is a sum, so week and month cells are sums of day cells; the one
exception is ``sources``, the number of distinct news outlets (source URL hosts) among all reports of the
cell's events (duplicates included: they are the other outlets that reported a story), counted from the
day cells' sets of outlets.
"""

from __future__ import annotations

from typing import Any

import ibis

from holosec.indicators.frame import ALL

GRAINS = {"day": "D", "week": "W", "month": "M"}
VIEWS = ("country", "pair", "pair_u", "location", "world")
AGGREGATE_VIEWS = ("location", "world")
"""The views whose cells may hold aggregate counts besides event records."""
KEYS = ("period", "view", "country", "partner", "field")
SUMS = (
    "events",
    "goldstein_n",
    "goldstein_sum",
    "quad_n",
    "conflict",
    "material_conflict",
    "coop_weight",
    "conflict_weight",
    "tone_n",
    "tone_sum",
    "mentions",
)


def _views(rows: ibis.Table, only: str | None = None) -> ibis.Table:
    """One row per view key each counted row belongs to (of view ``only``, if given)."""
    a1, a2, loc = rows.a1, rows.a2, rows.loc
    both = a1.notnull() & a2.notnull()
    everything = ibis.literal(ALL)

    def view(name: str, keep: Any, country: Any, partner: Any) -> ibis.Table:
        part = rows if keep is None else rows.filter(keep)
        return part.mutate(view=ibis.literal(name), country=country, partner=partner)

    parts = [
        ("world", None, everything, everything),
        ("country", a1.notnull(), a1, everything),
        ("country", a2.notnull() & (a1.isnull() | (a1 != a2)), a2, everything),
        ("pair", both, a1, a2),
        ("pair_u", both, ibis.least(a1, a2), ibis.greatest(a1, a2)),
        ("location", loc.notnull(), loc, everything),
    ]
    return ibis.union(*(view(*part) for part in parts if only in (None, part[0])))


def cells(rows: ibis.Table) -> ibis.Table:
    """Day cells of counted ``rows``: keys (``period`` the day, ``view``, ``country``, ``partner``,
    ``field``) and the sums :data:`SUMS`."""
    return summed(_views(rows.mutate(period=rows.date)), KEYS)


def summed(exploded: ibis.Table, keys: tuple[str, ...]) -> ibis.Table:
    """The sums :data:`SUMS` of counted rows per ``keys``."""
    x = exploded.w * exploded.counted
    quad, g = exploded.quad, exploded.goldstein
    zero = ibis.literal(0.0)
    measures: dict[str, Any] = {
        "events": x.sum(),
        "goldstein_n": ibis.ifelse(g.notnull(), x, zero).sum(),
        "goldstein_sum": (x * g).sum(),
        "quad_n": ibis.ifelse(quad.notnull(), x, zero).sum(),
        "conflict": ibis.ifelse(quad >= 3, x, zero).sum(),
        "material_conflict": ibis.ifelse(quad == 4, x, zero).sum(),
        "coop_weight": ibis.ifelse(quad <= 2, x * g.abs(), zero).sum(),
        "conflict_weight": ibis.ifelse(quad >= 3, x * g.abs(), zero).sum(),
        "tone_n": ibis.ifelse(exploded.tone.notnull(), x, zero).sum(),
        "tone_sum": (x * exploded.tone).sum(),
        "mentions": (x * exploded.mentions).sum(),
    }
    out = exploded.group_by(list(keys)).aggregate(**measures)
    return out.mutate(**{name: out[name].fill_null(0.0) for name in SUMS})


def period_of(date: ibis.DateValue, grain: str) -> ibis.DateValue:
    if grain not in GRAINS:
        raise ValueError(f"grain must be one of {', '.join(GRAINS)}, not {grain!r}")
    return date if grain == "day" else date.truncate(GRAINS[grain]).cast("date")


def regrain(days: ibis.Table, grain: str) -> ibis.Table:
    """Day cells summed into cells of ``grain`` (day, ISO week from Monday, month)."""
    days = days.mutate(period=period_of(days.period, grain))
    return days.group_by(list(KEYS)).aggregate(**{name: days[name].sum() for name in SUMS})


def sources(rows: ibis.Table, grain: str, view: str | None = None) -> ibis.Table:
    """Distinct outlets per cell of ``grain`` (of ``view``, if given) among ``rows`` (every report,
    counted or not)."""
    exploded = _views(rows.mutate(period=period_of(rows.date, grain)), view)
    return exploded.group_by(list(KEYS)).aggregate(sources=exploded.outlet.nunique())


def counts_aggregates(view: str) -> bool:
    """Whether the per-1,000 denominator of ``view``'s cells counts aggregate counts: only where the cells
    themselves may hold them (the world of an actor view is the world of event records).

    >>> counts_aggregates("location"), counts_aggregates("world"), counts_aggregates("country")
    (True, True, False)
    """
    return view in AGGREGATE_VIEWS


def derived(cell: dict[str, Any], world_events: float | None) -> dict[str, Any]:
    """The published indicators of one cell from its sums; ``world_events`` is the world's events of the
    same kind as the cell's (see :func:`counts_aggregates`), the denominator of ``per_1000``.

    >>> row = derived({"events": 4.0, "goldstein_n": 4.0, "goldstein_sum": -6.0, "quad_n": 4.0,
    ...     "conflict": 1.0, "material_conflict": 1.0, "coop_weight": 3.0, "conflict_weight": 9.0,
    ...     "tone_n": 2.0, "tone_sum": -3.0, "mentions": 20.0, "sources": 3}, 400.0)
    >>> row["per_1000"], row["goldstein_mean"], row["conflict_share"], row["balance"], row["tone"]
    (10.0, -1.5, 0.25, -0.5, -1.5)
    """
    events = float(cell["events"])

    def ratio(num: str, den: str) -> float | None:
        d = float(cell[den])
        return float(cell[num]) / d if d > 0 else None

    weight = float(cell["coop_weight"]) + float(cell["conflict_weight"])
    return {
        "events": events,
        "conflict_events": float(cell["conflict"]),
        "material_conflict_events": float(cell["material_conflict"]),
        "per_1000": 1000.0 * events / world_events if world_events else None,
        "goldstein_sum": float(cell["goldstein_sum"]),
        "goldstein_mean": ratio("goldstein_sum", "goldstein_n"),
        "conflict_share": ratio("conflict", "quad_n"),
        "material_conflict_share": ratio("material_conflict", "quad_n"),
        "balance": (float(cell["coop_weight"]) - float(cell["conflict_weight"])) / weight if weight else None,
        "tone": ratio("tone_sum", "tone_n"),
        "sources": int(cell["sources"]),
        "mentions": float(cell["mentions"]),
    }
