"""The audit trail: every change, every read of case content, and every sign-in, sign-out and failed
sign-in, as an append-only, hash-chained entry naming who did it.

Each entry's ``hash`` is the SHA-256 of the previous entry's hash and this entry's content (sequence
number, time, actor, action, target and detail as canonical JSON), so changing, removing or reordering
any entry breaks every hash after it; the ``audit_head`` row holds the last sequence number and hash, so
cutting entries off the end is caught too. Appends lock that row, so two writers cannot fork the chain.
The database also refuses UPDATE and DELETE on the log (triggers). What the chain cannot catch: someone
with write access to the database who rewrites the whole chain and the head; keep the head hash that
:func:`verify` prints somewhere else (a briefing, a ticket) to anchor it.

The actor of an entry is the signed-in user, or one of :data:`RESERVED_ACTORS`: ``holosec`` (the program
itself, e.g. the first admin), ``holosec-cli`` (whoever runs the command line, who holds the database)
and ``anonymous`` (a failed sign-in). No user may take one of those names.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from holosec.cases.audit_check import GENESIS, Verdict, entry_hash, shown, verify
from holosec.cases.db import now
from holosec.cases.errors import WorkspaceError
from holosec.cases.models import AuditEntry, AuditHead

if TYPE_CHECKING:
    from holosec.cases.db import Workspace

SYSTEM = "holosec"
OPERATOR = "holosec-cli"
ANONYMOUS = "anonymous"
RESERVED_ACTORS = frozenset({SYSTEM, OPERATOR, ANONYMOUS})
MAX_TARGET = 60
MAX_NAME = 64
ENTRY_COLUMNS = ("seq", "at", "actor", "action", "target", "detail", "hash")


class AuditBroken(WorkspaceError):
    """The audit trail's head row is missing or damaged: nothing is written until it is repaired."""

    status = 503


def reserved(name: str) -> bool:
    """Whether ``name`` is an actor name of holosec itself, which no user may take (any case).

    >>> reserved("HoloSec-CLI"), reserved("ana")
    (True, False)
    """
    return name.strip().casefold() in RESERVED_ACTORS


def _safe(text: str) -> str:
    """``text`` with lone surrogates written out (``\\udc80``), so any input can be stored and hashed."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def record(
    session: Session, actor: str, action: str, target: str, detail: dict[str, Any] | None = None
) -> AuditEntry:
    """Append one entry in the session's transaction (it is kept only if the change it records is).

    Untrusted text (a user name typed at sign-in, a title) is stored as text: lone surrogates are written
    out and the target is cut to its column's 60 characters."""
    head = session.scalars(sa.select(AuditHead).where(AuditHead.id == 1).with_for_update()).one_or_none()
    if head is None or not isinstance(head.seq, int) or not isinstance(head.hash, str):
        raise AuditBroken("the audit trail's head is missing or damaged: run 'holosec audit verify'")
    text = _safe(
        json.dumps(detail or {}, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
    )
    actor, target = _safe(actor), _safe(target)[:MAX_TARGET]
    seq = head.seq + 1
    at = now().isoformat()
    digest = entry_hash(head.hash, seq, at, actor, action, target, text)
    entry = AuditEntry(
        seq=seq,
        at=at,
        actor=actor,
        action=action,
        target=target,
        detail=text,
        prev_hash=head.hash,
        hash=digest,
    )
    session.add(entry)
    head.seq, head.hash = seq, digest
    return entry


def note(
    workspace: Workspace, actor: str, action: str, target: str, detail: dict[str, Any] | None = None
) -> int:
    """Append one entry in a transaction of its own (for what changes nothing else in the workspace: an
    alert run, a briefing made, a sign-out); returns its sequence number.

    >>> import tempfile
    >>> from pathlib import Path
    >>> from holosec.cases.db import Workspace
    >>> note(Workspace.open(Path(tempfile.mkdtemp())), "ana", "alerts.run", "alerts", {"raised": 3})
    1
    """
    with workspace.session() as session:
        return record(session, actor, action, target, detail).seq


def cases_read(session: Session, actor: str, action: str, case_ids: Iterable[int], **detail: Any) -> None:
    """Record that ``actor`` was shown the content of the cases ``case_ids`` (a list, a briefing...)."""
    record(session, actor, action, "cases", {"cases": sorted(set(case_ids)), **detail})


def sign_in_failed(workspace: Workspace, name: str, address: str) -> int:
    """Record a failed sign-in as ``name`` from ``address`` (the actor is ``anonymous``: no one proved who
    they are); returns the entry's sequence number."""
    tried = _safe(name)[:MAX_NAME]
    return note(workspace, ANONYMOUS, "user.sign-in-failed", f"user:{tried}", {"address": address[:100]})


def signed_out(workspace: Workspace, name: str) -> int:
    """Record that the user ``name`` signed out; returns the entry's sequence number."""
    return note(workspace, name, "user.sign-out", f"user:{name}")


def _cell(value: object) -> object:
    """A stored value as JSON can carry it (a damaged row's blob or NULL shown as text)."""
    return value if isinstance(value, str | int) else shown(value)


def entries(workspace: Workspace, *, offset: int, limit: int) -> tuple[list[dict[str, object]], int]:
    """Up to ``limit`` entries of the trail after ``offset``, newest first, with the number of entries.

    >>> import tempfile
    >>> from pathlib import Path
    >>> from holosec.cases.db import Workspace
    >>> workspace = Workspace.open(Path(tempfile.mkdtemp()))
    >>> seq = note(workspace, "ana", "alerts.run", "alerts")
    >>> data, count = entries(workspace, offset=0, limit=10)
    >>> [(e["actor"], e["action"]) for e in data], count
    ([('ana', 'alerts.run')], 1)
    """
    with workspace.session() as session:
        count = int(session.scalar(sa.select(sa.func.count()).select_from(AuditEntry)) or 0)
        table = AuditEntry.__table__
        rows = session.execute(sa.select(table).order_by(table.c.seq.desc()).offset(offset).limit(limit))
        data = [{name: _cell(getattr(row, name)) for name in ENTRY_COLUMNS} for row in rows]
    return data, count


def check(workspace: Workspace) -> Verdict:
    """:func:`verify` the trail of ``workspace`` in a session of its own."""
    with workspace.session() as session:
        return verify(session)


__all__ = [
    "ANONYMOUS",
    "GENESIS",
    "OPERATOR",
    "RESERVED_ACTORS",
    "SYSTEM",
    "AuditBroken",
    "Verdict",
    "cases_read",
    "check",
    "entries",
    "entry_hash",
    "note",
    "record",
    "reserved",
    "sign_in_failed",
    "signed_out",
    "verify",
]
