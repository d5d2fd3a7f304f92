"""The status page (``/status``, signed in, any role): the live GDELT follower's state in words, its last
cycle, how far it lags behind GDELT, the next cycle and the recent cycles of the store's log
(:mod:`holosec.follow.log`); with no follower in this server, how to start one. Times in UTC.

The numbers come from the same status document as ``GET /api/v1/status``
(:meth:`holosec.follow.Follower.status`, :func:`holosec.follow.stored_status`), the table from the log.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from holosec.follow import Follower, stored_status
from holosec.follow import log as follow_log
from holosec.http.deps import StoreDep
from holosec.presentation.i18n import word
from holosec.web.pages import UserDep, ViewDep, render

router = APIRouter(include_in_schema=False)
RECENT = 20
"""Cycles in the table."""


def when(moment: datetime | None) -> str:
    """A UTC time as the page shows it (the page says the times are UTC).

    >>> from datetime import UTC
    >>> when(datetime(2015, 2, 18, 23, 20, 5, tzinfo=UTC)), when(None)
    ('2015-02-18 23:20:05', '-')
    """
    return "-" if moment is None else f"{moment:%Y-%m-%d %H:%M:%S}"


def took(started: datetime | None, finished: datetime | None, lang: str) -> str:
    """How long a cycle took, in words.

    >>> from datetime import UTC
    >>> a = datetime(2024, 1, 1, tzinfo=UTC)
    >>> took(a, a.replace(second=42), "en"), took(a, a.replace(minute=2, second=5), "zh")
    ('42 s', '2分5秒')
    """
    if started is None or finished is None:
        return word("status_not_finished", lang)
    seconds = max(0, round((finished - started).total_seconds()))
    if seconds < 60:
        return word("status_seconds", lang, seconds=seconds)
    return word("status_minutes_seconds", lang, minutes=seconds // 60, seconds=seconds % 60)


def lag_words(lag_seconds: int | None, lang: str) -> str:
    """The lag behind GDELT in words: minutes, hours past two hours, days past two days.

    >>> lag_words(14 * 60, "en"), lag_words(14 * 60, "zh"), lag_words(3 * 86400, "en")
    ('14 minutes behind GDELT', '落后GDELT约14分钟', '3 days behind GDELT')
    """
    if lag_seconds is None:
        return word("status_lag_none", lang)
    minutes = max(0, round(lag_seconds / 60))
    if minutes < 120:
        return word("status_lag_minutes", lang, count=minutes)
    if minutes < 48 * 60:
        return word("status_lag_hours", lang, count=round(minutes / 60))
    return word("status_lag_days", lang, count=round(minutes / 1440))


def error_words(failed: int, error: str | None, lang: str) -> str:
    """A cycle's error in plain words (the text itself is shown beside it, as it was logged).

    >>> error_words(0, None, "en"), error_words(2, "2 file(s) failed: ...", "en")
    ('none', '2 file(s) failed and will be tried again or were given up')
    """
    if error is None:
        return word("status_no_error", lang)
    if failed:
        return word("status_error_files", lang, count=failed)
    return word("status_error_cycle", lang)


def shown_cycle(cycle: dict[str, Any], lang: str) -> dict[str, Any]:
    """One cycle of the log as the page shows it."""
    return {
        "started": when(cycle["started"]),
        "finished": when(cycle["finished"]),
        "took": took(cycle["started"], cycle["finished"], lang),
        "files": cycle["files"],
        "rows_stored": f"{cycle['rows_stored']:,}",
        "quarantined": f"{cycle['rows_quarantined']:,}",
        "alerts": cycle["alerts"],
        "error_words": error_words(cycle["failed"] or 0, cycle["error"], lang),
        "error": cycle["error"],
    }


@router.get("/status", response_class=HTMLResponse)
def status_page(request: Request, store: StoreDep, view: ViewDep, user: UserDep) -> Response:
    """The follower's state, last cycle, lag, next cycle and recent cycles."""
    follower: Follower | None = getattr(request.app.state, "follower", None)
    document = (follower.status() if follower is not None else stored_status(store))["follow"]
    lang = view.lang
    recent = [shown_cycle(cycle, lang) for cycle in follow_log.recent_cycles(store, RECENT)]
    next_cycle = document["next_cycle"]
    return render(
        request,
        "status.html",
        view,
        user,
        state=document["state"],
        state_words=word(f"status_state_{document['state']}", lang),
        last=recent[0] if recent else None,
        lag=lag_words(document["lag_seconds"], lang),
        next_cycle=next_cycle.replace("T", " ").removesuffix("Z") if next_cycle else None,
        recent=recent,
    )
