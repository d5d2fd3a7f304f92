"""``/api/v1/admin``: the server's own upkeep, for commission admins only.

``POST /api/v1/admin/backup`` is how ``holosec backup`` backs up a store that the server holds (no other
process may open it): the server writes the backup itself, into ``DATA_DIR/backups/NAME`` on its own
machine and nowhere else (a request names the folder, never a path).
"""

from __future__ import annotations

import threading
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field

from holosec.cases import audit
from holosec.http.auth import Admin
from holosec.http.cooldown import Cooldown
from holosec.http.deps import StoreDep, WorkspaceDep
from holosec.http.errors import ApiError
from holosec.store.backup import NAME, BackupError, backup, backup_dir

router = APIRouter(tags=["admin"])
_RUNNING = threading.Lock()
_WRITING = threading.Lock()
BACKUP_INTERVAL_S = 60.0
"""Least seconds between two backups through the API, whoever asks (each copies the whole store)."""


def backup_runs(request: Request) -> Cooldown:
    """The app's cooldown of backups (one per :data:`BACKUP_INTERVAL_S`)."""
    state = request.app.state
    with _RUNNING:
        if not hasattr(state, "backup_runs"):
            state.backup_runs = Cooldown(BACKUP_INTERVAL_S)
    runs: Cooldown = state.backup_runs
    return runs


class BackupAsked(BaseModel):
    """The backup to write: its folder's name under ``DATA_DIR/backups``."""

    name: str = Field(
        pattern=NAME.pattern,
        description="1 to 64 letters, digits, - and _ (no slash, no dot): the backup is written to"
        " DATA_DIR/backups/NAME on the server's machine.",
    )


@router.post("/api/v1/admin/backup", status_code=201)
def make_backup(
    body: BackupAsked,
    store: StoreDep,
    workspace: WorkspaceDep,
    admin: Admin,
    runs: Annotated[Cooldown, Depends(backup_runs)],
) -> dict[str, Any]:
    """Write a backup of the store and the SQLite workspace into ``DATA_DIR/backups/NAME`` while the
    server goes on serving (its queries wait while the store's file is copied); the answer is the
    backup's manifest and where it is. Commission admins only; 409 when that backup exists, at most one
    per minute (else 429 with Retry-After); each backup is in the audit trail."""
    target = backup_dir(store.data_dir, body.name)
    if target.exists():
        raise ApiError(409, f"the backup {body.name} exists already: choose a new name")
    runs.take("a backup")
    if not _WRITING.acquire(blocking=False):
        raise ApiError(409, "another backup is being written: try again when it is done")
    try:
        manifest = backup(store, target, workspace_url=workspace.url)
    except BackupError as exc:
        raise ApiError(409, str(exc)) from exc
    finally:
        _WRITING.release()
    files = {file["name"]: file["size"] for file in manifest["files"]}
    audit.note(workspace, admin.name, "store.backup", f"backup:{body.name}", {"files": files})
    return {"path": str(target.resolve()), "manifest": manifest}
