"""Backups of a data directory, taken while the server runs, and restoring one into a new directory.

A backup is a folder holding a copy of the store (``holosec.duckdb``), of the SQLite workspace
(``workspace.sqlite``: users, cases, attachments, the audit trail, the workspace settings) and
``manifest.json``: the holosec and DuckDB versions, the store's migrations, the workspace's revision, when
it was made (UTC), and each file with its size and SHA-256. It is written under a temporary name and
renamed when complete, so a folder with a manifest is a whole backup.

:func:`backup` runs in the process that holds the store (``holosec serve`` owns it; no other process may
open it): under the store's lock, so no statement writes meanwhile, it checkpoints the store and copies
its file (and its write-ahead log, should the checkpoint have left one). That pauses the server's queries
for as long as the copy takes, about a second per 500 MB on a local disk; copying table by table instead
(``COPY FROM DATABASE``) would not pause them, but took 60 times longer on the demo store. The workspace
is copied by SQLite's online backup, which sees one committed state while the server keeps writing.
A PostgreSQL workspace is not copied: ``pg_dump`` is its tool, and the manifest says so.

:func:`restore` checks every file against the manifest, refuses a backup of a newer schema than this
holosec's and a directory that is not empty (unless forced), writes each file under a temporary name and
renames it, then opens the store once (older backups are migrated then).

>>> import tempfile
>>> from holosec.store.migrations import LATEST
>>> from holosec.store.store import Store
>>> root = Path(tempfile.mkdtemp())
>>> with Store.open(root / "data") as store:
...     made = backup(store, root / "backup")
>>> [file["name"] for file in made["files"]], made["store"]["schema"] == LATEST
(['holosec.duckdb'], True)
>>> restore(root / "backup", root / "restored")["store"]["schema"] == LATEST
True
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sqlite3
import threading
import time
from collections.abc import Collection
from contextlib import closing, suppress
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import duckdb

from holosec import __version__
from holosec.errors import HolosecError, StoreError, StoreInUse
from holosec.store.migrations import LATEST
from holosec.store.private import COMPANIONS, private_dir, private_file
from holosec.store.store import STORE_FILE, Store

MANIFEST = "manifest.json"
WORKSPACE_FILE = "workspace.sqlite"  # as holosec.cases.db names it (the layer above this one)
FORMAT = 1
STORE_WAL = STORE_FILE + ".wal"
FILES = (STORE_FILE, STORE_WAL, WORKSPACE_FILE)
"""The only files a backup may hold (a manifest naming any other is refused)."""
BACKUPS_DIR = "backups"
"""The folder of the data directory the server writes the backups asked of it through the API into."""
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")
"""A backup's name when the server writes it: letters, digits, ``-`` and ``_`` (no slash, no dot)."""
LEFT_OUT = (
    "downloads/ (GDELT's files: fetched again by holosec ingest)",
    "spark/ (the Spark engine's Parquet: written again by holosec export spark)",
    "tmp/ and serve.json (working files)",
)
PG_DUMP = (
    "a PostgreSQL workspace is not in this backup: back it up with pg_dump"
    " (pg_dump --format=custom --file=workspace.dump DATABASE_URL) and restore it with pg_restore"
)
_CHUNK = 1 << 20


class BackupError(HolosecError):
    """A backup cannot be written, or a backup cannot be restored (damaged, newer, or the target is in
    the way); the message says which file and why."""


def backup_dir(data_dir: Path, name: str) -> Path:
    """Where the server writes the backup called ``name``: ``DATA_DIR/backups/NAME``; a name that could
    leave that folder (a slash, a dot) or is empty is refused.

    >>> backup_dir(Path("/d"), "nightly-2026-12-07")
    PosixPath('/d/backups/nightly-2026-12-07')
    >>> backup_dir(Path("/d"), "../etc")
    Traceback (most recent call last):
    ...
    holosec.store.backup.BackupError: '../etc' is not a backup name: use 1 to 64 letters, digits, - and _
    """
    if not NAME.match(name):
        raise BackupError(f"{name!r} is not a backup name: use 1 to 64 letters, digits, - and _")
    return Path(data_dir) / BACKUPS_DIR / name


