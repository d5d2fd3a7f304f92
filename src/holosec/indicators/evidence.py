"""The evidence behind one indicator value: the counted events of a cell, best covered first.

A cell is what one number of :func:`holosec.indicators.indicators` sums: the selection's view, country,
partner, field and taxonomy, and one period (or the selection's whole span). Its events are the counted
rows of :func:`holosec.indicators.frame.counted_rows` that belong to the view, exactly as
:mod:`holosec.indicators.measures` counts them, so the field weights of the full list sum to the cell's
``events``. With stories collapsed (the default) each row is a story's counted report, with ``reports``,
how many stored records (passing the quality filters) tell the story, and ``outlets``, the distinct news
hosts among them. Rows are ranked by mentions, then sources (most first, unknown last), then event id.

With an ``indicator``, only the events that count toward that indicator are listed (a conflict count's
evidence is conflict events: quad classes 3-4), ranked by their **contribution** to it, most first: for a
count, the event's field weight, ties going to the more conflictual event (lower Goldstein score), then
the better covered; for ``goldstein_mean``, the weight times the negated Goldstein score, so that the most
conflictual events lead. ``events`` is then the indicator's value (for counts) and each row says its
``contribution``. Every row carries the event in words (its CAMEO description) and its place.

Every row also reads without a code book, in the language asked for (``lang``, en or zh): ``actor1_name``
and ``actor2_name`` are the actors as a reader names them (a country actor by the country's name in that
language, others in title case; ``actor1_code`` and ``actor2_code`` keep CAMEO's codes), ``what`` is the
event in plain words (the CAMEO code's label, else the PLOVER type, else the source's own label),
``headline`` the article's stored title or the words of its URL slug (None when neither says anything),
``outlet`` the news host and ``url`` the link.

A location or world cell may also hold aggregate counts (``holosec ingest gdelt-aggregates``), which have
no events behind them: ``aggregates`` then gives their weight, share of the cell and a note saying so
(None otherwise).

The default counting is answered in milliseconds from the evidence rows kept with the day cells
(:mod:`holosec.indicators.evidence_cells`); other countings, a remote engine's reads and stores whose rows
are not yet current scan the events, with the same answer.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import ibis

from holosec import corrections
from holosec.engines import Engine, engine_for
from holosec.errors import ParameterError
from holosec.indicators import evidence_cells
from holosec.indicators.frame import ALL, counted_rows
from holosec.indicators.home import members, relabelled
from holosec.indicators.query import Selection
from holosec.indicators.rollup import aggregate_share
from holosec.periods import Period
from holosec.reference.tables import event_codes
from holosec.store import Store
from holosec.text.headline import reading

LANGS = ("en", "zh")
"""The languages :func:`evidence` words its rows in."""

MAX_LIMIT = 1000
INDICATORS = (
    "events",
    "per_1000",
    "conflict_events",
    "material_conflict_events",
    "conflict_share",
    "material_conflict_share",
    "goldstein_mean",
)
"""Indicators whose evidence :func:`evidence` can filter and rank (the shares list the events of their
numerator; ``per_1000`` the events of its count)."""
# Columns listed for each event.
_SHOWN = (
    "source",
    "source_url",
    "actor1_code",
    "actor1_country",
    "actor1_name",
    "actor2_code",
    "actor2_country",
    "actor2_name",
    "event_code",
    "root_code",
    "plover_type",
    "event_label",
    "loc_name",
    "loc_country",
)


def _span(selection: Selection, period: str | None) -> tuple[str, date | None, date | None]:
    """(label, first day, last day) of the cell's period; the selection's span when ``period`` is None."""
    if period is None:
        first = Period.of(selection.start, selection.by).start if selection.start else None
        last = Period.of(selection.end, selection.by).end if selection.end else None
        return "all", first, last
    try:
        cell = Period.parse(period)
    except ValueError as exc:
        raise ParameterError("period", f"expected 2018-01, 2018-W07 or 2018-01-05, not {period!r}") from exc
    return cell.label, cell.start, cell.end


def _members(rows: ibis.Table, selection: Selection) -> ibis.Table:
    """The counted rows that belong to the selection's view key (the membership rules of measures.py; the
    selection's home places read as its home country)."""
    rows = relabelled(rows, selection.home)
    a1, a2, country, partner = rows.a1, rows.a2, selection.country, selection.partner
    view = selection.view
    if view == "world":
        return rows
    if view == "location":
        return rows.filter(rows.loc == country)
    if view == "country":
        return rows.filter((a1 == country) | (a2 == country))
    directed = (a1 == country) & (a2 == partner)
    if view == "pair":
        return rows.filter(directed)
    return rows.filter(directed | ((a1 == partner) & (a2 == country)))


