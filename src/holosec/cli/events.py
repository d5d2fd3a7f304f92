"""``holosec stats``, ``fuse``, ``explain`` and ``export``: what the store holds, one event in full, and
the events that may leave it."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from holosec.cli.errors import fail, reported
from holosec.cli.options import (
    DEFAULT_PERSPECTIVE,
    AsJson,
    DataDir,
    DryRun,
    Engine,
    OutputFormat,
    Perspective,
)
from holosec.cli.output import Column, Format, chosen_format, emit_json, emit_table, out
from holosec.cli.plan import emit_plan
from holosec.cli.store import open_store, settings_for
from holosec.engines import engine_for
from holosec.engines.bigquery import BigQueryEngine
from holosec.engines.bigquery_setup import setup_bigquery
from holosec.engines.bigquery_sql import GDELT_EVENTS
from holosec.engines.url import EngineURL
from holosec.errors import ParameterError
from holosec.explain import explain_event
from holosec.export import export_events, export_for_spark
from holosec.indicators.rollup import build
from holosec.ingest import fuse as run_fusion
from holosec.stats import store_stats

export_app = typer.Typer(help="Write stored data to files (never data whose licence forbids it).")


_TOTALS = ("events", "mentions", "articles", "gkg_counts", "quarantined", "files")
_COUNTS = tuple(Column(key, key.replace("_", " "), "number") for key in _TOTALS)
_BY = (Column("group"), Column("name"), Column("table"), Column("rows", kind="number"))


def _by_source(stats: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {"group": "source", "name": source, "table": table, "rows": rows}
        for source, tables in stats["per_source"].items()
        for table, rows in tables.items()
    ]


def _by_month(stats: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {"group": "month", "name": month, "table": table, "rows": tables.get(table, 0)}
        for month, tables in stats["per_month"].items()
        for table in ("events", "articles")
    ]


def print_stats(stats: dict[str, Any]) -> None:
    """The store's counts, in total and by source."""
    emit_table(_COUNTS, [stats])
    emit_table((Column("name", "source"), *_BY[2:]), _by_source(stats), title="by source")


@reported()
def stats(data_dir: DataDir = None, as_json: AsJson = False, fmt: OutputFormat = Format.table) -> None:
    """What the store holds: events, articles, quarantined rows and files, by source and by month.

    --format csv prints one table of group (total, source or month), name, table and rows.
    """
    with open_store(settings_for(data_dir), read_only=True) as store:
        result = store_stats(store)
    fmt = chosen_format(fmt, as_json)
    if fmt is Format.json:
        emit_json(result)
        return
    if fmt is Format.csv:
        totals = [{"group": "total", "name": "", "table": key, "rows": result[key]} for key in _TOTALS]
        emit_table(_BY, totals + _by_source(result) + _by_month(result), fmt)
        return
    print_stats(result)
    months = [
        {"month": month, "events": tables.get("events", 0), "articles": tables.get("articles", 0)}
        for month, tables in result["per_month"].items()
    ]
    columns = (Column("month"), Column("events", kind="number"), Column("articles", kind="number"))
    emit_table(columns, months, title="by month (events)")


@reported()
def fuse(data_dir: DataDir = None, as_json: AsJson = False, fmt: OutputFormat = Format.table) -> None:
    """Link records of different sources that report the same real-world event (rule: data/fusion.toml)."""
    with open_store(settings_for(data_dir)) as store:
        result = run_fusion(store)
    data = result.as_dict()
    fmt = chosen_format(fmt, as_json)
    if fmt is Format.json:
        emit_json(data)
        return
    columns = [
        Column(key, kind="number" if isinstance(value, int | float) else "id") for key, value in data.items()
    ]
    emit_table(columns, [data], fmt)


@reported()
def explain(
    event_id: Annotated[str, typer.Argument(help="An event id, such as gdelt2:719025311.")],
    perspective: Perspective = DEFAULT_PERSPECTIVE,
    data_dir: DataDir = None,
    as_json: AsJson = False,
    fmt: OutputFormat = Format.table,
) -> None:
    """Show an event's normalised record, its provenance and quality flags, and what it was fused with.

    --format csv prints the record's fields and values.
    """
    settings = settings_for(data_dir)
    with open_store(settings, read_only=True) as store:
        result = explain_event(store, event_id, perspective)
    if result is None:
        raise fail(f"no event {event_id} in {settings.data_dir}")
    fmt = chosen_format(fmt, as_json)
    if fmt is Format.json:
        emit_json(result)
        return
    record = [
        {"field": name, "value": value}
        for name, value in result["event"].items()
        if value not in (None, [], {})
    ]
    emit_table((Column("field"), Column("value")), record, fmt, title=None if fmt is Format.csv else event_id)
    if fmt is Format.table:
        _print_explained(perspective, result)


def _print_explained(perspective: str, result: dict[str, Any]) -> None:
    for tag in result["fields"]:
        rules = ", ".join(f"{rule['rule']} ({rule['weight']:.2f})" for rule in tag["rules"])
        out.print(f"field {tag['field']}: weight {tag['weight']:.2f} from {rules}", highlight=False)
    if result["text"] is not None:
        text = result["text"]
        fields = ", ".join(f"{field} {weight:.2f}" for field, weight in list(text["fields"].items())[:4])
        out.print(f"text read in the URL: {text['read'] or '(no words)'}", highlight=False, soft_wrap=True)
        out.print(
            f"  classifier: {fields}; terms: {', '.join(text['terms']) or '-'}"
            + ("" if text["tags"] else " (not confident of a field: no text tags)"),
            highlight=False,
            soft_wrap=True,
        )
    seen = result["perspective"]
    out.print(
        f"from {perspective}: {seen['relation']}, {seen['security']} security, {seen['nature']}",
        highlight=False,
    )
    out.print(f"fused event: {result['fused_id']}", highlight=False)
    for link in result["linked"]:
        out.print(
            f"  linked to {link['event_id']} by rule {link['rule']}: {link['days_apart']} day(s) apart"
            + (f", {link['km_apart']} km apart" if link["km_apart"] is not None else ""),
            highlight=False,
        )


