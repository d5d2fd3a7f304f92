"""``/api/v1/review``: precision audits (:mod:`holosec.review`). Any signed-in user may list queues, read
them and judge their items; a judgment is attributed to the user who sends it. Drawing a queue is the
command line's (``holosec review sample``), as it reads the whole store."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path
from pydantic import BaseModel, Field

from holosec import review
from holosec.http.auth import Viewer
from holosec.http.deps import StoreDep
from holosec.http.errors import ApiError
from holosec.review.queue import MAX_NOTE
from holosec.review.sample import MAX_N
from holosec.store import Store

router = APIRouter(tags=["review"])
QueueName = Annotated[str, Path(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$", description="A queue's name.")]
Position = Annotated[int, Path(ge=1, le=MAX_N, description="The item's position (1 first).")]


class JudgmentIn(BaseModel):
    """A reviewer's verdict on one item."""

    verdict: Literal["accept", "reject", "correct"]
    note: str | None = Field(default=None, max_length=MAX_NOTE)


def _known(store: Store, queue: str) -> str:
    if not review.exists(store, queue):
        raise ApiError(404, f"no review queue {queue!r}")
    return queue


@router.get("/api/v1/review/queues")
def queues(store: StoreDep, user: Viewer) -> dict[str, Any]:
    """Every review queue, newest first: what it audits, its strata, items, judged items and reviewers."""
    found = review.queues(store)
    return {"data": found, "count": len(found)}


@router.get("/api/v1/review/queues/{queue}")
def queue(queue: QueueName, store: StoreDep, user: Viewer) -> dict[str, Any]:
    """A queue with every item and its judgments (reviewer, verdict, note, time), and the signed-in
    user's ``progress`` (judged, total, next)."""
    name = _known(store, queue)
    return {**review.export(store, name), "progress": review.progress(store, name, user.name)}


@router.put("/api/v1/review/queues/{queue}/items/{position}")
def judge(
    queue: QueueName, position: Position, body: JudgmentIn, store: StoreDep, user: Viewer
) -> dict[str, Any]:
    """Record the signed-in user's verdict on one item (replacing their earlier one); the item."""
    name = _known(store, queue)
    if review.item(store, name, position) is None:
        raise ApiError(404, f"queue {queue!r} has no item {position}")
    return review.judge(store, name, position, user.name, body.verdict, body.note)


@router.get("/api/v1/review/queues/{queue}/precision")
def precision(queue: QueueName, store: StoreDep, user: Viewer) -> dict[str, Any]:
    """The precision the queue's judgments measure, with 95% Wilson intervals, overall, per source, per
    quality filter and per source and filter, weighted back to the population; and the reviewers'
    agreement (Cohen's kappa)."""
    return review.precision(store, _known(store, queue))
