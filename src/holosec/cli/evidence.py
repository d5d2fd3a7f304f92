"""``holosec evidence`` and ``holosec coupling``: thin shells over :mod:`holosec.indicators.evidence` and
:mod:`holosec.indicators.coupling`."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

import typer

from holosec import periods
from holosec.cli.errors import reported
from holosec.cli.options import (
    DEFAULT_TAXONOMY,
    AsJson,
    By,
    Country,
    DataDir,
    DryRun,
    Engine,
    Jsonl,
    OutputFormat,
    Period,
    PeriodsBy,
    Taxonomy,
)
from holosec.cli.output import Column, Format, chosen_format, emit_json, emit_jsonl, emit_table, out
from holosec.cli.plan import emit_plan, planned
from holosec.cli.store import open_store, settings_for
from holosec.errors import ParameterError
from holosec.indicators import Selection
from holosec.indicators.coupling import coupling as find_coupling
from holosec.indicators.evidence import evidence as find_evidence
from holosec.perspective import load_perspective


class Lang(StrEnum):
    """Languages the evidence rows are worded in."""

    en = "en"
    zh = "zh"


def _shown(value: Any) -> str:
    return "-" if value is None else str(value)


def _line(rank: int, row: dict[str, Any]) -> str:
    """One event as a reader reads it: date, who did what to whom, where, and the outlet's headline."""
    who = f"{row['actor1_name'] or '-'} > {row['actor2_name'] or '-'}"
    where = f" ({row['place']})" if row.get("place") else ""
    told = " | ".join(part for part in (row.get("outlet"), row.get("headline")) if part)
    return f"{rank}. {row['date']}  {who}: {row.get('what') or '-'}{where}" + (f"  [{told}]" if told else "")


def _print_evidence(found: dict[str, Any]) -> None:
    where = found["country"] or "world"
    if found["partner"]:
        where += f"-{found['partner']}"
    out.print(
        f"{found['count']} events ({found['events']:g} weighted) behind {found['view']} {where}, "
        f"{found['field'] or 'all fields'}, {found['period']}",
        highlight=False,
    )
    if found.get("aggregates"):
        part = found["aggregates"]
        out.print(f"{part['note']} ({part['events']:g} counted as aggregates)", highlight=False)
    for rank, row in enumerate(found["data"], start=found["offset"] + 1):
        out.print(_line(rank, row), highlight=False, soft_wrap=True)
        out.print(
            f"   mentions {_shown(row['num_mentions'])} sources {_shown(row['num_sources'])} "
            f"weight {row['weight']:.2f} reports {row['reports']}",
            highlight=False,
            soft_wrap=True,
        )
        if row["source_url"]:
            out.print(f"   {row['source_url']}", highlight=False, soft_wrap=True)
    if found["truncated"]:
        more = found["count"] - found["offset"] - len(found["data"])
        out.print(f"... {more} more (--offset, --limit)", highlight=False)


def _grain(period: str) -> str | None:
    """The grain of ``period``, None when it is not one (the library words that)."""
    try:
        return periods.Period.parse(period).grain
    except ValueError:
        return None


