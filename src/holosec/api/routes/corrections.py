"""``/api/v1/corrections``: analysts' corrections of events, an overlay the numbers honour (the events stay
as ingested). Viewers read them; analysts and above add and withdraw them, as themselves."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import PlainTextResponse
from pydantic import BaseModel, Field

from holosec import corrections
from holosec.api.limits import marked
from holosec.corrections.kinds import KINDS, MAX_NOTE
from holosec.corrections.sharing import shared_text
from holosec.http import correcting
from holosec.http.auth import Analyst, Viewer
from holosec.http.deps import PageDep, StoreDep, WorkspaceDep

router = APIRouter(tags=["corrections"])


class CorrectionIn(BaseModel):
    """A correction of one stored event (who makes it is the signed-in user)."""

    event_id: str = Field(max_length=200, description="The event's id, such as gdelt2:717452153.")
    kind: str = Field(description=f"One of {', '.join(KINDS)}.")
    value: str | None = Field(
        None,
        max_length=200,
        description="duplicate: the other event's id; wrong-code: the CAMEO code; wrong-actor: actor1=ISO3 "
        "or actor2=ISO3; wrong-place: ISO3; wrong-field: v2023 field ids, comma-separated, or none.",
    )
    note: str | None = Field(None, max_length=MAX_NOTE, description="Why.")


@router.get("/api/v1/corrections")
def listed(
    store: StoreDep,
    user: Viewer,
    page: PageDep,
    event: Annotated[str | None, Query(max_length=200, description="Only this event's.")] = None,
    active: Annotated[bool, Query(description="Only those not withdrawn.")] = False,
) -> dict[str, Any]:
    """Every correction, oldest first (withdrawn ones too, marked ``active`` false)."""
    found = corrections.listed(store, event_ids=[event] if event else None, active_only=active)
    return marked(page.of(found))


@router.get("/api/v1/corrections/export", response_class=PlainTextResponse)
def export(store: StoreDep, user: Viewer) -> PlainTextResponse:
    """Every correction as JSON lines, for another installation's ``holosec corrections import``."""
    return PlainTextResponse(shared_text(corrections.listed(store)), media_type="application/x-ndjson")


@router.post("/api/v1/corrections", status_code=201)
def add(body: CorrectionIn, store: StoreDep, workspace: WorkspaceDep, user: Analyst) -> dict[str, Any]:
    """Correct a stored event as the signed-in user; the numbers honour it at once (audited:
    ``correction.add``)."""
    return correcting.correct(store, workspace, user.name, body.event_id, body.kind, body.value, body.note)


@router.post("/api/v1/corrections/{correction_id}/withdraw")
def withdraw(correction_id: str, store: StoreDep, workspace: WorkspaceDep, user: Analyst) -> dict[str, Any]:
    """Withdraw a correction as the signed-in user (it is kept, marked withdrawn; audited:
    ``correction.withdraw``)."""
    return correcting.withdraw(store, workspace, user.name, correction_id)
