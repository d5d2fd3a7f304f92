"""The register's pages: principles, policies and strategies (each with its target indicators' trend since
adoption as a chart), laws and regulations, and the agencies with the fields they lead. Thin shells over
:mod:`holosec.cases.register` and :mod:`holosec.cases.agencies`; adding to the register is refused by the
library's policy for anyone but the commission and an agency's leads (for their own agency)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from holosec.cases import register
from holosec.cases.agencies import field_agencies, list_agencies
from holosec.cases.trend import since_adoption
from holosec.http.deps import StoreDep, WorkspaceDep
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
    targets,
    trend_chart,
    wording,
)

router = APIRouter(include_in_schema=False)


@router.get("/strategies", response_class=HTMLResponse)
def strategies(request: Request, workspace: WorkspaceDep, view: ViewDep, user: UserDep) -> Response:
    """The register's principles, policies and strategies, newest first, and the form to add one."""
    return render(
        request,
        "strategies.html",
        view,
        user,
        strategies=register.list_strategies(workspace, user),
        laws=register.list_laws(workspace, user),
        agencies=[a["name"] for a in list_agencies(workspace)],
        kinds=register.KINDS,
        statuses=register.STRATEGY_STATUSES,
        indicators=register.INDICATORS,
        **wording(view.lang, field_names(view.taxonomy, view.lang)),
    )


@router.post("/strategies")
def add_strategy(
    request: Request,
    workspace: WorkspaceDep,
    view: ViewDep,
    user: FormUser,
    kind: Short,
    title: Short,
    summary: Text = "",
    owner_agency: Short = "",
    status: Short = "draft",
    adopted_on: Short = "",
    cases: Short = "",
    target_lines: Text = "",
    laws: Annotated[list[int], Form()] = [],  # noqa: B006 (FastAPI copies defaults)
) -> Response:
    """Register a principle, policy or strategy; then its page."""

    def action() -> str:
        made = register.add_strategy(
            workspace,
            user,
            kind=kind,
            title=title,
            summary=summary,
            owner_agency=owner_agency or None,
            status=status,
            adopted_on=day(adopted_on, "adoption date"),
            cases=case_ids(cases),
            targets=targets(target_lines),
            laws=laws,
        )
        return f"/strategies/{made['id']}"

    return act(request, view, user, "/strategies", action)


@router.get("/strategies/{strategy_id}", response_class=HTMLResponse)
def strategy(
    strategy_id: int, request: Request, store: StoreDep, workspace: WorkspaceDep, view: ViewDep, user: UserDep
) -> Response:
    """One register entry: what it is, the cases and laws behind it, and its targets since adoption."""
    found = register.get_strategy(workspace, user, strategy_id)
    trend = since_adoption(store, found)
    names = field_names(view.taxonomy, view.lang)
    return render(
        request,
        "strategy.html",
        view,
        user,
        strategy=found,
        statuses=register.STRATEGY_STATUSES,
        trend=trend,
        spec=trend_chart(trend, found, view.lang, names),
        **wording(view.lang, names),
    )


@router.post("/strategies/{strategy_id}")
def update_strategy(
    strategy_id: int,
    request: Request,
    workspace: WorkspaceDep,
    view: ViewDep,
    user: FormUser,
    version: Version,
    status: Short,
    adopted_on: Short = "",
) -> Response:
    """Change a register entry's implementation status and adoption date, from the version the user saw."""
    back = f"/strategies/{strategy_id}"

    def action() -> None:
        changes = {"status": status, "adopted_on": day(adopted_on, "adoption date")}
        register.update_strategy(workspace, user, strategy_id, version, changes)

    return act(request, view, user, back, action)


@router.get("/laws", response_class=HTMLResponse)
def laws(request: Request, workspace: WorkspaceDep, view: ViewDep, user: UserDep) -> Response:
    """The laws and regulations governing each field, and the form to add one."""
    return render(
        request,
        "laws.html",
        view,
        user,
        laws=register.list_laws(workspace, user),
        agencies=[a["name"] for a in list_agencies(workspace)],
        statuses=register.LAW_STATUSES,
        names=field_names(view.taxonomy, view.lang),
        **wording(view.lang),
    )


@router.post("/laws")
def add_law(
    request: Request,
    workspace: WorkspaceDep,
    view: ViewDep,
    user: FormUser,
    title: Short,
    agency: Short,
    fields: Annotated[list[str], Form()] = [],  # noqa: B006
    status: Short = "in-force",
    enacted_on: Short = "",
    cases: Short = "",
    taxonomy: Annotated[str, Form(pattern=r"^v\d{4}$")] = "v2014",
) -> Response:
    """Register a law or regulation; then the list."""

    def action() -> None:
        register.add_law(
            workspace,
            user,
            title=title,
            fields=fields,
            agency=agency,
            status=status,
            enacted_on=day(enacted_on, "enactment date"),
            cases=case_ids(cases),
            taxonomy=taxonomy,
        )

    return act(request, view, user, "/laws", action)


@router.get("/agencies", response_class=HTMLResponse)
def agencies(request: Request, workspace: WorkspaceDep, view: ViewDep, user: UserDep) -> Response:
    """Every agency, and each field's lead and contributing agencies."""
    leads = field_agencies(workspace, view.taxonomy)
    names = field_names(view.taxonomy, view.lang)
    return render(
        request,
        "agencies.html",
        view,
        user,
        agencies=list_agencies(workspace),
        fields=[{"field": f, "name": names[f], **leads[f]} for f in names],
        **wording(view.lang, names),
    )
