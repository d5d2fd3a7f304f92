"""``/api/v1/attention``: attention from articles, with the filters of ``holosec attention``."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from holosec.api.limits import marked
from holosec.http.deps import TAXONOMY_DEFAULT, Country, MemoDep, PageDep, StoreDep, Taxonomy
from holosec.http.params import Day
from holosec.indicators.attention import attention

router = APIRouter(tags=["indicators"])


@router.get("/api/v1/attention")
def attention_rows(
    store: StoreDep,
    memo: MemoDep,
    page: PageDep,
    country: Country = None,
    field: str | None = None,
    taxonomy: Taxonomy = TAXONOMY_DEFAULT,
    by: Annotated[str, Query(description="day, week (ISO) or month.")] = "month",
    start: Annotated[Day | None, Query(alias="from", description="First day.")] = None,
    end: Annotated[Day | None, Query(alias="to", description="Last day.")] = None,
) -> dict[str, Any]:
    """Per period, country and field: the field's weight over the articles naming the country, all
    articles naming it, and the share (see ``holosec attention --help``); paginated."""
    key = ("attention", country, field, taxonomy, by, start, end)
    rows = memo.get(store, key, lambda: attention(store, country, field, taxonomy, by, start, end))
    return marked(page.of(rows))
