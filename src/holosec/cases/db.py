"""The workspace database: where it is, opening it, migrating it, one transaction per action.

A SQLite file ``workspace.sqlite`` in the data directory by default; PostgreSQL (or any SQLAlchemy URL)
by ``HOLOSEC_DATABASE_URL`` or the ``url`` argument. Opening runs the Alembic migrations to the newest
revision, then imports the users of a data directory's old ``users.sqlite`` (the web app's file before
the workspace) once, mapping their roles as migration 0002 does.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import closing, contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from holosec.cases.errors import WorkspaceError, WorkspaceMissing
from holosec.cases.models import Agency, TokenRow, UserRow
from holosec.store.private import private_dir, private_file

WORKSPACE_FILE = "workspace.sqlite"
LEGACY_USERS_FILE = "users.sqlite"
URL_VARIABLE = "HOLOSEC_DATABASE_URL"
MIGRATIONS = Path(__file__).parent / "migrations"
SECRETARIAT = "Commission secretariat"
DEFAULT_AGENCY = "Default agency"
LEGACY_ROLES = {"admin": "commission-admin", "analyst": "agency-analyst", "viewer": "observer"}
_opened: dict[str, Workspace] = {}
_opening = threading.Lock()


def workspace_url(data_dir: Path, url: str | None = None) -> str:
    """The database URL: ``url``, else ``$HOLOSEC_DATABASE_URL``, else the data directory's SQLite file.
    ``postgresql://`` URLs are given the psycopg 3 driver.

    >>> workspace_url(Path("/d"), "postgresql://u@h/db")
    'postgresql+psycopg://u@h/db'
    """
    chosen = url or os.environ.get(URL_VARIABLE) or f"sqlite:///{Path(data_dir).resolve() / WORKSPACE_FILE}"
    for plain in ("postgresql://", "postgres://"):
        if chosen.startswith(plain):
            return "postgresql+psycopg://" + chosen[len(plain) :]
    return chosen


def _engine(url: str) -> Engine:
    if not url.startswith("sqlite"):
        try:
            return sa.create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)
        except ModuleNotFoundError as exc:
            raise WorkspaceError(
                f"the workspace database {url.split('://')[0]} needs its driver:"
                f" pip install 'holosec[postgres]' ({exc})"
            ) from exc
    engine = sa.create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})

    @sa.event.listens_for(engine, "connect")
    def _connect(dbapi: Any, _record: Any) -> None:
        dbapi.isolation_level = None  # holosec begins its own transactions (below)
        cursor = dbapi.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _begin(connection: sa.Connection) -> None:
        # Take the write lock at the start: two SQLite transactions that read and then write would
        # otherwise deadlock, one of them failing with "database is locked" instead of waiting.
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


class Workspace:
    """The workspace database at one URL: an engine and a session factory.

    Use :meth:`open` (migrated, cached per URL) rather than the constructor.
    """

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = _engine(url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @classmethod
    def open(cls, data_dir: Path, url: str | None = None, *, create: bool = True) -> Workspace:
        """The workspace of ``data_dir`` (or at ``url``), migrated to the newest revision; made when there
        is none if ``create``, else :class:`~holosec.cases.errors.WorkspaceMissing` (and nothing is made).

        >>> import tempfile
        >>> folder = Path(tempfile.mkdtemp())
        >>> try:
        ...     Workspace.open(folder, f"sqlite:///{folder}/w.sqlite", create=False)
        ... except WorkspaceMissing:
        ...     (folder / "w.sqlite").exists()
        False
        """
        full = workspace_url(data_dir, url)
        with _opening:
            if full not in _opened:
                if not create:
                    _require(full, Path(data_dir))
                file = _sqlite_file(full, Path(data_dir))
                workspace = cls(full)
                workspace.upgrade()
                if file is not None:
                    private_file(file)  # 0600: password hashes, webhook secrets, every agency's cases
                _opened[full] = workspace
            workspace = _opened[full]
        workspace.import_legacy_users(Path(data_dir))
        return workspace

    def close(self) -> None:
        """Close the engine's connections and forget this workspace (the next :meth:`open` starts anew)."""
        with _opening:
            _opened.pop(self.url, None)
        self.engine.dispose()

    def upgrade(self, revision: str = "head") -> None:
        """Run the Alembic migrations up to ``revision``."""
        with self.engine.connect() as connection:
            if connection.dialect.name == "sqlite":
                # tables are copied and dropped while rows still point at them; SQLite checks the
                # foreign keys again at the end of each statement once this is back on
                connection.exec_driver_sql("PRAGMA foreign_keys = OFF")
            config = Config()
            config.set_main_option("script_location", str(MIGRATIONS))
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
            connection.commit()
            if connection.dialect.name == "sqlite":
                connection.exec_driver_sql("PRAGMA foreign_keys = ON")

    def revision(self) -> str | None:
        """The revision the database is at."""
        with self.engine.connect() as connection:
            if not sa.inspect(connection).has_table("alembic_version"):
                return None
            return connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back (nothing half-written) if it raises."""
        with self._sessions() as session, session.begin():
            yield session

    def import_legacy_users(self, data_dir: Path) -> int:
        """Bring the users and API tokens of ``data_dir/users.sqlite`` (the web app's own file before the
        workspace) into the workspace once, then rename the file ``users.sqlite.imported``. Returns how
        many users were imported (names already in the workspace are left as they are)."""
        legacy = data_dir / LEGACY_USERS_FILE
        if not legacy.exists():
            return 0
        with closing(sqlite3.connect(legacy)) as old:
            users = old.execute(
                "SELECT user_id, name, password_hash, role, agency, created_at FROM users"
            ).fetchall()
            tokens = old.execute("SELECT token_hash, user_id, created_at FROM tokens").fetchall()
        imported = 0
        with self.session() as session:
            ids = {}
            for user_id, name, password_hash, role, agency, created_at in users:
                if session.scalar(sa.select(UserRow).where(UserRow.name == name)) is not None:
                    continue
                home = SECRETARIAT if role == "admin" else (agency or "").strip() or DEFAULT_AGENCY
                row = UserRow(
                    name=name,
                    password_hash=password_hash,
                    role=LEGACY_ROLES.get(role, role),
                    agency_id=agency_named(session, home, create=True).id,
                    created_at=created_at,
                )
                session.add(row)
                session.flush()
                ids[user_id] = row.user_id
                imported += 1
            for token_hash, user_id, created_at in tokens:
                if user_id in ids:
                    session.add(TokenRow(token_hash=token_hash, user_id=ids[user_id], created_at=created_at))
        legacy.rename(legacy.with_name(LEGACY_USERS_FILE + ".imported"))
        return imported


def _require(url: str, data_dir: Path) -> None:
    """:class:`WorkspaceMissing` unless the workspace at ``url`` exists (or the users of an older holosec
    wait in ``data_dir`` to be brought in)."""
    if (data_dir / LEGACY_USERS_FILE).exists():
        return
    if url.startswith("sqlite:///") and not url.endswith(":memory:"):
        file = Path(url.removeprefix("sqlite:///"))
        if not file.is_file():
            where = str(data_dir) if file.parent.resolve() == data_dir.resolve() else str(file)
            raise WorkspaceMissing(where)
        return
    if url.startswith("sqlite"):
        return
    probe = _engine(url)
    try:
        with probe.connect() as connection:
            found = sa.inspect(connection).has_table("alembic_version")
    finally:
        probe.dispose()
    if not found:
        raise WorkspaceMissing(sa.make_url(url).render_as_string(hide_password=True))


def _sqlite_file(url: str, data_dir: Path) -> Path | None:
    """The SQLite file of ``url`` with its directory made (0700 when it is the data directory), if any."""
    if not url.startswith("sqlite:///") or url.endswith(":memory:"):
        return None
    file = Path(url.removeprefix("sqlite:///"))
    if file.parent.resolve() == data_dir.resolve():
        private_dir(file.parent)
    else:
        file.parent.mkdir(parents=True, exist_ok=True)
    return file


def opened(url: str) -> Workspace | None:
    """The workspace already open at ``url`` in this process, if any."""
    with _opening:
        return _opened.get(workspace_url(Path("."), url))


def agency_named(session: Session, name: str, *, create: bool = False, kind: str = "agency") -> Agency:
    """The agency called ``name`` (created when ``create``), or :class:`LookupError`."""
    found = session.scalar(sa.select(Agency).where(Agency.name == name))
    if found is None:
        if not create:
            raise LookupError(f"no agency {name!r} (add it with 'holosec agencies add')")
        found = Agency(name=name, kind=kind, created_at=now())
        session.add(found)
        session.flush()
    return found


def now() -> datetime:
    """The current time in UTC."""
    return datetime.now(UTC)
