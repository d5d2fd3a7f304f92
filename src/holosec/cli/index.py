"""``holosec index``: the composite threat index of a perspective, field by field."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

import typer
from rich.table import Table

from holosec.cli.errors import reported
from holosec.cli.options import (
    DEFAULT_PERSPECTIVE,
    DEFAULT_TAXONOMY,
    By,
    DataDir,
    JsonRows,
    Period,
    Perspective,
    Taxonomy,
)
from holosec.cli.output import emit_json, out
from holosec.cli.store import open_store, settings_for
from holosec.indicators.index import threat_index


class Peers(StrEnum):
    """Whom the perspective's home country is compared with."""

    world = "world"
    region = "region"


@reported(parameters=True)
def index(
    perspective: Perspective = DEFAULT_PERSPECTIVE,
    period: Period = None,
    by: By = "month",
    taxonomy: Taxonomy = DEFAULT_TAXONOMY,
    peers: Annotated[
        Peers, typer.Option(help="Compare with every country (world) or the perspective's region.")
    ] = Peers.world,
    data_dir: DataDir = None,
    as_json: JsonRows = False,
) -> None:
    """The composite threat index of the perspective's home country: a 0-10 score per security field and
    overall (10 most threatening), and its change since the period before (method: docs/index-method.md).
    Without --period: the latest with events of the home country.

    --json prints a list of rows, one per field and a last one with field "overall", each with field,
    score (null without events), previous, change (deteriorated, improved, unchanged or null), delta,
    events, low_evidence and components.
    """
    with open_store(settings_for(data_dir), taxonomy=taxonomy) as store:
        rows = threat_index(store, perspective, period=period, by=by, taxonomy=taxonomy, peers=peers.value)
    if as_json:
        emit_json(rows)
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
