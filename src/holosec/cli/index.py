"""``holosec index``: the composite threat index of a perspective, field by field."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from holosec.cli.errors import reported
from holosec.cli.options import (
    DEFAULT_PERSPECTIVE,
    DEFAULT_TAXONOMY,
    AsJson,
    By,
    Country,
    DataDir,
    DryRun,
    Engine,
    OutputFormat,
    Period,
    Perspective,
    Taxonomy,
)
from holosec.cli.output import Column, Format, chosen_format, emit_json, emit_table
from holosec.cli.plan import emit_plan, planned
from holosec.cli.store import open_store, settings_for
from holosec.errors import HolosecError, ParameterError
from holosec.indicators.index import OVERALL, index_series, threat_index
from holosec.settings import Settings


class Peers(StrEnum):
    """Whom the perspective's home country is compared with."""

    world = "world"
    region = "region"


@reported()
def index(
    perspective: Perspective = DEFAULT_PERSPECTIVE,
    period: Period = None,
    by: By = "month",
    taxonomy: Taxonomy = DEFAULT_TAXONOMY,
    peers: Annotated[
        Peers, typer.Option(help="Compare with every country (world) or the perspective's region.")
    ] = Peers.world,
    country: Country = None,
    start: Annotated[
        str | None, typer.Option("--from", help="With --country: the first period (default the store's).")
    ] = None,
    end: Annotated[
        str | None, typer.Option("--to", help="With --country: the last period (default the store's).")
    ] = None,
    field: Annotated[
        str, typer.Option(help="With --country: overall, a field id, or all (every field and overall).")
    ] = OVERALL,
    data_dir: DataDir = None,
    engine: Engine = None,
    dry_run: DryRun = False,
    as_json: AsJson = False,
    fmt: OutputFormat = Format.table,
) -> None:
    """The composite threat index of the perspective's home country: a 0-10 score per security field and
    overall (10 most threatening), and its change since the period before (method: docs/index-method.md).
    Without --period: the latest with events of the home country.

    --json prints one object: data (the rows, one per field and a last one with field "overall", each
    with country, period, field, score (null without evidence), previous, change (deteriorated, improved,
    unchanged or null), delta, events, articles, low_evidence, evidence and components) and count.

    With --country: the index of that country period by period, --from to --to (compared with every
    country); --json prints {"series": [{"period", "field", "score", "evidence", "events", "articles"}]},
    evidence being sufficient, thin or insufficient (then score is null).
    """
    if country is not None:
        if dry_run:
            raise ParameterError("dry-run", "prices the index of one period, not the series (--country)")
        if period is not None:
            raise ParameterError(
                "period", "with country, use from and to", mentions=("country", "from", "to")
            )
        _series(
            country,
            start,
            end,
            by,
            taxonomy,
            field,
            settings_for(data_dir, engine),
            chosen_format(fmt, as_json),
        )
        return
    for name, given in (("from", start), ("to", end), ("field", field != OVERALL)):
        if given:
            raise ParameterError(name, "needs country (the series form)", mentions=("country",))
    with open_store(settings_for(data_dir, engine, dry_run=dry_run), taxonomy=taxonomy) as store:
        stopped = None
        try:
            rows = threat_index(
                store, perspective, period=period, by=by, taxonomy=taxonomy, peers=peers.value
            )
        except HolosecError as exc:
            if not dry_run:
                raise
            stopped = str(exc)  # a dry run reads no data; the queries after this one depend on it
        plan = planned(store)
    if plan is not None:
        emit_plan(plan, as_json, stopped=stopped)
        return
    fmt = chosen_format(fmt, as_json)
    if fmt is Format.json:
        emit_json({"data": rows, "count": len(rows)})
        return
    first = rows[0] if rows else {"country": "", "period": ""}
    title = f"threat index of {first['country']}, {first['period']} (0-10, 10 most threatening)"
    emit_table(_COLUMNS, rows, fmt, title=title)


_COLUMNS = (
    Column("field"),
    Column("score", kind="number", pattern="{:.2f}"),
    Column("previous", kind="number", pattern="{:.2f}"),
    Column("change"),
    Column("events", kind="number", pattern="{:.2f}"),
    Column("evidence"),
)


def _series(
    country: str,
    start: str | None,
    end: str | None,
    by: str,
    taxonomy: str,
    field: str,
    settings: Settings,
    fmt: Format,
) -> None:
    with open_store(settings, taxonomy=taxonomy) as store:
        rows = index_series(store, country, start=start, end=end, by=by, taxonomy=taxonomy, field=field)
    if fmt is Format.json:
        emit_json({"series": rows})
        return
    title = f"threat index of {country.upper()} by {by} (0-10, 10 most threatening)"
    emit_table(_SERIES, rows, fmt, title=title)


_SERIES = (
    Column("period"),
    Column("field"),
    Column("score", kind="number", pattern="{:.2f}"),
    Column("evidence"),
    Column("events", kind="number", pattern="{:.2f}"),
)
