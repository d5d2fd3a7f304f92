"""Who holds the store: ``holosec serve`` notes where it serves in ``serve.json`` in the data directory for
as long as it runs, so that a command finding the store locked can say where to go instead.

>>> import tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> with serving(folder, "http://127.0.0.1:8000"):
...     server_of(folder)
'http://127.0.0.1:8000'
>>> server_of(folder) is None
True
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path

SERVE_FILE = "serve.json"


@contextmanager
def serving(data_dir: Path, url: str) -> Iterator[None]:
    """Note, for the length of the block, that this process serves the store of ``data_dir`` at ``url``."""
    path = Path(data_dir) / SERVE_FILE
    note = {"url": url, "pid": os.getpid(), "started": datetime.now(UTC).isoformat(timespec="seconds")}
    path.write_text(json.dumps(note) + "\n", encoding="utf-8")
    try:
        yield
    finally:
        if _read(path).get("pid") == os.getpid():  # never another server's note
            path.unlink(missing_ok=True)


def server_of(data_dir: Path, pid: int | None = None) -> str | None:
    """Where ``holosec serve`` serves the store of ``data_dir``, if its note is there and its process still
    runs (and is ``pid``, when the process holding the store is known); else None (a note left by a
    server that was killed is ignored)."""
    note = _read(Path(data_dir) / SERVE_FILE)
    found, url = note.get("pid"), note.get("url")
    if not isinstance(found, int) or not isinstance(url, str) or (pid is not None and found != pid):
        return None
    return url if _alive(found) else None


def _read(path: Path) -> dict[str, object]:
    with suppress(OSError, ValueError):
        note = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(note, dict):
            return note
    return {}


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except PermissionError:
        return True  # another user's process
    except OSError:
        return False
    return True
