"""A lens's indicators: the stories it selects per period (events, cooperation and conflict, the
Goldstein-weighted balance, from the same sums as every indicator: :mod:`holosec.indicators.measures`)
and the partners with most events.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

import ibis

from holosec.engines import Engine, engine_for
from holosec.indicators.frame import ALL, counted_rows
from holosec.indicators.measures import derived, period_of, summed
from holosec.periods import Period
from holosec.perspective import Perspective, load_perspective
from holosec.regional.groupings import read_groupings
from holosec.regional.lenses import Lens, find_lens
from holosec.regional.matrix import check_period, steady
from holosec.regional.registry import load_registry
from holosec.store import Store
from holosec.taxonomy import DEFAULT

TOP_PARTNERS = 15


def countries_of(lens: Lens, perspective: Perspective, registry: Path | None = None) -> list[str]:
    """The lens's countries with its symbols resolved for ``perspective`` (the home country left out);
    empty for a lens of any country.

    >>> from holosec.regional.lenses import find_lens
    >>> "PAK" in countries_of(find_lens("overseas-interests"), load_perspective("CHN"))
    True
    """
    found: list[str] = []
    for code in lens.countries:
        if code == "@neighbours":
            found += perspective.neighbours
        elif code == "@major_powers":
            found += perspective.major_powers
        elif code == "@interests":
            found += [*perspective.interests, *load_registry(registry).countries()]
        elif code.startswith("@grouping:"):
            found += read_groupings()[code.split(":", 1)[1].upper()].members_on(date.today())
        else:
            found.append(code)
    return sorted(set(found) - set(perspective.home_set))


def _any_of(column: ibis.Column, values: Iterable[str]) -> ibis.BooleanValue:
    return column.isin(list(values))


def _selected(engine: Engine, lens: Lens, home: list[str], others: list[str]) -> ibis.Table:
    """The stored events the lens selects."""
    e = engine.table("events")
    a1_home, a2_home = e.actor1_country.isin(home), e.actor2_country.isin(home)
    other1 = e.actor1_country.isin(others) if others else ~a1_home | e.actor1_country.isnull()
    other2 = e.actor2_country.isin(others) if others else ~a2_home | e.actor2_country.isnull()
    ways = {"from_home": a1_home & other2, "to_home": a2_home & other1}
    e = e.filter(ways.get(lens.direction, (a1_home & other2) | (a2_home & other1)))
    if lens.actor_types or lens.known_groups:
        columns = [e[f"actor{n}_type{k}"] for n in (1, 2) for k in (1, 2, 3)]
        wanted = ibis.literal(False)
        for column in columns:
            wanted = wanted | column.isin(list(lens.actor_types or ("",)))
        for n in (1, 2):
            wanted = wanted | e[f"actor{n}_known_group"].isin(list(lens.known_groups or ("",)))
        e = e.filter(wanted)
    if lens.event_codes:
        code = e.event_code.fill_null("")
        match = ibis.literal(False)
        for prefix in lens.event_codes:
            match = match | code.startswith(prefix)
        e = e.filter(match)
    if lens.themes:
        tags = engine.table("event_tags")
        tagged = tags.filter(tags.field.isin(list(lens.themes)) & (tags.weight > 0))
        e = e.filter(e.event_id.isin(tagged.event_id))
    return e


def lens_indicators(
    store: Store,
    name: str,
    *,
    perspective: str = "CHN",
    by: str = "month",
    period: str | None = None,
    lenses: Path | None = None,
    registry: Path | None = None,
) -> dict[str, Any]:
    """The lens ``name`` from ``perspective``: ``lens`` (its definition), ``countries`` (resolved),
    ``rows`` (per period with events: events, conflict and cooperation events, balance, Goldstein mean;
    only ``period`` when given) and ``partners`` (the other side's countries with most events)."""
    lens = find_lens(name, lenses)
    seen = load_perspective(perspective)
    first = check_period(period, by)
    others = countries_of(lens, seen, registry)
    engine = engine_for(store)
    events = _selected(engine, lens, list(seen.home_set), others)
    if first is not None:
        events = events.filter((events.date >= first.start) & (events.date <= first.end))
    rows = counted_rows(engine, taxonomy=DEFAULT, events=events, field=ALL)
    keyed = rows.mutate(period=period_of(rows.date, by))
    cells = engine.rows(summed(keyed, ("period",)))
    home = list(seen.home_set)
    side = ibis.ifelse(rows.a1.isin(home), rows.a2, rows.a1)
    counted = rows.filter(rows.counted == 1).mutate(partner=side)
    partners = counted.group_by("partner").aggregate(events=counted.counted.sum())
    top = sorted(engine.rows(partners), key=lambda r: (-r["events"], r["partner"] or ""))[:TOP_PARTNERS]
    series = []
    for cell in sorted(cells, key=lambda c: c["period"]):
        values = derived({**cell, "sources": 0}, None)
        series.append(
            {
                "period": Period.of(cell["period"], by).label,
                "start": cell["period"].isoformat(),
                "events": values["events"],
                "cooperation_events": float(cell["quad_n"]) - values["conflict_events"],
                "conflict_events": values["conflict_events"],
                "material_conflict_events": values["material_conflict_events"],
                "conflict_share": steady(values["conflict_share"]),
                "goldstein_mean": steady(values["goldstein_mean"]),
                "balance": steady(values["balance"]),
            }
        )
    return {
        "lens": lens.as_dict(),
        "perspective": seen.code,
        "home": seen.home,
        "by": by,
        "countries": others,
        "rows": series,
        "partners": [{"country": r["partner"], "events": float(r["events"])} for r in top],
    }
