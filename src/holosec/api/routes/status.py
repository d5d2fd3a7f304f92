"""``/api/v1/status``: the follower's status document; ``/metrics``: holosec's Prometheus metrics. Both
need a signed-in user (a viewer's API token is enough: Prometheus sends it as ``Authorization: Bearer``)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response

from holosec.follow import Follower, stored_status
from holosec.follow.metrics import exposition
from holosec.http.auth import Viewer
from holosec.http.deps import StoreDep

router = APIRouter(tags=["status"])


@router.get("/api/v1/status")
def status(request: Request, store: StoreDep, user: Viewer) -> dict[str, Any]:
    """The live follower's state (idle, running or off), its last cycle, the lag behind GDELT in seconds
    (now minus the newest file's time) and when the next cycle starts."""
    follower: Follower | None = getattr(request.app.state, "follower", None)
    return follower.status() if follower is not None else stored_status(store)


@router.get("/metrics", include_in_schema=False)
def metrics(user: Viewer) -> Response:
    """Prometheus' text format: follower cycles, rows, quarantine, alerts, request latency."""
    body, content_type = exposition()
    return Response(body, media_type=content_type)
