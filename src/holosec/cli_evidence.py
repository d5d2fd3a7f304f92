"""``holosec evidence`` and ``holosec coupling``: thin shells over :mod:`holosec.indicators.evidence` and
:mod:`holosec.indicators.coupling` (registered on the app at the end of :mod:`holosec.cli`)."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.table import Table

from holosec.cli_options import AsJson, DataDir
from holosec.errors import HolosecError, InputError

Country = Annotated[str | None, typer.Option(help="An ISO3 country code, such as CHN.")]
Taxonomy = Annotated[str, typer.Option(help="A taxonomy version (v2014, v2020, v2023) or a TOML file.")]


def _fail(exc: HolosecError) -> typer.Exit:
    from holosec.cli import _say
    from holosec.ingest import EXIT_FAILED

    _say(f"error: {exc}")
    return typer.Exit(EXIT_FAILED)


def _shown(value: Any) -> str:
    return "-" if value is None else str(value)


def _print_evidence(found: dict[str, Any]) -> None:
    from holosec.cli import out

    where = found["country"] or "world"
    if found["partner"]:
        where += f"-{found['partner']}"
    out.print(
        f"{found['count']} events ({found['events']:g} weighted) behind {found['view']} {where}, "
        f"{found['field'] or 'all fields'}, {found['period']}",
        highlight=False,
    )
    for rank, row in enumerate(found["data"], start=found["offset"] + 1):
        out.print(
            f"{rank}. {row['event_id']} {row['date']} {row['actor1_country'] or '-'}>"
            f"{row['actor2_country'] or '-'} {row['event_code'] or '-'}  "
            f"mentions {_shown(row['num_mentions'])} "
            f"sources {_shown(row['num_sources'])} weight {row['weight']:.2f} reports {row['reports']}",
            highlight=False,
            soft_wrap=True,
        )
        if row["source_url"]:
            out.print(f"   {row['source_url']}", highlight=False, soft_wrap=True)
    if found["truncated"]:
        more = found["count"] - found["offset"] - len(found["data"])
        out.print(f"... {more} more (--offset, --limit)", highlight=False)


def evidence(
    country: Country = None,
    partner: Annotated[str | None, typer.Option(help="The pair's other country (needs --country).")] = None,
    undirected: Annotated[bool, typer.Option(help="Count the pair in both directions.")] = False,
    field: Annotated[str | None, typer.Option(help="A security field; default all events.")] = None,
    period: Annotated[
        str | None, typer.Option(help="One period: 2018-01, 2018-W07 or 2018-01-05; default the whole span.")
    ] = None,
    by: Annotated[str | None, typer.Option(help="day, week or month (must match --period).")] = None,
    taxonomy: Taxonomy = "v2014",
    dedup: Annotated[bool, typer.Option(help="Collapse duplicate reports (--no-dedup: every row).")] = True,
    limit: Annotated[int, typer.Option(help="Events to show (at most 1000).")] = 20,
    offset: Annotated[int, typer.Option(help="Events to skip first.")] = 0,
    data_dir: DataDir = None,
    as_json: AsJson = False,
) -> None:
    """The events behind one indicator value, best covered first (mentions, then sources), with source URLs;
    their field weights add up to the indicator's event count."""
    from holosec.cli import _emit_json, _settings, _store
    from holosec.indicators import Selection
    from holosec.indicators.evidence import evidence as find_evidence
    from holosec.indicators.periods import parse

    settings = _settings(data_dir)
    with _store(settings) as store:
        try:
            if by and period and parse(period)[0] != by:
                raise InputError("--period", f"{period} is not a {by}")
            selection = Selection(
                country=country,
                partner=partner,
                undirected=undirected,
                field=field,
                by=by or "month",
                taxonomy=taxonomy,
                dedup=dedup,
            )
            found = find_evidence(store, selection, period, limit=limit, offset=offset)
        except HolosecError as exc:
            raise _fail(exc) from exc
    if as_json:
        _emit_json(found)
        return
    _print_evidence(found)


def _print_coupling(result: dict[str, Any]) -> None:
    from holosec.cli import out

    window = result["window"]
    out.print(
        f"{result['country']}: {result['method']} correlation of {result['by']}-on-{result['by']} changes, "
        f"{window['size']} {result['by']}s to {window['end']} (from {window['start']})",
        highlight=False,
        soft_wrap=True,
    )
    numbers = [str(n) for n in range(1, len(result["fields"]) + 1)]
    table = Table("", *numbers, box=None, padding=(0, 1))
    for number, field, row in zip(numbers, result["fields"], result["matrix"], strict=True):
        table.add_row(f"{number} {field}", *("." if value is None else f"{value:+.2f}" for value in row))
    out.print(table)
    for item in result["leads"]:
        out.print(
            f"{item['leader']} leads {item['follower']} by {item['lag']} {result['by']}(s): "
            f"r = {item['strength']:.2f} over {item['pairs']} changes",
            highlight=False,
        )
    for item in result["changes"]:
        a, b = item["fields"]
        out.print(f"{a} ~ {b}: {item['previous']:+.2f} -> {item['latest']:+.2f}", highlight=False)


def coupling(
    country: Country = None,
    perspective: Annotated[
        str | None,
        typer.Option(help="Use this perspective's home country (CHN, JPN, IND, USA, DEU, a file)."),
    ] = None,
    by: Annotated[str, typer.Option(help="week or month (day also works).")] = "month",
    window: Annotated[
        int | None, typer.Option(help="Periods per window [default 12 months, 26 weeks, 28 days].")
    ] = None,
    max_lag: Annotated[int, typer.Option(help="Longest lead tried, in periods.")] = 3,
    method: Annotated[str, typer.Option(help="spearman or pearson.")] = "spearman",
    taxonomy: Taxonomy = "v2014",
    data_dir: DataDir = None,
    as_json: AsJson = False,
) -> None:
    """Interwoven threats: how a country's security fields move together (correlation of their changes in
    the latest window, and what changed since the window before) and which field's rise tends to come
    first."""
    from holosec.cli import _emit_json, _settings, _store
    from holosec.indicators.coupling import coupling as find_coupling

    settings = _settings(data_dir)
    with _store(settings) as store:
        try:
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
        except HolosecError as exc:
            raise _fail(exc) from exc
    if as_json:
        _emit_json(result)
        return
    _print_coupling(result)
