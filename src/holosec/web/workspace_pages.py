"""The commission workspace's pages: the cases list with its new-case form, each case with its forms
(workflow moves, tasks, decisions, comments, attachments, evidence, agencies, sharing, links), opening a
case from an alert, and the inbox. The register and agency pages are in :mod:`holosec.web.register_pages`
(included here, so the app includes one router).

Thin shells over :mod:`holosec.cases`: each form post signs in by the session cookie and the form's CSRF
token (:func:`holosec.web.workspace_views.form_user`), calls one library function, which asks the policy
module whether the user may, and redirects back to the case (Post/Redirect/Get). A refused action shows
why (403, 409 for a stale version, 422 for bad input) and writes nothing; a case the user may not know
exists is a 404. Forms appear only for the actions the case's ``may`` list allows, but hiding them is
never the check.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, Response

from holosec.cases import notify, service, work
from holosec.cases.agencies import list_agencies
from holosec.cases.decisions import record_decision
from holosec.cases.workflow import PRIORITIES, STATUSES
from holosec.http.deps import StoreDep, WorkspaceDep
from holosec.http.errors import ApiError
from holosec.warning.watch import stored_alerts
from holosec.web import register_pages
from holosec.web.pages import UserDep, ViewDep, render
from holosec.web.workspace_views import (
    FormUser,
    Short,
    Text,
    Version,
    act,
    case_ids,
    day,
    field_names,
    pairs,
    with_links,
    wording,
    words,
)

router = APIRouter(include_in_schema=False)
router.include_router(register_pages.router)


# -- cases ------------------------------------------------------------------------------------------------


@router.get("/cases", response_class=HTMLResponse)
def cases(
    request: Request,
    workspace: WorkspaceDep,
    view: ViewDep,
    user: UserDep,
    status: Annotated[str, Query(max_length=30)] = "",
    in_field: Annotated[str, Query(max_length=40)] = "",
    agency: Annotated[str, Query(max_length=120)] = "",
) -> Response:
    """The cases the user may see (filtered by status, field and lead agency) and the new-case form."""
    found = service.list_cases(
        workspace, user, status=status or None, field=in_field or None, agency=agency or None
    )
    return render(
        request,
        "cases.html",
        view,
        user,
        cases=found,
        filters={"status": status, "in_field": in_field, "agency": agency},
        statuses=STATUSES,
        priorities=PRIORITIES,
        agencies=[a["name"] for a in list_agencies(workspace)],
        names=field_names(view.taxonomy, view.lang),
        **wording(view.lang, field_names(view.taxonomy, view.lang)),
    )


@router.post("/cases")
def open_case(
    request: Request,
    workspace: WorkspaceDep,
    view: ViewDep,
    user: FormUser,
    title: Short,
    summary: Text = "",
    fields: Annotated[list[str], Form()] = [],  # noqa: B006 (FastAPI copies defaults)
    lead_agency: Short = "",
    countries: Short = "",
    country_pairs: Short = "",
    priority: Short = "medium",
    due_on: Short = "",
    period: Short = "",
    taxonomy: Annotated[str, Form(pattern=r"^v\d{4}$")] = "v2014",
) -> Response:
    """Open a case; then its page, with the overlap notice when other agencies' cases overlap it."""

    def action() -> str:
        made = service.create_case(
            workspace,
            user,
            title=title,
            summary=summary,
            fields=fields,
            lead_agency=lead_agency or None,
            countries=[c.upper() for c in words(countries)],
            pairs=pairs(country_pairs),
            priority=priority,
            due_on=day(due_on, "due date"),
            period=period.strip() or None,
            taxonomy=taxonomy,
        )
        return _created(made)

    return act(request, view, user, "/cases", action)


def _created(made: dict[str, Any]) -> str:
    """The new case's page, carrying the overlaps the user may see (ids checked again when shown). Of
    overlapping cases the user may not see, only the commission is told."""
    if made["overlaps"]:
        return f"/cases/{made['id']}?overlaps=" + ",".join(str(o["id"]) for o in made["overlaps"])
    return f"/cases/{made['id']}"


