"""Home territories merged into their home country at read time (nothing stored changes).

A perspective counts some places as home (``also_home``: for CHN, HKG, MAC and TWN). Looking from it, a
*home set* (the home country first, then those places; :attr:`holosec.perspective.Perspective.home_set`)
is one country: its events are the events of any of its places, counted once; a pair between two of its
places is internal (a pair of the home country with itself), never a partner pair. An empty home set
leaves every country its own, as without a perspective.

Two ways to the same cells, one for each source of them:

- :func:`relabelled` maps the actor and location codes of counted rows (``a1``, ``a2``, ``loc``) before
  they are split into views, so an event between two home places falls in the home country's cell once;
- :func:`merged` does it on cells already summed (the materialised day cells): codes are mapped and the
  sums added, and the country cell gives back once what an event between two different home places
  added twice (their ``pair_u`` cell). Every measure is a sum, so both give the same sums, and the
  derived ratios are computed from them afterwards.
"""

from __future__ import annotations

from collections.abc import Sequence

import ibis

from holosec.indicators.frame import ALL
from holosec.indicators.measures import KEYS, SUMS
from holosec.perspective.model import home_of

__all__ = ["home_of", "members", "merged", "relabelled"]


def members(code: str, home: Sequence[str]) -> tuple[str, ...]:
    """The codes whose events count as ``code``'s: the whole home set for the home country, else ``code``.

    >>> members("CHN", ("CHN", "HKG", "TWN")), members("VNM", ("CHN", "TWN")), members("CHN", ())
    (('CHN', 'HKG', 'TWN'), ('VNM',), ('CHN',))
    """
    return tuple(home) if home and code == home[0] else (code,)


def _mapped(code: ibis.StringValue, home: Sequence[str]) -> ibis.StringValue:
    """``code`` with the places of the home set replaced by the home country."""
    return ibis.ifelse(code.isin(list(home[1:])), ibis.literal(home[0]), code)


def relabelled(rows: ibis.Table, home: Sequence[str]) -> ibis.Table:
    """Counted rows with the home set's places (actor countries and location) read as the home country."""
    if len(home) < 2:
        return rows
    return rows.mutate(a1=_mapped(rows.a1, home), a2=_mapped(rows.a2, home), loc=_mapped(rows.loc, home))


def merged(cells: ibis.Table, home: Sequence[str]) -> ibis.Table:
    """Cells (keys :data:`~holosec.indicators.measures.KEYS` and the sums) with the home set's places
    merged into the home country, as if counted from :func:`relabelled` rows."""
    if len(home) < 2:
        return cells
    country, partner = _mapped(cells.country, home), _mapped(cells.partner, home)
    undirected = cells["view"] == "pair_u"
    relabel = cells.mutate(
        country=ibis.ifelse(undirected, ibis.least(country, partner), country),
        partner=ibis.ifelse(undirected, ibis.greatest(country, partner), partner),
    ).select(*KEYS, *SUMS)
    places = list(home)
    internal = cells.filter(
        undirected
        & cells.country.isin(places)
        & cells.partner.isin(places)
        & (cells.country != cells.partner)
    )
    counted_twice = internal.mutate(
        view=ibis.literal("country"),
        country=ibis.literal(home[0]),
        partner=ibis.literal(ALL),
        **{name: -internal[name] for name in SUMS},
    ).select(*KEYS, *SUMS)
    counted_twice = counted_twice.cast(relabel.schema())  # the literals' types as the cells' (not null)
    both = ibis.union(relabel, counted_twice)
    return both.group_by(list(KEYS)).aggregate(**{name: both[name].sum() for name in SUMS})
