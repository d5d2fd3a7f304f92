"""Which countries and country pairs the store has events for, read from the indicator day cells (so
the counts are the indicators' own: stories collapsed, field weights summed)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from holosec import reference
from holosec.errors import InputError
from holosec.indicators.frame import ALL
from holosec.indicators.home import home_of, members
from holosec.indicators.rollup import require_current
from holosec.store import Store
from holosec.taxonomy import DEFAULT


def _totals(
    store: Store, taxonomy: str, view: str, key: str, where: str = "TRUE", params: tuple[str, ...] = ()
) -> dict[str, float]:
    """Events per ``key`` (an SQL expression over the cells) of the all-fields cells of ``view``; ``key``
    and ``where`` hold one ``?`` each per value of ``params`` (in that order)."""
    rows = store.execute(
        f"SELECT {key} AS code, sum(events) FROM rollup_days WHERE taxonomy = ? AND view = ? AND field = ? "
        f"AND events > 0 AND {where} GROUP BY code",
        [*params[: key.count("?")], taxonomy, view, ALL, *params[key.count("?") :]],
    ).fetchall()
    return {code: float(events) for code, events in rows if code}


def countries(store: Store, taxonomy: str = DEFAULT) -> list[dict[str, Any]]:
    """Every country with events (an actor of it), most events first: code, name and events.

    >>> import tempfile, pathlib
    >>> with Store.open(pathlib.Path(tempfile.mkdtemp())) as store:
    ...     countries(store)
    []
    """
    version = require_current(store, taxonomy)
    totals = _totals(store, version, "country", "country")
    ranked = sorted(totals.items(), key=lambda item: (-item[1], item[0]))
    return [{"code": code, "name": reference.country_name(code), "events": events} for code, events in ranked]


def _pair_totals(store: Store, taxonomy: str, view: str, codes: list[str]) -> dict[tuple[str, str], float]:
    """Events per (country, partner) of the all-fields cells of ``view`` with either side in ``codes``."""
    rows = store.execute(
        "SELECT country, partner, sum(events) FROM rollup_days WHERE taxonomy = ? AND view = ? AND field = ? "
        "AND events > 0 AND (list_contains(?, country) OR list_contains(?, partner)) GROUP BY ALL",
        [taxonomy, view, ALL, codes, codes],
    ).fetchall()
    return {(country, partner): float(events) for country, partner, events in rows}


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