@router.get("/cases/{case_id}", response_class=HTMLResponse)
def case_page(
    case_id: int,
    request: Request,
    workspace: WorkspaceDep,
    view: ViewDep,
    user: UserDep,
    overlaps: Annotated[str, Query(max_length=200)] = "",
) -> Response:
    """A case with its evidence, tasks, decisions, comments, attachments and the forms the user may use."""
    case = service.get_case(workspace, user, case_id)
    others = [c for c in service.list_cases(workspace, user) if c["id"] != case_id]
    flagged = set(case_ids(overlaps)) if overlaps.replace(",", "").isdigit() else set()
    return render(
        request,
        "case.html",
        view,
        user,
        case=case,
        evidence=with_links(case["evidence"]),
        names=field_names(case["taxonomy"], view.lang),
        agencies=[a["name"] for a in list_agencies(workspace)],
        others=others,
        overlaps=[c for c in others if c["id"] in flagged],
        priorities=PRIORITIES,
        **wording(view.lang, field_names(case["taxonomy"], view.lang)),
    )


def _back(case_id: int) -> str:
    return f"/cases/{case_id}"


@router.post("/cases/{case_id}/status")
def move(
    case_id: int,
    request: Request,
    workspace: WorkspaceDep,
    view: ViewDep,
    user: FormUser,
    to: Short,
    version: Version,
) -> Response:
    """Move the case along the workflow, from the version the user saw."""
    return act(
        request,
        view,
        user,
        _back(case_id),
        lambda: service.move_case(workspace, user, case_id, version, to),
    )


@router.post("/cases/{case_id}/edit")
def edit(
    case_id: int,
    request: Request,
    workspace: WorkspaceDep,
    view: ViewDep,
    user: FormUser,
    version: Version,
    title: Short,
    summary: Text = "",
    priority: Short = "medium",
    due_on: Short = "",
    period: Short = "",
) -> Response:
    """Change the case's title, summary, priority, due date and period, from the version the user saw."""

    def action() -> None:
        changes = {
            "title": title,
            "summary": summary,
            "priority": priority,
            "due_on": day(due_on, "due date"),
            "period": period.strip() or None,
        }
        service.update_case(workspace, user, case_id, version, changes)

    return act(request, view, user, _back(case_id), action)


@router.post("/cases/{case_id}/tasks")
def add_task(
    case_id: int,
    request: Request,
    workspace: WorkspaceDep,
    view: ViewDep,
    user: FormUser,
    title: Short,
    owner_agency: Short = "",
    owner_user: Short = "",
    due_on: Short = "",
) -> Response:
    """Add a task (owned by an agency, default the lead, or a person; with a deadline)."""

    def action() -> None:
        work.add_task(
            workspace,
            user,
            case_id,
            title,
            owner_agency=owner_agency or None,
            owner_user=owner_user.strip() or None,
            due_on=day(due_on, "deadline"),
        )

    return act(request, view, user, _back(case_id), action)


@router.post("/cases/{case_id}/tasks/{task_id}")
def task_status(
    case_id: int,
    task_id: int,
    request: Request,
    workspace: WorkspaceDep,
    view: ViewDep,
    user: FormUser,
    status: Short,
    version: Version,
) -> Response:
    """Mark a task done (or cancelled, or open again), from the version the user saw."""
    return act(
        request,
        view,
        user,
        _back(case_id),
        lambda: work.update_task(workspace, user, task_id, version, {"status": status}),
    )


@router.post("/cases/{case_id}/decisions")
def decide(
    case_id: int,
    request: Request,
    workspace: WorkspaceDep,
    view: ViewDep,
    user: FormUser,
    what: Text,
    why: Text,
    decided_by: Short,
    consulted: Annotated[list[str], Form()] = [],  # noqa: B006
    dissent: Text = "",
) -> Response:
    """Record a decision in the case's append-only log."""

    def action() -> None:
        record_decision(
            workspace,
            user,
            case_id,
            what=what,
            why=why,
            decided_by=decided_by,
            consulted=consulted,
            dissent=dissent,
        )

    return act(request, view, user, _back(case_id), action)


@router.post("/cases/{case_id}/comments")
def comment(
    case_id: int, request: Request, workspace: WorkspaceDep, view: ViewDep, user: FormUser, body: Text
) -> Response:
    """Comment on the case."""
    return act(request, view, user, _back(case_id), lambda: work.add_comment(workspace, user, case_id, body))


