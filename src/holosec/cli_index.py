"""``holosec index``: the composite threat index of a perspective, field by field (registered in
:mod:`holosec.cli`, whose store helpers it uses)."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from typing import Annotated, Any

import typer
from rich.table import Table

from holosec.cli_options import DataDir
from holosec.errors import HolosecError, InputError
from holosec.indicators.index import threat_index
from holosec.ingest import EXIT_FAILED


class Peers(StrEnum):
    """Whom the perspective's home country is compared with."""

    world = "world"
    region = "region"


def index(
    perspective: Annotated[
        str, typer.Option(help="Whose security to look from: CHN, JPN, IND, USA, DEU or a perspective file.")
    ] = "CHN",
    period: Annotated[
        str | None,
        typer.Option(
            help="2018-01 (month), 2018-W07 (week) or 2018-01-05 (day); default the latest with home events."
        ),
    ] = None,
    by: Annotated[str, typer.Option(help="Period length: day, week or month.")] = "month",
    taxonomy: Annotated[str, typer.Option(help="A taxonomy version (v2014, v2020, v2023).")] = "v2014",
    peers: Annotated[
        Peers, typer.Option(help="Compare with every country (world) or the perspective's region.")
    ] = Peers.world,
    data_dir: DataDir = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON list of rows.")] = False,
) -> None:
    """The composite threat index of the perspective's home country: a 0-10 score per security field and
    overall (10 most threatening), and its change since the period before (method: docs/index-method.md).

    --json prints a list of rows, one per field and a last one with field "overall", each with field,
    score (null without events), previous, change (deteriorated, improved, unchanged or null), delta,
    events, low_evidence and components.
    """
    from holosec.cli import _say, _settings, _store, out

    settings = _settings(data_dir)
    with _store(settings) as store:
        try:
            rows = threat_index(
                store, perspective, period=period, by=by, taxonomy=taxonomy, peers=peers.value
            )
        except InputError as exc:
            if exc.path.startswith("--"):
                raise typer.BadParameter(exc.reason, param_hint=exc.path) from exc
            _say(f"error: {exc}")
            raise typer.Exit(EXIT_FAILED) from exc
        except HolosecError as exc:
            _say(f"error: {exc}")
            raise typer.Exit(EXIT_FAILED) from exc
    if as_json:
        sys.stdout.write(json.dumps(rows, ensure_ascii=False) + "\n")
        return
    out.print(_table(rows))


def _cell(value: Any) -> str:
    return "-" if value is None else f"{value:.2f}" if isinstance(value, float) else str(value)


def _table(rows: list[dict[str, Any]]) -> Table:
    first = rows[0] if rows else {"country": "", "period": ""}
    table = Table(
        "field", "score", "previous", "change", "events", "evidence",
        title=f"threat index of {first['country']}, {first['period']} (0-10, 10 most threatening)",
        box=None,
    )  # fmt: skip
    for row in rows:
        evidence = "none" if not row["events"] else "low" if row["low_evidence"] else "ok"
        table.add_row(
            row["field"], _cell(row["score"]), _cell(row["previous"]), row["change"] or "-",
            _cell(row["events"]), evidence,
        )  # fmt: skip
    return table
