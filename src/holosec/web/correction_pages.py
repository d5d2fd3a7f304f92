"""The event page's correction forms: correct an event, withdraw a correction (analysts and above).

Each form post signs in by the session cookie and the form's CSRF token
(:func:`holosec.web.workspace_views.form_user`), calls one library function of :mod:`holosec.corrections`,
refreshes the day cells and goes back to the event's page (Post/Redirect/Get). A value that does not fit
the kind is refused (400) and nothing is written.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Form
from fastapi.responses import RedirectResponse, Response

from holosec import corrections
from holosec.cases import audit
from holosec.cases.people import User
from holosec.http.deps import StoreDep, WorkspaceDep
from holosec.http.errors import ApiError
from holosec.ingest import honour_corrections
from holosec.web.correction_views import CORRECTING_ROLE
from holosec.web.workspace_views import FormUser

router = APIRouter(include_in_schema=False)
Field = Annotated[str, Form(max_length=2000)]


def _may(user: User) -> None:
    if not user.may(CORRECTING_ROLE):
        raise ApiError(403, f"{user.role} may not correct events: it needs the {CORRECTING_ROLE} role")


def _audited(correction: dict[str, Any]) -> dict[str, Any]:
    return {key: correction.get(key) for key in ("correction_id", "kind", "value")}


def _back(event_id: str) -> Response:
    return RedirectResponse(f"/events/{quote(event_id, safe=':')}#event-corrections", status_code=303)


@router.post("/events/{event_id}/corrections")
def correct(
    event_id: str,
    store: StoreDep,
    workspace: WorkspaceDep,
    user: FormUser,
    kind: Field,
    value: Field = "",
    note: Field = "",
) -> Response:
    """Correct the event as the signed-in user (audited, as through the API), then back to its page."""
    _may(user)
    made = corrections.add(store, event_id, kind, user.name, value or None, note or None)
    audit.note(workspace, user.name, "correction.add", f"event:{event_id}", _audited(made))
    honour_corrections(store)
    return _back(event_id)


@router.post("/corrections/{correction_id}/withdraw")
def withdraw(correction_id: str, store: StoreDep, workspace: WorkspaceDep, user: FormUser) -> Response:
    """Withdraw a correction as the signed-in user (audited), then back to its event's page."""
    _may(user)
    try:
        done = corrections.withdraw(store, correction_id, user.name)
    except corrections.CorrectionMissing as exc:
        raise ApiError(404, str(exc)) from None
    audit.note(workspace, user.name, "correction.withdraw", f"event:{done['event_id']}", _audited(done))
    honour_corrections(store)
    return _back(str(done["event_id"]))
