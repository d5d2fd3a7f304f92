"""The workspace's tables as SQLAlchemy 2 mapped classes (the schema itself is made by the Alembic
migrations in ``migrations/``; a test checks that the two agree).

Append-only tables (``decisions``, ``audit_log``) also refuse UPDATE and DELETE in the database itself
(triggers made by the migration), so not even a bug in holosec can rewrite history.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    """The workspace's declarative base."""


class Agency(Base):
    """A ministry, a service, or the commission's own secretariat."""

    __tablename__ = "agencies"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    kind: Mapped[str] = mapped_column(String(20))  # commission | ministry | service | agency
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class UserRow(Base):
    """A person who signs in: one agency, one role (:mod:`holosec.cases.roles`)."""

    __tablename__ = "users"
    user_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(Text, unique=True)
    password_hash: Mapped[str] = mapped_column(Text)
    role: Mapped[str] = mapped_column(String(20))
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    created_at: Mapped[float] = mapped_column(Float)
    agency: Mapped[Agency] = relationship(lazy="joined", innerjoin=True)


class SessionRow(Base):
    __tablename__ = "sessions"
    session_hash: Mapped[str] = mapped_column(Text, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.user_id"))
    expires_at: Mapped[float] = mapped_column(Float)


class TokenRow(Base):
    __tablename__ = "tokens"
    token_hash: Mapped[str] = mapped_column(Text, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.user_id"))
    created_at: Mapped[float] = mapped_column(Float)


class LoginFailure(Base):
    __tablename__ = "login_failures"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    ip: Mapped[str] = mapped_column(Text)
    at: Mapped[float] = mapped_column(Float)
    __table_args__ = (Index("login_failures_key", "name", "ip"),)


class FieldAgency(Base):
    """Which agency leads a security field and which contribute (editable data)."""

    __tablename__ = "field_agencies"
    taxonomy: Mapped[str] = mapped_column(String(20), primary_key=True)
    field: Mapped[str] = mapped_column(String(40), primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), primary_key=True)
    relation: Mapped[str] = mapped_column(String(20))  # lead | contributing
    agency: Mapped[Agency] = relationship(lazy="joined", innerjoin=True)


class Case(Base):
    """A major issue the commission coordinates, from research to implementation."""

    __tablename__ = "cases"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(30))
    priority: Mapped[str] = mapped_column(String(10))
    due_on: Mapped[date | None] = mapped_column(Date)
    period: Mapped[str | None] = mapped_column(String(10))
    taxonomy: Mapped[str] = mapped_column(String(20))
    lead_agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    created_by: Mapped[int] = mapped_column(ForeignKey("users.user_id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    merged_into: Mapped[int | None] = mapped_column(ForeignKey("cases.id"))
    version: Mapped[int] = mapped_column(Integer)
    lead_agency: Mapped[Agency] = relationship(lazy="joined", innerjoin=True)
    fields: Mapped[list[CaseField]] = relationship(cascade="all, delete-orphan", lazy="selectin")
    places: Mapped[list[CasePlace]] = relationship(cascade="all, delete-orphan", lazy="selectin")
    agencies: Mapped[list[CaseAgency]] = relationship(cascade="all, delete-orphan", lazy="selectin")
    shares: Mapped[list[CaseShare]] = relationship(cascade="all, delete-orphan", lazy="selectin")

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012  # a stale write fails, never lost


class CaseField(Base):
    __tablename__ = "case_fields"
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), primary_key=True)
    field: Mapped[str] = mapped_column(String(40), primary_key=True)


class CasePlace(Base):
    """A country (``partner`` empty) or an undirected pair (``country`` < ``partner``) the case is about."""

    __tablename__ = "case_places"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    country: Mapped[str] = mapped_column(String(3))
    partner: Mapped[str] = mapped_column(String(3), default="")
    __table_args__ = (UniqueConstraint("case_id", "country", "partner"),)


class CaseAgency(Base):
    """An agency that co-owns a case or was invited to it."""

    __tablename__ = "case_agencies"
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), primary_key=True)
    relation: Mapped[str] = mapped_column(String(20))  # co-owner | invited
    agency: Mapped[Agency] = relationship(lazy="joined", innerjoin=True)


class CaseShare(Base):
    """An observer a case is shared with."""

    __tablename__ = "case_shares"
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.user_id"), primary_key=True)


class CaseLink(Base):
    """Two cases found to be about the same thing: linked, or one merged into the other."""

    __tablename__ = "case_links"
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), primary_key=True)
    other_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))  # related | merged


class Evidence(Base):
    """An alert, event or indicator series attached to a case."""

    __tablename__ = "case_evidence"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    kind: Mapped[str] = mapped_column(String(10))  # alert | event | series
    ref: Mapped[str] = mapped_column(String(300))
    label: Mapped[str] = mapped_column(String(500))
    added_by: Mapped[int] = mapped_column(ForeignKey("users.user_id"))
    added_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    __table_args__ = (UniqueConstraint("case_id", "kind", "ref"),)