@reported()
def evidence(
    country: Country = None,
    partner: Annotated[str | None, typer.Option(help="The pair's other country (needs --country).")] = None,
    undirected: Annotated[bool, typer.Option(help="Count the pair in both directions.")] = False,
    field: Annotated[str | None, typer.Option(help="A security field; default all events.")] = None,
    period: Period = None,
    by: PeriodsBy = None,
    taxonomy: Taxonomy = DEFAULT_TAXONOMY,
    dedup: Annotated[bool, typer.Option(help="Collapse duplicate reports (--no-dedup: every row).")] = True,
    indicator: Annotated[
        str | None,
        typer.Option(
            help="Only the events counting toward this indicator (named below), by their contribution."
        ),
    ] = None,
    limit: Annotated[int, typer.Option(help="Events to show (at most 1000).")] = 20,
    offset: Annotated[int, typer.Option(help="Events to skip first.")] = 0,
    perspective: Annotated[
        str | None,
        typer.Option(
            help="Look from this perspective (CHN, JPN, IND, USA, DEU, a file): the places it counts as home "
            "are its home country. Default: every country its own."
        ),
    ] = None,
    lang: Annotated[
        Lang, typer.Option(help="The language of the actors' names and of what happened (en or zh).")
    ] = Lang.en,
    data_dir: DataDir = None,
    engine: Engine = None,
    dry_run: DryRun = False,
    as_json: AsJson = False,
    jsonl: Jsonl = False,
    fmt: OutputFormat = Format.table,
) -> None:
    """The events behind one indicator value, best covered first (mentions, then sources): who did what to
    whom, where, and the outlet's headline (the article's title, or the words of its URL), in --lang;
    their field weights add up to the indicator's event count. Without --period: the whole span. With
    --indicator, only the events that count toward it (a conflict count's are conflict events), ranked by
    their contribution, most conflictual first among equals; the indicator is one of events, per_1000,
    conflict_events, material_conflict_events, conflict_share, material_conflict_share or goldstein_mean.

    --json prints one object: the selection, count, truncated and data (the events, each with its
    event_id, date, actor1_name, actor2_name, what, headline, outlet and url); --jsonl and --format csv
    print the events only.
    """
    if by and period and _grain(period) not in (None, by):
        raise ParameterError("period", f"{period} is not a {by}")
    with open_store(settings_for(data_dir, engine, dry_run=dry_run), taxonomy=taxonomy) as store:
        selection = Selection(
            country=country,
            partner=partner,
            undirected=undirected,
            field=field,
            by=by or "month",
            taxonomy=taxonomy,
            dedup=dedup,
            home=load_perspective(perspective).home_set if perspective else (),
        )
        found = find_evidence(
            store, selection, period, limit=limit, offset=offset, indicator=indicator, lang=lang.value
        )
        plan = planned(store)
    if plan is not None:
        emit_plan(plan, as_json)
        return
    fmt = chosen_format(fmt, as_json)
    if jsonl:
        emit_jsonl(found["data"])
    elif fmt is Format.json:
        emit_json(found)
    elif fmt is Format.csv:
        columns = [Column(key) for key in found["data"][0]] if found["data"] else [Column("event_id")]
        emit_table(columns, found["data"], fmt)
    else:
        _print_evidence(found)


def _print_coupling(result: dict[str, Any]) -> None:
    window = result["window"]
    out.print(
        f"{result['country']}: {result['method']} correlation of {result['by']}-on-{result['by']} changes, "
        f"{window['size']} {result['by']}s to {window['end']} (from {window['start']})",
        highlight=False,
        soft_wrap=True,
    )
    emit_table(*_matrix(result))
    for item in result["leads"]:
        out.print(
            f"{item['leader']} leads {item['follower']} by {item['lag']} {result['by']}(s): "
            f"r = {item['strength']:.2f} over {item['pairs']} changes",
            highlight=False,
        )
    for item in result["changes"]:
        a, b = item["fields"]
        out.print(f"{a} ~ {b}: {item['previous']:+.2f} -> {item['latest']:+.2f}", highlight=False)


@reported()
def coupling(
    country: Country = None,
    perspective: Annotated[
        str | None,
        typer.Option(help="Use this perspective's home country (CHN, JPN, IND, USA, DEU, a file)."),
    ] = None,
    by: By = "month",
    window: Annotated[
        int | None, typer.Option(help="Periods per window [default 12 months, 26 weeks, 28 days].")
    ] = None,
    max_lag: Annotated[int, typer.Option(help="Longest lead tried, in periods.")] = 3,
    method: Annotated[str, typer.Option(help="spearman or pearson.")] = "spearman",
    taxonomy: Taxonomy = DEFAULT_TAXONOMY,
    data_dir: DataDir = None,
    engine: Engine = None,
    as_json: AsJson = False,
    fmt: OutputFormat = Format.table,
) -> None:
    """Interwoven threats: how a country's security fields move together (correlation of their changes in
    the latest window, and what changed since the window before) and which field's rise tends to come
    first.

    --format csv prints the correlation matrix: a row per field, a column per field.
    """
    with open_store(settings_for(data_dir, engine), taxonomy=taxonomy) as store:
        result = find_coupling(
            store,
            country,
            perspective=perspective,
            by=by,
            window=window,
            max_lag=max_lag,
            method=method,
            taxonomy=taxonomy,
        )
    fmt = chosen_format(fmt, as_json)
    if fmt is Format.json:
        emit_json(result)
    elif fmt is Format.csv:
        emit_table(*_matrix(result, named=True), fmt)
    else:
        _print_coupling(result)


def _matrix(result: dict[str, Any], named: bool = False) -> tuple[list[Column], list[dict[str, Any]]]:
    """The correlation matrix as columns and rows; the columns numbered as the rows are, unless ``named``."""
    fields = result["fields"]
    keys = fields if named else [str(n) for n in range(1, len(fields) + 1)]
    columns = [Column("field")]
    columns += [Column(key, kind="number", pattern="{:+.2f}") for key in keys]
    rows = [
        {"field": field if named else f"{key} {field}", **dict(zip(keys, row, strict=True))}
        for key, field, row in zip(keys, fields, result["matrix"], strict=True)
    ]
    return columns, rows
