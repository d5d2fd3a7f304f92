"""Checking the audit trail (:mod:`holosec.cases.audit`): the hash of each entry, the sequence, every
value's type and form, and the head row. A damaged trail (a row deleted, a NULL or garbage in a column,
the head row gone, a table unreadable) is reported as one problem naming the entry, never a crash.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from holosec.cases.models import AuditEntry, AuditHead

GENESIS = "0" * 64
HASH = re.compile(r"^[0-9a-f]{64}$")
TEXT_COLUMNS = ("actor", "action", "target")


def entry_hash(prev_hash: str, seq: int, at: str, actor: str, action: str, target: str, detail: str) -> str:
    """The hash of one entry chained to the one before.

    >>> entry_hash(GENESIS, 1, "2026-01-01T00:00:00+00:00", "ana", "case.create", "case:1", "{}")[:12]
    'a5939df393f3'
    """
    content = json.dumps([seq, at, actor, action, target, detail], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(f"{prev_hash}\n{content}".encode()).hexdigest()


@dataclass(frozen=True)
class Verdict:
    """What :func:`verify` found: ``ok``, the entries checked, the head hash, and the first break
    (``broken_at`` is the entry's sequence number, or None when the head row or the tables are at fault;
    ``reason`` names them then)."""

    ok: bool
    entries: int
    head: str
    broken_at: int | None = None
    reason: str = ""

    def line(self) -> str:
        """The verdict as one line.

        >>> Verdict(False, 3, "", 2, "its hash is not 64 hex digits (found NULL)").line()
        'audit chain BROKEN at entry 2: its hash is not 64 hex digits (found NULL)'
        """
        if self.ok:
            return f"audit chain ok: {self.entries} entries, head {self.head}"
        where = "" if self.broken_at is None else f" at entry {self.broken_at}"  # else the reason names it
        return f"audit chain BROKEN{where}: {self.reason}"


def shown(value: object) -> str:
    """A stored value as a problem report shows it: short, and escaped (it may be anyone's text).

    >>> shown(None), shown(b"xy"), shown("\\x1b[2J"), len(shown("a" * 99))
    ('NULL', 'a blob of 2 bytes', "'\\\\x1b[2J'", 40)
    """
    if value is None:
        return "NULL"
    if isinstance(value, bytes | bytearray | memoryview):
        return f"a blob of {len(bytes(value))} bytes"
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _is_time(value: object) -> bool:
    if not isinstance(value, str):
        return False
    try:
        return datetime.fromisoformat(value).tzinfo is not None
    except ValueError:
        return False


def _is_json(value: object) -> bool:
    if not isinstance(value, str):
        return False
    try:
        json.loads(value)
    except ValueError:
        return False
    return True


def _bad_value(row: sa.Row[Any]) -> str:
    """What is wrong with one entry's values ('' when each has its type and form)."""
    if not _is_time(row.at):
        return f"its time is not a timestamp (found {shown(row.at)})"
    for column in TEXT_COLUMNS:
        if not isinstance(getattr(row, column), str):
            return f"its {column} is not text (found {shown(getattr(row, column))})"
    if not _is_json(row.detail):
        return f"its detail is not JSON (found {shown(row.detail)})"
    for column, name in (("prev_hash", "previous hash"), ("hash", "hash")):
        value = getattr(row, column)
        if not isinstance(value, str) or not HASH.match(value):
            return f"its {name} is not 64 hex digits (found {shown(value)})"
    return ""


def _walk(session: Session) -> tuple[int, str, int | None, str]:
    """Entries checked, the last good hash, and the first broken entry with its problem (None, '')."""
    previous, expected, count = GENESIS, 1, 0
    table = AuditEntry.__table__
    for row in session.execute(sa.select(table).order_by(table.c.seq)).yield_per(1000):
        count += 1
        if not isinstance(row.seq, int) or isinstance(row.seq, bool):
            return count, previous, expected, f"its sequence number is not a whole number ({shown(row.seq)})"
        if row.seq != expected:
            return count, previous, row.seq, f"entry {expected} is missing"
        problem = _bad_value(row)
        if problem:
            return count, previous, row.seq, problem
        if row.prev_hash != previous:
            return count, previous, row.seq, "its previous hash is not the entry before's"
        again = entry_hash(previous, row.seq, row.at, row.actor, row.action, row.target, row.detail)
        if again != row.hash:
            return count, previous, row.seq, "its content does not match its hash"
        previous, expected = row.hash, expected + 1
    return count, previous, None, ""


def _head_problem(head: tuple[object, object] | None, count: int, last: str) -> tuple[int | None, str]:
    """What is wrong with the head row: the entry to name (None: the head itself) and the problem."""
    if head is None:
        return None, "the head row (audit_head id 1) is missing"
    seq, digest = head
    if not isinstance(seq, int) or isinstance(seq, bool):
        return None, f"the head's sequence number is not a whole number (found {shown(seq)})"
    if not isinstance(digest, str) or not HASH.match(digest):
        return None, f"the head's hash is not 64 hex digits (found {shown(digest)})"
    if seq != count or digest != last:
        return count + 1, "the head does not match the last entry (entries cut)"
    return None, ""


def verify(session: Session) -> Verdict:
    """Walk the whole chain and check every value, every hash, the sequence and the head. Never raises
    for what is stored: a damaged trail is a failed :class:`Verdict` naming the first problem."""
    table = AuditHead.__table__
    try:
        row = session.execute(sa.select(table.c.seq, table.c.hash).where(table.c.id == 1)).one_or_none()
        count, last, broken_at, problem = _walk(session)
    except sa.exc.SQLAlchemyError as exc:
        first = str(getattr(exc, "orig", None) or exc).splitlines()[0][:200]
        return Verdict(False, 0, "", None, f"the audit tables cannot be read ({first})")
    head = None if row is None else (row[0], row[1])
    head_hash = head[1] if head is not None and isinstance(head[1], str) else ""
    if problem:
        return Verdict(False, count, head_hash, broken_at, problem)
    broken_at, problem = _head_problem(head, count, last)
    if problem:
        return Verdict(False, count, head_hash, broken_at, problem)
    return Verdict(True, count, head_hash)
