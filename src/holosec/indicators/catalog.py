"""Which countries and country pairs the store has events for, read from the indicator day cells (so
the counts are the indicators' own: stories collapsed, field weights summed)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import ibis

from holosec import reference
from holosec.engines import Engine, engine_for
from holosec.errors import InputError
from holosec.indicators import cells_sql
from holosec.indicators.frame import ALL
from holosec.indicators.home import home_of, members
from holosec.indicators.rollup import require_current
from holosec.store import Store
from holosec.taxonomy import DEFAULT


def _cells(store: Store, taxonomy: str, view: str) -> tuple[Engine, ibis.Table]:
    """The engine and the all-fields day cells of ``view`` with events."""
    engine = engine_for(store)
    days = engine.table("rollup_days")
    return engine, days.filter(
        (days.taxonomy == taxonomy) & (days["view"] == view) & (days.field == ALL) & (days.events > 0)
    )


def event_span(store: Store) -> tuple[date, date] | None:
    """The first and last day of the stored events, on the store's engine (None when there are none).

    >>> import tempfile, pathlib
    >>> with Store.open(pathlib.Path(tempfile.mkdtemp())) as store:
    ...     event_span(store) is None
    True
    """
    engine = engine_for(store)
    events = engine.table("events")
    row = engine.rows(events.aggregate(first=events.date.min(), last=events.date.max()))[0]
    return None if row["first"] is None else (row["first"], row["last"])


def countries(store: Store, taxonomy: str = DEFAULT) -> list[dict[str, Any]]:
    """Every country with events (an actor of it), most events first: code, name and events.

    >>> import tempfile, pathlib
    >>> with Store.open(pathlib.Path(tempfile.mkdtemp())) as store:
    ...     countries(store)
    []
    """
    version = require_current(store, taxonomy)
    engine, days = _cells(store, version, "country")
    summed = engine.rows(days.group_by("country").aggregate(events=days.events.sum()))
    totals = {row["country"]: float(row["events"]) for row in summed if row["country"]}
    ranked = sorted(totals.items(), key=lambda item: (-item[1], item[0]))
    return [{"code": code, "name": reference.country_name(code), "events": events} for code, events in ranked]


def _pair_totals(store: Store, taxonomy: str, view: str, codes: list[str]) -> dict[tuple[str, str], float]:
    """Events per (country, partner) of the all-fields cells of ``view`` with either side in ``codes``
    (on the store's DuckDB by the SQL of :mod:`holosec.indicators.cells_sql`, else in Ibis)."""
    if engine_for(store).name == "duckdb":
        summed = cells_sql.rows(store, cells_sql.pair_totals(taxonomy, view, codes))
    else:
        engine, days = _cells(store, taxonomy, view)
        summed = engine.rows(_pair_sums(days, codes))
    rows = [(row["country"], row["partner"], row["events"]) for row in summed]
    return {(country, partner): float(events) for country, partner, events in rows}


def _pair_sums(days: ibis.Table, codes: list[str]) -> ibis.Table:
    """The Ibis expression of :func:`_pair_totals`' sums."""
    days = days.filter(days.country.isin(codes) | days.partner.isin(codes))
    return days.group_by(["country", "partner"]).aggregate(events=days.events.sum())


def _others(totals: dict[tuple[str, str], float], own: tuple[str, ...], side: int | None) -> dict[str, float]:
    """Events per partner of ``own`` (the codes counted as the country): the other side of each pair,
    both sides (``side`` None) or only pairs with ``own`` on ``side`` (0: first, 1: second); pairs within
    ``own`` are left out."""
    found: dict[str, float] = {}
    for pair, events in totals.items():
        for at in (0, 1) if side is None else (side,):
            other = pair[1 - at]
            if pair[at] in own and other not in own and other:
                found[other] = found.get(other, 0.0) + events
    return found


def pairs(
    store: Store, country: str, taxonomy: str = DEFAULT, home: Sequence[str] = ()
) -> list[dict[str, Any]]:
    """The partners of ``country`` (ISO3) with events between them, most first: ``events`` both ways,
    ``sent`` (``country`` as actor 1) and ``received`` (``country`` as actor 2). With a ``home`` set (a
    perspective's home country, then the places it counts as home; :mod:`holosec.indicators.home`) those
    places count as the home country: never its partners, their events its own."""
    code = country.upper()
    if reference.country_name(code) is None:
        raise InputError("country", f"{country!r} is not an ISO3 country code")
    version = require_current(store, taxonomy)
    code = home_of(code, tuple(home))
    own = members(code, tuple(home))
    both = _others(_pair_totals(store, version, "pair_u", list(own)), own, None)
    directed = _pair_totals(store, version, "pair", list(own))
    sent, received = _others(directed, own, 0), _others(directed, own, 1)
    ranked = sorted(both.items(), key=lambda item: (-item[1], item[0]))
    return [
        {
            "code": partner,
            "name": reference.country_name(partner),
            "events": events,
            "sent": sent.get(partner, 0.0),
            "received": received.get(partner, 0.0),
        }
        for partner, events in ranked
    ]