def sha256_of(path: Path) -> str:
    """The SHA-256 of a file, in hex."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as file:
        while chunk := file.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def shown_url(url: str) -> str:
    """A database URL without its password (for the manifest and messages).

    >>> shown_url("postgresql+psycopg://holosec:secret@db:5432/holosec")
    'postgresql+psycopg://holosec@db:5432/holosec'
    """
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    user = f"{parts.username}@" if parts.username else ""
    port = f":{parts.port}" if parts.port else ""
    return urlunsplit((parts.scheme, f"{user}{host}{port}", parts.path, parts.query, parts.fragment))


def sqlite_path(url: str) -> Path | None:
    """The file of a ``sqlite:///`` workspace URL (None for another database or an in-memory one).

    >>> sqlite_path("sqlite:////srv/holosec/workspace.sqlite"), sqlite_path("postgresql://db/h")
    (PosixPath('/srv/holosec/workspace.sqlite'), None)
    """
    if not url.startswith("sqlite:///") or url.endswith(":memory:"):
        return None
    return Path(url.removeprefix("sqlite:///"))


# -- backing up -----------------------------------------------------------------------------------------


def backup(store: Store, target_dir: Path, *, workspace_url: str | None = None) -> dict[str, Any]:
    """Write a backup of ``store`` and of the workspace at ``workspace_url`` (a SQLAlchemy URL; None: no
    workspace) into ``target_dir``, which must not exist or be empty; returns its manifest.

    Call it in the process that holds the store: the store is paused (its lock held) only while its file
    is copied."""
    target = Path(target_dir)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise BackupError(f"{target}: already exists and is not an empty folder; choose a new one")
    partial = target.with_name(f".{target.name}.partial")
    shutil.rmtree(partial, ignore_errors=True)
    private_dir(partial)
    started = time.perf_counter()
    try:
        paused = _copy_store(store, partial)
        applied = store.execute("SELECT version, name FROM schema_migrations ORDER BY version").fetchall()
        migrations = [{"version": int(version), "name": str(name)} for version, name in applied]
        workspace = _copy_workspace(workspace_url, partial)
        files = []
        for name in FILES:
            path = partial / name
            if path.is_file():
                private_file(path)
                files.append({"name": name, "size": path.stat().st_size, "sha256": sha256_of(path)})
        manifest: dict[str, Any] = {
            "format": FORMAT,
            "holosec": __version__,
            "duckdb": duckdb.__version__,
            "created": _now(),
            "store": {"schema": max((int(row[0]) for row in applied), default=0), "migrations": migrations},
            "workspace": workspace,
            "files": files,
            "left_out": list(LEFT_OUT),
            "store_paused_seconds": round(paused, 3),
            "seconds": round(time.perf_counter() - started, 3),
        }
        _write_json(partial / MANIFEST, manifest)
        if target.exists():
            target.rmdir()  # empty (checked above): the complete backup takes its place
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(partial, target)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return manifest


def _copy_store(store: Store, folder: Path) -> float:
    """Copy the store's file (and its write-ahead log, if the checkpoint left one) while no statement
    runs; how many seconds the store was paused."""
    wal = store.data_dir / STORE_WAL
    with store.lock:
        paused = time.perf_counter()
        store.execute("CHECKPOINT")
        _copy_held(store.data_dir / STORE_FILE, folder / STORE_FILE)
        with suppress(FileNotFoundError):
            if wal.stat().st_size > 0:
                _copy_held(wal, folder / STORE_WAL)
        return time.perf_counter() - paused


_HELD: dict[Path, int] = {}
_HELD_LOCK = threading.Lock()


def _held_fd(path: Path) -> int:
    """A descriptor of ``path`` this process keeps open until it ends.

    DuckDB keeps other processes out of the store with a POSIX record lock, and POSIX drops every lock a
    process holds on a file as soon as that process closes *any* descriptor of the file: opening the
    store's file to copy it and closing it again would let a second process open the store the server is
    writing. So the file is read through a descriptor that is never closed (one per file; a new one when
    the file was replaced)."""
    path = Path(path).resolve()
    with _HELD_LOCK:
        fd = _HELD.get(path)
        if fd is not None:
            held, now = os.fstat(fd), os.stat(path)
            if held.st_nlink > 0 and (held.st_dev, held.st_ino) == (now.st_dev, now.st_ino):
                return fd
        fd = os.open(path, os.O_RDONLY)  # the replaced file's descriptor stays open: see above
        _HELD[path] = fd
        return fd


def _copy_held(source: Path, target: Path) -> None:
    """Copy ``source`` (a file a lock of this process may be on) to the new file ``target``."""
    fd, offset = _held_fd(source), 0
    with target.open("wb") as out:
        while chunk := os.pread(fd, 8 * _CHUNK, offset):
            out.write(chunk)
            offset += len(chunk)


def _copy_workspace(url: str | None, folder: Path) -> dict[str, Any]:
    """Copy a SQLite workspace by SQLite's online backup (one committed state); for any other database,
    the manifest's line saying how to back it up."""
    if url is None:
        return {"kind": "none"}
    file = sqlite_path(url)
    if file is None:
        return {"kind": url.split(":", 1)[0].split("+", 1)[0], "url": shown_url(url), "skipped": PG_DUMP}
    if not file.is_file():
        return {"kind": "sqlite", "skipped": f"no workspace at {file}"}
    copy = folder / WORKSPACE_FILE
    try:
        with closing(sqlite3.connect(file, timeout=30)) as source, closing(sqlite3.connect(copy)) as made:
            source.backup(made)
            made.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
            revision = _revision(made)
    except sqlite3.Error as exc:
        raise BackupError(f"{file}: cannot copy the workspace ({exc})") from exc
    return {"kind": "sqlite", "revision": revision}


