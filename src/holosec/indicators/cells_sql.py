"""The hot reads of the day cells (``rollup_days``) as parametrised SQL for the store's own DuckDB engine.

The indicator modules build Ibis expressions, which every engine runs; on DuckDB, building and compiling
one costs more than running it (about 50 ms of Python per read, holding the GIL, against a few ms in
DuckDB). The reads a dashboard page or an indicator question makes over the day cells are therefore written
here once as SQL text with ``?`` placeholders (values never go into the text): the same cells, summed the
same way, as :mod:`holosec.indicators.query` and :mod:`holosec.indicators.home` do in Ibis, which stays the
reference and runs on the other engines (a test holds the two equal on the bundled data).

Each function returns the SQL and its parameters; :func:`rows` runs them on the store's DuckDB cursor.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from holosec.indicators.frame import ALL
from holosec.indicators.measures import SUMS
from holosec.store import Store

Query = tuple[str, list[Any]]
Span = tuple[date | None, date | None]
_SUMMED = ", ".join(f"sum({name}) AS {name}" for name in SUMS)
_PERIOD = {  # the SQL of a cell's period at each grain: constants of ours, never values of a request
    "day": "period",
    "week": "CAST(date_trunc('week', period) AS DATE)",
    "month": "CAST(date_trunc('month', period) AS DATE)",
}


def _marks(values: Sequence[Any]) -> str:
    """``?, ?, ?``: one placeholder per value (an empty list matches nothing, as SQL ``IN`` cannot)."""
    return ", ".join("?" * len(values)) or "NULL"


def _members(codes: Sequence[str], home: Sequence[str]) -> list[str]:
    """The stored codes that may read as one of ``codes``: the home set's places too for its home
    country (:func:`holosec.indicators.home.members`)."""
    return sorted({*codes, *(home if home and home[0] in codes else ())})


def _narrowing(
    view: str | None, countries: Sequence[str] | None, partners: Sequence[str] | None, home: Sequence[str]
) -> tuple[list[str], list[Any]]:
    """Conditions on the stored cells that can add to a cell of ``view`` with one of ``countries`` and
    ``partners`` once the ``home`` set is merged (None: any), with their parameters."""
    if view is None:
        return [], []
    where: list[str] = ["view = ?"]
    params: list[Any] = [view]
    merging = len(home) >= 2
    if countries is not None and merging and view == "pair_u":  # stored (smaller, larger), mapped after
        sides = _members([*countries, *(partners or ())], home)
        either = "AND" if partners is not None else "OR"
        where.append(f"(country IN ({_marks(sides)}) {either} partner IN ({_marks(sides)}))")
        return where, [*params, *sides, *sides]
    for column, codes in (("country", countries), ("partner", partners)):
        if codes is not None:
            found = _members(codes, home) if merging else list(codes)
            where.append(f"{column} IN ({_marks(found)})")
            params.extend(found)
    return where, params


def _internal(
    view: str | None, countries: Sequence[str] | None, partners: Sequence[str] | None, home: Sequence[str]
) -> bool:
    """Whether the merged cells asked for may hold a home country's events between two of its places."""
    return (
        view in (None, "country")
        and (countries is None or home[0] in countries)
        and (partners is None or ALL in partners)
    )


def day_cells(
    taxonomy: str,
    span: Span,
    home: Sequence[str] = (),
    *,
    view: str | None = None,
    countries: Sequence[str] | None = None,
    partners: Sequence[str] | None = None,
    fields: Sequence[str] | None = None,
) -> Query:
    """The day cells the reads sum: ``taxonomy``'s in ``span`` (first and last day, either may be None),
    the ``home`` set's places merged into its home country when it has any
    (:func:`holosec.indicators.home.merged`; ``aggregate_grain`` is then left out). Merged cells are not
    summed yet: a key may have several rows, which the reads sum. ``view``, ``countries``, ``partners`` and
    ``fields``, when given, leave out beforehand the stored cells that cannot add to a cell of that view,
    one of those countries and partners and one of those fields (others may remain), so that a read of a
    few keys reads only theirs.

    >>> sql, params = day_cells("v2014", (None, date(2018, 3, 31)), view="pair", countries=["CHN"])
    >>> params
    ['v2014', datetime.date(2018, 3, 31), 'pair', 'CHN']
    >>> day_cells("v2014", (None, None), ("CHN", "HKG"), view="pair_u", countries=["CHN"])[1][-4:]
    ['CHN', 'HKG', 'CHN', 'HKG']
    """
    where: list[str] = ["taxonomy = ?"]
    params: list[Any] = [taxonomy]
    for condition, value in (("period >= ?", span[0]), ("period <= ?", span[1])):
        if value is not None:
            where.append(condition)
            params.append(value)
    if fields is not None:
        where.append(f"field IN ({_marks(fields)})")
        params.extend(fields)
    narrowing, narrowed = _narrowing(view, countries, partners, home)
    stored = f"FROM rollup_days WHERE {' AND '.join([*where, *narrowing])}"
    if len(home) < 2:
        columns = ", ".join(("period", "view", "country", "partner", "field", *SUMS, "aggregate_grain"))
        return f"SELECT {columns} {stored}", [*params, *narrowed]
    rest = list(home[1:])
    c, p = (
        f"CASE WHEN {column} IN ({_marks(rest)}) THEN ? ELSE {column} END"
        for column in ("country", "partner")
    )
    sums = ", ".join(SUMS)
    text = (
        "SELECT period, view, CASE WHEN view = 'pair_u' THEN least(c, p) ELSE c END AS country,"
        " CASE WHEN view = 'pair_u' THEN greatest(c, p) ELSE p END AS partner, field, "
        f"{sums} FROM (SELECT period, view, {c} AS c, {p} AS p, field, {sums} {stored})"
    )
    text_params = [*rest, home[0], *rest, home[0], *params, *narrowed]
    if not _internal(view, countries, partners, home):
        return text, text_params
    places = list(home)
    internal = (  # given back once: counted in the country cell by both places
        f"SELECT period, 'country', ?, ?, field, {', '.join(f'-{name}' for name in SUMS)} FROM rollup_days"
        f" WHERE {' AND '.join(where)} AND view = 'pair_u' AND country IN ({_marks(places)})"
        f" AND partner IN ({_marks(places)}) AND country <> partner"
    )
    return f"{text} UNION ALL {internal}", [*text_params, home[0], ALL, *params, *places, *places]