@router.post("/cases/{case_id}/attachments")
async def attach(
    case_id: int, request: Request, workspace: WorkspaceDep, view: ViewDep, user: FormUser, file: UploadFile
) -> Response:
    """Attach a file (a briefing, most often; at most 10 MB)."""
    content = await file.read(work.MAX_ATTACHMENT + 1)
    name, media = file.filename or "attachment", file.content_type or ""
    return act(
        request,
        view,
        user,
        _back(case_id),
        lambda: work.attach(workspace, user, case_id, name, media, content),
    )


@router.post("/cases/{case_id}/evidence")
def add_evidence(
    case_id: int,
    request: Request,
    workspace: WorkspaceDep,
    view: ViewDep,
    user: FormUser,
    kind: Short,
    ref: Short,
    label: Short = "",
) -> Response:
    """Attach an alert, an event or an indicator series as evidence."""
    return act(
        request,
        view,
        user,
        _back(case_id),
        lambda: service.add_evidence(workspace, user, case_id, kind, ref.strip(), label),
    )


@router.post("/cases/{case_id}/agencies")
def bring_in(
    case_id: int,
    request: Request,
    workspace: WorkspaceDep,
    view: ViewDep,
    user: FormUser,
    agency: Short,
    relation: Short = "co-owner",
) -> Response:
    """Make an agency co-owner of the case, or invite it (read and comment)."""
    return act(
        request,
        view,
        user,
        _back(case_id),
        lambda: service.bring_in(workspace, user, case_id, agency, relation),
    )


@router.post("/cases/{case_id}/share")
def share(
    case_id: int, request: Request, workspace: WorkspaceDep, view: ViewDep, user: FormUser, observer: Short
) -> Response:
    """Share the case, read-only, with an observer."""
    return act(
        request,
        view,
        user,
        _back(case_id),
        lambda: service.share(workspace, user, case_id, observer.strip()),
    )


@router.post("/cases/{case_id}/links")
def link(
    case_id: int,
    request: Request,
    workspace: WorkspaceDep,
    view: ViewDep,
    user: FormUser,
    other: Annotated[int, Form(ge=1)],
    merge: Annotated[bool, Form()] = False,
) -> Response:
    """Link the case with another as related, or merge it into the other (then go to the other)."""

    def action() -> str | None:
        service.link_cases(workspace, user, case_id, other, merge=merge)
        return _back(other) if merge else None

    return act(request, view, user, _back(case_id), action)


# -- from an alert, and the inbox ----------------------------------------------------------------------------


@router.post("/alerts/{alert_id}/case")
def case_from_alert(
    alert_id: str,
    request: Request,
    store: StoreDep,
    workspace: WorkspaceDep,
    view: ViewDep,
    user: FormUser,
    lead_agency: Short = "",
    title: Short = "",
) -> Response:
    """Open a case from a stored alert in one action (its field, place, period, reasoning and evidence),
    then show the new case."""
    found = [a for a in stored_alerts(store) if a["alert_id"] == alert_id]
    if not found:
        raise ApiError(404, f"no alert {alert_id!r}")

    def action() -> str:
        made = service.alert_to_case(
            workspace, user, found[0], lead_agency=lead_agency.strip() or None, title=title.strip() or None
        )
        return _created(made)

    return act(request, view, user, f"/alerts/{alert_id}", action)


@router.get("/inbox", response_class=HTMLResponse)
def inbox(request: Request, workspace: WorkspaceDep, view: ViewDep, user: UserDep) -> Response:
    """The user's notifications, newest first, unread ones with a button to mark them read."""
    return render(
        request,
        "inbox.html",
        view,
        user,
        notifications=notify.inbox(workspace, user),
        **wording(view.lang),
    )


@router.post("/inbox/{notification_id}/read")
def mark_read(
    notification_id: int, request: Request, workspace: WorkspaceDep, view: ViewDep, user: FormUser
) -> Response:
    """Mark one of the user's notifications read."""
    return act(request, view, user, "/inbox", lambda: notify.mark_read(workspace, user, notification_id))