def _revision(con: sqlite3.Connection) -> str | None:
    try:
        row = con.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.OperationalError:  # a workspace never migrated
        return None
    return str(row[0]) if row else None


def _write_json(path: Path, data: dict[str, Any]) -> None:
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    private_file(path)


# -- restoring ------------------------------------------------------------------------------------------


def read_manifest(source_dir: Path) -> dict[str, Any]:
    """The manifest of the backup in ``source_dir``, its shape checked (:class:`BackupError` if it is
    not a holosec backup, or one of a later format)."""
    path = Path(source_dir) / MANIFEST
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise BackupError(f"{source_dir}: not a holosec backup (no {MANIFEST})") from exc
    except (OSError, ValueError) as exc:
        raise BackupError(f"{path}: cannot be read ({exc})") from exc
    files = manifest.get("files") if isinstance(manifest, dict) else None
    if not isinstance(files, list) or not all(_file_entry(entry) for entry in files):
        raise BackupError(f"{path}: not a holosec backup manifest (no list of files with sizes and SHA-256)")
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{path}: backup format {manifest.get('format')!r}; this holosec reads {FORMAT}")
    return dict(manifest)


def _file_entry(entry: object) -> bool:
    return (
        isinstance(entry, dict)
        and entry.get("name") in FILES
        and isinstance(entry.get("size"), int)
        and isinstance(entry.get("sha256"), str)
    )


def verify(source_dir: Path, manifest: dict[str, Any]) -> None:
    """:class:`BackupError` naming the first file of the backup that is missing or differs from the
    manifest (its size or SHA-256)."""
    for entry in manifest["files"]:
        path = Path(source_dir) / entry["name"]
        if not path.is_file():
            raise BackupError(f"{path}: missing from the backup")
        size, found = path.stat().st_size, sha256_of(path)
        if size != entry["size"] or found != entry["sha256"]:
            raise BackupError(
                f"{path}: damaged (SHA-256 {found}, {size} bytes; the manifest says {entry['sha256']},"
                f" {entry['size']} bytes): restore another backup"
            )


