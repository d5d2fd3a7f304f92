"""Notifications: an in-app inbox per user, and outgoing webhooks (JSON signed with HMAC-SHA256).

Both are written in the transaction of the change they report, so a rolled-back change notifies no one;
webhook posts are an outbox (``webhook_deliveries``) sent after the commit by :func:`deliver` (the server
calls it in the background after each action; ``holosec webhooks deliver`` retries what failed). A webhook
of an agency hears only of cases that agency may see; a webhook without agency is the commission's and
hears of all. The receiver checks ``X-Holosec-Signature: sha256=<hex>``, the HMAC-SHA256 of the raw body
under the webhook's secret (:func:`signature`).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import threading
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlsplit

import sqlalchemy as sa
import urllib3
from sqlalchemy.orm import Session

from holosec.cases import audit
from holosec.cases.db import Workspace, now
from holosec.cases.errors import Forbidden, Invalid, NotFound
from holosec.cases.models import Agency, Case, Delivery, Notification, Task, UserRow, Webhook
from holosec.cases.people import User
from holosec.cases.roles import COMMISSION_ROLES, OBSERVER

MAX_ATTEMPTS = 8
TIMEOUT_S = 5.0
_delivering = threading.Lock()


def signature(secret: str, body: bytes) -> str:
    """The value of ``X-Holosec-Signature`` for ``body``.

    >>> signature("s3cret", b'{"event":"case.status"}')[:19]
    'sha256=eae9a37b4a0f'
    """
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


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


def notify(
    session: Session,
    users: Iterable[int],
    kind: str,
    case: Case | None,
    message: str,
    key: str,
    *,
    skip: int | None = None,
) -> int:
    """Put ``message`` in each user's inbox once per ``key`` (not to ``skip``, who did it); queue the
    webhooks that may hear of ``case``. Returns how many inbox entries were made."""
    made = 0
    for user_id in sorted(set(users) - {skip}):
        exists = session.scalar(
            sa.select(Notification.id).where(Notification.user_id == user_id, Notification.key == key)
        )
        if exists is None:
            session.add(
                Notification(
                    user_id=user_id,
                    kind=kind,
                    case_id=case.id if case else None,
                    message=message[:2000],
                    key=key,
                    created_at=now(),
                    read=False,
                )
            )
            made += 1
    _enqueue(session, kind, case, message, key)
    return made


def _enqueue(session: Session, kind: str, case: Case | None, message: str, key: str) -> None:
    agencies = set()
    if case is not None:
        agencies = {case.lead_agency_id} | {a.agency_id for a in case.agencies}
    body = json.dumps(
        {
            "event": kind,
            "key": key,
            "case": case.id if case else None,
            "message": message,
            "at": now().isoformat(),
        },
        ensure_ascii=False,
        separators=(",", ":"),
    )
    hooks = session.scalars(sa.select(Webhook).where(Webhook.active.is_(True)))
    for hook in hooks:
        if hook.agency_id is None or hook.agency_id in agencies:
            session.add(Delivery(webhook_id=hook.id, body=body, created_at=now(), attempts=0, last_error=""))


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
    """The user's notifications, newest first."""
    with workspace.session() as session:
        query = sa.select(Notification).where(Notification.user_id == user.user_id)
        if unread_only:
            query = query.where(Notification.read.is_(False))
        rows = session.scalars(query.order_by(Notification.id.desc()))
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
    """Mark one of the user's notifications read (someone else's is :class:`NotFound`)."""
    with workspace.session() as session:
        found = session.get(Notification, notification_id)
        if found is None or found.user_id != user.user_id:
            raise NotFound(f"no notification {notification_id}")
        found.read = True


def check_url(url: str) -> str:
    """A webhook URL: http or https, with a host, no user or password in it, at most 500 characters."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname or len(url) > 500:
        raise Invalid(f"{url!r} is not a webhook URL (http or https with a host, at most 500 characters)")
    if parts.username or parts.password:
        raise Invalid("a webhook URL must not carry a user or password (the HMAC signature authenticates)")
    return url.strip()


def add_webhook(workspace: Workspace, user: User, url: str, *, agency: str | None = None) -> dict[str, Any]:
    """Register a webhook (commission admins: for the commission or any agency; agency leads: for their
    own agency). Returns it with its ``secret``, shown this once."""
    checked = check_url(url)
    with workspace.session() as session:
        agency_id = None
        if agency is not None:
            found = session.scalar(sa.select(Agency).where(Agency.name == agency))
            if found is None:
                raise Invalid(f"no agency {agency!r}")
            agency_id = found.id
        if user.role != "commission-admin" and not (
            user.role == "agency-lead" and agency_id == user.agency_id
        ):
            raise Forbidden(
                "webhooks are added by commission admins, or by agency leads for their own agency"
            )
        hook = Webhook(
            url=checked, secret=secrets.token_urlsafe(32), agency_id=agency_id, created_at=now(), active=True
        )
        session.add(hook)
        session.flush()
        audit.record(
            session, user.name, "webhook.add", f"webhook:{hook.id}", {"url": checked, "agency": agency}
        )
        return {"id": hook.id, "url": hook.url, "agency": agency, "secret": hook.secret}


def deliver(workspace: Workspace, *, limit: int = 100) -> dict[str, int]:
    """Post the pending webhook deliveries (one thread at a time); returns ``sent`` and ``failed``."""
    if not _delivering.acquire(blocking=False):
        return {"sent": 0, "failed": 0}
    try:
        with workspace.session() as session:
            pending = [
                (d.id, d.body, h.url, h.secret)
                for d, h in session.execute(
                    sa.select(Delivery, Webhook)
                    .join(Webhook, Webhook.id == Delivery.webhook_id)
                    .where(Delivery.delivered_at.is_(None), Delivery.attempts < MAX_ATTEMPTS)
                    .order_by(Delivery.id)
                    .limit(limit)
                )
            ]
        sent = failed = 0
        with urllib3.PoolManager(timeout=TIMEOUT_S, retries=False) as http:
            for delivery_id, body, url, secret in pending:
                error = _post(http, delivery_id, body, url, secret)
                with workspace.session() as session:
                    row = session.get(Delivery, delivery_id)
                    if row is not None:
                        row.attempts += 1
                        row.last_error = error
                        row.delivered_at = None if error else now()
                sent, failed = (sent + 1, failed) if not error else (sent, failed + 1)
        return {"sent": sent, "failed": failed}
    finally:
        _delivering.release()


def _post(http: urllib3.PoolManager, delivery_id: int, body: str, url: str, secret: str) -> str:
    """POST one delivery; the error ('' when it was taken)."""
    raw = body.encode()
    try:
        answer = http.request(
            "POST",
            url,
            body=raw,
            headers={
                "Content-Type": "application/json",
                "User-Agent": "holosec-webhook",
                "X-Holosec-Delivery": str(delivery_id),
                "X-Holosec-Signature": signature(secret, raw),
            },
        )
    except urllib3.exceptions.HTTPError as exc:
        return f"{type(exc).__name__}: {exc}"[:500]
    return f"HTTP {answer.status}" if answer.status >= 300 else ""


def deliver_soon(workspace: Workspace) -> None:
    """Post pending deliveries in a background thread (the request that caused them does not wait)."""
    threading.Thread(target=deliver, args=(workspace,), daemon=True, name="holosec-webhooks").start()


__all__ = [
    "add_webhook",
    "assigned",
    "deliver",
    "deliver_soon",
    "inbox",
    "mark_read",
    "notify",
    "remind",
    "signature",
    "status_changed",
]
