"""``/api/v1/health``: served without sign-in, for load balancers and monitors."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from holosec import __version__

router = APIRouter(tags=["health"])


@router.get("/api/v1/health")
def health() -> dict[str, Any]:
    """Whether the server is up, and its holosec version."""
    return {"status": "ok", "version": __version__}
