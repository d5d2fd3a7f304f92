"""What the ``holosec`` commands print: the two consoles, one-line messages, the one JSON emitter and the
progress bar."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TaskProgressColumn,
    TextColumn,
    TimeRemainingColumn,
)

err = Console(stderr=True)
out = Console()


def say(line: str) -> None:
    """One message line on stderr, never wrapped (scripts and people grep it)."""
    sys.stderr.write(line + "\n")


def emit_json(data: Any) -> None:
    """``data`` as one line of JSON on stdout: non-ASCII text kept, dates and paths as strings.

    >>> emit_json({"period": "2018-01", "name": "中国"})
    {"period": "2018-01", "name": "中国"}
    """
    sys.stdout.write(json.dumps(data, default=str, ensure_ascii=False) + "\n")


@contextmanager
def progress_bar() -> Iterator[Progress]:
    """A transient progress bar on stderr, shown only on a terminal."""
    columns = [TextColumn("{task.description}"), BarColumn(), TaskProgressColumn(), DownloadColumn()]
    with Progress(
        *columns, TimeRemainingColumn(), console=err, transient=True, disable=not err.is_terminal
    ) as progress:
        yield progress


def tracker(progress: Progress) -> Callable[[Path, int, int], None]:
    """A callback that shows an ingest's progress through one file on ``progress``."""
    task = progress.add_task("ingest", total=None)

    def track(path: Path, done: int, total: int) -> None:
        progress.update(task, description=f"ingest {path.name}", completed=done, total=total)

    return track
