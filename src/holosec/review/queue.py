"""Review queues and their judgments: what is in a queue, how far each reviewer is, recording a verdict,
and the queue with every judgment for export.

A judgment is one reviewer's verdict on one item of a queue: ``accept`` (the event happened as coded and
counts rightly toward the indicator), ``reject`` (it is not such an event) or ``correct`` (an event, but
coded wrongly in a way a correction states: wrong type, actor, place or field). A reviewer has one
verdict per item; judging it again replaces the verdict. Every judgment names its reviewer and time.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from holosec.errors import InputError, ParameterError
from holosec.store import Store

VERDICTS = ("accept", "reject", "correct")
"""The verdicts a reviewer gives an item."""
MAX_NOTE = 2000
_QUEUE_COLUMNS = "queue, indicator, country, source, taxonomy, n, seed, population, created_at, created_by"


def _dicts(store: Store, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
    cursor = store.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _queue_row(store: Store, queue: str) -> dict[str, Any]:
    found = _dicts(store, f"SELECT {_QUEUE_COLUMNS} FROM review_queues WHERE queue = ?", [queue])
    if not found:
        raise InputError(queue, "no review queue of that name")
    return found[0]


def exists(store: Store, queue: str) -> bool:
    """Whether the store holds the queue ``queue``."""
    return bool(store.scalar("SELECT count(*) FROM review_queues WHERE queue = ?", [queue]))


def summary(store: Store, queue: str) -> dict[str, Any]:
    """One queue: how it was drawn (indicator, country, source, taxonomy, seed, population), its strata
    (population and draws each), how many items it has, how many are judged by anyone, and each
    reviewer's count."""
    row = _queue_row(store, queue)
    strata = _dicts(
        store,
        "SELECT stratum, population, drawn FROM review_strata WHERE queue = ? ORDER BY stratum",
        [queue],
    )
    reviewers = _dicts(
        store,
        "SELECT reviewer, count(*) AS judged FROM review_judgments WHERE queue = ? "
        "GROUP BY reviewer ORDER BY reviewer",
        [queue],
    )
    judged = store.scalar("SELECT count(DISTINCT position) FROM review_judgments WHERE queue = ?", [queue])
    return {
        **{k: v for k, v in row.items() if k != "created_at"},
        "created_at": row["created_at"].isoformat(timespec="seconds") + "Z",
        "items": int(row["n"]),
        "judged": int(judged),
        "reviewers": reviewers,
        "strata": strata,
    }


def queues(store: Store) -> list[dict[str, Any]]:
    """Every queue's :func:`summary`, newest first."""
    names = store.execute("SELECT queue FROM review_queues ORDER BY created_at DESC, queue").fetchall()
    return [summary(store, str(name)) for (name,) in names]


def items(store: Store, queue: str) -> list[dict[str, Any]]:
    """The queue's items in order: position, event id, stratum, source, the event's sources and mentions,
    whether its actors were resolved, and ``judgments`` (reviewer, verdict, note, time), oldest first."""
    _queue_row(store, queue)
    found = _dicts(
        store,
        "SELECT position, event_id, stratum, source, num_sources, num_mentions, actors_resolved "
        "FROM review_items WHERE queue = ? ORDER BY position",
        [queue],
    )
    by_item: dict[int, list[dict[str, Any]]] = {}
    for judgment in _dicts(
        store,
        "SELECT position, reviewer, verdict, note, judged_at FROM review_judgments WHERE queue = ? "
        "ORDER BY judged_at, reviewer",
        [queue],
    ):
        at = judgment.pop("position")
        judgment["judged_at"] = judgment["judged_at"].isoformat(timespec="seconds") + "Z"
        by_item.setdefault(at, []).append(judgment)
    return [{**item, "judgments": by_item.get(item["position"], [])} for item in found]


def item(store: Store, queue: str, position: int) -> dict[str, Any] | None:
    """One item of the queue (as in :func:`items`), None past its ends."""
    found = [row for row in items(store, queue) if row["position"] == position]
    return found[0] if found else None


def judge(
    store: Store, queue: str, position: int, reviewer: str, verdict: str, note: str | None = None
) -> dict[str, Any]:
    """Record ``reviewer``'s ``verdict`` on item ``position`` (replacing their earlier one); the item."""
    if verdict not in VERDICTS:
        raise ParameterError("verdict", f"must be one of {', '.join(VERDICTS)}, not {verdict!r}")
    if not reviewer.strip():
        raise ParameterError("user", "a judgment names its reviewer")
    if note is not None and len(note) > MAX_NOTE:
        raise ParameterError("note", f"at most {MAX_NOTE} characters")
    _queue_row(store, queue)
    if not store.scalar(
        "SELECT count(*) FROM review_items WHERE queue = ? AND position = ?", [queue, position]
    ):
        raise ParameterError("position", f"queue {queue!r} has no item {position}")
    now = datetime.now(UTC).replace(tzinfo=None)
    with store.transaction():
        store.execute(
            "DELETE FROM review_judgments WHERE queue = ? AND position = ? AND reviewer = ?",
            [queue, position, reviewer],
        )
        store.execute(
            "INSERT INTO review_judgments VALUES (?, ?, ?, ?, ?, ?)",
            [queue, position, reviewer, verdict, note or None, now],
        )
    found = item(store, queue, position)
    assert found is not None
    return found


def progress(store: Store, queue: str, reviewer: str) -> dict[str, int | None]:
    """How far ``reviewer`` is: ``judged`` items of ``total``, and ``next``, the first item they have not
    judged (None when they have judged every one)."""
    total = int(_queue_row(store, queue)["n"])
    mine = {
        int(at)
        for (at,) in store.execute(
            "SELECT position FROM review_judgments WHERE queue = ? AND reviewer = ?", [queue, reviewer]
        ).fetchall()
    }
    following = next((at for at in range(1, total + 1) if at not in mine), None)
    return {"judged": len(mine), "total": total, "next": following}


def export(store: Store, queue: str) -> dict[str, Any]:
    """The queue (:func:`summary`) with every item and judgment (:func:`items`)."""
    return {**summary(store, queue), "data": items(store, queue)}
