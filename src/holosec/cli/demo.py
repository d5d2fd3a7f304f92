"""``holosec demo``: holosec's main job on the bundled sample data, then the dashboard on it."""

from __future__ import annotations

import shlex
import shutil
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer

from holosec.cli.errors import reported
from holosec.cli.events import print_stats
from holosec.cli.ingest import print_summary
from holosec.cli.options import AsJson, DataDir
from holosec.cli.output import emit_json, out, progress_bar, tracker
from holosec.cli.serve import serve
from holosec.cli.store import open_store, settings_for
from holosec.demo import run_demo
from holosec.stats import store_stats


@reported()
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
    settings = settings_for(data_dir)
    with open_store(settings, create=True) as store:
        with progress_bar() as progress:
            result = run_demo(store, progress=tracker(progress))
        stats = store_stats(store)
    summary = result.ingest
    if as_json:
        emit_json(
            {
                "ingest": summary.as_dict(),
                "fusion": result.fusion.as_dict(),
                "rollup": asdict(result.rollup),
                "alerts": len(result.alerts),
                "stats": stats,
                "data_dir": str(settings.data_dir),
            }
        )
        raise typer.Exit(summary.exit_code)
    print_summary(summary)
    print_stats(stats)
    out.print(
        f"Fused {result.fusion.records_fused} records of different sources into {result.fusion.fused_events} "
        f"events. Indicator rollups ({result.rollup.taxonomy}): {result.rollup.cells} day cells over "
        f"{result.rollup.days} days. Alerts raised on the indicator series: {len(result.alerts)}.\n"
        f"Store: {settings.data_dir.resolve()}",
        highlight=False,
    )
    _print_next(settings.data_dir, serving=not no_serve and summary.exit_code == 0)
    if no_serve or summary.exit_code != 0:
        raise typer.Exit(summary.exit_code)
    out.print(f"Dashboard: http://{host}:{port}/ (Ctrl+C stops it)", highlight=False)
    serve(host=host, port=port, data_dir=settings.data_dir)


def command_line() -> str:
    """How to run holosec again, from any folder: ``holosec`` when that name on the PATH is this program,
    else the path of the program that is running (``.venv/bin/holosec``, made absolute), else
    ``python -m holosec`` with this interpreter."""
    running = Path(sys.argv[0]).resolve()
    found = shutil.which("holosec")
    if found and Path(found).resolve() == running:
        return "holosec"
    if running.name == "holosec" and running.is_file():
        return shlex.quote(str(running))
    return f"{shlex.quote(sys.executable)} -m holosec"


def _print_next(data_dir: Path, *, serving: bool) -> None:
    where = f"--data-dir {shlex.quote(str(data_dir.resolve()))}"
    tries = ("indicators --country CHN --by month", "index --perspective CHN", "alerts")
    lines = "".join(f"\n  {command_line()} {what} {where}" for what in tries)
    when = " once the server is stopped (it holds the store while it runs)" if serving else ""
    out.print(f"Next, try{when}:{lines}", highlight=False, soft_wrap=True)
