"""Notifications: an in-app inbox per user, and outgoing webhooks (JSON signed with HMAC-SHA256;
registering and posting them is :mod:`holosec.cases.webhooks`).

Both are written in the transaction of the change they report, so a rolled-back change notifies no one;
webhook posts are an outbox (``webhook_deliveries``) sent after the commit by :func:`deliver` (the server
calls it in the background after each action; ``holosec webhooks deliver`` retries what failed).

Need-to-know holds for everything that leaves: each recipient, a user's inbox or a webhook, is asked of
:mod:`holosec.cases.policy` as a reader. A webhook of an agency reads as that agency's analysts do, one
without agency is the commission's and reads every case. A recipient who may not see the case hears
nothing of it; a message that names other cases (an overlap) is written for each recipient with only the
cases it may see, and not sent at all to one that may see none of them. The receiver checks
``X-Holosec-Signature: sha256=<hex>``, the HMAC-SHA256 of the raw body under the webhook's secret
(:func:`signature`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from holosec.cases import audit, policy
from holosec.cases.db import Workspace, now
from holosec.cases.errors import NotFound
from holosec.cases.models import Case, Delivery, Notification, Task, UserRow, Webhook
from holosec.cases.people import User
from holosec.cases.roles import AGENCY_ANALYST, COMMISSION_ROLES, COMMISSION_STAFF, OBSERVER
from holosec.cases.webhooks import (
    MAX_ATTEMPTS,
    add_webhook,
    check_url,
    deliver,
    deliver_soon,
    signature,
)

Say = Callable[[list[Case]], str]
"""A message written for one recipient, from the mentioned cases that recipient may see."""


def _case_users(session: Session, case: Case, *, leads_only: bool = False) -> list[int]:
    """The users of the agencies leading and co-owning ``case`` (their leads only, if asked)."""
    agencies = {case.lead_agency_id} | {a.agency_id for a in case.agencies if a.relation == "co-owner"}
    query = sa.select(UserRow.user_id).where(UserRow.agency_id.in_(agencies), UserRow.role != OBSERVER)
    if leads_only:
        query = query.where(UserRow.role == "agency-lead")
    return list(session.scalars(query))


def commission_users(session: Session) -> list[int]:
    """The commission's staff and admins."""
    return list(session.scalars(sa.select(UserRow.user_id).where(UserRow.role.in_(COMMISSION_ROLES))))


def _reader(row: UserRow) -> User:
    return User(row.user_id, row.name, row.role, row.agency.name, row.agency_id)


def _hook_reader(hook: Webhook) -> User:
    """A webhook as a reader: the commission's (no agency), or as its agency's analysts."""
    if hook.agency_id is None:
        return User(0, f"webhook:{hook.id}", COMMISSION_STAFF, "")
    return User(0, f"webhook:{hook.id}", AGENCY_ANALYST, "", hook.agency_id)


def _for(reader: User, case: Case | None, message: str | Say, mentions: Sequence[Case]) -> str | None:
    """The message ``reader`` may be told (None: nothing, they may not see what it is about)."""
    if case is not None and policy.relation(reader, case) is None:
        return None
    if isinstance(message, str):
        return message
    seen = [c for c in mentions if policy.relation(reader, c) is not None]
    return message(seen) if seen or not mentions else None


def notify(
    session: Session,
    users: Iterable[int],
    kind: str,
    case: Case | None,
    message: str | Say,
    key: str,
    *,
    skip: int | None = None,
    mentions: Sequence[Case] = (),
) -> int:
    """Put ``message`` in each user's inbox once per ``key`` (not to ``skip``, who did it) and queue the
    webhooks, each recipient only if it may see ``case``. A message naming other cases (``mentions``) is a
    function given the mentioned cases the recipient may see. Returns how many inbox entries were made."""
    made = 0
    wanted = sorted(set(users) - {skip})
    rows: Iterable[UserRow] = (
        session.scalars(sa.select(UserRow).where(UserRow.user_id.in_(wanted))) if wanted else []
    )
    for row in rows:
        told = _for(_reader(row), case, message, mentions)
        exists = session.scalar(
            sa.select(Notification.id).where(Notification.user_id == row.user_id, Notification.key == key)
        )
        if told is not None and exists is None:
            session.add(
                Notification(
                    user_id=row.user_id,
                    kind=kind,
                    case_id=case.id if case else None,
                    message=told[:2000],
                    key=key,
                    created_at=now(),
                    read=False,
                )
            )
            made += 1
    _enqueue(session, kind, case, message, key, mentions)
    return made


def _enqueue(
    session: Session, kind: str, case: Case | None, message: str | Say, key: str, mentions: Sequence[Case]
) -> None:
    for hook in session.scalars(sa.select(Webhook).where(Webhook.active.is_(True))):
        told = _for(_hook_reader(hook), case, message, mentions)
        if told is None:
            continue
        body = json.dumps(
            {
                "event": kind,
                "key": key,
                "case": case.id if case else None,
                "message": told,
                "at": now().isoformat(),
            },
            ensure_ascii=False,
            separators=(",", ":"),
        )
        session.add(Delivery(webhook_id=hook.id, body=body, created_at=now(), attempts=0, last_error=""))


