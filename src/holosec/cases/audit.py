"""The audit trail: every change, and every view of a case, as an append-only, hash-chained entry.

Each entry's ``hash`` is the SHA-256 of the previous entry's hash and this entry's content (sequence
number, time, actor, action, target and detail as canonical JSON), so changing, removing or reordering
any entry breaks every hash after it; the ``audit_head`` row holds the last sequence number and hash, so
cutting entries off the end is caught too. Appends lock that row, so two writers cannot fork the chain.
The database also refuses UPDATE and DELETE on the log (triggers). What the chain cannot catch: someone
with write access to the database who rewrites the whole chain and the head; keep the head hash that
:func:`verify` prints somewhere else (a briefing, a ticket) to anchor it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from holosec.cases.db import now
from holosec.cases.models import AuditEntry, AuditHead

GENESIS = "0" * 64


def entry_hash(prev_hash: str, seq: int, at: str, actor: str, action: str, target: str, detail: str) -> str:
    """The hash of one entry chained to the one before.

    >>> entry_hash(GENESIS, 1, "2026-01-01T00:00:00+00:00", "ana", "case.create", "case:1", "{}")[:12]
    'a5939df393f3'
    """
    content = json.dumps([seq, at, actor, action, target, detail], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(f"{prev_hash}\n{content}".encode()).hexdigest()


def record(
    session: Session, actor: str, action: str, target: str, detail: dict[str, Any] | None = None
) -> AuditEntry:
    """Append one entry in the session's transaction (it is kept only if the change it records is)."""
    head = session.scalars(sa.select(AuditHead).where(AuditHead.id == 1).with_for_update()).one()
    text = json.dumps(detail or {}, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
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


@dataclass(frozen=True)
class Verdict:
    """What :func:`verify` found: ``ok``, the entries checked, the head hash, and the first break."""

    ok: bool
    entries: int
    head: str
    broken_at: int | None = None
    reason: str = ""


def verify(session: Session) -> Verdict:
    """Walk the whole chain and check every hash, the sequence and the head."""
    head = session.scalars(sa.select(AuditHead).where(AuditHead.id == 1)).one()
    previous, expected_seq, count = GENESIS, 1, 0
    for entry in session.scalars(sa.select(AuditEntry).order_by(AuditEntry.seq)).yield_per(1000):
        count += 1
        if entry.seq != expected_seq:
            return Verdict(False, count, head.hash, entry.seq, f"entry {expected_seq} is missing")
        if entry.prev_hash != previous:
            return Verdict(False, count, head.hash, entry.seq, "its previous hash is not the entry before's")
        again = entry_hash(
            previous, entry.seq, entry.at, entry.actor, entry.action, entry.target, entry.detail
        )
        if again != entry.hash:
            return Verdict(False, count, head.hash, entry.seq, "its content does not match its hash")
        previous, expected_seq = entry.hash, expected_seq + 1
    if head.seq != expected_seq - 1 or head.hash != previous:
        return Verdict(
            False, count, head.hash, expected_seq, "the head does not match the last entry (entries cut)"
        )
    return Verdict(True, count, head.hash)
