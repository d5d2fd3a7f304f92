"""The ``holosec`` command: thin shells that parse, open the store, call one library function, print."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TaskProgressColumn,
    TextColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from holosec import __version__
from holosec.cli_options import AsJson, DataDir
from holosec.demo import run_demo
from holosec.errors import HolosecError
from holosec.explain import explain_event
from holosec.export import export_events
from holosec.fusion import fuse as run_fusion
from holosec.indicators import refresh_all
from holosec.ingest import EXIT_FAILED, IngestSummary, ingest_paths
from holosec.settings import Settings, get_settings
from holosec.sources.download import Downloader
from holosec.sources.gdelt_layouts import LAYOUTS
from holosec.sources.loader import FileReport
from holosec.sources.registry import SOURCES, Source
from holosec.stats import store_stats
from holosec.store import Store
from holosec.taxonomy import fields_json, load_taxonomy
from holosec.taxonomy.coverage import coverage as tag_coverage
from holosec.taxonomy.tagging import retag as retag_store

EXIT_CODES_HELP = (
    "Exit codes: 0 every row stored (or already there); 3 partial: some rows quarantined or some files "
    "failed; 1 failure: nothing could be ingested, or the store could not be used; 2 wrong arguments."
)

app = typer.Typer(
    help="holosec: the holistic national security outlook on open event data.", no_args_is_help=True
)
ingest_app = typer.Typer(help="Ingest event data into the store.", no_args_is_help=True)
app.add_typer(ingest_app, name="ingest")

err = Console(stderr=True)
out = Console()



def _settings(data_dir: Path | None) -> Settings:
    return get_settings(data_dir=data_dir)


@contextmanager
def _store(settings: Settings, *, read_only: bool = False) -> Iterator[Store]:
    try:
        with Store.open(
            settings.data_dir,
            memory_limit=settings.memory_limit,
            threads=settings.threads,
            read_only=read_only,
        ) as store:
            yield store
    except HolosecError as exc:
        _say(f"error: {exc}")
        raise typer.Exit(EXIT_FAILED) from exc


def _say(line: str) -> None:
    """One message line on stderr, never wrapped (scripts and people grep it)."""
    sys.stderr.write(line + "\n")


def _emit_json(data: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(data, default=str, ensure_ascii=False) + "\n")


@contextmanager
def _progress() -> Iterator[Progress]:
    columns = [TextColumn("{task.description}"), BarColumn(), TaskProgressColumn(), DownloadColumn()]
    with Progress(
        *columns, TimeRemainingColumn(), console=err, transient=True, disable=not err.is_terminal
    ) as progress:
        yield progress


def _tracker(progress: Progress) -> Callable[[Path, int, int], None]:
    task = progress.add_task("ingest", total=None)

    def track(path: Path, done: int, total: int) -> None:
        progress.update(task, description=f"ingest {path.name}", completed=done, total=total)

    return track


def _problem_lines(summary: IngestSummary) -> Iterator[str]:
    for report in summary.reports:
        if report.status == "failed":
            yield str(report.error)
        elif report.rows_quarantined:
            yield (
                f"{report.path}: {report.rows_quarantined} of {report.rows_read} rows quarantined "
                f"(first, {report.first_problem})"
            )


def _print_summary(summary: IngestSummary) -> None:
    for line in _problem_lines(summary):
        _say(line)
    table = Table("files", "skipped", "failed", "rows read", "stored", "quarantined", "replaced", box=None)
    table.add_row(
        *(
            str(v)
            for v in (
                summary.files,
                summary.files_skipped,
                summary.files_failed,
                summary.rows_read,
                summary.rows_stored,
                summary.rows_quarantined,
                summary.rows_replaced,
            )
        )
    )
    out.print(table)


def _ingest(store: Store, paths: list[Path], progress: Progress, **options: Any) -> IngestSummary:
    """Ingest, then bring every indicator rollup already built up to date with the new events."""
    summary = ingest_paths(store, paths, progress=_tracker(progress), **options)
    if summary.rows_stored:
        progress.add_task("indicator rollups", total=None)
        refresh_all(store)
    return summary


def _finish(summary: IngestSummary, as_json: bool) -> None:
    if as_json:
        _emit_json(summary.as_dict())
    else:
        _print_summary(summary)
    raise typer.Exit(summary.exit_code)


def _download(
    settings: Settings, mirror: str | None, start: date, end: date, tables: str, version: int
) -> tuple[list[Path], list[FileReport]]:
    wanted = [t.strip() for t in tables.split(",") if t.strip()]
    with Downloader(
        mirror or settings.gdelt_mirror, timeout=settings.http_timeout, retries=settings.http_retries
    ) as downloader:
        listing = (
            downloader.list_gdelt2(start, end, wanted) if version == 2 else downloader.list_gdelt1(start, end)
        )
        with _progress() as progress:
            task = progress.add_task("download", total=listing.total_bytes)
            report = downloader.fetch(
                listing.files,
                settings.data_dir / "downloads" / f"gdelt{version}",
                on_bytes=lambda n: progress.advance(task, n),
            )
    failed = [FileReport(path=line.split(":", 1)[0], status="failed", error=line) for line in report.errors]
    return report.paths, failed


@ingest_app.command("gdelt", epilog=EXIT_CODES_HELP)
def ingest_gdelt(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="GDELT files (plain, .zip, .gz) or folders.")
    ] = None,
    start: Annotated[
        datetime | None,
        typer.Option("--from", formats=["%Y-%m-%d"], help="Download GDELT files from this day (UTC)."),
    ] = None,
    end: Annotated[
        datetime | None, typer.Option("--to", formats=["%Y-%m-%d"], help="... up to and including this day.")
    ] = None,
    tables: Annotated[
        str, typer.Option(help="With --from: GDELT 2.0 tables to fetch.")
    ] = "events,mentions,gkg",
    mirror: Annotated[str | None, typer.Option(help="Base URL of GDELT's files or a mirror.")] = None,
    version: Annotated[
        int, typer.Option(min=1, max=2, help="With --from: GDELT version (1: daily events).")
    ] = 2,
    layout: Annotated[str | None, typer.Option(help=f"Force a layout: {', '.join(LAYOUTS)}.")] = None,
    data_dir: DataDir = None,
    as_json: AsJson = False,
) -> None:
    """Ingest GDELT events, mentions and GKG files, or download a date range and ingest it.

    Rows that cannot be read are quarantined with their line and reason; a file already ingested is skipped.
    """
    if layout is not None and layout not in LAYOUTS:
        raise typer.BadParameter(f"unknown layout {layout!r}; choose from {', '.join(LAYOUTS)}")
    if not paths and start is None:
        raise typer.BadParameter("name files or folders to ingest, or --from DATE [--to DATE] to download")
    settings = _settings(data_dir)
    files = list(paths or [])
    failed: list[FileReport] = []
    if start is not None:
        try:
            fetched, failed = _download(
                settings, mirror, start.date(), (end or start).date(), tables, version
            )
        except ValueError as exc:
            raise typer.BadParameter(str(exc)) from exc
        except HolosecError as exc:
            _say(f"error: {exc}")
            raise typer.Exit(EXIT_FAILED) from exc
        files += fetched
    with _store(settings) as store, _progress() as progress:
        summary = _ingest(store, files, progress, layout=layout)
    for report in failed:
        summary.add(report)
    _finish(summary, as_json)


def _ingest_command(source: Source) -> Callable[..., None]:
    """``holosec ingest NAME PATH...`` for a source other than GDELT (which also downloads)."""

    def command(
        paths: Annotated[
            list[Path], typer.Argument(help="Files of this source (plain, .zip, .gz) or folders.")
        ],
        layout: Annotated[str | None, typer.Option(help="Force a layout by name.")] = None,
        data_dir: DataDir = None,
        as_json: AsJson = False,
    ) -> None:
        if layout is not None and layout not in source.layouts():
            raise typer.BadParameter(f"unknown layout {layout!r}; choose from {', '.join(source.layouts())}")
        settings = _settings(data_dir)
        with _store(settings) as store, _progress() as progress:
            summary = _ingest(store, paths, progress, source=source.name, layout=layout)
        _finish(summary, as_json)

    command.__doc__ = (
        f"Ingest {source.title} files.\n\nRows that cannot be read are quarantined with their line and "
        "reason; a file already ingested is skipped."
    )
    return command


for _source in SOURCES.values():
    if _source.name != "gdelt":
        ingest_app.command(_source.name, epilog=EXIT_CODES_HELP)(_ingest_command(_source))


@app.command()
def demo(
    data_dir: DataDir = None,
    as_json: AsJson = False,
    no_serve: Annotated[
        bool, typer.Option("--no-serve", help="Build the store and exit instead of serving the dashboard.")
    ] = False,
    host: Annotated[str, typer.Option(help="Address the dashboard listens on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port the dashboard listens on.")] = 8000,
) -> None:
    """Run holosec's main job on the bundled real sample data, offline: ingest, tags, fusion, indicator
    rollups and alerts; then serve the dashboard on it (sign in with the admin password printed on the
    first run). With --no-serve or --json it exits after building the store."""
    settings = _settings(data_dir)
    with _store(settings) as store:
        with _progress() as progress:
            result = run_demo(store, progress=_tracker(progress))
        stats = store_stats(store)
    summary = result.ingest
    if as_json:
        fusion = result.fusion.as_dict()
        _emit_json(
            {
                "ingest": summary.as_dict(),
                "fusion": fusion,
                "rollup": asdict(result.rollup),
                "alerts": len(result.alerts),
                "stats": stats,
                "data_dir": str(settings.data_dir),
            }
        )
        raise typer.Exit(summary.exit_code)
    _print_summary(summary)
    _print_stats(stats)
    out.print(
        f"Fused {result.fusion.records_fused} records of different sources into {result.fusion.fused_events} "
        f"events. Indicator rollups ({result.rollup.taxonomy}): {result.rollup.cells} day cells over "
        f"{result.rollup.days} days. Alerts raised on the indicator series: {len(result.alerts)}.\n"
        f"Store: {settings.data_dir.resolve()}\nNext: holosec indicators --country CHN --by month, holosec "
        f"index --perspective CHN, holosec alerts (each with --data-dir {settings.data_dir})",
        highlight=False,
    )
    if no_serve or summary.exit_code != 0:
        raise typer.Exit(summary.exit_code)
    from holosec.cli_serve import serve

    out.print(f"Dashboard: http://{host}:{port}/ (Ctrl+C stops it)", highlight=False)
    serve(host=host, port=port, data_dir=settings.data_dir)


def _print_stats(stats: dict[str, Any]) -> None:
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


@app.command()
def stats(data_dir: DataDir = None, as_json: AsJson = False) -> None:
    """What the store holds: events, articles, quarantined rows and files, by source and by month."""
    settings = _settings(data_dir)
    with _store(settings, read_only=True) as store:
        result = store_stats(store)
    if as_json:
        _emit_json(result)
        return
    _print_stats(result)
    months = Table("month", "events", "articles", title="by month (events)", box=None)
    for month, tables in result["per_month"].items():
        months.add_row(month, str(tables.get("events", 0)), str(tables.get("articles", 0)))
    out.print(months)


@app.command()
def fuse(data_dir: DataDir = None, as_json: AsJson = False) -> None:
    """Link records of different sources that report the same real-world event (rule: data/fusion.toml)."""
    settings = _settings(data_dir)
    with _store(settings) as store:
        result = run_fusion(store)
    data = result.as_dict()
    if as_json:
        _emit_json(data)
        return
    table = Table(*data, box=None)
    table.add_row(*(str(value) for value in data.values()))
    out.print(table)


@app.command()
def explain(
    event_id: Annotated[str, typer.Argument(help="An event id, such as gdelt2:719025311.")],
    perspective: Annotated[
        str,
        typer.Option(help="Whose security to look from: a country code (CHN, JPN, IND, USA, DEU) or a file."),
    ] = "CHN",
    data_dir: DataDir = None,
    as_json: AsJson = False,
) -> None:
    """Show an event's normalised record, its provenance and quality flags, and what it was fused with."""
    settings = _settings(data_dir)
    with _store(settings, read_only=True) as store:
        try:
            result = explain_event(store, event_id, perspective)
        except HolosecError as exc:
            _say(f"error: {exc}")
            raise typer.Exit(EXIT_FAILED) from exc
    if result is None:
        _say(f"error: no event {event_id} in {settings.data_dir}")
        raise typer.Exit(EXIT_FAILED)
    if as_json:
        _emit_json(result)
        return
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


