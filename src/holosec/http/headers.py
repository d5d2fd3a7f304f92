"""Security headers on every response, and the error shape for any error nothing else caught.

Pages and API answers are never stored by a browser or a proxy (``Cache-Control: no-store``: they hold
need-to-know data); packaged static files under ``/static/`` may be, and a response that sets its own
``Cache-Control`` keeps it.
"""

from __future__ import annotations

import json
import logging

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from holosec.http.errors import error_body

log = logging.getLogger("holosec.api")

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
HEADERS = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
    "cross-origin-opener-policy": "same-origin",
}


NO_STORE = {"cache-control": "no-store"}
STATIC = "/static/"


def _with_headers(message: Message, path: str) -> Message:
    present = {name.lower() for name, _ in message.get("headers", [])}
    wanted = HEADERS if path.startswith(STATIC) else {**HEADERS, **NO_STORE}
    extra = [(k.encode(), v.encode()) for k, v in wanted.items() if k.encode() not in present]
    return {**message, "headers": [*message.get("headers", []), *extra]}


class SecurityHeaders:
    """ASGI middleware: add :data:`HEADERS` (a response may set its own CSP) and, but under ``/static/``,
    :data:`NO_STORE`; turn an uncaught error into a logged 500 with the error shape."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_secured(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                message = _with_headers(message, scope.get("path", ""))
            await send(message)

        try:
            await self.app(scope, receive, send_secured)
        except Exception:
            log.exception("error answering %s", scope.get("path"))
            if started:
                raise
            body = json.dumps(error_body(500, "internal error (logged on the server)")).encode()
            await send_secured(
                {
                    "type": "http.response.start",
                    "status": 500,
                    "headers": [
                        (b"content-type", b"application/json"),
                        (b"content-length", b"%d" % len(body)),
                    ],
                }
            )
            await send({"type": "http.response.body", "body": body})