class Task(Base):
    __tablename__ = "tasks"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    title: Mapped[str] = mapped_column(String(200))
    owner_agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    owner_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.user_id"))
    due_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(10))  # open | done | cancelled
    created_by: Mapped[int] = mapped_column(ForeignKey("users.user_id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    version: Mapped[int] = mapped_column(Integer)
    owner_agency: Mapped[Agency] = relationship(lazy="joined", innerjoin=True)
    owner_user: Mapped[UserRow | None] = relationship(lazy="joined", foreign_keys=[owner_user_id])

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class Comment(Base):
    __tablename__ = "comments"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.user_id"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    author: Mapped[UserRow] = relationship(lazy="joined")


class Attachment(Base):
    """A file attached to a case (a briefing, most often), kept in the database."""

    __tablename__ = "attachments"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    name: Mapped[str] = mapped_column(String(200))
    media_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    added_by: Mapped[int] = mapped_column(ForeignKey("users.user_id"))
    added_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Decision(Base):
    """One decision on a case: append-only."""

    __tablename__ = "decisions"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    what: Mapped[str] = mapped_column(Text)
    why: Mapped[str] = mapped_column(Text)
    decided_by: Mapped[str] = mapped_column(String(200))
    consulted: Mapped[list[str]] = mapped_column(JSON)
    dissent: Mapped[str] = mapped_column(Text)
    recorded_by: Mapped[int] = mapped_column(ForeignKey("users.user_id"))
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Strategy(Base):
    """A principle, policy or strategy, with the cases that produced it and the indicators it aims at."""

    __tablename__ = "strategies"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))  # principle | policy | strategy
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20))
    adopted_on: Mapped[date | None] = mapped_column(Date)
    owner_agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    cases: Mapped[list[int]] = mapped_column(JSON)
    targets: Mapped[list[dict[str, str]]] = mapped_column(JSON)  # indicator series: country, partner, field
    laws: Mapped[list[int]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    version: Mapped[int] = mapped_column(Integer)
    owner_agency: Mapped[Agency] = relationship(lazy="joined", innerjoin=True)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class Law(Base):
    """A law or regulation governing security fields (the rule-of-law side of the commission's duties)."""

    __tablename__ = "laws"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    enacted_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20))  # draft | in-force | amended | repealed
    fields: Mapped[list[str]] = mapped_column(JSON)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    cases: Mapped[list[int]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    agency: Mapped[Agency] = relationship(lazy="joined", innerjoin=True)


class AuditEntry(Base):
    """One recorded change or view; ``hash`` = SHA-256 of the previous hash and this entry's content."""

    __tablename__ = "audit_log"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[str] = mapped_column(String(40))
    actor: Mapped[str] = mapped_column(Text)
    action: Mapped[str] = mapped_column(String(40))
    target: Mapped[str] = mapped_column(String(60))
    detail: Mapped[str] = mapped_column(Text)  # canonical JSON
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditHead(Base):
    """The chain's last entry: one row, locked by each append so two writers cannot fork the chain."""

    __tablename__ = "audit_head"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(64))


class Notification(Base):
    """An entry of a user's in-app inbox."""

    __tablename__ = "notifications"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.user_id"))
    kind: Mapped[str] = mapped_column(String(20))  # assignment | deadline | status | overlap
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"))
    message: Mapped[str] = mapped_column(Text)
    key: Mapped[str] = mapped_column(String(120))  # what it is about, so a reminder is sent once
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    read: Mapped[bool] = mapped_column(Boolean)
    __table_args__ = (UniqueConstraint("user_id", "key"),)


class Webhook(Base):
    """An outgoing webhook: JSON posts signed with HMAC-SHA256 of ``secret``."""

    __tablename__ = "webhooks"
    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(500))
    secret: Mapped[str] = mapped_column(String(200))
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"))  # None: the commission's
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    active: Mapped[bool] = mapped_column(Boolean)


class Delivery(Base):
    """One webhook post, written in the transaction of the change it reports (an outbox)."""

    __tablename__ = "webhook_deliveries"
    id: Mapped[int] = mapped_column(primary_key=True)
    webhook_id: Mapped[int] = mapped_column(ForeignKey("webhooks.id"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    delivered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    attempts: Mapped[int] = mapped_column(Integer)
    last_error: Mapped[str] = mapped_column(Text)


class WorkspaceSetting(Base):
    """A setting commission admins change (:mod:`holosec.cases.options`): its JSON value, who set it, when."""

    __tablename__ = "workspace_settings"
    name: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(Text)  # canonical JSON
    changed_by: Mapped[str] = mapped_column(Text)
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
