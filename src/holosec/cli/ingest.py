"""``holosec ingest``: one command per source (``gdelt`` also downloads a date range)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import Progress

from holosec.cli.errors import EXIT_FAILED, reported
from holosec.cli.options import AsJson, DataDir, OutputFormat
from holosec.cli.output import (
    Column,
    Format,
    chosen_format,
    emit_json,
    emit_table,
    progress_bar,
    say,
    tracker,
)
from holosec.cli.store import open_store, settings_for
from holosec.ingest import IngestSummary, ingest_paths
from holosec.ingest.aggregates import ingest_aggregates
from holosec.ingest.news import ingest_news
from holosec.settings import Settings
from holosec.sources.download import Downloader
from holosec.sources.gdelt_layouts import LAYOUTS
from holosec.sources.loader import FileReport
from holosec.sources.news import READERS
from holosec.sources.registry import SOURCES, Source
from holosec.store import Store

EXIT_CODES_HELP = (
    "Exit codes: 0 every row stored (or already there); 3 partial: some rows quarantined or some files "
    "failed; 1 failure: nothing could be ingested, or the store could not be used; 2 wrong arguments."
)

ingest_app = typer.Typer(help="Ingest event data into the store.", no_args_is_help=True)


def _problem_lines(summary: IngestSummary) -> Iterator[str]:
    for report in summary.reports:
        if report.status == "failed":
            yield str(report.error)
        elif report.rows_quarantined:
            yield (
                f"{report.path}: {report.rows_quarantined} of {report.rows_read} rows quarantined "
                f"(first, {report.first_problem})"
            )


_COUNTS = (
    ("files", "files"), ("files_skipped", "skipped"), ("files_failed", "failed"), ("rows_read", "rows read"),
    ("rows_stored", "stored"), ("rows_quarantined", "quarantined"), ("rows_replaced", "replaced"),
)  # fmt: skip


def print_summary(summary: IngestSummary, fmt: Format = Format.table) -> None:
    """An ingest's problems (one line each, on stderr) and its counts (a table, or CSV)."""
    for line in _problem_lines(summary):
        say(line)
    columns = [Column(key, header, "number") for key, header in _COUNTS]
    emit_table(columns, [{key: getattr(summary, key) for key, _ in _COUNTS}], fmt)


def _ingest(store: Store, paths: list[Path], progress: Progress, **options: Any) -> IngestSummary:
    """The ingest step (load, tag, refresh the day cells) with a progress bar."""
    return ingest_paths(store, paths, progress=tracker(progress), **options)


def _refuse_missing(paths: list[Path]) -> None:
    """Say ``PATH: no such file`` for each named path and exit 1 when none of them exists, before a
    store is made for nothing (one missing among others is a failed file of the run instead)."""
    if paths and not any(path.exists() for path in paths):
        for path in paths:
            say(f"{path}: no such file")
        raise typer.Exit(EXIT_FAILED)


def _finish(summary: IngestSummary, fmt: Format) -> None:
    if fmt is Format.json:
        emit_json(summary.as_dict())
    else:
        print_summary(summary, fmt)
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
        with progress_bar() as progress:
            task = progress.add_task("download", total=listing.total_bytes)
            report = downloader.fetch(
                listing.files,
                settings.data_dir / "downloads" / f"gdelt{version}",
                on_bytes=lambda n: progress.advance(task, n),
            )
    failed = [FileReport(path=line.split(":", 1)[0], status="failed", error=line) for line in report.errors]
    return report.paths, failed


@ingest_app.command("gdelt", epilog=EXIT_CODES_HELP)
@reported()
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
    fmt: OutputFormat = Format.table,
) -> None:
    """Ingest GDELT events, mentions and GKG files, or download a date range and ingest it.

    Rows that cannot be read are quarantined with their line and reason; a file already ingested is skipped.
    """
    if layout is not None and layout not in LAYOUTS:
        raise typer.BadParameter(f"unknown layout {layout!r}; choose from {', '.join(LAYOUTS)}")
    if not paths and start is None:
        raise typer.BadParameter("name files or folders to ingest, or --from DATE [--to DATE] to download")
    settings = settings_for(data_dir)
    files = list(paths or [])
    if start is None:
        _refuse_missing(files)
    failed: list[FileReport] = []
    if start is not None:
        with reported(wrong=ValueError):
            fetched, failed = _download(
                settings, mirror, start.date(), (end or start).date(), tables, version
            )
        files += fetched
    with open_store(settings, create=True) as store, progress_bar() as progress:
        summary = _ingest(store, files, progress, layout=layout)
    for report in failed:
        summary.add(report)
    _finish(summary, chosen_format(fmt, as_json))


