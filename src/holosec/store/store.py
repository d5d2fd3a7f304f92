"""The one Store class: it owns the DuckDB connection, the schema and the file ledger."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Self, TypeVar, cast

import duckdb

from holosec import reference
from holosec.errors import QueryTimeLimit, StoreError, StoreInUse, StoreMissing
from holosec.store.deadline import WATCHDOG
from holosec.store.fingerprint import Fingerprint
from holosec.store.migrations import LATEST, MIGRATIONS
from holosec.store.private import private_dir, private_file
from holosec.store.serving import holder_of

T = TypeVar("T")
STORE_FILE = "holosec.duckdb"
UNPACKED_DIR = "unpacked"
"""The work folder's name under the store's ``tmp`` folder (cleared when the store opens)."""
_RECORD = "file_id, name, sha256, status, layout, rows_read, rows_stored, rows_quarantined"


@dataclass(frozen=True)
class FileRecord:
    """One row of the file ledger."""

    file_id: int
    name: str
    sha256: str
    status: str
    layout: str | None
    rows_read: int | None
    rows_stored: int | None
    rows_quarantined: int | None


_LOCKED = re.compile(r"Could not set lock|Conflicting lock", re.IGNORECASE)
# Statements that change nothing another cursor sees: reads, and the calling cursor's own temporary tables.
_READS = re.compile(r"\s*(SELECT|WITH|FROM|DESCRIBE|SHOW|EXPLAIN)\b", re.IGNORECASE)
_OWN = re.compile(
    r"\s*(CREATE\s+(OR\s+REPLACE\s+)?TEMP(ORARY)?\s|DROP\s+TABLE\s+(IF\s+EXISTS\s+)?temp\.)", re.IGNORECASE
)


def _holder(message: str) -> int | None:
    """The process id DuckDB names in its message about a file another process holds, if any."""
    found = re.search(r"\(PID (\d+)\)", message)
    return int(found.group(1)) if found else None


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class Writer:
    """The store's one writer: a reentrant lock that knows whether the calling thread holds it. Every write
    holds it; reads never wait for it.

    >>> writer = Writer()
    >>> with writer:
    ...     writer.held()
    True
    >>> writer.held()
    False
    """

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._local = threading.local()

    def __enter__(self) -> Self:
        self._lock.acquire()
        self._local.depth = self.depth + 1
        return self

    def __exit__(self, *exc: object) -> None:
        self._local.depth -= 1
        self._lock.release()

    @property
    def depth(self) -> int:
        """How many times the calling thread holds the lock (0: it does not)."""
        return int(getattr(self._local, "depth", 0))

    def held(self) -> bool:
        """Whether the calling thread holds the lock."""
        return self.depth > 0


class _Writes:
    """How many statements that may have written to one database file have ended, counted across every
    Store of this process on that file (DuckDB gives them one shared database)."""

    def __init__(self) -> None:
        self.count = 0
        self._lock = threading.Lock()

    def add(self) -> None:
        with self._lock:
            self.count += 1


_WRITES: dict[Path, _Writes] = {}  # by database file, like DuckDB's own cache of open databases
_WRITES_LOCK = threading.Lock()


def _writes_of(path: Path) -> _Writes:
    with _WRITES_LOCK:
        return _WRITES.setdefault(path.resolve(), _Writes())


_OPEN: dict[Path, int] = {}  # read-write Stores of this process open on each database file


def _first_opened(path: Path) -> bool:
    """Count one more read-write Store open on ``path``; whether it is the only one (DuckDB's file lock
    keeps every other process out, so then nothing else is ingesting into it)."""
    with _WRITES_LOCK:
        _OPEN[path.resolve()] = _OPEN.get(path.resolve(), 0) + 1
        return _OPEN[path.resolve()] == 1


def _closed(path: Path) -> None:
    with _WRITES_LOCK:
        _OPEN[path.resolve()] -= 1


class Store:
    """holosec's analytics store in ``data_dir`` (made by :meth:`open` unless ``create=False``).

    Open it with :meth:`open` and close it (or use it as a context manager). The thread that opened it
    uses its connection; any other thread (a web server's workers, a follower) gets a cursor of its own,
    since a DuckDB connection must not be shared between threads: one thread's result would replace
    another's, as would its temporary tables.

    **Reads in parallel, one writer.** Reads (and a cursor's own temporary tables) run at once on their
    threads' cursors and never wait; every write holds :attr:`lock`, so writes take turns. DuckDB gives
    each statement the data committed when it began, so a reader never sees half of a
    :meth:`transaction`. With :attr:`query_seconds` set (a server), a read that runs longer is stopped
    with :class:`~holosec.errors.QueryTimeLimit`; writes are never cut.

    >>> import tempfile
    >>> with Store.open(Path(tempfile.mkdtemp())) as store:
    ...     store.schema_version()
    17
    """

    def __init__(self, connection: duckdb.DuckDBPyConnection, data_dir: Path) -> None:
        self._con = connection
        self.data_dir = data_dir
        self._lock = Writer()
        self._small = threading.RLock()  # the cursors list and shared(): short, never held over a statement
        self._owner = threading.get_ident()
        self._local = threading.local()
        self._cursors: list[duckdb.DuckDBPyConnection] = []
        self._writes = _writes_of(data_dir / STORE_FILE)  # see version()
        self._known: tuple[int, tuple[Any, ...]] | None = None
        self._counted = False  # whether this Store counts in _OPEN (read-write, opened by open())
        self._shared: dict[Callable[..., Any], Any] = {}  # see shared()
        self.engine_url: str | None = None  # where analytics run (holosec.engines); None: this DuckDB
        self.query_seconds: float | None = None  # the time limit of a read (see limited()); None: none
        self.readers: threading.BoundedSemaphore | None = None  # reads at once (see limited()); None: any

    @classmethod
    def open(
        cls,
        data_dir: Path,
        *,
        memory_limit: str = "2GB",
        threads: int | None = None,
        read_only: bool = False,
        create: bool = True,
        engine: str | None = None,
    ) -> Self:
        """Open (migrating when needed) the store in ``data_dir``, creating it when ``create`` (and not
        ``read_only``); else :class:`~holosec.errors.StoreMissing` when there is none, and nothing is made.
        ``engine`` is the URL of the engine its analytics run on (see :mod:`holosec.engines`; None: the
        store's own DuckDB).
        :class:`~holosec.errors.StoreInUse` when another process has it open.

        >>> import tempfile
        >>> none = Path(tempfile.mkdtemp()) / "none"
        >>> try:
        ...     Store.open(none, create=False)
        ... except StoreMissing:
        ...     none.exists()
        False
        """
        data_dir = Path(data_dir)
        path = data_dir / STORE_FILE
        if (read_only or not create) and not path.exists():
            raise StoreMissing(data_dir)
        private_dir(data_dir)  # 0700, and the store 0600: it holds what agencies may not share
        config: dict[str, Any] = {"memory_limit": memory_limit}
        if threads:
            config["threads"] = threads
        try:
            con = duckdb.connect(str(path), read_only=read_only, config=config)
        except duckdb.IOException as exc:
            if _LOCKED.search(str(exc)):
                pid = _holder(str(exc))
                held = holder_of(data_dir, pid)
                if held is None:
                    raise StoreInUse(data_dir, pid=pid) from exc
                raise StoreInUse(data_dir, pid=held.pid, url=held.url, command=held.command) from exc
            raise StoreError(f"{path}: cannot open the store ({exc})") from exc
        private_file(path)
        store = cls(con, data_dir)
        store.engine_url = engine
        try:
            con.execute(f"SET temp_directory = '{(data_dir / 'tmp').as_posix()}'")
            # Progress is tracked (holosec draws its own bars) but never printed by DuckDB itself.
            con.execute("SET enable_progress_bar = true")
            con.execute("SET enable_progress_bar_print = false")
            if not read_only:
                store._migrate()
            store._load_reference()
        except BaseException:
            con.close()
            raise
        if not read_only:
            store._counted = True
            if _first_opened(path):
                try:
                    store._recover()
                except BaseException:
                    store.close()
                    raise
        return store

    def close(self) -> None:
        """Close the connection and the threads' cursors; the store stays on disk."""
        if self._counted:
            self._counted = False
            _closed(self.data_dir / STORE_FILE)
        with self._lock, self._small:
            for shared in self._shared.values():
                if callable(closing := getattr(shared, "close", None)):
                    closing()  # an engine's temporary views
            self._shared.clear()
            for cursor in self._cursors:
                cursor.close()
            self._cursors.clear()
        self._con.close()

    @property
    def _here(self) -> duckdb.DuckDBPyConnection:
        """The connection of the calling thread (a cursor of its own, made on first use)."""
        if threading.get_ident() == self._owner:
            return self._con
        cursor: duckdb.DuckDBPyConnection | None = getattr(self._local, "cursor", None)
        if cursor is None:
            with self._small:
                cursor = self._con.cursor()
                self._load_reference(cursor)
                self._cursors.append(cursor)
            self._local.cursor = cursor
        return cursor

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    # -- schema -----------------------------------------------------------------------------------------

    def _migrate(self) -> None:
        con = self._con
        con.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations "
            "(version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)"
        )
        done = {row[0] for row in con.execute("SELECT version FROM schema_migrations").fetchall()}
        if done and max(done) > LATEST:
            raise StoreError(
                f"{self.data_dir}: store schema {max(done)} is newer than this holosec ({LATEST})"
            )
        for migration in MIGRATIONS:
            if migration.version in done:
                continue
            with self.transaction():
                con.execute(migration.sql)
                con.execute(
                    "INSERT INTO schema_migrations VALUES (?, ?, ?)",
                    [migration.version, migration.name, _now()],
                )

    def schema_version(self) -> int:
        """The newest migration applied to this store."""
        row = self.execute("SELECT max(version) FROM schema_migrations").fetchone()
        return int(row[0]) if row and row[0] is not None else 0

    def _load_reference(self, con: duckdb.DuckDBPyConnection | None = None) -> None:
        """Reference lookups as temporary tables of ``con`` (default the store's connection), so they always
        match the installed package."""
        lookups: dict[str, dict[str, str | None]] = {
            "ref_cameo_country": reference.actor_country_codes(),
            "ref_fips": reference.fips_codes(),
            "ref_actor_type": dict.fromkeys(reference.actor_types()),
            "ref_event_code": dict.fromkeys(reference.event_codes()),
        }
        for table, mapping in lookups.items():
            key = "fips" if table == "ref_fips" else "code"
            (con or self._con).execute(
                f"CREATE OR REPLACE TEMP TABLE {table} AS "
                f"SELECT unnest($1::VARCHAR[]) AS {key}, unnest($2::VARCHAR[]) AS iso3",
                [list(mapping), list(mapping.values())],
            )

    @property
    def connection(self) -> duckdb.DuckDBPyConnection:
        """The calling thread's DuckDB connection, for the engine adapter (hold :attr:`lock` to write with
        it, and read within :meth:`limited`)."""
        return self._here

    @property
    def lock(self) -> Writer:
        """The writer's lock: every write holds it (hold it to keep other writes out, as a backup does)."""
        return self._lock

    @contextmanager
    def limited(self) -> Iterator[None]:
        """Run the block's reads as one of at most :attr:`readers` at once (when set: they share one
        memory limit) and within :attr:`query_seconds` (when set): past it the statement is interrupted
        and :class:`~holosec.errors.QueryTimeLimit` raised. Neither applies to the writer's thread.

        >>> import tempfile
        >>> with Store.open(Path(tempfile.mkdtemp())) as store:
        ...     store.query_seconds = 0.2
        ...     try:
        ...         with store.limited():
        ...             store.connection.execute("SELECT count(*) FROM range(10000000000)").fetchall()
        ...     except QueryTimeLimit as cut:
        ...         print(cut.seconds)
        0.2
        """
        seconds, readers = self.query_seconds, self.readers
        if self._lock.held() or getattr(self._local, "reading", False):
            yield  # the writer, or a read within a read
            return
        with readers if readers is not None else contextlib.nullcontext():
            self._local.reading = True
            try:
                if seconds is None:
                    yield
                    return
                with WATCHDOG.watch(self._here, seconds) as watched:
                    try:
                        yield
                    except duckdb.InterruptException as exc:
                        if watched.cut:
                            raise QueryTimeLimit(seconds) from exc
                        raise
            finally:
                self._local.reading = False

    def shared(self, build: Callable[[Self], T]) -> T:
        """The one object ``build(store)`` makes for this store, made on first use and kept while it is
        open: how the layers above keep one adapter per store (:func:`holosec.engines.engine_for`)
        without the store knowing them.

        >>> import tempfile
        >>> def build(store: Store) -> object:
        ...     return object()
        >>> with Store.open(Path(tempfile.mkdtemp())) as store:
        ...     store.shared(build) is store.shared(build)
        True
        """
        with self._small:
            if build not in self._shared:
                self._shared[build] = build(self)
            return cast(T, self._shared[build])

    # -- statements ---------------------------------------------------------------------------------------

    def execute(self, sql: str, params: list[Any] | None = None) -> duckdb.DuckDBPyConnection:
        """Run one statement on this thread's cursor (library code only: SQL text never comes from users;
        values go in ``params``): a read at once, within the time limit (:meth:`limited`); a write
        under the writer's :attr:`lock`."""
        if _READS.match(sql) or _OWN.match(sql):
            with self.limited():
                return self._here.execute(sql, params or [])
        with self._lock:
            try:
                return self._here.execute(sql, params or [])
            finally:
                self._writes.add()

    def executemany(self, sql: str, rows: list[tuple[Any, ...]]) -> None:
        """Run one statement once per row of parameters."""
        with self._lock:
            try:
                self._here.executemany(sql, rows)
            finally:
                self._writes.add()

    def scalar(self, sql: str, params: list[Any] | None = None) -> Any:
        """The first value of the first row of a query."""
        rows = self.execute(sql, params).fetchall()
        return rows[0][0] if rows else None

    def progress(self) -> float:
        """Percent done of the statement now running (-1 when unknown); safe to call from another thread."""
        return float(self._con.query_progress())

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Run the block in one transaction, holding the writer's :attr:`lock`: all of it is stored, or
        none of it, and readers see it all at once when it commits.

        A transaction begun inside another on the same thread joins it: its writes commit or roll back
        with the outer one (so an inner block's exception must reach the outer block to undo anything).

        >>> import tempfile
        >>> with Store.open(Path(tempfile.mkdtemp())) as store:
        ...     try:
        ...         with store.transaction():
        ...             _ = store.execute("INSERT INTO changes VALUES ('tags', 1)")
        ...             with store.transaction():
        ...                 _ = store.execute("INSERT INTO changes VALUES ('fusion', 2)")
        ...             raise RuntimeError("undo both")
        ...     except RuntimeError:
        ...         store.scalar("SELECT count(*) FROM changes")
        0
        """
        with self._lock:
            if getattr(self._local, "transaction", False):
                yield  # joined: the outer block commits or rolls back
                return
            con = self._here
            con.execute("BEGIN TRANSACTION")
            self._local.transaction = True
            try:
                yield
            except BaseException:
                self._local.transaction = False
                con.execute("ROLLBACK")
                self._writes.add()
                raise
            self._local.transaction = False
            con.execute("COMMIT")
            self._writes.add()

    # -- changes of derived data ----------------------------------------------------------------------------

    def mark_changed(self, kind: str) -> None:
        """Record that derived data of ``kind`` (``tags``, ``fusion``) was rewritten, so what was computed
        from it (indicator rollups) knows to rebuild."""
        self.execute("DELETE FROM changes WHERE kind = ?", [kind])
        self.execute("INSERT INTO changes VALUES (?, epoch_us(now()))", [kind])

    def change_serial(self, kind: str) -> int:
        """The serial of the last change of ``kind`` (0 when it never changed)."""
        return int(self.scalar("SELECT coalesce(max(serial), 0) FROM changes WHERE kind = ?", [kind]))

    def ledger_mark(self) -> tuple[int, int, int]:
        """(last completely ingested file, tags serial, fusion serial): what the stored events, tags and
        fused groups are current to; the day cells and an engine's export record it.

        >>> import tempfile
        >>> with Store.open(Path(tempfile.mkdtemp())) as store:
        ...     store.ledger_mark()
        (0, 0, 0)
        """
        through = int(self.scalar("SELECT coalesce(max(file_id), 0) FROM files WHERE status = 'complete'"))
        return through, self.change_serial("tags"), self.change_serial("fusion")

    def version(self) -> tuple[Any, ...]:
        """What changes whenever the data readers read changes: the last ingested file the day cells were
        refreshed to (the last completely ingested file where there are no cells), the newest change
        serial (retag, fuse, corrections) and the alerts' last run and count; results computed from the
        store can be kept until it moves (:class:`holosec.store.Memo`). A file loaded but not yet
        published (a follower between its loads and its publish, an ingest before its refresh) does not
        move it: readers read the cells as they were until then, and the results kept of them hold.

        Read from a few small tables on the calling thread's own cursor, so that it never waits behind
        another thread's long statement (DuckDB runs separate cursors concurrently, each seeing the last
        committed data), and read again only after a statement that may have written ended: a write
        through :meth:`execute`, :meth:`executemany` or :meth:`transaction`, the only ways to write.
        Those are counted for the database file, whichever Store of this process wrote; no other process
        can write while the store is open.

        >>> import tempfile
        >>> with Store.open(Path(tempfile.mkdtemp())) as store:
        ...     store.version()
        (0, 0, None, 0)
        """
        writes, known = self._writes.count, self._known
        if known is not None and known[0] == writes:
            return known[1]
        row = self._here.execute(
            "SELECT coalesce((SELECT max(through_file) FROM rollup_state), "
            "(SELECT coalesce(max(file_id), 0) FROM files WHERE status = 'complete')), "
            "(SELECT coalesce(max(serial), 0) FROM changes), "
            "(SELECT max(last_run) FROM alerts), (SELECT count(*) FROM alerts)"
        ).fetchone()
        version = tuple(row or ())
        self._known = (writes, version)
        return version

    # -- file ledger ----------------------------------------------------------------------------------------

    @property
    def unpack_dir(self) -> Path:
        """The work folder input archives are unpacked into during an ingest (cleared when the store
        opens, should an ingest have been killed)."""
        return self.data_dir / "tmp" / UNPACKED_DIR

    def _recover(self) -> None:
        """What a killed ingest left behind, put right when the store is next opened (by the only Store of
        the only process): files it had begun are marked ``abandoned`` (never left ``started``; the next
        ingest tries them again) and the archives it had unpacked are deleted."""
        self.execute(
            "UPDATE files SET status = 'abandoned', error = ? WHERE status = 'started'",
            ["the ingest stopped before this file was done (killed or crashed); nothing of it was kept"],
        )
        shutil.rmtree(self.unpack_dir, ignore_errors=True)

    def completed_file(self, sha256: str) -> FileRecord | None:
        """The ledger entry of a file with this checksum that was ingested completely, if any."""
        row = self.execute(
            f"SELECT {_RECORD} FROM files WHERE sha256 = ? AND status = 'complete' "
            "ORDER BY file_id DESC LIMIT 1",
            [sha256],
        ).fetchone()
        return FileRecord(*row) if row else None

    def completed_file_at(self, path: Path, stat: os.stat_result) -> FileRecord | None:
        """The complete ledger entry of the file at ``path`` if it has not changed since (same size and
        modification time): a re-ingest needs no hashing."""
        row = self.execute(
            f"SELECT {_RECORD} FROM files WHERE path = ? AND size = ? AND mtime_ns = ? "
            "AND status = 'complete' ORDER BY file_id DESC LIMIT 1",
            [str(path), stat.st_size, stat.st_mtime_ns],
        ).fetchone()
        return FileRecord(*row) if row else None

    def start_file(self, name: str, path: Path, found: Fingerprint) -> int:
        """Record that ingest of a file has begun (committed at once, so a crash leaves a trace)."""
        file_id = int(self.scalar("SELECT nextval('file_id_seq')"))
        self.execute(
            "INSERT INTO files (file_id, name, path, sha256, size, mtime_ns, status, started_at) "
            "VALUES (?, ?, ?, ?, ?, ?, 'started', ?)",
            [file_id, name, str(path), found.sha256, found.size, found.mtime_ns, _now()],
        )
        return file_id

    def finish_file(
        self, file_id: int, *, layout: str, read: int, stored: int, quarantined: int, replaced: int
    ) -> None:
        """Mark a file complete with its row counts (inside the ingest transaction)."""
        self.execute(
            "UPDATE files SET status = 'complete', layout = ?, rows_read = ?, rows_stored = ?, "
            "rows_quarantined = ?, rows_replaced = ?, finished_at = ?, error = NULL WHERE file_id = ?",
            [layout, read, stored, quarantined, replaced, _now(), file_id],
        )

    def fail_file(self, file_id: int, error: str) -> None:
        """Mark a file failed with the reason; nothing of it was stored."""
        self.execute(
            "UPDATE files SET status = 'failed', error = ?, finished_at = ? WHERE file_id = ?",
            [error, _now(), file_id],
        )

    def files(self) -> list[FileRecord]:
        """The whole ledger, oldest first."""
        rows = self.execute(f"SELECT {_RECORD} FROM files ORDER BY file_id").fetchall()
        return [FileRecord(*row) for row in rows]