class ExportFormat(StrEnum):
    """File formats ``holosec export`` writes."""

    parquet = "parquet"
    csv = "csv"


@export_app.command("events")
@reported()
def export_events_command(
    output: Annotated[Path, typer.Option("-o", "--output", help="The file to write.")],
    source: Annotated[
        str | None, typer.Option(help="Only this source's events (gdelt2, ucdp ...); default all.")
    ] = None,
    fmt: Annotated[ExportFormat, typer.Option("--format", help="File format.")] = ExportFormat.parquet,
    data_dir: DataDir = None,
    as_json: AsJson = False,
) -> None:
    """Write stored events to a Parquet or CSV file.

    Refused, with nothing written, when any of them is under a licence that forbids redistribution
    (ACLED): holosec never hands such data on. Exit codes: 0 written; 1 refused or failed; 2 wrong arguments.
    """
    with open_store(settings_for(data_dir), read_only=True) as store:
        rows = export_events(store, output, source=source, fmt=fmt.value)
    if as_json:
        emit_json({"rows": rows, "path": str(output), "format": fmt.value, "source": source})
        return
    out.print(f"{rows} events written to {output}", highlight=False)


@export_app.command("spark")
@reported()
def export_spark_command(
    to: Annotated[
        Path | None,
        typer.Option(
            "--to",
            help="The folder to write (default: the engine URL's ?data=, else spark in the data directory).",
            show_default=False,
        ),
    ] = None,
    data_dir: DataDir = None,
    engine: Engine = None,
    as_json: AsJson = False,
) -> None:
    """Write the store's analytic tables (events by year, tags, fused groups, aggregate counts) as Parquet
    for the Spark engine (holosec indicators --engine spark://local[2] ...), with the ledger mark they are
    current to; Spark's day cells there are refreshed from it on their next read (docs/engines.md).

    Refused, with nothing written, when the store holds data whose licence forbids redistribution
    (ACLED). Exit codes: 0 written; 1 refused or failed; 2 wrong arguments.
    """
    settings = settings_for(data_dir, engine)
    with open_store(settings, read_only=True) as store:
        folder = to or EngineURL.parse(settings.engine or "spark://local[2]").folder(store.data_dir)
        done = export_for_spark(store, folder)
    if as_json:
        emit_json({"path": str(done.folder), "rows": done.rows, "through_file": done.through_file})
        return
    counts = ", ".join(f"{rows} {name}" for name, rows in done.rows.items())
    out.print(f"written to {done.folder}: {counts}", highlight=False)


@export_app.command("bigquery")
@reported()
def export_bigquery_command(
    engine: Engine = None,
    source_table: Annotated[
        str,
        typer.Option("--source-table", help="GDELT 2.0's events in BigQuery (a copy of them may be named)."),
    ] = GDELT_EVENTS,
    through: Annotated[
        int | None,
        typer.Option(
            min=0,
            help="Show the events added up to this DATEADDED (YYYYMMDDhhmmss); default the newest.",
            show_default=False,
        ),
    ] = None,
    dry_run: DryRun = False,
    data_dir: DataDir = None,
    as_json: AsJson = False,
) -> None:
    """Set a BigQuery dataset up for the BigQuery engine (--engine bigquery://project/dataset): the events
    view over GDELT's public events, holosec's crosswalks and place rules, the tags of every distinct event
    signature (tagged here, uploaded), and the tables of the day cells. Re-run it to take the events
    added since; the day cells refresh on the next read (docs/engines.md).

    --dry-run prints every statement as a SQL script with what each would scan (with credentials; else
    the SQL only), the first build of the day cells included, and runs nothing. --json prints one object:
    dataset, through, tags_serial, signatures, tags (and with --dry-run: bytes and plan). Exit codes: 0
    done; 1 failed (no client library, no credentials, a BigQuery error); 2 wrong arguments.
    """
    settings = settings_for(data_dir, engine, dry_run=dry_run)
    if EngineURL.parse(settings.engine or "duckdb://").kind != "bigquery":
        raise ParameterError("engine", "give the dataset to set up: --engine bigquery://project/dataset")
    with open_store(settings, create=True) as store:
        chosen = engine_for(store)
        assert isinstance(chosen, BigQueryEngine)
        done = setup_bigquery(chosen, source=source_table, through=through)
        if dry_run:
            build(store, engine=chosen)  # what the first build of the day cells would ask
        plan = list(chosen.plan)
    about: dict[str, Any] = {
        "dataset": done.dataset,
        "through": done.through,
        "tags_serial": done.tags_serial,
        "signatures": done.signatures,
        "tags": done.tags,
    }
    if dry_run:
        emit_plan(plan, as_json, **about)
    elif as_json:
        emit_json(about)
    else:
        out.print(
            f"{done.dataset} set up over {source_table} through {done.through}: "
            f"{done.signatures} signatures, {done.tags} tags",
            highlight=False,
        )
