"""``holosec index``: the composite threat index of a perspective, field by field."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

import typer

from holosec.cli.errors import reported
from holosec.cli.options import (
    DEFAULT_PERSPECTIVE,
    DEFAULT_TAXONOMY,
    AsJson,
    By,
    DataDir,
    OutputFormat,
    Period,
    Perspective,
    Taxonomy,
)
from holosec.cli.output import Column, Format, chosen_format, emit_json, emit_table
from holosec.cli.store import open_store, settings_for
from holosec.indicators.index import threat_index


class Peers(StrEnum):
    """Whom the perspective's home country is compared with."""

    world = "world"
    region = "region"


@reported()
def index(
    perspective: Perspective = DEFAULT_PERSPECTIVE,
    period: Period = None,
    by: By = "month",
    taxonomy: Taxonomy = DEFAULT_TAXONOMY,
    peers: Annotated[
        Peers, typer.Option(help="Compare with every country (world) or the perspective's region.")
    ] = Peers.world,
    data_dir: DataDir = None,
    as_json: AsJson = False,
    fmt: OutputFormat = Format.table,
) -> None:
    """The composite threat index of the perspective's home country: a 0-10 score per security field and
    overall (10 most threatening), and its change since the period before (method: docs/index-method.md).
    Without --period: the latest with events of the home country.

    --json prints one object: data (the rows, one per field and a last one with field "overall", each
    with country, period, field, score (null without events), previous, change (deteriorated, improved,
    unchanged or null), delta, events, low_evidence and components) and count.
    """
    with open_store(settings_for(data_dir), taxonomy=taxonomy) as store:
        rows = threat_index(store, perspective, period=period, by=by, taxonomy=taxonomy, peers=peers.value)
    fmt = chosen_format(fmt, as_json)
    if fmt is Format.json:
        emit_json({"data": rows, "count": len(rows)})
        return
    first = rows[0] if rows else {"country": "", "period": ""}
    title = f"threat index of {first['country']}, {first['period']} (0-10, 10 most threatening)"
    emit_table(_COLUMNS, [_shown(row) for row in rows], fmt, title=title)


_COLUMNS = (
    Column("field"),
    Column("score", kind="number", pattern="{:.2f}"),
    Column("previous", kind="number", pattern="{:.2f}"),
    Column("change"),
    Column("events", kind="number", pattern="{:.2f}"),
    Column("evidence"),
)


def _shown(row: dict[str, Any]) -> dict[str, Any]:
    evidence = "none" if not row["events"] else "low" if row["low_evidence"] else "ok"
    return {**row, "evidence": evidence}
