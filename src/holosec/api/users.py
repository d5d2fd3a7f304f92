"""Users, sessions, API tokens and failed logins of the web app, in ``users.sqlite`` in the data directory.

Passwords are stored as argon2 hashes; session ids and API tokens only as their SHA-256, so a copy of the
file lets no one in. Every statement is parameterised. Each call opens its own short-lived connection, so
the object is safe to share between the server's threads.

>>> import tempfile
>>> users = UserStore(Path(tempfile.mkdtemp()))
>>> password = users.add("ana", "analyst")
>>> users.authenticate("ana", password).role, users.authenticate("ana", "wrong")
('analyst', None)
"""

from __future__ import annotations

import hashlib
import secrets
import sqlite3
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from holosec.errors import HolosecError

USERS_FILE = "users.sqlite"
ROLES = ("viewer", "analyst", "admin")  # each may do what the ones before it may
SESSION_SECONDS = 12 * 3600
_SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    user_id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, password_hash TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('viewer', 'analyst', 'admin')), agency TEXT,
    created_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS sessions (
    session_hash TEXT PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users(user_id),
    expires_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS tokens (
    token_hash TEXT PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users(user_id), created_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS login_failures (name TEXT NOT NULL, ip TEXT NOT NULL, at REAL NOT NULL);
CREATE INDEX IF NOT EXISTS login_failures_key ON login_failures (name, ip);
"""
_USER = "SELECT u.user_id, u.name, u.role, u.agency FROM users u"


class UserError(HolosecError):
    """A user cannot be created (bad name or role)."""


class UserExists(UserError):
    """The name is taken."""


@dataclass(frozen=True)
class User:
    """A signed-in user."""

    user_id: int
    name: str
    role: str
    agency: str | None

    def may(self, role: str) -> bool:
        """Whether the user has ``role`` or a higher one.

        >>> User(1, "v", "viewer", None).may("analyst"), User(2, "a", "admin", None).may("analyst")
        (False, True)
        """
        return ROLES.index(self.role) >= ROLES.index(role)


def digest(secret: str) -> str:
    """The SHA-256 under which a session id or token is stored."""
    return hashlib.sha256(secret.encode()).hexdigest()


class UserStore:
    """The users database of the data directory ``data_dir`` (created on first use)."""

    def __init__(self, data_dir: Path) -> None:
        self.path = Path(data_dir) / USERS_FILE
        self._hasher = PasswordHasher()
        self._dummy: str | None = None

    @contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with closing(sqlite3.connect(self.path, timeout=10)) as con:
            con.executescript(_SCHEMA)
            with con:
                yield con

    # -- users ----------------------------------------------------------------------------------------------

    def add(self, name: str, role: str, agency: str | None = None) -> str:
        """Create a user and return their generated one-time password."""
        if role not in ROLES:
            raise UserError(f"role must be one of {', '.join(ROLES)}, not {role!r}")
        if not name or len(name) > 64 or not name.isprintable() or name != name.strip():
            raise UserError(f"{name!r} is not a usable user name (1-64 printable characters)")
        password = secrets.token_urlsafe(15)
        try:
            with self._db() as con:
                con.execute(
                    "INSERT INTO users (name, password_hash, role, agency, created_at) "
                    "VALUES (?, ?, ?, ?, ?)",
                    (name, self._hasher.hash(password), role, agency, time.time()),
                )
        except sqlite3.IntegrityError as exc:
            raise UserExists(f"user {name!r} exists already") from exc
        return password

    def count(self) -> int:
        """How many users there are."""
        with self._db() as con:
            return int(con.execute("SELECT count(*) FROM users").fetchone()[0])

    def ensure_admin(self) -> str | None:
        """Create the user ``admin`` when there are no users at all, returning its password (else None)."""
        return self.add("admin", "admin") if self.count() == 0 else None

    def get(self, name: str) -> User | None:
        """The user called ``name``, if any."""
        with self._db() as con:
            row = con.execute(f"{_USER} WHERE u.name = ?", (name,)).fetchone()
        return User(*row) if row else None

    def all(self) -> list[User]:
        """Every user, by name."""
        with self._db() as con:
            rows = con.execute(f"{_USER} ORDER BY u.name").fetchall()
        return [User(*row) for row in rows]

    def _existing(self, name: str) -> User:
        user = self.get(name)
        if user is None:
            raise UserError(f"no user {name!r}")
        return user

    def sign_out_everywhere(self, name: str) -> int:
        """End every session and revoke every API token of ``name``; returns how many there were."""
        user = self._existing(name)
        with self._db() as con:
            ended = con.execute("DELETE FROM sessions WHERE user_id = ?", (user.user_id,)).rowcount
            revoked = con.execute("DELETE FROM tokens WHERE user_id = ?", (user.user_id,)).rowcount
        return int(ended + revoked)

    def new_password(self, name: str) -> str:
        """Give ``name`` a new generated one-time password (their sessions end; tokens stay)."""
        user = self._existing(name)
        password = secrets.token_urlsafe(15)
        with self._db() as con:
            con.execute(
                "UPDATE users SET password_hash = ? WHERE user_id = ?",
                (self._hasher.hash(password), user.user_id),
            )
            con.execute("DELETE FROM sessions WHERE user_id = ?", (user.user_id,))
        return password

    def remove(self, name: str) -> None:
        """Delete ``name`` with their sessions and tokens."""
        self.sign_out_everywhere(name)
        with self._db() as con:
            con.execute("DELETE FROM users WHERE name = ?", (name,))

    def authenticate(self, name: str, password: str) -> User | None:
        """The user when ``password`` is theirs, else None (in about the same time either way)."""
        with self._db() as con:
            row = con.execute("SELECT password_hash FROM users WHERE name = ?", (name,)).fetchone()
        if row is None:
            self._dummy = self._dummy or self._hasher.hash(secrets.token_urlsafe(15))
            self._verify(self._dummy, password)
            return None
        if not self._verify(row[0], password):
            return None
        if self._hasher.check_needs_rehash(row[0]):
            with self._db() as con:
                con.execute(
                    "UPDATE users SET password_hash = ? WHERE name = ?", (self._hasher.hash(password), name)
                )
        return self.get(name)

    def _verify(self, hashed: str, password: str) -> bool:
        try:
            return self._hasher.verify(hashed, password)
        except (VerificationError, InvalidHashError):
            return False

    # -- sessions and tokens --------------------------------------------------------------------------------

    def start_session(self, user: User) -> str:
        """A new session id for ``user``, valid for :data:`SESSION_SECONDS`."""
        session = secrets.token_urlsafe(32)
        with self._db() as con:
            con.execute("DELETE FROM sessions WHERE expires_at < ?", (time.time(),))
            con.execute(
                "INSERT INTO sessions VALUES (?, ?, ?)",
                (digest(session), user.user_id, time.time() + SESSION_SECONDS),
            )
        return session

    def session_user(self, session: str) -> User | None:
        """The user of a live session, if any."""
        with self._db() as con:
            row = con.execute(
                f"{_USER} JOIN sessions s USING (user_id) WHERE s.session_hash = ? AND s.expires_at > ?",
                (digest(session), time.time()),
            ).fetchone()
        return User(*row) if row else None

    def end_session(self, session: str) -> None:
        """Forget a session (logout)."""
        with self._db() as con:
            con.execute("DELETE FROM sessions WHERE session_hash = ?", (digest(session),))

    def new_token(self, name: str) -> str:
        """A new API token for the user ``name`` (shown once: only its hash is kept)."""
        user = self._existing(name)
        token = "hs_" + secrets.token_urlsafe(32)
        with self._db() as con:
            con.execute("INSERT INTO tokens VALUES (?, ?, ?)", (digest(token), user.user_id, time.time()))
        return token

    def token_user(self, token: str) -> User | None:
        """The user of an API token, if it is one."""
        with self._db() as con:
            row = con.execute(
                f"{_USER} JOIN tokens t USING (user_id) WHERE t.token_hash = ?", (digest(token),)
            ).fetchone()
        return User(*row) if row else None

    # -- failed logins --------------------------------------------------------------------------------------

    def failures(self, name: str, ip: str, window: float) -> int:
        """Failed logins of ``name`` from ``ip`` in the last ``window`` seconds."""
        with self._db() as con:
            con.execute("DELETE FROM login_failures WHERE at < ?", (time.time() - 86400,))
            row = con.execute(
                "SELECT count(*) FROM login_failures WHERE name = ? AND ip = ? AND at > ?",
                (name, ip, time.time() - window),
            ).fetchone()
        return int(row[0])

    def record_failure(self, name: str, ip: str) -> None:
        """Note one failed login."""
        with self._db() as con:
            con.execute("INSERT INTO login_failures VALUES (?, ?, ?)", (name, ip, time.time()))

    def clear_failures(self, name: str, ip: str) -> None:
        """Forget the failed logins of ``name`` from ``ip`` (after a successful one)."""
        with self._db() as con:
            con.execute("DELETE FROM login_failures WHERE name = ? AND ip = ?", (name, ip))