@app.command()
def fields(
    taxonomy: Annotated[
        str, typer.Option(help="A taxonomy version (v2014, v2020, v2023) or your own TOML file.")
    ] = "v2014",
    as_json: AsJson = False,
) -> None:
    """List the security fields of a taxonomy version, with their Chinese names."""
    try:
        listed = fields_json(load_taxonomy(taxonomy))
    except HolosecError as exc:
        _say(f"error: {exc}")
        raise typer.Exit(EXIT_FAILED) from exc
    if as_json:
        sys.stdout.write(json.dumps(listed, ensure_ascii=False) + "\n")
        return
    table = Table("id", "English", "Chinese", "traditional", box=None)
    for field in listed:
        table.add_row(
            field["id"], field["name_en"], field["name_zh"], "yes" if field["traditional"] else "no"
        )
    out.print(table)


@app.command()
def retag(data_dir: DataDir = None, as_json: AsJson = False) -> None:
    """Recompute every security-field tag from the stored events and articles, after a rule change."""
    settings = _settings(data_dir)
    with _store(settings) as store:
        result = retag_store(store)
    if as_json:
        _emit_json(result)
        return
    out.print(
        f"{result['event_tags']} event tags and {result['article_tags']} article tags "
        f"in {result['seconds']} s",
        highlight=False,
    )


