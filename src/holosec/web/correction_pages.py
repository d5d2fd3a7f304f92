"""The event page's correction forms: correct an event, withdraw a correction (analysts and above).

Each form post signs in by the session cookie and the form's CSRF token
(:func:`holosec.web.workspace_views.form_user`), corrects as the API does
(:mod:`holosec.http.correcting`: the correction, its audit line, the day cells refreshed) and goes back to
the event's page (Post/Redirect/Get). A value that does not fit the kind is refused (400) and nothing is
written.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Form
from fastapi.responses import RedirectResponse, Response

from holosec.cases.people import User
from holosec.http import correcting
from holosec.http.deps import StoreDep, WorkspaceDep
from holosec.http.errors import ApiError
from holosec.web.correction_views import CORRECTING_ROLE
from holosec.web.workspace_views import FormUser

router = APIRouter(include_in_schema=False)
Field = Annotated[str, Form(max_length=2000)]


def _may(user: User) -> None:
    if not user.may(CORRECTING_ROLE):
        raise ApiError(403, f"{user.role} may not correct events: it needs the {CORRECTING_ROLE} role")


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
    correcting.correct(store, workspace, user.name, event_id, kind, value or None, note or None)
    return _back(event_id)


@router.post("/corrections/{correction_id}/withdraw")
def withdraw(correction_id: str, store: StoreDep, workspace: WorkspaceDep, user: FormUser) -> Response:
    """Withdraw a correction as the signed-in user (audited), then back to its event's page."""
    _may(user)
    done = correcting.withdraw(store, workspace, user.name, correction_id)
    return _back(str(done["event_id"]))
