"""Who holds the store: ``holosec serve`` notes where it serves in ``serve.json`` in the data directory for
as long as it runs, and ``holosec follow`` notes itself there too (a follower never ends by itself), so
that a command finding the store locked can say who holds it and where to go instead.

>>> import tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> with serving(folder, "http://127.0.0.1:8000"):
...     server_of(folder)
'http://127.0.0.1:8000'
>>> server_of(folder) is None
True
>>> with serving(folder, None, command="follow"):
...     server_of(folder), holder_of(folder).command
(None, 'follow')
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

SERVE_FILE = "serve.json"


@dataclass(frozen=True)
class Holder:
    """The process that holds a store, as its note says: the command (``serve``, ``serve --follow`` or
    ``follow``), its process id and where it serves (None for a follower without a server)."""

    command: str
    pid: int
    url: str | None


@contextmanager
def serving(data_dir: Path, url: str | None, *, command: str = "serve") -> Iterator[None]:
    """Note, for the length of the block, that this process holds the store of ``data_dir`` as ``holosec
    command``, serving it at ``url`` (None: it does not serve)."""
    path = Path(data_dir) / SERVE_FILE
    note = {
        "url": url,
        "pid": os.getpid(),
        "command": command,
        "started": datetime.now(UTC).isoformat(timespec="seconds"),
    }
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
    holder = holder_of(data_dir, pid)
    return None if holder is None else holder.url


def holder_of(data_dir: Path, pid: int | None = None) -> Holder | None:
    """Who holds the store of ``data_dir`` by its note (:class:`Holder`), if the note is there and its
    process still runs (and is ``pid``, when the process holding the store is known); else None."""
    note = _read(Path(data_dir) / SERVE_FILE)
    found, url, command = note.get("pid"), note.get("url"), note.get("command", "serve")
    if not isinstance(found, int) or (pid is not None and found != pid) or not _alive(found):
        return None
    if not isinstance(url, str | None) or not isinstance(command, str):
        return None
    return Holder(command, found, url)


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
