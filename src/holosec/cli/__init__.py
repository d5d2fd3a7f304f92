"""The ``holosec`` command: thin shells that parse, open the store, call one library function, print.

This module only assembles the app from the command modules (one per group of commands); they share
:mod:`~holosec.cli.options`, :mod:`~holosec.cli.errors`, :mod:`~holosec.cli.output` and
:mod:`~holosec.cli.store`, and never import this module.
"""

from __future__ import annotations

from typing import Annotated

import typer

from holosec import __version__
from holosec.cli import attention, backup, brief, evidence, follow, index, indicators, region, warn
from holosec.cli.classify import classify
from holosec.cli.corrections import corrections_app
from holosec.cli.demo import demo
from holosec.cli.events import explain, export_app, fuse, stats
from holosec.cli.fields import coverage, fields, retag
from holosec.cli.help import HelpGroup
from holosec.cli.ingest import ingest_app
from holosec.cli.output import out
from holosec.cli.review import review_app
from holosec.cli.serve import serve, users_app
from holosec.cli.workspace import agencies_app, audit_app, cases_app, webhooks_app

__all__ = ["app", "main"]

# Help as click writes it (rich_markup_mode None, for every subcommand too): brackets are text, not markup,
# every default is shown, and paragraphs wrap at spaces only to the terminal's width (HelpGroup).
app = typer.Typer(
    help="holosec: the holistic national security outlook on open event data.",
    no_args_is_help=True,
    rich_markup_mode=None,
    cls=HelpGroup,
)
app.add_typer(ingest_app, name="ingest")
for _simple in (demo, stats, fuse, explain, fields, retag, coverage, classify):
    app.command()(_simple)
app.add_typer(export_app, name="export")
app.command("indicators")(indicators.indicators_command)
app.command()(evidence.evidence)
app.command()(evidence.coupling)
app.command()(attention.attention)
app.command()(index.index)
for _regional in (region.region, region.principles, region.lens, region.exposure):
    app.command()(_regional)
app.command()(warn.warn)
app.command()(warn.alerts)
app.command("forecast")(warn.forecast_command)
app.command("serve")(serve)
app.add_typer(users_app, name="users")
app.add_typer(agencies_app, name="agencies")
app.add_typer(audit_app, name="audit")
app.add_typer(cases_app, name="cases")
app.add_typer(webhooks_app, name="webhooks")
app.add_typer(corrections_app, name="corrections")
app.add_typer(review_app, name="review")
app.command()(brief.brief)
app.command("backup")(backup.backup)
app.command("restore")(backup.restore_command)
app.command()(follow.follow)
app.command()(follow.status)


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
