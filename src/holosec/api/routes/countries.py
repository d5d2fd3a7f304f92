"""``/api/v1/countries`` and ``/api/v1/pairs``: where the store has events."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from holosec.api.limits import marked
from holosec.http.deps import TAXONOMY_DEFAULT, MemoDep, PageDep, StoreDep, Taxonomy
from holosec.indicators.catalog import countries as find_countries
from holosec.indicators.catalog import pairs as find_pairs
from holosec.perspective import load_perspective

router = APIRouter(tags=["countries"])


@router.get("/api/v1/countries")
def countries(
    store: StoreDep, memo: MemoDep, page: PageDep, taxonomy: Taxonomy = TAXONOMY_DEFAULT
) -> dict[str, Any]:
    """Countries with events (an actor of theirs), most events first: code, name, events."""
    return marked(page.of(memo.get(store, ("countries", taxonomy), lambda: find_countries(store, taxonomy))))


@router.get("/api/v1/pairs")
def pairs(
    store: StoreDep,
    memo: MemoDep,
    page: PageDep,
    country: Annotated[str, Query(description="ISO3 code, such as CHN.")],
    taxonomy: Taxonomy = TAXONOMY_DEFAULT,
    perspective: Annotated[
        str | None,
        Query(
            pattern=r"^[A-Za-z]{3}$",
            description="Look from this perspective (CHN, JPN, IND, USA or DEU): the places it counts as "
            "home are its home country, never a partner. Default: every country its own.",
        ),
    ] = None,
) -> dict[str, Any]:
    """The country's partners, most events first: events both ways, sent and received."""
    home = load_perspective(perspective.upper()).home_set if perspective else ()
    found = memo.get(
        store, ("pairs", country, taxonomy, home), lambda: find_pairs(store, country, taxonomy, home)
    )
    return marked(page.of(found))
