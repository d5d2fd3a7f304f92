"""``/api/v1/strategies`` and ``/api/v1/laws``: the register of principles, policies, strategies and
laws; a strategy answers with its target indicators' trend since adoption."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from holosec.api.limits import marked
from holosec.cases import register
from holosec.cases.trend import since_adoption
from holosec.http.auth import Viewer
from holosec.http.deps import PageDep, StoreDep, WorkspaceDep
from holosec.http.params import BodyInt, RowId

router = APIRouter(tags=["register"])
Status = Literal["draft", "adopted", "in-implementation", "implemented", "withdrawn"]


class Target(BaseModel):
    """An indicator series a strategy aims to move."""

    country: str
    partner: str | None = None
    field: str
    indicator: str = "conflict_events"


class StrategyIn(BaseModel):
    kind: Literal["principle", "policy", "strategy"]
    title: str
    summary: str = ""
    owner_agency: str | None = None
    status: Status = "draft"
    adopted_on: date | None = None
    cases: list[int] = Field(default_factory=list)
    targets: list[Target] = Field(default_factory=list)
    laws: list[int] = Field(default_factory=list)


class StrategyEdit(BaseModel):
    version: BodyInt
    status: Status | None = None
    adopted_on: date | None = None
    summary: str | None = None
    title: str | None = None
    targets: list[Target] | None = None
    cases: list[int] | None = None


class LawIn(BaseModel):
    title: str
    fields: list[str]
    agency: str = Field(description="The agency responsible for it.")
    status: Literal["draft", "in-force", "amended", "repealed"] = "in-force"
    enacted_on: date | None = None
    cases: list[int] = Field(default_factory=list)


@router.get("/api/v1/strategies")
def strategies(
    workspace: WorkspaceDep,
    user: Viewer,
    page: PageDep,
    kind: Annotated[Literal["principle", "policy", "strategy"] | None, Query()] = None,
) -> dict[str, Any]:
    """The register's principles, policies and strategies, newest first."""
    return marked(page.of(register.list_strategies(workspace, user, kind=kind)))


@router.post("/api/v1/strategies", status_code=201)
def add_strategy(body: StrategyIn, workspace: WorkspaceDep, user: Viewer) -> dict[str, Any]:
    """Register a principle, policy or strategy (the commission, or an agency lead for their agency)."""
    return register.add_strategy(workspace, user, **body.model_dump())


@router.get("/api/v1/strategies/{strategy_id}")
def strategy(strategy_id: RowId, store: StoreDep, workspace: WorkspaceDep, user: Viewer) -> dict[str, Any]:
    """One register entry with ``trend``: its target indicators from adoption to the latest month."""
    found = register.get_strategy(workspace, user, strategy_id)
    return {**found, "trend": since_adoption(store, found)}


@router.patch("/api/v1/strategies/{strategy_id}")
def edit_strategy(
    strategy_id: RowId, body: StrategyEdit, workspace: WorkspaceDep, user: Viewer
) -> dict[str, Any]:
    """Change a register entry's status, adoption date, summary, targets or cases."""
    changes = body.model_dump(exclude_unset=True)
    version = changes.pop("version")
    return register.update_strategy(workspace, user, strategy_id, version, changes)


@router.get("/api/v1/laws")
def laws(
    workspace: WorkspaceDep,
    user: Viewer,
    page: PageDep,
    field: Annotated[str | None, Query(max_length=40)] = None,
) -> dict[str, Any]:
    """Registered laws and regulations (governing ``field``), with the strategies citing them."""
    return marked(page.of(register.list_laws(workspace, user, field=field)))


@router.post("/api/v1/laws", status_code=201)
def add_law(body: LawIn, workspace: WorkspaceDep, user: Viewer) -> dict[str, Any]:
    """Register a law or regulation."""
    return register.add_law(workspace, user, **body.model_dump())
