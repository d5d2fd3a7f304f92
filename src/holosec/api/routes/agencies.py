"""``/api/v1/agencies``: agencies, and which lead or contribute to each security field."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, Field

from holosec.api.limits import MAX_ROWS, Rows, sliced
from holosec.cases import agencies
from holosec.cases.people import User
from holosec.http.auth import Viewer, requires
from holosec.http.deps import WorkspaceDep
from holosec.http.params import Offset

router = APIRouter(tags=["agencies"])
CommissionAdmin = Annotated[User, Depends(requires("commission-admin"))]
CommissionStaff = Annotated[User, Depends(requires("commission-staff"))]


class AgencyIn(BaseModel):
    name: str = Field(max_length=120)
    kind: Literal["commission", "ministry", "service", "agency"] = "agency"


class FieldAgenciesIn(BaseModel):
    lead: str
    contributing: list[str] = Field(default_factory=list)


@router.get("/api/v1/agencies")
def every_agency(
    workspace: WorkspaceDep, user: Viewer, limit: Rows = MAX_ROWS, offset: Offset = 0
) -> dict[str, Any]:
    """Every agency (at most ``limit`` from ``offset``)."""
    return sliced(agencies.list_agencies(workspace), limit, offset)


@router.post("/api/v1/agencies", status_code=201)
def add_agency(body: AgencyIn, workspace: WorkspaceDep, user: CommissionAdmin) -> dict[str, Any]:
    """Add an agency (commission admins)."""
    return agencies.add_agency(workspace, body.name, body.kind, by=user.name)


@router.get("/api/v1/agencies/fields")
def field_agencies(
    workspace: WorkspaceDep,
    user: Viewer,
    taxonomy: Annotated[str, Query(pattern=r"^v\d{4}$")] = "v2014",
) -> dict[str, Any]:
    """For every field of the taxonomy: its lead agency and contributing agencies."""
    return agencies.field_agencies(workspace, taxonomy)


@router.put("/api/v1/agencies/fields/{field}")
def set_field_agencies(
    field: str,
    body: FieldAgenciesIn,
    workspace: WorkspaceDep,
    user: CommissionStaff,
    taxonomy: Annotated[str, Query(pattern=r"^v\d{4}$")] = "v2014",
) -> dict[str, Any]:
    """Set a field's lead and contributing agencies (the commission)."""
    return agencies.set_field_agencies(
        workspace, field, body.lead, body.contributing, taxonomy=taxonomy, by=user.name
    )
