"""``/api/v1/evidence``: the events behind one indicator value, best covered first."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query

from holosec.api.limits import marked
from holosec.http.deps import TAXONOMY_DEFAULT, Country, MemoDep, PageDep, StoreDep, Taxonomy
from holosec.http.errors import ApiError
from holosec.http.params import PeriodLabel
from holosec.indicators import Selection
from holosec.indicators.evidence import evidence as find_evidence
from holosec.periods import Period

router = APIRouter(tags=["evidence"])


@router.get("/api/v1/evidence")
def evidence(
    store: StoreDep,
    memo: MemoDep,
    page: PageDep,
    country: Country = None,
    partner: Country = None,
    undirected: bool = False,
    field: str | None = None,
    period: Annotated[
        PeriodLabel | None, Query(description="2018-01, 2018-W07 or 2018-01-05; default all.")
    ] = None,
    by: Annotated[str | None, Query(description="day, week or month (must match period).")] = None,
    taxonomy: Taxonomy = TAXONOMY_DEFAULT,
    no_dedup: bool = False,
    indicator: Annotated[
        str | None, Query(description="Only the events counting toward this indicator, by contribution.")
    ] = None,
    lang: Annotated[
        Literal["en", "zh"], Query(description="The language of actors' names and of what happened.")
    ] = "en",
) -> dict[str, Any]:
    """The cell's events (``data``, one page), ``count`` of them and ``events`` (their weights' sum); with
    ``indicator``, only those counting toward it, by contribution (see ``holosec evidence --help``). Each
    event reads in ``lang``: ``actor1_name``, ``actor2_name``, ``what`` (the event in words), ``headline``
    (or null), ``outlet`` and ``url``, besides its ``event_id`` and ``date``."""
    if by and period and Period.parse(period).grain != by:
        raise ApiError(400, f"period {period} is not a {by}")
    selection = Selection(
        country=country,
        partner=partner,
        undirected=undirected,
        field=field,
        by=by or "month",
        taxonomy=taxonomy,
        dedup=not no_dedup,
    )
    found = memo.get(
        store,
        ("evidence", selection, period, page, indicator, lang),
        lambda: find_evidence(
            store, selection, period, limit=page.limit, offset=page.offset, indicator=indicator, lang=lang
        ),
    )
    return marked(found)
