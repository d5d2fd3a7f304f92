"""Indicator series: one row per period for a country, an ordered or unordered country pair, a location
or the world, for one field or all events.

The default counting (stories collapsed, no quality filter) is read from the materialised day cells
(:mod:`holosec.indicators.rollup`), which must be current (reads never refresh them); any other counting
(``dedup=False``, quality filters) is computed from the stored events with the very same expressions.
Either way ``sources`` (distinct outlets) is counted from the reports of the selected events, and every
period of the span is returned, quiet ones with zero events.

A selection with a ``home`` set (a perspective's :attr:`~holosec.perspective.Perspective.home_set`) reads
the places that perspective counts as home as its home country (:mod:`holosec.indicators.home`); without
one every country is its own.

On the store's own DuckDB the reads of the day cells run as the hand-written SQL of
:mod:`holosec.indicators.cells_sql` (building and compiling an Ibis expression per question cost more than
running it); the Ibis expressions here stay the reference, and what every other engine runs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

import ibis

from holosec.engines import Engine, engine_for
from holosec.errors import ParameterError
from holosec.indicators import cells_sql
from holosec.indicators.frame import ALL, Quality, counted_rows, reports
from holosec.indicators.home import home_of, members, merged, relabelled
from holosec.indicators.measures import (
    SUMS,
    cells,
    counts_aggregates,
    derived,
    period_of,
    regrain,
    sources,
    summed,
)
from holosec.indicators.rollup import require_current
from holosec.periods import GRAINS, Period, span
from holosec.reference import country_name
from holosec.store import Store
from holosec.taxonomy import DEFAULT
from holosec.taxonomy.versions import resolve


def country_code(parameter: str, value: str | None) -> str | None:
    """``value`` upper-cased when it is a known ISO3 country code; else a :class:`ParameterError` naming
    ``parameter``.

    >>> country_code("partner", "vnm")
    'VNM'
    >>> country_code("country", "XXX")
    Traceback (most recent call last):
    holosec.errors.ParameterError: country: 'XXX' is not an ISO3 country code (such as CHN, USA or DEU)
    """
    if value is None:
        return None
    if country_name(value.upper()) is None:
        raise ParameterError(parameter, f"{value!r} is not an ISO3 country code (such as CHN, USA or DEU)")
    return value.upper()


@dataclass(frozen=True)
class Selection:
    """Which series to compute (see ``holosec indicators --help``); ``home``, when given, is the home set
    of the perspective looked from (home country first, then the places it counts as home), whose places
    then count as the home country."""

    country: str | None = None
    partner: str | None = None
    field: str | None = None
    by: str = "week"
    start: date | None = None
    end: date | None = None
    taxonomy: str = DEFAULT
    dedup: bool = True
    quality: Quality = Quality()  # noqa: RUF009 (frozen, so one shared default is safe)
    undirected: bool = False
    location: bool = False
    home: tuple[str, ...] = ()

    def checked(self) -> Selection:
        """The selection with codes upper-cased and the taxonomy resolved; clear errors for bad values."""
        taxonomy = resolve(self.taxonomy)
        country, partner = country_code("country", self.country), country_code("partner", self.partner)
        if self.partner and not self.country:
            raise ParameterError("partner", "needs country", mentions=("country",))
        if self.partner and self.location:
            raise ParameterError("location_view", "a location has no partner")
        if self.field is not None and self.field not in taxonomy.ids():
            known = ", ".join(taxonomy.ids())
            raise ParameterError("field", f"{self.field!r} is not a field of {taxonomy.version} ({known})")
        if self.by not in GRAINS:
            raise ParameterError("by", f"must be one of {', '.join(GRAINS)}, not {self.by!r}")
        if self.start and self.end and self.start > self.end:
            raise ParameterError("from", f"{self.start} is after to {self.end}", mentions=("to",))
        if self.home:
            country = country and home_of(country, self.home)
            partner = partner and home_of(partner, self.home)
        return replace(self, taxonomy=taxonomy.version, country=country, partner=partner)

    @property
    def view(self) -> str:
        if self.country is None:
            return "world"
        if self.partner:
            return "pair_u" if self.undirected else "pair"
        return "location" if self.location else "country"

    @property
    def key(self) -> tuple[str, str]:
        """(country, partner) as stored in the cells of :attr:`view`."""
        if self.country is None:
            return ALL, ALL
        if self.partner and self.undirected:
            return min(self.country, self.partner), max(self.country, self.partner)
        return self.country, self.partner or ALL

    @property
    def uses_rollup(self) -> bool:
        return self.dedup and not self.quality.active


def _events(engine: Engine, selection: Selection, *, narrow: bool) -> ibis.Table:
    """The stored events of the selection's span (whole periods), narrowed to its countries if asked."""
    events = engine.table("events")
    if selection.start:
        events = events.filter(events.date >= Period.of(selection.start, selection.by).start)
    if selection.end:
        events = events.filter(events.date <= Period.of(selection.end, selection.by).end)
    if not narrow or selection.country is None:
        return events
    a1, a2 = events.actor1_country, events.actor2_country
    own = list(members(selection.country, selection.home))
    if selection.view == "location":
        return events.filter(events.loc_country.isin(own))
    if selection.partner:
        other = list(members(selection.partner, selection.home))
        pair = a1.isin(own) & a2.isin(other)
        if selection.undirected:
            pair = pair | (a1.isin(other) & a2.isin(own))
        return events.filter(pair)
    return events.filter(a1.isin(own) | a2.isin(own))