def _refuse_newer(manifest: dict[str, Any], revisions: Collection[str] | None) -> None:
    schema = manifest.get("store", {}).get("schema")
    if not isinstance(schema, int) or schema > LATEST:
        raise BackupError(
            f"the backup's store schema {schema} is newer than this holosec's ({LATEST}): "
            f"restore it with holosec {manifest.get('holosec')} or later"
        )
    revision = manifest.get("workspace", {}).get("revision")
    if revisions is not None and revision is not None and revision not in revisions:
        raise BackupError(
            f"the backup's workspace revision {revision!r} is unknown to this holosec (newer?): "
            f"restore it with holosec {manifest.get('holosec')} or later"
        )


_RESTORING = threading.Lock()


def restore(
    source_dir: Path,
    data_dir: Path,
    *,
    force: bool = False,
    workspace_revisions: Collection[str] | None = None,
) -> dict[str, Any]:
    """Restore the backup in ``source_dir`` into ``data_dir`` and open the store there once (migrating
    an older one); returns what was restored. ``workspace_revisions``: the workspace revisions this
    holosec knows (a backup of another is refused; None: not checked).

    Refused (:class:`BackupError`, nothing written): a damaged or incomplete backup, one of a newer
    schema, a ``data_dir`` that is not empty unless ``force`` (then its store and workspace are
    replaced; other files stay), and a store there that another process holds."""
    source, target = Path(source_dir), Path(data_dir)
    manifest = read_manifest(source)
    _refuse_newer(manifest, workspace_revisions)
    verify(source, manifest)
    if target.exists() and any(target.iterdir()) and not force:
        raise BackupError(
            f"{target} is not empty: restore into a new directory, or force it (holosec restore --force)"
            " to replace the store and workspace there"
        )
    if (target / STORE_FILE).exists():
        try:
            Store.open(target, read_only=True).close()
        except StoreInUse:  # a server (or any process) holds it
            raise
        except StoreError:  # a damaged store: the restore replaces it
            pass
    with _RESTORING:
        private_dir(target)
        written = []
        try:
            for entry in manifest["files"]:
                temporary = target / f".{entry['name']}.restoring"
                shutil.copyfile(source / entry["name"], temporary)
                with temporary.open("rb") as file:
                    os.fsync(file.fileno())
                if sha256_of(temporary) != entry["sha256"]:
                    raise BackupError(f"{temporary}: the copy differs from the backup (a disk error?)")
                written.append((temporary, target / entry["name"]))
            names = {entry["name"] for entry in manifest["files"]}
            for stale in _companions(target, names):  # an old log must never be replayed on the new file
                stale.unlink(missing_ok=True)
            for temporary, final in written:
                os.replace(temporary, final)
                private_file(final)
        finally:
            for temporary, _ in written:
                temporary.unlink(missing_ok=True)
    with Store.open(target, create=False) as store:
        schema = store.schema_version()
    return {
        "data_dir": str(target),
        "from": str(source),
        "created": manifest.get("created"),
        "holosec": manifest.get("holosec"),
        "files": [entry["name"] for entry in manifest["files"]],
        "store": {"schema": schema, "backup_schema": manifest.get("store", {}).get("schema")},
        "workspace": manifest.get("workspace", {}),
    }


def _companions(folder: Path, restored: set[str]) -> list[Path]:
    """The logs beside the databases being replaced: DuckDB's WAL (unless the backup brings one) and
    SQLite's WAL, shared memory and journal."""
    found = [] if STORE_WAL in restored else [folder / STORE_WAL]
    if WORKSPACE_FILE in restored:
        found += [folder / (WORKSPACE_FILE + suffix) for suffix in COMPANIONS]
    return found
