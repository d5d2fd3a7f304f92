"""Request latency for Prometheus: an ASGI middleware that times every HTTP request and counts it under
its route template (``/api/v1/alerts/{alert_id}``, not each id), so the series stay few."""

from __future__ import annotations

import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from holosec.follow.metrics import REQUEST_SECONDS

OTHER = "other"
"""The route label of requests no route template matched (static files, 404s)."""


class RequestMetrics:
    """ASGI middleware: observe each request's seconds in ``holosec_http_request_seconds``."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        began = time.perf_counter()
        status = 500

        async def sent(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, sent)
        finally:
            route = getattr(scope.get("route"), "path", None) or OTHER
            REQUEST_SECONDS.labels(scope["method"], route, str(status)).observe(time.perf_counter() - began)
