"""Users, sessions, API tokens and failed logins, in the workspace database.

Passwords are stored as argon2 hashes; session ids and API tokens only as their SHA-256, so a copy of the
database lets no one in. Every user belongs to one agency and has one role (:mod:`holosec.cases.roles`;
the web issue's admin, analyst and viewer are accepted and stored as what they became).

Every change is an audit entry naming who made it (``by``: the admin, or ``holosec-cli`` for the command
line); sign-ins, sign-outs and failed sign-ins are audited too. The audit trail's own actor names
(:data:`holosec.cases.audit.RESERVED_ACTORS`) cannot be taken as user names.

>>> import tempfile
>>> from holosec.cases.agencies import add_agency
>>> users = UserStore(Path(tempfile.mkdtemp()))
>>> add_agency(users.workspace, "Ministry of Foreign Affairs", "ministry")["name"]
'Ministry of Foreign Affairs'
>>> password = users.add("ana", "agency-analyst", agency="Ministry of Foreign Affairs")
>>> found = users.authenticate("ana", password)
>>> found.role, found.agency, users.authenticate("ana", "wrong")
('agency-analyst', 'Ministry of Foreign Affairs', None)
"""

from __future__ import annotations

import hashlib
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from holosec.cases import audit
from holosec.cases.db import DEFAULT_AGENCY, SECRETARIAT, Workspace, agency_named
from holosec.cases.models import LoginFailure, SessionRow, TokenRow, UserRow
from holosec.cases.roles import COMMISSION_ROLES, ROLES, at_least, role_id
from holosec.errors import HolosecError

SESSION_SECONDS = 12 * 3600


class UserError(HolosecError):
    """A user cannot be created or found (bad name, role or agency)."""


class UserExists(UserError):
    """The name is taken."""


@dataclass(frozen=True)
class User:
    """A signed-in user: their role and agency decide what they may see and do."""

    user_id: int
    name: str
    role: str
    agency: str
    agency_id: int = 0

    def may(self, role: str) -> bool:
        """Whether the user's role ranks at or above ``role`` (a legacy name too).

        >>> User(1, "v", "observer", "A").may("analyst"), User(2, "a", "commission-admin", "C").may("analyst")
        (False, True)
        """
        return at_least(self.role, role)

    @property
    def commission(self) -> bool:
        """Whether the user is of the commission (sees across agencies)."""
        return self.role in COMMISSION_ROLES


def digest(secret: str) -> str:
    """The SHA-256 under which a session id or token is stored."""
    return hashlib.sha256(secret.encode()).hexdigest()


def _count(session: Session, table: type[SessionRow] | type[TokenRow], user_id: int) -> int:
    return int(
        session.scalar(sa.select(sa.func.count()).select_from(table).where(table.user_id == user_id)) or 0
    )


def _user(row: UserRow) -> User:
    return User(row.user_id, row.name, row.role, row.agency.name, row.agency_id)