def _cell(engine: Engine, selection: Selection, first: date | None, last: date | None) -> ibis.Table:
    """The cell's counted events: one row each with its field weight ``w`` and story statistics."""
    events = engine.table("events")
    if first is not None:
        events = events.filter(events.date >= first)
    if last is not None:
        events = events.filter(events.date <= last)
    rows = counted_rows(
        engine, taxonomy=selection.taxonomy, dedup=selection.dedup, quality=selection.quality, events=events
    )
    rows = rows.filter((rows.counted == 1) & (rows.field == (selection.field or ALL)))
    rows = _members(rows, selection).select("event_id", "w")
    stories = evidence_cells.stories(engine, events, selection.dedup, selection.quality)
    shown = events.select(
        "event_id", "date", "quad_class", "goldstein", "tone", "num_mentions", "num_sources", *_SHOWN
    )
    cell = rows.join(shown, "event_id").join(stories, rows.event_id == stories.story)
    return cell.drop("story")


def _kept(
    engine: Engine,
    selection: Selection,
    first: date | None,
    last: date | None,
    indicator: str | None,
    scan: bool,
) -> evidence_cells.Cell | None:
    """The cell as the evidence rows (:mod:`holosec.indicators.evidence_cells`) answer it, when they can:
    for the default counting (stories collapsed, no quality filter) of a version whose rows are current;
    else None."""
    if scan or not selection.uses_rollup or not evidence_cells.current(engine, selection.taxonomy):
        return None
    own = members(selection.country, selection.home) if selection.country else ()
    other = members(selection.partner, selection.home) if selection.partner else ()
    field = selection.field or ALL
    return evidence_cells.Cell(selection.taxonomy, field, first, last, selection.view, own, other, indicator)


def _filtered(cell: ibis.Table, indicator: str | None) -> ibis.Table:
    """The cell's events that count toward ``indicator``, each with its ``contribution`` to it."""
    if indicator is None or indicator in ("events", "per_1000"):
        return cell.mutate(contribution=cell.w)
    if indicator == "goldstein_mean":
        cell = cell.filter(cell.goldstein.notnull())
        return cell.mutate(contribution=-cell.w * cell.goldstein)
    cell = cell.filter(cell.quad_class.isin(evidence_cells.QUADS[indicator]))
    return cell.mutate(contribution=cell.w)


def _checked(
    selection: Selection, limit: int, offset: int, indicator: str | None = None, lang: str = "en"
) -> Selection:
    if lang not in LANGS:
        raise ParameterError("lang", f"must be one of {', '.join(LANGS)}, not {lang!r}")
    if indicator is not None and indicator not in INDICATORS:
        raise ParameterError("indicator", f"must be one of {', '.join(INDICATORS)}, not {indicator!r}")
    if not 1 <= limit <= MAX_LIMIT:
        raise ParameterError("limit", f"must be between 1 and {MAX_LIMIT}, not {limit}")
    if offset < 0:
        raise ParameterError("offset", f"must be 0 or more, not {offset}")
    return selection.checked()


def _row(row: dict[str, Any], lang: str = "en", titles: dict[str, str] | None = None) -> dict[str, Any]:
    url = row["source_url"]
    outlets = sorted(row["outlets"] or [])
    read = reading(row, lang, (titles or {}).get(url or ""))
    return {
        "event_id": row["event_id"],
        "date": row["date"].isoformat(),
        "actor1_country": row["actor1_country"],
        "actor1_name": read["actor1_name"],
        "actor1_code": row["actor1_code"],
        "actor2_country": row["actor2_country"],
        "actor2_name": read["actor2_name"],
        "actor2_code": row["actor2_code"],
        "what": read["what"],
        "headline": read["headline"],
        "outlet": read["outlet"] or (outlets[0] if outlets else None),
        "url": url,
        "event_code": row["event_code"],
        "event": event_codes().get(row["event_code"] or ""),
        "quad_class": row["quad_class"],
        "place": row["loc_name"] or row["loc_country"],
        "goldstein": row["goldstein"],
        "tone": row["tone"],
        "num_mentions": row["num_mentions"],
        "num_sources": row["num_sources"],
        "weight": float(row["w"]),
        "contribution": round(float(row["contribution"]), 6),
        "source": row["source"],
        "source_url": url,
        "reports": int(row["reports"]),
        "outlets": outlets,
    }


def _titles(store: Store, page: list[dict[str, Any]]) -> dict[str, str]:
    """The stored titles of the page's articles (news ingested with ``holosec ingest news``), by URL. Read
    from the local store whatever the engine: articles stay local (a remote engine's dataset has none)."""
    urls = sorted({row["source_url"] for row in page if row["source_url"]})
    if not urls:
        return {}
    marks = ", ".join("?" * len(urls))
    found = store.execute(
        f"SELECT url, min(title) FROM articles WHERE title IS NOT NULL AND url IN ({marks}) GROUP BY url",
        urls,
    ).fetchall()
    return {str(url): str(title) for url, title in found}


def _opened(
    store: Store, selection: Selection, period: str | None
) -> tuple[Engine, Selection, str, date | None, date | None]:
    """The engine, the selection at the grain of ``period`` (when given), and the cell's label and days."""
    label, first, last = _span(selection, period)
    if period is not None:
        selection = replace(selection, by=Period.parse(period).grain.value)
    return engine_for(store), selection, label, first, last


