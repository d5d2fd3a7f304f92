"""The follower's log in the store (tables ``follow_files`` and ``follow_cycles``, migration 11): what each
GDELT file became (``done``, ``failed`` to be tried again, or ``given_up`` after its last attempt) and
what each cycle did, so a follower started again knows where the last one stopped.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from holosec.store import Store

DONE = "done"
FAILED = "failed"
GIVEN_UP = "given_up"


@dataclass(frozen=True)
class FileState:
    """One file the follower tried: its name, GDELT timestamp, status, attempts and last error."""

    name: str
    stamp: datetime
    status: str
    attempts: int
    error: str | None


def _naive(moment: datetime) -> datetime:
    """UTC without a zone, as the store keeps timestamps."""
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment


def _aware(moment: datetime | None) -> datetime | None:
    return None if moment is None else moment.replace(tzinfo=UTC)


def newest_taken(store: Store) -> datetime | None:
    """The GDELT timestamp of the newest file taken (done or given up), in UTC; None before any.

    >>> import tempfile
    >>> from pathlib import Path
    >>> with Store.open(Path(tempfile.mkdtemp())) as store:
    ...     newest_taken(store) is None
    True
    """
    found = store.scalar("SELECT max(stamp) FROM follow_files WHERE status IN (?, ?)", [DONE, GIVEN_UP])
    return _aware(found)


def newest_done(store: Store) -> datetime | None:
    """The GDELT timestamp of the newest file ingested, in UTC (the lag is measured from it)."""
    return _aware(store.scalar("SELECT max(stamp) FROM follow_files WHERE status = ?", [DONE]))


def pending(store: Store) -> dict[str, FileState]:
    """The files that failed and are to be tried again, by name."""
    rows = store.execute(
        "SELECT name, stamp, status, attempts, error FROM follow_files WHERE status = ? ORDER BY name",
        [FAILED],
    ).fetchall()
    return {row[0]: FileState(row[0], row[1].replace(tzinfo=UTC), *row[2:]) for row in rows}


def attempts_of(store: Store, name: str) -> int:
    """How many times the follower has tried ``name``."""
    return int(store.scalar("SELECT coalesce(max(attempts), 0) FROM follow_files WHERE name = ?", [name]))


def record_file(
    store: Store,
    name: str,
    stamp: datetime,
    kind: str,
    status: str,
    attempts: int,
    error: str | None,
    at: datetime,
) -> None:
    """Note what became of one file (replacing what was noted before)."""
    store.execute(
        "INSERT OR REPLACE INTO follow_files VALUES (?, ?, ?, ?, ?, ?, ?)",
        [name, _naive(stamp), kind, status, attempts, error, _naive(at)],
    )


def record_cycle(store: Store, cycle: dict[str, Any]) -> None:
    """Add one cycle to the log (``started`` and ``finished`` datetimes, counts, error, newest stamp)."""
    store.execute(
        "INSERT INTO follow_cycles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            _naive(cycle["started"]), _naive(cycle["finished"]), cycle["files"], cycle["rows_stored"],
            cycle["rows_quarantined"], cycle["alerts"], cycle["failed"], cycle["error"],
            None if cycle["newest"] is None else _naive(cycle["newest"]),
        ],
    )  # fmt: skip


def recent_cycles(store: Store, limit: int = 20) -> list[dict[str, Any]]:
    """The last ``limit`` cycles, newest first, with UTC datetimes.

    >>> import tempfile
    >>> from pathlib import Path
    >>> with Store.open(Path(tempfile.mkdtemp())) as store:
    ...     recent_cycles(store)
    []
    """
    names = ("started", "finished", "files", "rows_stored", "rows_quarantined", "alerts", "failed", "error")
    rows = store.execute(
        f"SELECT {', '.join(names)}, newest FROM follow_cycles ORDER BY started DESC LIMIT ?", [limit]
    ).fetchall()
    cycles = []
    for row in rows:
        cycle = dict(zip(names, row[:-1], strict=True))
        cycle["started"], cycle["finished"] = _aware(row[0]), _aware(row[1])
        cycle["newest"] = _aware(row[-1])
        cycles.append(cycle)
    return cycles
