"""The row caps of the API's lists, and how a capped answer says so.

A list the store or the workspace can make arbitrarily long is answered at most :data:`MAX_ROWS` rows at a
time (its ``limit`` query parameter cannot ask for more) and says whether rows were left out:
``truncated`` is true when rows follow the ones returned, and ``next_offset`` is the ``offset`` that asks
for them (null when none follow). The keys are added to the answers' existing ones (``data``, ``count``,
``limit``, ``offset``), which stay as they were.

The routes are in :data:`CAPPED`; :data:`BOUNDED` names the list routes that need no cap because what
they list is fixed in size by holosec's own data (a taxonomy's fields, the packaged groupings and lenses,
the workspace's settings) or by one period of one place, and :data:`SINGLE` the routes that answer one
thing. A test checks that every ``GET`` route of ``/api/v1`` is in exactly one of the three, so a new list
route must choose.

>>> marked({"data": [1, 2], "count": 5, "limit": 2, "offset": 1})
{'data': [1, 2], 'count': 5, 'limit': 2, 'offset': 1, 'truncated': True, 'next_offset': 3}
>>> marked({"data": [4, 5], "count": 5, "limit": 2, "offset": 3})["next_offset"] is None
True
"""

from __future__ import annotations

from typing import Annotated, Any, Final

from fastapi import Query

from holosec.http.deps import MAX_LIMIT

MAX_ROWS: Final = MAX_LIMIT
"""The most rows one answer of a list holds (the largest ``limit`` a request may ask for)."""
MAX_SERIES: Final = 20_000
"""The most rows of one country's index series (``/api/v1/index/series``): every field by day over
about four years."""

CAPPED: Final = frozenset(
    {
        "/api/v1/agencies",
        "/api/v1/alerts",
        "/api/v1/attention",
        "/api/v1/audit",
        "/api/v1/cases",
        "/api/v1/corrections",
        "/api/v1/countries",
        "/api/v1/decisions",
        "/api/v1/evidence",
        "/api/v1/index/series",
        "/api/v1/indicators",
        "/api/v1/laws",
        "/api/v1/notifications",
        "/api/v1/pairs",
        "/api/v1/strategies",
        "/api/v1/tasks",
    }
)
"""``GET`` routes whose lists are capped and marked (``POST /api/v1/alerts/run`` is capped as well)."""
BOUNDED: Final = frozenset(
    {
        "/api/v1/agencies/fields",  # one row per field of a taxonomy
        "/api/v1/exposure",  # the packaged registry's places, in one period or a year of them
        "/api/v1/fields",  # a taxonomy's fields
        "/api/v1/groupings",  # the packaged groupings
        "/api/v1/index",  # one row per field, and the overall one
        "/api/v1/lenses",  # the packaged lenses
        "/api/v1/lenses/{name}",  # one lens: its countries and partners
        "/api/v1/region",  # one grouping's members and their pairs
        "/api/v1/region/principles",  # five principles of one grouping
        "/api/v1/review/queues",  # the precision audits drawn by hand (holosec review sample), a few each
        "/api/v1/workspace/settings",  # the settings holosec defines
    }
)
"""``GET`` routes of lists fixed in size by holosec's own data: not capped."""
SINGLE: Final = frozenset(
    {
        "/api/v1/audit/verify",
        "/api/v1/briefings",
        "/api/v1/cases/{case_id}",
        "/api/v1/cases/{case_id}/attachments/{attachment_id}",
        "/api/v1/corrections/export",  # one file, for another installation to import whole
        "/api/v1/events/{event_id}",
        "/api/v1/health",
        "/api/v1/review/queues/{queue}",  # one queue, at most holosec.review.sample.MAX_N items
        "/api/v1/review/queues/{queue}/precision",
        "/api/v1/status",
        "/api/v1/strategies/{strategy_id}",
    }
)
"""``GET`` routes that answer one thing (a record, a file), not a list."""

Rows = Annotated[int, Query(ge=1, le=MAX_ROWS, description=f"Items to return (at most {MAX_ROWS}).")]
SeriesRows = Annotated[
    int, Query(ge=1, le=MAX_SERIES, description=f"Periods x fields to return (at most {MAX_SERIES}).")
]


def marked(answer: dict[str, Any]) -> dict[str, Any]:
    """A page of a list (``data``, ``count`` of them all, ``offset``) with ``truncated`` and
    ``next_offset`` added; an answer that says ``truncated`` already (evidence) keeps its word."""
    end = answer.get("offset", 0) + len(answer["data"])
    truncated = bool(answer.get("truncated", answer["count"] > end))
    return {**answer, "truncated": truncated, "next_offset": end if truncated else None}


def sliced(rows: list[dict[str, Any]], limit: int, offset: int, key: str = "data") -> dict[str, Any]:
    """``limit`` of ``rows`` from ``offset`` as ``key``, with ``count`` (of them all), ``limit``,
    ``offset``, ``truncated`` and ``next_offset``.

    >>> sliced([{"n": 1}, {"n": 2}, {"n": 3}], 2, 0, "series")
    {'series': [{'n': 1}, {'n': 2}], 'count': 3, 'limit': 2, 'offset': 0, 'truncated': True, 'next_offset': 2}
    """
    page = {"data": rows[offset : offset + limit], "count": len(rows), "limit": limit, "offset": offset}
    found = marked(page)
    return {key: found.pop("data"), **found}