class UserStore:
    """The users of the workspace of ``data_dir`` (or at ``url``). Safe to share between threads."""

    def __init__(self, data_dir: Path, url: str | None = None, *, create: bool = True) -> None:
        self.workspace = Workspace.open(Path(data_dir), url, create=create)
        self._hasher = PasswordHasher()
        self._dummy: str | None = None

    # -- users ----------------------------------------------------------------------------------------------

    def add(self, name: str, role: str, agency: str | None = None, *, by: str = audit.SYSTEM) -> str:
        """Create a user and return their generated one-time password. Commission roles default to the
        commission secretariat, the others to "Default agency"; a named agency must exist. ``by`` is who
        does it (the audit trail's actor)."""
        try:
            role = role_id(role)
        except ValueError as exc:
            raise UserError(str(exc)) from exc
        if not name or len(name) > 64 or not name.isprintable() or name != name.strip():
            raise UserError(f"{name!r} is not a usable user name (1-64 printable characters)")
        if audit.reserved(name):
            raise UserError(f"{name!r} is holosec's own name in the audit trail; choose another")
        password = secrets.token_urlsafe(15)
        try:
            with self.workspace.session() as session:
                if agency is None:
                    home = agency_named(
                        session,
                        SECRETARIAT if role in COMMISSION_ROLES else DEFAULT_AGENCY,
                        create=True,
                        kind="commission" if role in COMMISSION_ROLES else "agency",
                    )
                else:
                    try:
                        home = agency_named(session, agency)
                    except LookupError as exc:
                        raise UserError(str(exc)) from exc
                session.add(
                    UserRow(
                        name=name,
                        password_hash=self._hasher.hash(password),
                        role=role,
                        agency_id=home.id,
                        created_at=time.time(),
                    )
                )
                session.flush()
                audit.record(session, by, "user.add", f"user:{name}", {"role": role, "agency": home.name})
        except IntegrityError as exc:
            raise UserExists(f"user {name!r} exists already") from exc
        return password

    def count(self) -> int:
        """How many users there are."""
        with self.workspace.session() as session:
            return int(session.scalar(sa.select(sa.func.count()).select_from(UserRow)) or 0)

    def ensure_admin(self) -> str | None:
        """Create the user ``admin`` (commission-admin) when there are no users, returning its password."""
        return self.add("admin", "commission-admin") if self.count() == 0 else None

    def get(self, name: str) -> User | None:
        """The user called ``name``, if any."""
        with self.workspace.session() as session:
            row = session.scalar(sa.select(UserRow).where(UserRow.name == name))
            return _user(row) if row else None

    def all(self) -> list[User]:
        """Every user, by name."""
        with self.workspace.session() as session:
            return [_user(r) for r in session.scalars(sa.select(UserRow).order_by(UserRow.name))]

    def _existing(self, name: str) -> User:
        user = self.get(name)
        if user is None:
            raise UserError(f"no user {name!r}")
        return user

    def sign_out_everywhere(self, name: str, *, by: str = audit.SYSTEM) -> int:
        """End every session and revoke every API token of ``name``; returns how many there were."""
        user = self._existing(name)
        with self.workspace.session() as session:
            ended = _count(session, SessionRow, user.user_id)
            revoked = _count(session, TokenRow, user.user_id)
            session.execute(sa.delete(SessionRow).where(SessionRow.user_id == user.user_id))
            session.execute(sa.delete(TokenRow).where(TokenRow.user_id == user.user_id))
            audit.record(session, by, "user.sign-out", f"user:{name}", {"everywhere": True})
        return int(ended + revoked)

    def new_password(self, name: str, *, by: str = audit.SYSTEM) -> str:
        """Give ``name`` a new generated one-time password (their sessions end; tokens stay)."""
        user = self._existing(name)
        password = secrets.token_urlsafe(15)
        with self.workspace.session() as session:
            session.execute(
                sa.update(UserRow)
                .where(UserRow.user_id == user.user_id)
                .values(password_hash=self._hasher.hash(password))
            )
            session.execute(sa.delete(SessionRow).where(SessionRow.user_id == user.user_id))
            audit.record(session, by, "user.password", f"user:{name}")
        return password

    def remove(self, name: str, *, by: str = audit.SYSTEM) -> None:
        """Sign ``name`` out everywhere and remove their sign-in; what they wrote stays attributed to them,
        so the user row is kept with an unusable password rather than deleted."""
        user = self._existing(name)
        with self.workspace.session() as session:
            session.execute(sa.delete(SessionRow).where(SessionRow.user_id == user.user_id))
            session.execute(sa.delete(TokenRow).where(TokenRow.user_id == user.user_id))
            session.execute(
                sa.update(UserRow)
                .where(UserRow.user_id == user.user_id)
                .values(password_hash="!removed", name=f"{name} (removed {secrets.token_hex(3)})")
            )
            audit.record(session, by, "user.remove", f"user:{name}")

    def authenticate(self, name: str, password: str) -> User | None:
        """The user when ``password`` is theirs, else None (in about the same time either way)."""
        with self.workspace.session() as session:
            row = session.scalar(sa.select(UserRow).where(UserRow.name == name))
            hashed = row.password_hash if row else None
        if hashed is None:
            self._dummy = self._dummy or self._hasher.hash(secrets.token_urlsafe(15))
            self._verify(self._dummy, password)
            return None
        if not self._verify(hashed, password):
            return None
        if self._hasher.check_needs_rehash(hashed):
            with self.workspace.session() as session:
                session.execute(
                    sa.update(UserRow)
                    .where(UserRow.name == name)
                    .values(password_hash=self._hasher.hash(password))
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
        session_id = secrets.token_urlsafe(32)
        with self.workspace.session() as session:
            session.execute(sa.delete(SessionRow).where(SessionRow.expires_at < time.time()))
            audit.record(session, user.name, "user.sign-in", f"user:{user.name}")
            session.add(
                SessionRow(
                    session_hash=digest(session_id),
                    user_id=user.user_id,
                    expires_at=time.time() + SESSION_SECONDS,
                )
            )
        return session_id

    def session_user(self, session_id: str) -> User | None:
        """The user of a live session, if any."""
        with self.workspace.session() as session:
            row = session.scalar(
                sa.select(UserRow)
                .join(SessionRow, SessionRow.user_id == UserRow.user_id)
                .where(SessionRow.session_hash == digest(session_id), SessionRow.expires_at > time.time())
            )
            return _user(row) if row else None

    def end_session(self, session_id: str) -> None:
        """Forget a session (logout); the sign-out is audited, naming its user."""
        with self.workspace.session() as session:
            name = session.scalar(
                sa.select(UserRow.name)
                .join(SessionRow, SessionRow.user_id == UserRow.user_id)
                .where(SessionRow.session_hash == digest(session_id))
            )
            session.execute(sa.delete(SessionRow).where(SessionRow.session_hash == digest(session_id)))
            if name is not None:
                audit.record(session, name, "user.sign-out", f"user:{name}")

    def new_token(self, name: str, *, by: str = audit.SYSTEM) -> str:
        """A new API token for the user ``name`` (shown once: only its hash is kept); ``by`` is who asked."""
        user = self._existing(name)
        token = "hs_" + secrets.token_urlsafe(32)
        with self.workspace.session() as session:
            session.add(TokenRow(token_hash=digest(token), user_id=user.user_id, created_at=time.time()))
            audit.record(session, by, "user.token", f"user:{name}")
        return token

    def token_user(self, token: str) -> User | None:
        """The user of an API token, if it is one."""
        with self.workspace.session() as session:
            row = session.scalar(
                sa.select(UserRow)
                .join(TokenRow, TokenRow.user_id == UserRow.user_id)
                .where(TokenRow.token_hash == digest(token))
            )
            return _user(row) if row else None

    # -- failed logins --------------------------------------------------------------------------------------

    def failures(self, name: str, ip: str, window: float) -> int:
        """Failed logins of ``name`` from ``ip`` in the last ``window`` seconds."""
        with self.workspace.session() as session:
            found = session.scalar(
                sa.select(sa.func.count())
                .select_from(LoginFailure)
                .where(
                    LoginFailure.name == name, LoginFailure.ip == ip, LoginFailure.at > time.time() - window
                )
            )
            return int(found or 0)

    def reserve_attempt(self, name: str, ip: str, limits: SignInLimits) -> bool:
        """Count a sign-in attempt of ``name`` from ``ip`` as failed *before* its password is checked, unless
        ``limits`` are reached already: then False, and the password must not be checked. Checking and
        counting are one transaction holding a lock, so concurrent attempts cannot all slip under a limit.
        A successful sign-in takes its count back with :meth:`clear_failures`.

        >>> import tempfile
        >>> users = UserStore(Path(tempfile.mkdtemp()))
        >>> limits = SignInLimits(per_name=2, per_address=3)
        >>> [users.reserve_attempt("ana", "192.0.2.1", limits) for _ in range(3)]
        [True, True, False]
        >>> [users.reserve_attempt(name, "192.0.2.1", limits) for name in ("bob", "cy")]
        [True, False]
        """
        now = time.time()
        with self.workspace.session() as session:
            _lock_failures(session)
            session.execute(sa.delete(LoginFailure).where(LoginFailure.at <= now - limits.window))
            if _failed(session, LoginFailure.name == name) >= limits.per_name:
                return False
            if _failed(session, LoginFailure.ip == ip) >= limits.per_address:
                return False
            session.add(LoginFailure(name=name, ip=ip, at=now))
        return True

    def attempt_failed(self, name: str, ip: str) -> None:
        """Audit a failed sign-in whose attempt :meth:`reserve_attempt` has counted already."""
        audit.sign_in_failed(self.workspace, name, ip)

    def record_failure(self, name: str, ip: str) -> None:
        """Note one failed login (counted for the limit, and audited)."""
        with self.workspace.session() as session:
            session.add(LoginFailure(name=name, ip=ip, at=time.time()))
        audit.sign_in_failed(self.workspace, name, ip)

    def clear_failures(self, name: str, ip: str) -> None:
        """Forget the failed logins of ``name`` from ``ip`` (after a successful one)."""
        with self.workspace.session() as session:
            session.execute(sa.delete(LoginFailure).where(LoginFailure.name == name, LoginFailure.ip == ip))


@dataclass(frozen=True)
class SignInLimits:
    """How many failed sign-ins count before more are refused for a while: of one user name from any
    address (guessing one password), and from one address for any names (spraying one password over many
    names), within ``window`` seconds."""

    per_name: int = 5
    per_address: int = 20
    window: float = 900.0


def _lock_failures(session: Session) -> None:
    """Make concurrent reservations wait for each other. SQLite: nothing to do, every workspace transaction
    holds the database's write lock from its start (``BEGIN IMMEDIATE``, :mod:`holosec.cases.db`)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(sa.text("LOCK TABLE login_failures IN SHARE ROW EXCLUSIVE MODE"))


def _failed(session: Session, where: sa.ColumnElement[bool]) -> int:
    return int(session.scalar(sa.select(sa.func.count()).select_from(LoginFailure).where(where)) or 0)


__all__ = [
    "ROLES",
    "SESSION_SECONDS",
    "SignInLimits",
    "User",
    "UserError",
    "UserExists",
    "UserStore",
    "digest",
]
