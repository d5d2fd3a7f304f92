"""Options every ``holosec`` command shares, declared once, with the library's defaults."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from holosec.cli.output import Format
from holosec.perspective import DEFAULT as DEFAULT_PERSPECTIVE
from holosec.taxonomy import DEFAULT as DEFAULT_TAXONOMY

__all__ = [
    "DEFAULT_PERSPECTIVE",
    "DEFAULT_TAXONOMY",
    "AsJson",
    "By",
    "Country",
    "DataDir",
    "DryRun",
    "Engine",
    "Format",
    "Jsonl",
    "OutputFormat",
    "Period",
    "PeriodsBy",
    "Perspective",
    "Taxonomy",
]

DataDir = Annotated[
    Path | None,
    typer.Option(
        "--data-dir",
        help="Store directory (env HOLOSEC_DATA_DIR, else ./holosec-data).",
        show_default=False,
    ),
]
Engine = Annotated[
    str | None,
    typer.Option(
        "--engine",
        help="Where the analytics run: duckdb:// (default), spark://local[2], sc://host:15002 or"
        " bigquery://proj/dataset (env HOLOSEC_ENGINE; see docs/engines.md).",
        show_default=False,
    ),
]
DryRun = Annotated[
    bool,
    typer.Option(
        "--dry-run",
        help="With a bigquery:// engine: print the SQL it would run and what each query would scan, run"
        " nothing.",
    ),
]
AsJson = Annotated[bool, typer.Option("--json", help="Print one JSON object instead of text.")]
OutputFormat = Annotated[
    Format,
    typer.Option(
        "--format",
        help="table, csv (the table's rows with a header row) or json (as --json).",
        case_sensitive=False,
    ),
]
Jsonl = Annotated[
    bool, typer.Option("--jsonl", help="Print one JSON object per line (a stream of rows) instead.")
]
Perspective = Annotated[
    str,
    typer.Option(
        help="Whose security to look from: a country code (CHN, JPN, IND, USA, DEU) or a perspective file."
    ),
]
Taxonomy = Annotated[str, typer.Option(help="A taxonomy version (v2014, v2020, v2023) or a TOML file.")]
Country = Annotated[str | None, typer.Option(help="An ISO3 country code, such as CHN.")]
Period = Annotated[
    str | None,
    typer.Option(
        help="One period: 2018-01 (month), 2018-W07 (week) or 2018-01-05 (day), as the command allows.",
        show_default=False,
    ),
]
By = Annotated[str, typer.Option(help="Period length: day, week or month, as the command allows.")]
PeriodsBy = Annotated[
    str | None,
    typer.Option(
        help="Period length: day, week or month, as the command allows; default --period's, else month.",
        show_default=False,
    ),
]
