"""The review pages (signed in, any role): the precision audits' queues (``/review``), one event of a
queue at a time with its evidence in words and the verdict buttons (``/review/{queue}?at=N``; keys a, r,
c and the arrows, by ``/static/web/review.js``), and the precision the judgments measure
(``/review/{queue}/precision``). Thin shells over :mod:`holosec.review`: a verdict is a form post signed
by the session and the form's CSRF token, attributed to the signed-in user, and answered by the next
event the user has not judged (Post/Redirect/Get)."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Form, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from holosec import review
from holosec.http.deps import StoreDep
from holosec.http.errors import ApiError
from holosec.presentation.i18n import word
from holosec.reference import event_label
from holosec.review.queue import MAX_NOTE
from holosec.review.sample import MAX_N
from holosec.store import Store
from holosec.text.headline import reading
from holosec.web.pages import UserDep, ViewDep, render
from holosec.web.review_views import review_scope, source_name, stratum_words
from holosec.web.workspace_views import FormUser, indicator_name

router = APIRouter(include_in_schema=False)
QueueName = Annotated[str, Path(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$")]
_SHOWN = (
    "event_id, date, source, source_url, actor1_code, actor1_name, actor1_country, actor2_code, actor2_name,"
    " actor2_country, event_code, root_code, plover_type, event_label, quad_class, goldstein, num_sources,"
    " num_mentions, loc_name, loc_country"
)
FILTER_WORDS = {
    "none": "review_filter_none",
    "min_sources=2": "review_filter_min_sources",
    "min_mentions=5": "review_filter_min_mentions",
    "actors_resolved": "review_filter_actors_resolved",
    "min_sources=2,min_mentions=5,actors_resolved": "review_filter_all_three",
}


def event_words(store: Store, event_id: str, lang: str) -> dict[str, Any] | None:
    """A stored event as the review page shows it: date, actors by name, what happened (with its CAMEO
    code and label), place, headline, outlet and link, sources and mentions (None when the store no
    longer holds it)."""
    cursor = store.execute(f"SELECT {_SHOWN} FROM events WHERE event_id = ? LIMIT 1", [event_id])
    names = [d[0] for d in cursor.description]
    found = cursor.fetchall()
    if not found:
        return None
    row = dict(zip(names, found[0], strict=True))
    read = reading(row, lang)
    return {
        **row,
        **read,
        "date": row["date"].isoformat(),
        "event": event_label(row["event_code"] or "", lang) if row["event_code"] else None,
        "place": row["loc_name"] or row["loc_country"],
    }


def _named(lang: str) -> dict[str, Any]:
    """What the review templates call to name a dataset, a stratum and an indicator in words."""
    return {
        "source_name": source_name,
        "stratum_words": lambda stratum: stratum_words(stratum, lang),
        "indicator_name": lambda indicator: indicator_name(indicator, lang),
        "scope_name": lambda country: review_scope(country, lang),
    }


def _known(store: Store, queue: str) -> str:
    if not review.exists(store, queue):
        raise ApiError(404, f"no review queue {queue!r}")
    return queue


def _href(queue: str, at: int | None = None) -> str:
    """The page of a queue's item (the next one not judged when ``at`` is None).

    >>> _href("q-1", 3)
    '/review/q-1?at=3'
    """
    return f"/review/{quote(queue, safe='')}" + ("" if at is None else f"?at={at}")


@router.get("/review", response_class=HTMLResponse)
def queues_page(request: Request, store: StoreDep, view: ViewDep, user: UserDep) -> Response:
    """Every review queue with its progress, and the signed-in user's."""
    found = [
        {**q, "href": _href(q["queue"]), "mine": review.progress(store, q["queue"], user.name)["judged"]}
        for q in review.queues(store)
    ]
    return render(request, "review_queues.html", view, user, queues=found, **_named(view.lang))


@router.get("/review/{queue}", response_class=HTMLResponse)
def item_page(
    queue: QueueName,
    request: Request,
    store: StoreDep,
    view: ViewDep,
    user: UserDep,
    at: Annotated[int | None, Query(ge=1, le=MAX_N)] = None,
) -> Response:
    """One event of the queue (``at``; default the first the user has not judged) and the verdicts."""
    name = _known(store, queue)
    progress = review.progress(store, name, user.name)
    total = int(progress["total"] or 0)
    position = at if at is not None else progress["next"]
    if position is not None and position > total:
        raise ApiError(404, f"queue {queue!r} has no item {position}")
    item = review.item(store, name, position) if position is not None else None
    mine = None
    others = 0
    if item is not None:
        mine = next((j for j in item["judgments"] if j["reviewer"] == user.name), None)
        others = sum(j["reviewer"] != user.name for j in item["judgments"])
    return render(
        request,
        "review_item.html",
        view,
        user,
        queue=review.summary(store, name),
        progress=progress,
        position=position,
        item=item,
        event=event_words(store, item["event_id"], view.lang) if item else None,
        mine=mine,
        others=others,
        previous=_href(name, position - 1) if position and position > 1 else None,
        following=_href(name, position + 1) if position and position < total else None,
        action=f"{_href(name)}/{position}" if position else None,
        max_note=MAX_NOTE,
        **_named(view.lang),
    )


@router.post("/review/{queue}/{position}")
def judge_form(
    queue: QueueName,
    position: Annotated[int, Path(ge=1, le=MAX_N)],
    store: StoreDep,
    user: FormUser,
    verdict: Annotated[str, Form(pattern=r"^(accept|reject|correct)$")],
    note: Annotated[str, Form(max_length=MAX_NOTE)] = "",
) -> Response:
    """Record the user's verdict; then the next event they have not judged after this one (else the
    first before it, else the queue's end)."""
    name = _known(store, queue)
    if review.item(store, name, position) is None:
        raise ApiError(404, f"queue {queue!r} has no item {position}")
    review.judge(store, name, position, user.name, verdict, note.strip() or None)
    judged = {
        i["position"]
        for i in review.items(store, name)
        if any(j["reviewer"] == user.name for j in i["judgments"])
    }
    total = review.summary(store, name)["items"]
    order = [*range(position + 1, total + 1), *range(1, position)]
    following = next((at for at in order if at not in judged), None)
    return RedirectResponse(_href(name, following) if following else _href(name), status_code=303)


def _precision_rows(found: dict[str, Any], lang: str) -> list[dict[str, Any]]:
    rows = []
    for row in [{"source": None, "filter": "none", **found["overall"]}, *found["by_source_filter"]]:
        rows.append(
            {**row, "filter_words": word(FILTER_WORDS.get(row["filter"], "review_filter_none"), lang)}
        )
    return rows


@router.get("/review/{queue}/precision", response_class=HTMLResponse)
def precision_page(
    queue: QueueName, request: Request, store: StoreDep, view: ViewDep, user: UserDep
) -> Response:
    """The precision the queue's judgments measure, per source and quality filter, and the agreement."""
    found = review.precision(store, _known(store, queue))
    return render(
        request,
        "review_precision.html",
        view,
        user,
        queue=review.summary(store, queue),
        found=found,
        rows=_precision_rows(found, view.lang),
        back=_href(queue),
        **_named(view.lang),
    )
