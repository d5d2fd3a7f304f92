"""``/api/v1/decisions``: the append-only decision log of cases."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from holosec.api.limits import marked
from holosec.cases import decisions as log
from holosec.cases.notify import deliver_soon
from holosec.http.auth import Viewer
from holosec.http.deps import PageDep, WorkspaceDep
from holosec.http.params import RowId

router = APIRouter(tags=["decisions"])


class DecisionIn(BaseModel):
    """A decision: what, why, who decided, which agencies were consulted, any dissent."""

    what: str
    why: str
    decided_by: str = Field(description="Who decided (a person, a meeting, a body).")
    consulted: list[str] = Field(default_factory=list, description="Agencies consulted (names).")
    dissent: str = ""


class DecisionForCase(DecisionIn):
    case_id: RowId


@router.get("/api/v1/decisions")
def decisions(
    workspace: WorkspaceDep,
    user: Viewer,
    page: PageDep,
    case: Annotated[int | None, Query(description="Only this case's.")] = None,
) -> dict[str, Any]:
    """Decisions on the cases the user may see, oldest first."""
    return marked(page.of(log.list_decisions(workspace, user, case)))


@router.post("/api/v1/cases/{case_id}/decisions", status_code=201)
def decide(case_id: RowId, body: DecisionIn, workspace: WorkspaceDep, user: Viewer) -> dict[str, Any]:
    """Record a decision on a case (the lead agency's leads and the commission)."""
    made = log.record_decision(workspace, user, case_id, **body.model_dump())
    deliver_soon(workspace)
    return made


@router.post("/api/v1/decisions", status_code=201)
def decide_by_id(body: DecisionForCase, workspace: WorkspaceDep, user: Viewer) -> dict[str, Any]:
    """The same, naming the case in the body."""
    values = body.model_dump()
    return decide(values.pop("case_id"), DecisionIn(**values), workspace, user)
