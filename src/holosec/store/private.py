"""Files only their owner may read: the data directory (0700) and the databases in it (0600).

The store and the workspace hold every agency's cases, password hashes and webhook secrets, so neither
may be readable by other accounts of the machine, whatever the umask. Modes are set when a file is created
and tightened again each time it is opened.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

log = logging.getLogger("holosec.store")

DIR_MODE = 0o700
FILE_MODE = 0o600
COMPANIONS = ("-wal", "-shm", "-journal", ".wal")
"""Files an engine keeps beside its database (SQLite's WAL, shared memory and journal; DuckDB's WAL)."""


def private_dir(path: Path) -> Path:
    """Create the directory ``path`` (and its parents) when missing and make it the owner's alone.

    >>> import tempfile
    >>> made = private_dir(Path(tempfile.mkdtemp()) / "data")
    >>> oct(made.stat().st_mode & 0o777)
    '0o700'
    """
    path = Path(path)
    path.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    _chmod(path, DIR_MODE)
    return path


def private_file(path: Path) -> None:
    """Make the database file ``path`` and the files its engine keeps beside it readable by the owner only
    (those that exist).

    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "x.sqlite"
    >>> _ = path.write_bytes(b"")
    >>> private_file(path)
    >>> oct(path.stat().st_mode & 0o777)
    '0o600'
    """
    path = Path(path)
    for candidate in (path, *(path.with_name(path.name + suffix) for suffix in COMPANIONS)):
        _chmod(candidate, FILE_MODE)


def _chmod(path: Path, mode: int) -> None:
    try:
        if path.stat().st_mode & 0o777 != mode:
            os.chmod(path, mode)
    except FileNotFoundError:  # not there (a companion its engine has not made, or just removed)
        return
    except PermissionError as exc:  # another account's file, opened read-only: say so, carry on
        log.warning("cannot make %s private (mode %o): %s", path, mode, exc)
