"""``/api/v1/index``: the composite threat index of a perspective, field by field."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query

from holosec.api.limits import MAX_SERIES, SeriesRows, sliced
from holosec.http.deps import TAXONOMY_DEFAULT, MemoDep, Perspective, StoreDep, Taxonomy
from holosec.http.params import Offset, PeriodLabel
from holosec.indicators.coverage import kept_current_period
from holosec.indicators.index import OVERALL, index_series, threat_index

router = APIRouter(tags=["index"])


@router.get("/api/v1/index")
def index(
    store: StoreDep,
    memo: MemoDep,
    perspective: Perspective = "CHN",
    period: Annotated[
        PeriodLabel | None,
        Query(
            description="2018-01, 2018-W07 or 2018-01-05; default the current period (docs/indicators.md)."
        ),
    ] = None,
    by: Annotated[str, Query(description="day, week or month.")] = "month",
    taxonomy: Taxonomy = TAXONOMY_DEFAULT,
    peers: Literal["world", "region"] = "world",
) -> dict[str, Any]:
    """A 0-10 score per field and overall (last row), with its change since the period before; by
    default of the store's current period (for days: the latest day of the country's events)."""
    code = perspective.upper()
    if period is None and by in ("week", "month"):
        period = kept_current_period(store, memo, by)
    rows = memo.get(
        store,
        ("index", code, period, by, taxonomy, peers),
        lambda: threat_index(
            store, code, period=period, by=by, taxonomy=taxonomy, peers=peers, memo=memo
        ),  # the panel behind every period's index is kept too (indicators.index.kept_index)
    )
    return {"data": rows, "count": len(rows)}


@router.get("/api/v1/index/series")
def series(
    store: StoreDep,
    memo: MemoDep,
    country: Annotated[str, Query(description="ISO3 code, such as CHN.")],
    start: Annotated[PeriodLabel | None, Query(alias="from", description="First period.")] = None,
    end: Annotated[PeriodLabel | None, Query(alias="to", description="Last period.")] = None,
    by: Annotated[str, Query(description="day, week or month.")] = "month",
    field: Annotated[str, Query(description="overall, a field id, or all.")] = OVERALL,
    taxonomy: Taxonomy = TAXONOMY_DEFAULT,
    limit: SeriesRows = MAX_SERIES,
    offset: Offset = 0,
) -> dict[str, Any]:
    """One country's index period by period, as ``holosec index --country --json``: ``series`` of
    period, field, score (null when evidence is insufficient), evidence (sufficient, thin, insufficient),
    events and articles; at most ``limit`` rows from ``offset`` (with ``count``, ``truncated`` and
    ``next_offset``)."""
    rows = memo.get(
        store,
        ("index-series", country, start, end, by, field, taxonomy),
        lambda: index_series(store, country, start=start, end=end, by=by, taxonomy=taxonomy, field=field),
    )
    return sliced(rows, limit, offset, "series")
