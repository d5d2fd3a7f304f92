"""A small HTTP server for the download tests: it serves a folder and answers Range requests.

It records every request, and a test can script the answer for one path: ``always`` answers it the
same way each time, ``once`` holds answers given one by one before the folder is served again.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


@dataclass(frozen=True)
class Reply:
    """A scripted answer; ``cut`` sends only that many body bytes, then drops the connection."""

    status: int
    body: bytes = b""
    content_type: str = "text/plain"
    cut: int | None = None
    content_range: str | None = None


@dataclass(frozen=True)
class Request:
    path: str
    range: str | None


class MirrorServer(ThreadingHTTPServer):
    """Serves ``root`` on 127.0.0.1 at a free port."""

    daemon_threads = True

    def __init__(self, root: Path) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.root = root.resolve()
        self.requests: list[Request] = []
        self.always: dict[str, Reply] = {}
        self.once: dict[str, list[Reply]] = {}
        self._lock = threading.Lock()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/"

    def gets(self, path: str) -> list[Request]:
        """The requests seen for ``path`` (e.g. ``/gdeltv2/x.zip``)."""
        with self._lock:
            return [request for request in self.requests if request.path == path]

    def _scripted(self, request: Request) -> Reply | None:
        with self._lock:
            self.requests.append(request)
            if self.once.get(request.path):
                return self.once[request.path].pop(0)
            return self.always.get(request.path)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: MirrorServer

    def do_GET(self) -> None:
        request = Request(self.path, self.headers.get("Range"))
        reply = self.server._scripted(request)
        if reply is None:
            reply = self._from_folder(request)
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.content_type)
        self.send_header("Content-Length", str(len(reply.body)))
        if reply.content_range:
            self.send_header("Content-Range", reply.content_range)
        self.end_headers()
        self.wfile.write(reply.body[: reply.cut])
        if reply.cut is not None:
            self.close_connection = True

    def _from_folder(self, request: Request) -> Reply:
        file = (self.server.root / request.path.lstrip("/")).resolve()
        if not file.is_relative_to(self.server.root) or not file.is_file():
            return Reply(404, b"not found")
        data = file.read_bytes()
        match = re.fullmatch(r"bytes=(\d+)-", request.range or "")
        if match is None:
            return Reply(200, data, "application/zip")
        start = int(match.group(1))
        if start >= len(data):
            return Reply(416, content_range=f"bytes */{len(data)}")
        span = f"bytes {start}-{len(data) - 1}/{len(data)}"
        return Reply(206, data[start:], "application/zip", content_range=span)

    def log_message(self, format: str, *args: object) -> None:
        """Keep the test output quiet."""


@contextmanager
def serve(root: Path) -> Iterator[MirrorServer]:
    """Serve ``root`` in a thread until the block ends."""
    server = MirrorServer(root)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