@app.command()
def coverage(data_dir: DataDir = None, as_json: AsJson = False) -> None:
    """How much of the store the security fields cover: shares tagged, counts per field and per rule."""
    settings = _settings(data_dir)
    with _store(settings, read_only=True) as store:
        result = tag_coverage(store)
    if as_json:
        _emit_json(result)
        return
    out.print(
        f"events tagged: {result['events_tagged_share']:.1%}   "
        f"articles tagged: {result['articles_tagged_share']:.1%}",
        highlight=False,
    )
    table = Table("field", "tags", box=None)
    for field, count in sorted(result["per_field"].items(), key=lambda item: -item[1]):
        table.add_row(field, str(count))
    out.print(table)


def _version(value: bool) -> None:
    if value:
        out.print(f"holosec {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """holosec: the holistic national security outlook on open event data."""


def main() -> None:
    """Entry point of the ``holosec`` console script."""
    app()


# -- export ------------------------------------------------------------------------------------------------

export_app = typer.Typer(help="Write stored data to files (never data whose licence forbids it).")
app.add_typer(export_app, name="export")


class ExportFormat(StrEnum):
    """File formats ``holosec export`` writes."""

    parquet = "parquet"
    csv = "csv"


@export_app.command("events")
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
    settings = _settings(data_dir)
    with _store(settings, read_only=True) as store:
        try:
            rows = export_events(store, output, source=source, fmt=fmt.value)
        except HolosecError as exc:
            _say(f"error: {exc}")
            raise typer.Exit(EXIT_FAILED) from exc
    if as_json:
        _emit_json({"rows": rows, "path": str(output), "format": fmt.value, "source": source})
        return
    out.print(f"{rows} events written to {output}", highlight=False)

from holosec.cli_indicators import indicators_command  # noqa: E402

app.command("indicators")(indicators_command)

from holosec.cli_evidence import coupling, evidence  # noqa: E402

app.command()(evidence)
app.command()(coupling)

from holosec.cli_index import index  # noqa: E402

app.command()(index)

from holosec.cli_region import exposure, lens, principles, region  # noqa: E402

for _command in (region, principles, lens, exposure):
    app.command()(_command)

from holosec.cli_warn import alerts, forecast_command, warn  # noqa: E402

app.command()(warn)
app.command()(alerts)
app.command("forecast")(forecast_command)

from holosec.cli_serve import serve, users_app  # noqa: E402

app.command("serve")(serve)
app.add_typer(users_app, name="users")

from holosec.cli_workspace import agencies_app, audit_app, cases_app, webhooks_app  # noqa: E402

app.add_typer(agencies_app, name="agencies")
app.add_typer(audit_app, name="audit")
app.add_typer(cases_app, name="cases")
app.add_typer(webhooks_app, name="webhooks")

from holosec.cli_brief import brief  # noqa: E402

app.command()(brief)
