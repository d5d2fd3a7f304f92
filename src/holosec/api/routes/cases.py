"""``/api/v1/cases``: the commission workspace's cases (major issues), and opening a case from an alert.

Need-to-know is decided by :mod:`holosec.cases.policy` inside each library call: a case the user may not
see answers 404 (its existence is hidden), one they may see but not change answers 403. Edits carry the
``version`` the user read; a stale one answers 409.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel, Field

from holosec.api.limits import marked
from holosec.cases import service, work
from holosec.cases.notify import deliver_soon
from holosec.http.auth import Viewer
from holosec.http.deps import PageDep, StoreDep, WorkspaceDep
from holosec.http.errors import ApiError
from holosec.http.params import BodyInt, RowId
from holosec.warning.watch import stored_alerts

router = APIRouter(tags=["cases"])
Id = Annotated[int, Field(ge=1)]


class CaseCreate(BaseModel):
    """A case to open."""

    title: str = Field(description="What the issue is (at most 200 characters).")
    summary: str = Field("", description="What is known, why it matters (at most 20,000 characters).")
    fields: list[str] = Field(description="Security field ids of the taxonomy, e.g. ['military'].")
    lead_agency: str | None = Field(None, description="The lead agency's name (default: the user's agency).")
    countries: list[str] = Field(default_factory=list, description="ISO3 codes the case is about.")
    pairs: list[list[str]] = Field(default_factory=list, description="Country pairs, e.g. [['CHN', 'VNM']].")
    co_owners: list[str] = Field(default_factory=list, description="Co-owning agencies' names.")
    priority: Literal["low", "medium", "high", "critical"] = "medium"
    due_on: date | None = None
    period: str | None = Field(None, description="The period it is about: 2024, 2024-03 or 2024-W10.")
    taxonomy: str = Field("v2014", pattern=r"^v\d{4}$")


class CaseEdit(BaseModel):
    """Changes to a case, from the ``version`` the user read (fields left out stay as they are)."""

    version: BodyInt
    title: str | None = None
    summary: str | None = None
    priority: Literal["low", "medium", "high", "critical"] | None = None
    due_on: date | None = None
    period: str | None = None
    fields: list[str] | None = None
    countries: list[str] | None = None
    pairs: list[list[str]] | None = None


class Move(BaseModel):
    """A workflow move (research, major-issue, principle-policy, strategy, implementation, closed)."""

    to: str
    version: BodyInt


class AgencyIn(BaseModel):
    agency: str
    relation: Literal["co-owner", "invited"] = "co-owner"


class ShareIn(BaseModel):
    observer: str


class EvidenceIn(BaseModel):
    kind: Literal["alert", "event", "series"]
    ref: str = Field(description="An alert id, an event id, or a series as CHN[-VNM]:field[:grain].")
    label: str = ""


class LinkIn(BaseModel):
    case: BodyInt = Field(description="The other case's id.")
    merge: bool = Field(False, description="Fold this case into the other (it closes, its evidence moves).")


class CommentIn(BaseModel):
    body: str


class FromAlert(BaseModel):
    lead_agency: str | None = None
    title: str | None = None


def _done(workspace: Any, answer: dict[str, Any]) -> dict[str, Any]:
    deliver_soon(workspace)  # webhook posts of what the action queued, after its commit
    return answer


@router.get("/api/v1/cases")
def cases(
    workspace: WorkspaceDep,
    user: Viewer,
    page: PageDep,
    status: Annotated[str | None, Query(max_length=30)] = None,
    field: Annotated[str | None, Query(max_length=40)] = None,
    agency: Annotated[str | None, Query(max_length=120, description="Lead agency's name.")] = None,
    country: Annotated[str | None, Query(pattern=r"^[A-Za-z]{3}$")] = None,
) -> dict[str, Any]:
    """The cases the user may see, newest first."""
    return marked(
        page.of(
            service.list_cases(workspace, user, status=status, field=field, agency=agency, country=country)
        )
    )


@router.post("/api/v1/cases", status_code=201)
def open_case(body: CaseCreate, workspace: WorkspaceDep, user: Viewer) -> dict[str, Any]:
    """Open a case; the answer carries its ``id`` and ``overlaps`` (other agencies' cases on the same
    field, place and period that the user may see). The commission's staff are told of all overlaps, in
    their inbox; ``overlaps_hidden`` is kept for compatibility and is always 0 (the user is not told that
    cases they may not see exist)."""
    return _done(workspace, service.create_case(workspace, user, **body.model_dump()))


@router.get("/api/v1/cases/{case_id}")
def case(case_id: RowId, workspace: WorkspaceDep, user: Viewer) -> dict[str, Any]:
    """A case with its evidence, tasks, comments, decisions, attachments and links (the view is audited)."""
    return service.get_case(workspace, user, case_id)


@router.patch("/api/v1/cases/{case_id}")
def edit_case(case_id: RowId, body: CaseEdit, workspace: WorkspaceDep, user: Viewer) -> dict[str, Any]:
    """Change a case (409 when someone changed it since ``version``)."""
    changes = body.model_dump(exclude_unset=True)
    version = changes.pop("version")
    return service.update_case(workspace, user, case_id, version, changes)


@router.post("/api/v1/cases/{case_id}/status")
def move(case_id: RowId, body: Move, workspace: WorkspaceDep, user: Viewer) -> dict[str, Any]:
    """Move a case along the workflow; 422 names the moves allowed from its status."""
    return _done(workspace, service.move_case(workspace, user, case_id, body.version, body.to))


@router.post("/api/v1/cases/{case_id}/agencies")
def bring_in(case_id: RowId, body: AgencyIn, workspace: WorkspaceDep, user: Viewer) -> dict[str, Any]:
    """Make an agency co-owner of the case, or invite it (read and comment)."""
    return _done(workspace, service.bring_in(workspace, user, case_id, body.agency, body.relation))


@router.post("/api/v1/cases/{case_id}/shares")
def share(case_id: RowId, body: ShareIn, workspace: WorkspaceDep, user: Viewer) -> dict[str, Any]:
    """Share the case, read-only, with an observer."""
    return service.share(workspace, user, case_id, body.observer)


@router.post("/api/v1/cases/{case_id}/evidence", status_code=201)
def add_evidence(case_id: RowId, body: EvidenceIn, workspace: WorkspaceDep, user: Viewer) -> dict[str, Any]:
    """Attach an alert, an event or an indicator series as evidence."""
    return service.add_evidence(workspace, user, case_id, body.kind, body.ref, body.label)


@router.post("/api/v1/cases/{case_id}/links")
def link(case_id: RowId, body: LinkIn, workspace: WorkspaceDep, user: Viewer) -> dict[str, Any]:
    """Link the case with another as related, or merge it into the other (deconfliction)."""
    return service.link_cases(workspace, user, case_id, body.case, merge=body.merge)


@router.post("/api/v1/cases/{case_id}/comments", status_code=201)
def comment(case_id: RowId, body: CommentIn, workspace: WorkspaceDep, user: Viewer) -> dict[str, Any]:
    """Comment on the case."""
    return work.add_comment(workspace, user, case_id, body.body)


@router.post("/api/v1/cases/{case_id}/attachments", status_code=201)
async def attach(case_id: RowId, file: UploadFile, workspace: WorkspaceDep, user: Viewer) -> dict[str, Any]:
    """Attach a file (a briefing, most often; at most 10 MB)."""
    content = await file.read(work.MAX_ATTACHMENT + 1)
    return work.attach(
        workspace, user, case_id, file.filename or "attachment", file.content_type or "", content
    )


@router.get("/api/v1/cases/{case_id}/attachments/{attachment_id}")
def download(case_id: RowId, attachment_id: RowId, workspace: WorkspaceDep, user: Viewer) -> Response:
    """An attachment's bytes (always as a download, never rendered in the page's origin)."""
    name, _media, content = work.attachment(workspace, user, case_id, attachment_id)
    safe = "".join(c if c.isalnum() or c in "._-" else "_" for c in name)[:100] or "attachment"
    return Response(
        content,
        media_type="application/octet-stream",
        headers={"content-disposition": f'attachment; filename="{safe}"'},
    )


@router.post("/api/v1/alerts/{alert_id}/case", status_code=201)
def case_from_alert(
    alert_id: str, body: FromAlert, store: StoreDep, workspace: WorkspaceDep, user: Viewer
) -> dict[str, Any]:
    """Open a case from a stored alert in one action: its field, place, period and reasoning, with the
    alert, its series and its evidence events attached."""
    found = [a for a in stored_alerts(store) if a["alert_id"] == alert_id]
    if not found:
        raise ApiError(404, f"no alert {alert_id!r}")
    return _done(
        workspace,
        service.alert_to_case(workspace, user, found[0], lead_agency=body.lead_agency, title=body.title),
    )