def _keyed(table: ibis.Table, selection: Selection, fields: list[str]) -> ibis.Table:
    country, partner = selection.key
    return table.filter(
        (table["view"] == selection.view)
        & (table.country == country)
        & (table.partner == partner)
        & table.field.isin(fields)
    )


def _bounds(selection: Selection) -> tuple[date | None, date | None]:
    """The first and last day of the selection's span, whole periods (None: open)."""
    start = Period.of(selection.start, selection.by).start if selection.start else None
    end = Period.of(selection.end, selection.by).end if selection.end else None
    return start, end


def _by_sql(engine: Engine, selection: Selection) -> bool:
    """Whether ``selection``'s cells are read with :mod:`~holosec.indicators.cells_sql`: the day cells
    (default counting) on the store's own DuckDB."""
    return engine.name == "duckdb" and selection.uses_rollup


def _day_cells(engine: Engine, selection: Selection) -> ibis.Table:
    if selection.uses_rollup:
        days = engine.table("rollup_days")
        days = days.filter(days.taxonomy == selection.taxonomy)
        start, end = _bounds(selection)
        if start:
            days = days.filter(days.period >= start)
        if end:
            days = days.filter(days.period <= end)
        return merged(days, selection.home)
    rows = counted_rows(
        engine,
        taxonomy=selection.taxonomy,
        dedup=selection.dedup,
        quality=selection.quality,
        events=_events(engine, selection, narrow=True),
    )
    return cells(relabelled(rows, selection.home))


def _world(engine: Engine, selection: Selection, aggregates: bool) -> dict[date, float]:
    """All events per period, counted the selection's way: the denominator of per-1,000 rates. The
    aggregate counts the world cells hold are counted only with ``aggregates`` (a numerator that may hold
    them: see :func:`~holosec.indicators.measures.counts_aggregates`); event records always."""
    if _by_sql(engine, selection):
        query = cells_sql.world(selection.taxonomy, _bounds(selection), selection.by, aggregates)
        found = cells_sql.rows(engine.store, query)
    else:
        found = engine.rows(_world_cells(engine, selection, aggregates))
    return {row["period"]: float(row["events"]) for row in found}


