"""``/api/v1/tasks`` and ``/api/v1/cases/{id}/tasks``: tasks of cases, with owner and deadline."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from holosec.api.limits import marked
from holosec.cases import work
from holosec.cases.notify import deliver_soon
from holosec.http.auth import Viewer
from holosec.http.deps import PageDep, WorkspaceDep
from holosec.http.params import BodyInt, RowId

router = APIRouter(tags=["tasks"])


class TaskIn(BaseModel):
    """A task to add: owned by an agency (default the lead) or a person, with a deadline."""

    title: str
    owner_agency: str | None = None
    owner_user: str | None = None
    due_on: date | None = None


class TaskEdit(BaseModel):
    version: BodyInt
    title: str | None = None
    status: Literal["open", "done", "cancelled"] | None = None
    due_on: date | None = None
    owner_agency: str | None = None
    owner_user: str | None = None


@router.get("/api/v1/tasks")
def tasks(
    workspace: WorkspaceDep,
    user: Viewer,
    page: PageDep,
    mine: Annotated[bool, Query(description="Only mine (or my agency's, unassigned).")] = False,
    status: Annotated[Literal["open", "done", "cancelled"] | None, Query()] = None,
) -> dict[str, Any]:
    """Tasks of the cases the user may see, soonest deadline first."""
    return marked(page.of(work.list_tasks(workspace, user, mine=mine, status=status)))


@router.post("/api/v1/cases/{case_id}/tasks", status_code=201)
def add_task(case_id: RowId, body: TaskIn, workspace: WorkspaceDep, user: Viewer) -> dict[str, Any]:
    """Add a task to a case; its owner is notified."""
    made = work.add_task(
        workspace,
        user,
        case_id,
        body.title,
        owner_agency=body.owner_agency,
        owner_user=body.owner_user,
        due_on=body.due_on,
    )
    deliver_soon(workspace)
    return made


@router.patch("/api/v1/tasks/{task_id}")
def edit_task(task_id: RowId, body: TaskEdit, workspace: WorkspaceDep, user: Viewer) -> dict[str, Any]:
    """Change a task (409 when someone changed it since ``version``)."""
    changes = body.model_dump(exclude_unset=True)
    version = changes.pop("version")
    made = work.update_task(workspace, user, task_id, version, changes)
    deliver_soon(workspace)
    return made


__all__ = ["Field", "router"]
