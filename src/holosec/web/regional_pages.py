"""The regional pages: the matrix of a grouping (a heatmap whose cells open the pair's page), the
principles, each foreign-affairs lens and the overseas-interests exposure map; thin routes over
:mod:`holosec.web.regional_views`, rendered like every page (:func:`holosec.web.pages.render`)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from holosec.http.deps import StoreDep
from holosec.http.errors import ApiError
from holosec.regional.lenses import load_lenses
from holosec.web import regional_views
from holosec.web.pages import UserDep, ViewDep, render

router = APIRouter(include_in_schema=False)
GroupingId = Annotated[str, Query(pattern=r"^[A-Za-z0-9_-]{1,40}$")]


def _grouping(grouping: str) -> str:
    if grouping.upper() not in regional_views.grouping_ids():
        raise ApiError(404, f"no grouping {grouping!r}")
    return grouping.upper()


@router.get("/region", response_class=HTMLResponse)
def region(
    request: Request, store: StoreDep, view: ViewDep, user: UserDep, grouping: GroupingId = "CICA"
) -> Response:
    """The regional matrix: member pairs' balance in one period, the cooperation index over time."""
    found = regional_views.region_page(store, view, _grouping(grouping))
    return render(request, "region.html", view, user, **found)


@router.get("/region/principles", response_class=HTMLResponse)
def principles(
    request: Request, store: StoreDep, view: ViewDep, user: UserDep, grouping: GroupingId = "CICA"
) -> Response:
    """The five principles of the New Asia Security Concept as metrics, for one grouping and period."""
    found = regional_views.principles_page(store, view, _grouping(grouping))
    return render(request, "region_principles.html", view, user, **found)


@router.get("/lenses", response_class=HTMLResponse)
def lenses(request: Request, view: ViewDep, user: UserDep) -> Response:
    """The seven foreign-affairs lenses."""
    return render(request, "lenses.html", view, user, **regional_views.lenses_page(view.lang))


@router.get("/lenses/{name}", response_class=HTMLResponse)
def lens(name: str, request: Request, store: StoreDep, view: ViewDep, user: UserDep) -> Response:
    """One lens: events, cooperation and conflict over time, the balance, the partners."""
    if name not in {item.id for item in load_lenses()}:
        raise ApiError(404, f"no lens {name!r}")
    return render(request, "lens.html", view, user, **regional_views.lens_page(store, view, name))


@router.get("/exposure", response_class=HTMLResponse)
def exposure(request: Request, store: StoreDep, view: ViewDep, user: UserDep) -> Response:
    """The overseas-interests exposure map, its series with alerts on rises, and the registry."""
    return render(request, "exposure.html", view, user, **regional_views.exposure_page(store, view))