def _world_cells(engine: Engine, selection: Selection, aggregates: bool) -> ibis.Table:
    """The Ibis expression of :func:`_world`: (period, events)."""
    if selection.uses_rollup:
        world = replace(selection, country=None, partner=None, field=None, home=())
        days = _keyed(_day_cells(engine, world), world, [ALL])
        if not aggregates:
            days = days.filter(days.aggregate_grain.isnull())
    else:
        events = _events(engine, selection, narrow=False)
        counted = reports(engine, events, selection.dedup, selection.quality)
        days = counted.group_by(period=counted.date).aggregate(events=counted.counted.sum())
        days = days.mutate(view=ibis.literal("world"), country=ibis.literal(ALL), partner=ibis.literal(ALL))
        days = days.mutate(field=ibis.literal(ALL), **{name: ibis.literal(0.0) for name in SUMS[1:]})
    return regrain(days, selection.by).select("period", "events")


def world_events(store: Store, selection: Selection) -> dict[date, float]:
    """The denominator of ``selection``'s per-1,000 rates: the world's events per period (keyed by the
    period's first day, periods without events left out), counted the selection's way and of the same
    kind as its cells (event records only for an actor view; aggregate counts too for a location or the
    world). The alert rules' volume series reads it."""
    selection = selection.checked()
    if selection.uses_rollup:
        require_current(store, selection.taxonomy)
    return _world(engine_for(store), selection, counts_aggregates(selection.view))


def _sources(engine: Engine, selection: Selection, fields: list[str]) -> dict[date, int]:
    outlets = counted_rows(
        engine,
        taxonomy=selection.taxonomy,
        dedup=False,
        quality=selection.quality,
        events=_events(engine, selection, narrow=True),
        field=fields[0],
    )
    outlets = relabelled(outlets, selection.home)
    counts = _keyed(sources(outlets, selection.by, selection.view), selection, fields)
    return {row["period"]: int(row["sources"]) for row in engine.rows(counts.select("period", "sources"))}


def _sums(engine: Engine, selection: Selection, fields: list[str]) -> list[dict[str, Any]]:
    """The summed cells of the selection's key and ``fields``, one row per period."""
    if _by_sql(engine, selection):
        key = (selection.view, *selection.key)
        query = cells_sql.keyed(
            selection.taxonomy, _bounds(selection), selection.home, selection.by, key, fields
        )
        return cells_sql.rows(engine.store, query)
    return engine.rows(_sums_cells(engine, selection, fields))


def _sums_cells(engine: Engine, selection: Selection, fields: list[str]) -> ibis.Table:
    """The Ibis expression of :func:`_sums`."""
    return regrain(_keyed(_day_cells(engine, selection), selection, fields), selection.by)


def indicators(store: Store, selection: Selection, *, with_sources: bool = True) -> list[dict[str, Any]]:
    """The indicator series of ``selection``: one dict per period (see ``docs/indicators.md``).

    ``with_sources=False`` leaves ``sources`` out (None): it is the one indicator not read from the day
    cells, so it costs a pass over the selected events' reports."""
    selection = selection.checked()
    if selection.uses_rollup:
        require_current(store, selection.taxonomy)
    engine = engine_for(store)
    fields = [selection.field or ALL]
    sums = {row["period"]: row for row in _sums(engine, selection, fields)}
    distinct = _sources(engine, selection, fields) if with_sources else None
    world = _world(engine, selection, counts_aggregates(selection.view))
    first = selection.start or min(sums, default=None)
    last = selection.end or max(sums, default=None)
    if first is None or last is None:
        return []
    empty = dict.fromkeys(SUMS, 0.0)
    return [
        {
            "period": period.label,
            "start": period.start.isoformat(),
            "end": period.end.isoformat(),
            "country": selection.country,
            "partner": selection.partner,
            "field": selection.field,
            "view": selection.view,
            "taxonomy": selection.taxonomy,
            **derived({**sums.get(period.start, empty), "sources": 0}, world.get(period.start)),
            "sources": None if distinct is None else distinct.get(period.start, 0),
        }
        for period in span(first, last, selection.by)
    ]


def _panel_rows(
    engine: Engine, selection: Selection, view: str, countries: list[str] | None
) -> list[dict[str, Any]]:
    """The cells of ``view`` (of ``countries`` only, when given) per period, every field."""
    if _by_sql(engine, selection):
        span, home = _bounds(selection), selection.home
        query = cells_sql.panel(selection.taxonomy, span, home, selection.by, view, countries)
        return cells_sql.rows(engine.store, query)
    return engine.rows(_panel_cells(engine, selection, view, countries))


