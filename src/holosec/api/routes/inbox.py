"""``/api/v1/notifications`` (the in-app inbox), ``/api/v1/webhooks`` and ``/api/v1/audit``."""

from __future__ import annotations

from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel

from holosec.api.auth import Viewer, requires
from holosec.api.deps import PageDep, WorkspaceDep
from holosec.api.users import User
from holosec.cases import audit, notify
from holosec.cases.models import AuditEntry

router = APIRouter(tags=["notifications"])
CommissionAdmin = Annotated[User, Depends(requires("commission-admin"))]
CommissionStaff = Annotated[User, Depends(requires("commission-staff"))]


class WebhookIn(BaseModel):
    url: str
    agency: str | None = None


@router.get("/api/v1/notifications")
def notifications(
    workspace: WorkspaceDep,
    user: Viewer,
    page: PageDep,
    unread: Annotated[bool, Query(description="Only unread ones.")] = False,
) -> dict[str, Any]:
    """The user's inbox, newest first."""
    return page.of(notify.inbox(workspace, user, unread_only=unread))


@router.post("/api/v1/notifications/{notification_id}/read")
def read(notification_id: int, workspace: WorkspaceDep, user: Viewer) -> dict[str, Any]:
    """Mark one notification read."""
    notify.mark_read(workspace, user, notification_id)
    return {"id": notification_id, "read": True}


@router.post("/api/v1/webhooks", status_code=201)
def add_webhook(body: WebhookIn, workspace: WorkspaceDep, user: Viewer) -> dict[str, Any]:
    """Register a webhook; the answer holds its HMAC secret, shown once (commission admins; agency leads
    for their own agency)."""
    return notify.add_webhook(workspace, user, body.url, agency=body.agency)


@router.get("/api/v1/audit")
def audit_log(workspace: WorkspaceDep, user: CommissionStaff, page: PageDep) -> dict[str, Any]:
    """The audit trail, newest first (the commission)."""
    with workspace.session() as session:
        count = int(session.scalar(sa.select(sa.func.count()).select_from(AuditEntry)) or 0)
        rows = session.scalars(
            sa.select(AuditEntry).order_by(AuditEntry.seq.desc()).offset(page.offset).limit(page.limit)
        )
        data = [
            {
                "seq": e.seq,
                "at": e.at,
                "actor": e.actor,
                "action": e.action,
                "target": e.target,
                "detail": e.detail,
                "hash": e.hash,
            }
            for e in rows
        ]
    return {"data": data, "count": count, "limit": page.limit, "offset": page.offset}


@router.get("/api/v1/audit/verify")
def verify(workspace: WorkspaceDep, user: CommissionAdmin) -> dict[str, Any]:
    """Check the audit trail's hash chain (commission admins)."""
    with workspace.session() as session:
        verdict = audit.verify(session)
    return {
        "ok": verdict.ok,
        "entries": verdict.entries,
        "head": verdict.head,
        "broken_at": verdict.broken_at,
        "reason": verdict.reason,
    }