def overlap(session: Session, case: Case, found: Sequence[Case]) -> int:
    """Tell the commission's staff that ``case`` overlaps the cases ``found`` (same field, place and
    period), naming all of them; a webhook hears of the overlaps its reader may see, if any."""
    if not found:
        return 0

    def say(seen: list[Case]) -> str:
        named = ", ".join(f"{c.id} ({c.lead_agency.name})" for c in seen)
        return (
            f"Case {case.id} '{case.title}' ({case.lead_agency.name}) overlaps case(s) {named}:"
            " same field, place and period. Merge or link them."
        )

    return notify(
        session, commission_users(session), "overlap", case, say, f"overlap:{case.id}", mentions=found
    )


def status_changed(session: Session, case: Case, old: str, new: str, by: User) -> None:
    """Tell the lead and co-owning agencies that ``case`` moved from ``old`` to ``new``."""
    notify(
        session,
        _case_users(session, case),
        "status",
        case,
        f"Case {case.id} '{case.title}' moved from {old} to {new} ({by.name}).",
        f"status:{case.id}:{case.version}:{new}",
        skip=by.user_id,
    )


def assigned(session: Session, task: Task, case: Case, by: User) -> None:
    """Tell a task's owner (the person, or else the owning agency's leads) it is theirs."""
    if task.owner_user_id is not None:
        users = [task.owner_user_id]
    else:
        users = list(
            session.scalars(
                sa.select(UserRow.user_id).where(
                    UserRow.agency_id == task.owner_agency_id, UserRow.role == "agency-lead"
                )
            )
        )
    notify(
        session,
        users,
        "assignment",
        case,
        f"Task {task.id} '{task.title}' of case {case.id} is assigned to you"
        + (f", due {task.due_on}" if task.due_on else "")
        + f" ({by.name}).",
        f"assignment:{task.id}:{task.owner_agency_id}:{task.owner_user_id}",
        skip=by.user_id,
    )


def remind(workspace: Workspace, days: int = 3, today: date | None = None) -> int:
    """Notify the owners of open tasks and the lead agencies of open cases due within ``days`` (once per
    item and due date). Run it daily (cron) or let the server run it; returns the entries made."""
    today = today or now().date()
    horizon = today + timedelta(days=days)
    made = 0
    with workspace.session() as session:
        tasks = session.scalars(
            sa.select(Task).where(Task.status == "open", Task.due_on.is_not(None), Task.due_on <= horizon)
        )
        for task in tasks:
            case = session.get(Case, task.case_id)
            users = (
                [task.owner_user_id] if task.owner_user_id else _agency_users(session, task.owner_agency_id)
            )
            made += notify(
                session,
                users,
                "deadline",
                case,
                f"Task {task.id} '{task.title}' is due {task.due_on}.",
                f"deadline:task:{task.id}:{task.due_on}",
            )
        cases = session.scalars(
            sa.select(Case).where(Case.status != "closed", Case.due_on.is_not(None), Case.due_on <= horizon)
        )
        for case in cases:
            made += notify(
                session,
                _case_users(session, case),
                "deadline",
                case,
                f"Case {case.id} '{case.title}' is due {case.due_on}.",
                f"deadline:case:{case.id}:{case.due_on}",
            )
    return made


def _agency_users(session: Session, agency_id: int) -> list[int]:
    return list(
        session.scalars(
            sa.select(UserRow.user_id).where(UserRow.agency_id == agency_id, UserRow.role != OBSERVER)
        )
    )


def inbox(workspace: Workspace, user: User, *, unread_only: bool = False) -> list[dict[str, Any]]:
    """The user's notifications, newest first (the read is audited, naming the cases they are about)."""
    with workspace.session() as session:
        query = sa.select(Notification).where(Notification.user_id == user.user_id)
        if unread_only:
            query = query.where(Notification.read.is_(False))
        rows = session.scalars(query.order_by(Notification.id.desc())).all()
        audit.cases_read(session, user.name, "inbox.read", [n.case_id for n in rows if n.case_id is not None])
        return [
            {
                "id": n.id,
                "kind": n.kind,
                "case_id": n.case_id,
                "message": n.message,
                "created_at": n.created_at.isoformat(),
                "read": n.read,
            }
            for n in rows
        ]


def mark_read(workspace: Workspace, user: User, notification_id: int) -> None:
    """Mark one of the user's notifications read (someone else's is :class:`NotFound`); audited."""
    with workspace.session() as session:
        found = session.get(Notification, notification_id)
        if found is None or found.user_id != user.user_id:
            raise NotFound(f"no notification {notification_id}")
        found.read = True
        audit.record(
            session, user.name, "notification.read", f"notification:{found.id}", {"case": found.case_id}
        )


__all__ = [
    "MAX_ATTEMPTS",
    "Say",
    "add_webhook",
    "assigned",
    "check_url",
    "commission_users",
    "deliver",
    "deliver_soon",
    "inbox",
    "mark_read",
    "notify",
    "overlap",
    "remind",
    "signature",
    "status_changed",
]
