"""Which countries and country pairs the store has events for, read from the indicator day cells (so
the counts are the indicators' own: stories collapsed, field weights summed)."""

from __future__ import annotations

from typing import Any

from holosec import reference
from holosec.errors import InputError
from holosec.indicators.frame import ALL
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


def pairs(store: Store, country: str, taxonomy: str = DEFAULT) -> list[dict[str, Any]]:
    """The partners of ``country`` (ISO3) with events between them, most first: ``events`` both ways,
    ``sent`` (``country`` as actor 1) and ``received`` (``country`` as actor 2)."""
    code = country.upper()
    if reference.country_name(code) is None:
        raise InputError("country", f"{country!r} is not an ISO3 country code")
    version = require_current(store, taxonomy)
    other = "CASE WHEN country = ? THEN partner ELSE country END"
    both = _totals(store, version, "pair_u", other, "? IN (country, partner)", (code, code))
    sent = _totals(store, version, "pair", "partner", "country = ?", (code,))
    received = _totals(store, version, "pair", "country", "partner = ?", (code,))
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
        if partner != code
    ]