def _ingest_command(source: Source) -> Callable[..., None]:
    """``holosec ingest NAME PATH...`` for a source other than GDELT (which also downloads)."""

    @reported()
    def command(
        paths: Annotated[
            list[Path], typer.Argument(help="Files of this source (plain, .zip, .gz) or folders.")
        ],
        layout: Annotated[str | None, typer.Option(help="Force a layout by name.")] = None,
        data_dir: DataDir = None,
        as_json: AsJson = False,
        fmt: OutputFormat = Format.table,
    ) -> None:
        if layout is not None and layout not in source.layouts():
            raise typer.BadParameter(f"unknown layout {layout!r}; choose from {', '.join(source.layouts())}")
        _refuse_missing(paths)
        with open_store(settings_for(data_dir), create=True) as store, progress_bar() as progress:
            summary = _ingest(store, paths, progress, source=source.name, layout=layout)
        _finish(summary, chosen_format(fmt, as_json))

    command.__doc__ = (
        f"Ingest {source.title} files.\n\nRows that cannot be read are quarantined with their line and "
        "reason; a file already ingested is skipped."
    )
    return command


for _source in SOURCES.values():
    if _source.name != "gdelt":
        ingest_app.command(_source.name, epilog=EXIT_CODES_HELP)(_ingest_command(_source))


@ingest_app.command("news", epilog=EXIT_CODES_HELP)
@reported()
def ingest_news_files(
    paths: Annotated[
        list[Path], typer.Argument(help="News files (.jsonl/.ndjson, .csv, .xml/.rss/.atom; .gz) or folders.")
    ],
    layout: Annotated[
        str | None, typer.Option(help=f"Force a format: {', '.join(READERS)} (default: from the name).")
    ] = None,
    data_dir: DataDir = None,
    as_json: AsJson = False,
    fmt: OutputFormat = Format.table,
) -> None:
    """Ingest your own news: JSON lines or CSV (title, text, url, published, language, country) and RSS or
    Atom feeds, stored as articles and tagged.

    Records that cannot be stored are quarantined with their line and reason; a file already ingested is
    skipped.
    """
    if layout is not None and layout not in READERS:
        raise typer.BadParameter(f"unknown format {layout!r}; choose from {', '.join(READERS)}")
    _refuse_missing(paths)
    with open_store(settings_for(data_dir), create=True) as store, progress_bar() as progress:
        summary = ingest_news(store, paths, layout=layout, progress=tracker(progress))
    _finish(summary, chosen_format(fmt, as_json))


@ingest_app.command("gdelt-aggregates", epilog=EXIT_CODES_HELP)
@reported()
def ingest_gdelt_aggregates(
    paths: Annotated[
        list[Path], typer.Argument(help="GDELT aggregates CSV files (plain, .zip, .gz) or folders.")
    ],
    data_dir: DataDir = None,
    as_json: AsJson = False,
    fmt: OutputFormat = Format.table,
) -> None:
    """Ingest GDELT aggregates: counts of events per action-location country (FIPS) x month (YYYYMM) or day
    (YYYYMMDD) x CAMEO code, with or without tone and Goldstein sums.

    The counts join the location and world day cells, marked as aggregates (no events behind them). Rows
    that cannot be stored are quarantined with their line and reason; a file already ingested is skipped.
    """
    _refuse_missing(paths)
    with open_store(settings_for(data_dir), create=True) as store, progress_bar() as progress:
        summary = ingest_aggregates(store, paths, progress=tracker(progress))
    _finish(summary, chosen_format(fmt, as_json))
