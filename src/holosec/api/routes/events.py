"""``/api/v1/events/{event_id}``: one event's record, fields (with the rules behind them) and links."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from holosec.explain import explain_event
from holosec.http.deps import Perspective, StoreDep
from holosec.http.errors import ApiError

router = APIRouter(tags=["events"])


@router.get("/api/v1/events/{event_id}")
def event(event_id: str, store: StoreDep, perspective: Perspective = "CHN") -> dict[str, Any]:
    """The stored record of ``event_id`` (such as ``gdelt2:717452153``) explained."""
    found = explain_event(store, event_id, perspective.upper())
    if found is None:
        raise ApiError(404, f"no event {event_id!r} in the store")
    return found