def _regrained(cells: Query, grain: str, where: str, params: Sequence[Any]) -> Query:
    """The ``cells`` that match ``where`` (SQL over their columns, with ``params``) summed per period of
    ``grain`` (:func:`holosec.indicators.measures.regrain`)."""
    sql, first = cells
    text = (
        f"SELECT {_PERIOD[grain]} AS period, view, country, partner, field, {_SUMMED}"
        f" FROM ({sql}) WHERE {where} GROUP BY 1, 2, 3, 4, 5"
    )
    return text, [*first, *params]


def panel(
    taxonomy: str,
    span: Span,
    home: Sequence[str],
    grain: str,
    view: str,
    countries: Sequence[str] | None,
) -> Query:
    """The cells of ``view`` (of ``countries`` only, when given), every field, per period of ``grain``:
    :func:`holosec.indicators.query.panel`'s rows.

    >>> sql, params = panel("v2014", (None, None), (), "month", "country", ["VNM"])
    >>> params
    ['v2014', 'country', 'VNM', 'country', 'VNM']
    """
    cells = day_cells(taxonomy, span, home, view=view, countries=countries)
    if countries is None:
        return _regrained(cells, grain, "view = ?", [view])
    return _regrained(cells, grain, f"view = ? AND country IN ({_marks(countries)})", [view, *countries])


def keyed(
    taxonomy: str,
    span: Span,
    home: Sequence[str],
    grain: str,
    key: tuple[str, str, str],
    fields: Sequence[str],
) -> Query:
    """The cells of one ``key`` (view, country, partner) and ``fields`` per period of ``grain``: the sums
    of :func:`holosec.indicators.query.indicators`."""
    cells = day_cells(taxonomy, span, home, view=key[0], countries=[key[1]], partners=[key[2]], fields=fields)
    where = f"view = ? AND country = ? AND partner = ? AND field IN ({_marks(fields)})"
    return _regrained(cells, grain, where, [*key, *fields])


def world(taxonomy: str, span: Span, grain: str, aggregates: bool) -> Query:
    """The world's events (``period``, ``events``) per period of ``grain``, with the aggregate counts
    only with ``aggregates``: the denominator of per-1,000 rates."""
    cells = day_cells(taxonomy, span, view="world", fields=[ALL])
    where = "view = 'world' AND country = ? AND partner = ? AND field = ?"
    if not aggregates:
        where += " AND aggregate_grain IS NULL"
    sql, params = _regrained(cells, grain, where, [ALL, ALL, ALL])
    return f"SELECT period, events FROM ({sql})", params


def pair_totals(taxonomy: str, view: str, codes: Sequence[str]) -> Query:
    """Events per (country, partner) of ``view``'s all-fields cells with events and either side in
    ``codes`` (:func:`holosec.indicators.catalog.pairs`)."""
    text = (
        "SELECT country, partner, sum(events) AS events FROM rollup_days WHERE taxonomy = ? AND view = ?"
        f" AND field = ? AND events > 0 AND (country IN ({_marks(codes)}) OR partner IN ({_marks(codes)}))"
        " GROUP BY ALL"
    )
    return text, [taxonomy, view, ALL, *codes, *codes]


def located_months(taxonomy: str, places: Sequence[str], field: str | None) -> Query:
    """Per month (``month``): the ``location`` cells of ``places`` in ``field`` (None: all events), their
    ``events`` and ``conflict_events``, and the part of each from aggregate counts
    (:func:`holosec.indicators.rollup.located_months`)."""
    aggregate = "FILTER (WHERE aggregate_grain IS NOT NULL)"
    text = (
        f"SELECT {_PERIOD['month']} AS month, sum(events) AS events,"
        f" sum(conflict) AS conflict_events, coalesce(sum(events) {aggregate}, 0.0) AS aggregate_events,"
        f" coalesce(sum(conflict) {aggregate}, 0.0) AS aggregate_conflict FROM rollup_days"
        f" WHERE taxonomy = ? AND view = 'location' AND country IN ({_marks(places)}) AND partner = ?"
        " AND field = ? GROUP BY 1"
    )
    return text, [taxonomy, *places, ALL, field or ALL]


def rows(store: Store, query: Query) -> list[dict[str, Any]]:
    """The rows of ``query`` as dicts, read on the calling thread's cursor within the store's time limit.

    >>> import tempfile, pathlib
    >>> with Store.open(pathlib.Path(tempfile.mkdtemp())) as store:
    ...     rows(store, panel("v2014", (None, None), ("CHN", "HKG"), "week", "country", ["CHN"]))
    []
    """
    sql, params = query
    with store.limited():
        found = store.execute(sql, params)
        names = [column[0] for column in found.description or ()]
        return [dict(zip(names, row, strict=True)) for row in found.fetchall()]
