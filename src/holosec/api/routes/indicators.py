"""``/api/v1/indicators``: indicator series, with the filters of ``holosec indicators``."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from holosec import corrections, review
from holosec.api.limits import marked
from holosec.http.deps import TAXONOMY_DEFAULT, Country, MemoDep, PageDep, StoreDep, Taxonomy
from holosec.http.errors import ApiError
from holosec.http.params import MAX_ID, Day
from holosec.indicators import Quality, Selection, indicators, perspective_indicators

router = APIRouter(tags=["indicators"])
Flag = Annotated[bool, Query()]


@router.get("/api/v1/indicators")
def indicator_series(
    store: StoreDep,
    memo: MemoDep,
    page: PageDep,
    country: Country = None,
    partner: Country = None,
    undirected: Flag = False,
    field: str | None = None,
    by: Annotated[str, Query(description="day, week (ISO) or month.")] = "week",
    start: Annotated[Day | None, Query(alias="from", description="First day.")] = None,
    end: Annotated[Day | None, Query(alias="to", description="Last day.")] = None,
    taxonomy: Taxonomy = TAXONOMY_DEFAULT,
    no_dedup: Flag = False,
    min_sources: Annotated[int, Query(ge=0, le=MAX_ID)] = 0,
    min_mentions: Annotated[int, Query(ge=0, le=MAX_ID)] = 0,
    actors_resolved: Flag = False,
    location: Annotated[
        str | None, Query(description="Least precise place kept: country, admin1, city.")
    ] = None,
    location_view: Flag = False,
    perspective: Annotated[str | None, Query(pattern=r"^[A-Za-z]{3}$")] = None,
    no_sources: Flag = False,
) -> dict[str, Any]:
    """One row per period (see ``holosec indicators --help`` for every filter); paginated."""
    if perspective and (country or partner):
        raise ApiError(400, "perspective replaces country and partner")
    selection = Selection(
        country=country,
        partner=partner,
        field=field,
        by=by,
        start=start,
        end=end,
        taxonomy=taxonomy,
        dedup=not no_dedup,
        quality=Quality(min_sources, min_mentions, actors_resolved, location),
        undirected=undirected,
        location=location_view,
    ).checked()
    if perspective:
        code = perspective.upper()
        rows = memo.get(
            store, ("perspective", code, selection), lambda: perspective_indicators(store, code, selection)
        )
    else:
        rows = memo.get(
            store,
            ("indicators", selection, no_sources),
            lambda: indicators(store, selection, with_sources=not no_sources),
        )
    answer = marked(page.of(rows))
    # how many analysts' corrections the numbers honour (holosec.corrections), events of the country
    answer["corrections"] = corrections.standing(store, selection.country, selection.start, selection.end)
    measured = review.measured(store, None if perspective else selection.country)
    if measured:  # only once reviewers have judged a precision audit's events (docs/precision.md)
        answer["precision"] = measured
    return answer
