"""``holosec stats``, ``fuse``, ``explain`` and ``export``: what the store holds, one event in full, and
the events that may leave it."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from holosec.cli.errors import fail, reported
from holosec.cli.options import DEFAULT_PERSPECTIVE, AsJson, DataDir, Perspective
from holosec.cli.output import emit_json, out
from holosec.cli.store import open_store, settings_for
from holosec.explain import explain_event
from holosec.export import export_events
from holosec.ingest import fuse as run_fusion
from holosec.stats import store_stats

export_app = typer.Typer(help="Write stored data to files (never data whose licence forbids it).")


def print_stats(stats: dict[str, Any]) -> None:
    """The store's counts, in total and by source."""
    counts = Table("events", "mentions", "articles", "gkg counts", "quarantined", "files", box=None)
    counts.add_row(
        *(str(stats[k]) for k in ("events", "mentions", "articles", "gkg_counts", "quarantined", "files"))
    )
    out.print(counts)
    sources = Table("source", "table", "rows", title="by source", box=None)
    for source, tables in stats["per_source"].items():
        for table, rows in tables.items():
            sources.add_row(source, table, str(rows))
    out.print(sources)


@reported()
def stats(data_dir: DataDir = None, as_json: AsJson = False) -> None:
    """What the store holds: events, articles, quarantined rows and files, by source and by month."""
    with open_store(settings_for(data_dir), read_only=True) as store:
        result = store_stats(store)
    if as_json:
        emit_json(result)
        return
    print_stats(result)
    months = Table("month", "events", "articles", title="by month (events)", box=None)
    for month, tables in result["per_month"].items():
        months.add_row(month, str(tables.get("events", 0)), str(tables.get("articles", 0)))
    out.print(months)


@reported()
def fuse(data_dir: DataDir = None, as_json: AsJson = False) -> None:
    """Link records of different sources that report the same real-world event (rule: data/fusion.toml)."""
    with open_store(settings_for(data_dir)) as store:
        result = run_fusion(store)
    data = result.as_dict()
    if as_json:
        emit_json(data)
        return
    table = Table(*data, box=None)
    table.add_row(*(str(value) for value in data.values()))
    out.print(table)


@reported()
def explain(
    event_id: Annotated[str, typer.Argument(help="An event id, such as gdelt2:719025311.")],
    perspective: Perspective = DEFAULT_PERSPECTIVE,
    data_dir: DataDir = None,
    as_json: AsJson = False,
) -> None:
    """Show an event's normalised record, its provenance and quality flags, and what it was fused with."""
    settings = settings_for(data_dir)
    with open_store(settings, read_only=True) as store:
        result = explain_event(store, event_id, perspective)
    if result is None:
        raise fail(f"no event {event_id} in {settings.data_dir}")
    if as_json:
        emit_json(result)
        return
    _print_explained(event_id, perspective, result)


def _print_explained(event_id: str, perspective: str, result: dict[str, Any]) -> None:
    record = Table("field", "value", title=event_id, box=None)
    for name, value in result["event"].items():
        if value not in (None, [], {}):
            record.add_row(name, str(value))
    out.print(record)
    for tag in result["fields"]:
        rules = ", ".join(f"{rule['rule']} ({rule['weight']:.2f})" for rule in tag["rules"])
        out.print(f"field {tag['field']}: weight {tag['weight']:.2f} from {rules}", highlight=False)
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
