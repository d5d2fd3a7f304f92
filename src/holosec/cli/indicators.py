"""``holosec indicators``: a thin shell over :func:`holosec.indicators.indicators`."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import typer

from holosec.cli.errors import reported
from holosec.cli.options import DEFAULT_TAXONOMY, AsJson, By, DataDir, DryRun, Engine, OutputFormat, Taxonomy
from holosec.cli.output import Column, Format, chosen_format, emit_json, emit_table, out
from holosec.cli.plan import emit_plan, planned
from holosec.cli.store import open_store, settings_for
from holosec.errors import HolosecError
from holosec.indicators import Quality, Selection, indicators, perspective_indicators

_DATE = ["%Y-%m-%d"]
_NUMBERS = (
    Column("events", "events", "number", "{:.1f}"),
    Column("per_1000", "per 1,000", "number", "{:.2f}"),
    Column("goldstein_sum", "Goldstein sum", "number", "{:.1f}"),
    Column("goldstein_mean", "mean", "number", "{:.2f}"),
    Column("conflict_share", "conflict", "number", "{:.0%}"),
    Column("material_conflict_share", "material", "number", "{:.0%}"),
    Column("balance", "balance", "number", "{:+.2f}"),
    Column("tone", "tone", "number", "{:.2f}"),
)
_COLUMNS = (Column("period"), *_NUMBERS, Column("sources", kind="number"))
_PERSPECTIVE_COLUMNS = (Column("period"), Column("relation"), Column("nature"), *_NUMBERS)


def _print(rows: list[dict[str, Any]], fmt: Format) -> None:
    if not rows and fmt is Format.table:
        out.print("No events in the store for this selection.")
        return
    first = rows[0] if rows else {}
    if "perspective" in first:
        seen = f"{first['perspective']} perspective, {first['field'] or 'all fields'} ({first['taxonomy']})"
        shown = [{**row, "nature": row["nature"] or "untagged"} for row in rows]
        emit_table(_PERSPECTIVE_COLUMNS, shown, fmt, title=seen)
        return
    title = None
    if first:
        who = first["country"] or "world"
        if first["partner"]:
            who += ("-" if first["view"] == "pair_u" else "->") + first["partner"]
        title = f"{who}, {first['field'] or 'all fields'} ({first['taxonomy']}, {first['view']} view)"
    emit_table(_COLUMNS, rows, fmt, title=title)


@reported()
def indicators_command(
    country: Annotated[str | None, typer.Option(help="ISO3 code: events with an actor of it.")] = None,
    perspective: Annotated[
        str | None,
        typer.Option(
            help="Instead of --country: events internal or external to this perspective, split by "
            "relation and traditional / non-traditional nature."
        ),
    ] = None,
    partner: Annotated[
        str | None, typer.Option(help="ISO3 code: the ordered pair COUNTRY (actor 1) -> PARTNER (actor 2).")
    ] = None,
    undirected: Annotated[bool, typer.Option(help="With --partner: both directions.")] = False,
    location_view: Annotated[
        bool, typer.Option("--location-view", help="Events located in COUNTRY instead of by actor.")
    ] = False,
    field: Annotated[str | None, typer.Option(help="A field of the taxonomy (default: all events).")] = None,
    by: By = "week",
    start: Annotated[datetime | None, typer.Option("--from", formats=_DATE, help="First day.")] = None,
    end: Annotated[datetime | None, typer.Option("--to", formats=_DATE, help="Last day.")] = None,
    taxonomy: Taxonomy = DEFAULT_TAXONOMY,
    no_dedup: Annotated[
        bool, typer.Option("--no-dedup", help="Count every stored record, not one per story.")
    ] = False,
    min_sources: Annotated[int, typer.Option(min=0, help="Keep records with at least N sources.")] = 0,
    min_mentions: Annotated[int, typer.Option(min=0, help="Keep records with at least N mentions.")] = 0,
    actors_resolved: Annotated[
        bool, typer.Option(help="Drop records with an actor not placed in a country.")
    ] = False,
    location: Annotated[
        str | None, typer.Option(help="Least precise place kept: country, admin1 or city.")
    ] = None,
    no_sources: Annotated[
        bool, typer.Option("--no-sources", help="Skip distinct sources (the one slow indicator).")
    ] = False,
    data_dir: DataDir = None,
    engine: Engine = None,
    dry_run: DryRun = False,
    as_json: AsJson = False,
    fmt: OutputFormat = Format.table,
) -> None:
    """Indicator series per period: events, per 1,000, Goldstein, conflict shares, balance, tone, sources.

    Without --field the rows cover all events whatever their fields (field null); without --partner all
    partners together (partner null); without --country the whole world. Every period of the span is listed.
    With --perspective: one row per period, relation (internal, external) and nature (traditional,
    non_traditional) with events.

    --json prints one object: data (the rows) and count.
    """
    if perspective and (country or partner):
        raise typer.BadParameter("--perspective replaces --country and --partner")
    with reported(wrong=HolosecError):
        selection = Selection(
            country=country,
            partner=partner,
            field=field,
            by=by,
            start=start.date() if start else None,
            end=end.date() if end else None,
            taxonomy=taxonomy,
            dedup=not no_dedup,
            quality=Quality(min_sources, min_mentions, actors_resolved, location),
            undirected=undirected,
            location=location_view,
        ).checked()
    with open_store(settings_for(data_dir, engine, dry_run=dry_run), taxonomy=taxonomy) as store:
        if perspective:
            rows = perspective_indicators(store, perspective, selection)
        else:
            rows = indicators(store, selection, with_sources=not no_sources)
        plan = planned(store)
    if plan is not None:
        emit_plan(plan, as_json)
        return
    fmt = chosen_format(fmt, as_json)
    if fmt is Format.json:
        emit_json({"data": rows, "count": len(rows)})
    else:
        _print(rows, fmt)