def source_contributions(
    store: Store, selection: Selection, period: str, indicator: str | None = None, *, scan: bool = False
) -> dict[str, float]:
    """How much each source (``gdelt2``, ``icews`` ...) contributes to the cell's value in ``period``
    (the contributions of :func:`evidence`'s rows, summed per source; ``scan`` as there).

    >>> import tempfile, pathlib
    >>> with Store.open(pathlib.Path(tempfile.mkdtemp())) as store:
    ...     source_contributions(store, Selection(country="CHN"), "2018-01", "conflict_events")
    {}
    """
    engine, selection, _, first, last = _opened(store, _checked(selection, 1, 0, indicator), period)
    if kept := _kept(engine, selection, first, last, indicator, scan):
        return kept.by_source(store)
    cell = _filtered(_cell(engine, selection, first, last), indicator)
    rows = engine.rows(cell.group_by("source").aggregate(total=cell.contribution.sum()))
    return {str(r["source"]): float(r["total"] or 0.0) for r in rows}


def _scanned(
    engine: Engine,
    selection: Selection,
    first: date | None,
    last: date | None,
    indicator: str | None,
    limit: int,
    offset: int,
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """(page, totals) of the cell from a scan of the events."""
    cell = _filtered(_cell(engine, selection, first, last), indicator)
    whole = ibis.window()  # the page carries the cell's totals, so the cell is computed once
    cell = cell.mutate(cell_count=cell.event_id.count().over(whole), cell_events=cell.w.sum().over(whole))
    covered = [cell.num_mentions.desc(nulls_first=False), cell.num_sources.desc(nulls_first=False)]
    if indicator is None:
        ranked = cell.order_by([*covered, cell.event_id])
    else:
        severe = cell.goldstein.asc(nulls_first=False)
        ranked = cell.order_by([cell.contribution.desc(), severe, *covered, cell.event_id])
    page = engine.rows(ranked.limit(limit, offset=offset))
    if page:
        total = {"count": page[0]["cell_count"], "events": page[0]["cell_events"]}
    else:  # past the last row, or an empty cell
        total = engine.rows(cell.aggregate(count=cell.count(), events=cell.w.sum()))[0]
    return page, total


def evidence(
    store: Store,
    selection: Selection,
    period: str | None = None,
    limit: int = 20,
    offset: int = 0,
    indicator: str | None = None,
    lang: str = "en",
    *,
    scan: bool = False,
) -> dict[str, Any]:
    """The events behind one indicator value: the cell of ``selection`` in ``period`` (a label such as
    ``2018-01``, ``2018-W07`` or ``2018-01-05``; None for the selection's whole span).

    Returns ``events`` (the indicator value: the sum of the field weights of every counted event of the
    cell), ``count`` (how many counted events), ``data`` (one page of them, best covered first, at most
    ``limit`` from ``offset``) and ``truncated`` (whether more follow). With ``indicator`` (one of
    :data:`INDICATORS`), only the events counting toward it, by contribution (see the module notes). Rows
    are worded in ``lang`` (en or zh; see the module notes); each says how many analysts' corrections
    stand on its event (``corrections``: :mod:`holosec.corrections`, already honoured in the counting).

    The default counting (stories collapsed, no quality filter) is read from the evidence rows kept with
    the day cells (:mod:`holosec.indicators.evidence_cells`) when they are current, in milliseconds; any
    other counting, a remote engine's, or ``scan=True`` reads the stored events, with the same answer.

    >>> import tempfile, pathlib
    >>> with Store.open(pathlib.Path(tempfile.mkdtemp())) as store:
    ...     found = evidence(store, Selection(country="CHN", field="military"), period="2018-01")
    >>> found["period"], found["count"], found["events"], found["data"]
    ('2018-01', 0, 0.0, [])
    """
    engine, selection, label, first, last = _opened(
        store, _checked(selection, limit, offset, indicator, lang), period
    )
    if kept := _kept(engine, selection, first, last, indicator, scan):
        page = evidence_cells.shown(store, selection.taxonomy, kept.page(store, limit, offset))
        total = (
            {"count": page[0]["cell_count"], "events": page[0]["cell_events"]} if page else kept.totals(store)
        )
    else:
        page, total = _scanned(engine, selection, first, last, indicator, limit, offset)
    titles = _titles(store, page)
    corrected = corrections.counts(store, [str(row["event_id"]) for row in page])
    data = [
        {**_row(row, lang, titles), "corrections": corrected.get(str(row["event_id"]), 0)} for row in page
    ]
    count = int(total["count"])
    aggregates = None
    if period is not None and selection.view in ("location", "world"):
        part = aggregate_share(store, selection, label)
        if part.note:
            aggregates = {"events": part.aggregate_events, "share": part.share, "note": part.note}
    return {
        "period": label,
        "start": first.isoformat() if first else None,
        "end": last.isoformat() if last else None,
        "view": selection.view,
        "country": selection.country,
        "partner": selection.partner,
        "field": selection.field,
        "taxonomy": selection.taxonomy,
        "dedup": selection.dedup,
        "indicator": indicator,
        "lang": lang,
        "events": float(total["events"] or 0.0),
        "count": count,
        "limit": limit,
        "offset": offset,
        "truncated": offset + len(data) < count,
        "data": data,
        "aggregates": aggregates,
    }
