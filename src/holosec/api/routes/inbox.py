"""``/api/v1/notifications`` (the in-app inbox), ``/api/v1/webhooks``, ``/api/v1/audit`` and
``/api/v1/workspace/settings`` (what commission admins choose for the workspace)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query
from pydantic import BaseModel, Field

from holosec.api.limits import marked
from holosec.cases import audit, notify, options
from holosec.cases.people import User
from holosec.http.auth import Viewer, requires
from holosec.http.deps import PageDep, WorkspaceDep
from holosec.http.params import RowId

router = APIRouter(tags=["notifications"])
CommissionAdmin = Annotated[User, Depends(requires("commission-admin"))]
CommissionStaff = Annotated[User, Depends(requires("commission-staff"))]


class WebhookIn(BaseModel):
    url: str = Field(description="http or https, at a public address unless private networks are allowed.")
    agency: str | None = None


class SettingIn(BaseModel):
    value: bool


@router.get("/api/v1/notifications")
def notifications(
    workspace: WorkspaceDep,
    user: Viewer,
    page: PageDep,
    unread: Annotated[bool, Query(description="Only unread ones.")] = False,
) -> dict[str, Any]:
    """The user's inbox, newest first."""
    return marked(page.of(notify.inbox(workspace, user, unread_only=unread)))


@router.post("/api/v1/notifications/{notification_id}/read")
def read(notification_id: RowId, workspace: WorkspaceDep, user: Viewer) -> dict[str, Any]:
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
    data, count = audit.entries(workspace, offset=page.offset, limit=page.limit)
    return marked({"data": data, "count": count, "limit": page.limit, "offset": page.offset})


@router.get("/api/v1/audit/verify")
def verify(workspace: WorkspaceDep, user: CommissionAdmin) -> dict[str, Any]:
    """Check the audit trail's hash chain (commission admins)."""
    verdict = audit.check(workspace)
    return {
        "ok": verdict.ok,
        "entries": verdict.entries,
        "head": verdict.head,
        "broken_at": verdict.broken_at,
        "reason": verdict.reason,
    }


@router.get("/api/v1/workspace/settings")
def workspace_settings(workspace: WorkspaceDep, user: CommissionStaff) -> dict[str, Any]:
    """The workspace's settings with their values, defaults and last change (the commission)."""
    found = options.options(workspace)
    return {"data": found, "count": len(found)}


@router.put("/api/v1/workspace/settings/{name}")
def change_setting(
    name: Annotated[str, Path(max_length=60)], body: SettingIn, workspace: WorkspaceDep, user: CommissionAdmin
) -> dict[str, Any]:
    """Change a workspace setting, e.g. ``webhooks.private_networks`` (commission admins; audited)."""
    return options.set_option(workspace, user, name, body.value)