def _panel_cells(engine: Engine, selection: Selection, view: str, countries: list[str] | None) -> ibis.Table:
    """The Ibis expression of :func:`_panel_rows`."""
    days = _day_cells(engine, selection)
    wanted = days["view"] == view
    if countries is not None:
        wanted = wanted & days.country.isin(countries)
    return regrain(days.filter(wanted), selection.by)


def panel(
    store: Store,
    *,
    by: str = "month",
    taxonomy: str = DEFAULT,
    view: str = "country",
    start: date | None = None,
    end: date | None = None,
    countries: list[str] | None = None,
    home: Sequence[str] = (),
) -> list[dict[str, Any]]:
    """Every key of ``view`` (countries, or only ``countries``; for ``pair``/``pair_u`` with partners) by
    field and period, with the derived indicators, from the day cells (default counting). Periods where a
    key has no events are absent. ``sources`` is not counted here (None): it needs the reports, and panels
    are for indices. With a ``home`` set (see :class:`Selection`) its places are keyed as its home country.

    Field ``None`` is the row of all events; the others are the fields of ``taxonomy``.
    """
    selection = Selection(by=by, taxonomy=taxonomy, start=start, end=end, home=tuple(home)).checked()
    require_current(store, selection.taxonomy)
    engine = engine_for(store)
    rows = _panel_rows(engine, selection, view, countries)
    world = _world(engine, selection, counts_aggregates(view))
    labels = {day: Period.of(day, selection.by).label for day in {row["period"] for row in rows}}
    return [
        {
            "period": labels[row["period"]],
            "start": row["period"].isoformat(),
            "country": row["country"],
            "partner": row["partner"] or None,
            "field": row["field"] or None,
            **derived({**row, "sources": 0}, world.get(row["period"])),
            "sources": None,
        }
        for row in sorted(rows, key=lambda r: (r["period"], r["country"], r["partner"], r["field"]))
    ]


def perspective_indicators(
    store: Store, perspective: str, selection: Selection | None = None
) -> list[dict[str, Any]]:
    """Indicators of the events that concern ``perspective`` (internal or external to it, see
    ``holosec.perspective``), per period and per (relation, nature): ``internal`` / ``external`` x
    ``traditional`` / ``non_traditional`` (nature null for untagged events). ``selection`` gives the field,
    period, span, taxonomy and counting; its country and partner are ignored. Computed from the stored
    events, since a perspective is data that can change at any time.
    """
    from holosec.perspective.model import load_perspective
    from holosec.perspective.relations import event_relations

    chosen = load_perspective(perspective)
    selection = replace(selection or Selection(), country=None, partner=None).checked()
    engine = engine_for(store)
    events = _events(engine, selection, narrow=False)
    rows = counted_rows(
        engine,
        taxonomy=selection.taxonomy,
        dedup=selection.dedup,
        quality=selection.quality,
        events=events,
        field=selection.field or ALL,
    )
    related = event_relations(engine.table("events"), engine.table("event_tags"), chosen)
    related = related.filter(related.relation != "unrelated").select("event_id", "relation", "nature")
    joined = rows.join(related, "event_id")
    keyed = joined.mutate(period=period_of(joined.date, selection.by), nature=joined.nature.fill_null(ALL))
    cells_ = engine.rows(summed(keyed, ("period", "relation", "nature")))
    world = _world(engine, selection, aggregates=False)  # the relations are of event records
    return [
        {
            "period": Period.of(cell["period"], selection.by).label,
            "start": cell["period"].isoformat(),
            "end": Period.of(cell["period"], selection.by).end.isoformat(),
            "perspective": chosen.code,
            "relation": cell["relation"],
            "nature": cell["nature"] or None,
            "field": selection.field,
            "taxonomy": selection.taxonomy,
            **derived({**cell, "sources": 0}, world.get(cell["period"])),
            "sources": None,
        }
        for cell in sorted(cells_, key=lambda c: (c["period"], c["relation"], c["nature"]))
    ]
