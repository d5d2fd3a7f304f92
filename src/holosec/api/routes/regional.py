"""``/api/v1/region``, ``/api/v1/region/principles``, ``/api/v1/groupings``, ``/api/v1/lenses`` and
``/api/v1/exposure``: the regional matrix, the principles as metrics, the foreign-affairs lenses and the
overseas-interests exposure. Only holosec's own groupings, lenses and (sample) registry: the library also
takes files, whose paths must not come from a web request."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query

from holosec.errors import InputError
from holosec.http import params
from holosec.http.deps import MemoDep, Perspective, StoreDep
from holosec.http.errors import ApiError
from holosec.indicators.coverage import kept_current_period
from holosec.regional.exposure import exposure as compute_exposure
from holosec.regional.groupings import read_groupings
from holosec.regional.lens_series import lens_indicators
from holosec.regional.lenses import load_lenses
from holosec.regional.matrix import region_matrix
from holosec.regional.principles import principles as compute_principles
from holosec.store import Memo, Store

router = APIRouter(tags=["regional"])
GroupingId = Annotated[str, Query(pattern=r"^[A-Za-z0-9_-]{1,40}$", description="CICA, SCO, ASEAN ...")]
PeriodLabel = Annotated[
    params.WeekOrMonthLabel | None,
    Query(description="2014-05 or 2014-W19; default all."),
]
Grain = Annotated[str, Query(pattern=r"^(week|month)$", description="week or month.")]


def _cached(
    store: Store, memo: Memo, key: tuple[Any, ...], run: Callable[[], dict[str, Any]]
) -> dict[str, Any]:
    """``run()``, memoised until the store changes, with a library input error answered as a 400 of the
    error shape."""

    def checked() -> dict[str, Any]:
        try:
            return run()
        except InputError as exc:
            raise ApiError(400, f"{exc.path.lstrip('-')}: {exc.reason}") from exc

    return memo.get(store, key, checked)


@router.get("/api/v1/groupings")
def groupings() -> dict[str, Any]:
    """The built-in groupings, with every member's dates."""
    rows = [
        {
            "id": g.id,
            "name": g.name,
            "members": [
                {"code": m.code, "since": m.since.isoformat(), "until": m.until and m.until.isoformat()}
                for m in g.members
            ],
        }
        for g in read_groupings().values()
    ]
    return {"data": rows, "count": len(rows)}


@router.get("/api/v1/region")
def region(
    store: StoreDep,
    memo: MemoDep,
    grouping: GroupingId = "CICA",
    period: PeriodLabel = None,
    by: Grain = "month",
) -> dict[str, Any]:
    """The regional matrix: members, pairs (a, b, period, balance, trend ...) and the cooperation index;
    by default in the store's current period."""
    period = period or kept_current_period(store, memo, by)
    key = ("region", grouping.upper(), period, by)
    return _cached(store, memo, key, lambda: region_matrix(store, grouping, period=period, by=by))


@router.get("/api/v1/region/principles")
def principles(
    store: StoreDep,
    memo: MemoDep,
    grouping: GroupingId = "CICA",
    period: PeriodLabel = None,
    by: Grain = "month",
) -> dict[str, Any]:
    """The five principles as metrics over the grouping's members in one period (default the store's
    current period)."""
    period = period or kept_current_period(store, memo, by)
    key = ("principles", grouping.upper(), period, by)
    return _cached(store, memo, key, lambda: compute_principles(store, grouping, period=period, by=by))


@router.get("/api/v1/lenses")
def lenses() -> dict[str, Any]:
    """The seven foreign-affairs lenses, as defined."""
    rows = [lens.as_dict() for lens in load_lenses()]
    return {"data": rows, "count": len(rows)}


@router.get("/api/v1/lenses/{name}")
def lens(
    store: StoreDep,
    memo: MemoDep,
    name: Annotated[str, Path(pattern=r"^[a-z0-9-]{1,40}$")],
    perspective: Perspective = "CHN",
    period: PeriodLabel = None,
    by: Grain = "month",
) -> dict[str, Any]:
    """One lens: its definition, countries, indicators per period and top partners."""
    if name not in {item.id for item in load_lenses()}:
        raise ApiError(404, f"no lens {name!r}")
    code = perspective.upper()
    key = ("lens", name, code, period, by)
    return _cached(
        store, memo, key, lambda: lens_indicators(store, name, perspective=code, by=by, period=period)
    )


@router.get("/api/v1/exposure")
def exposure(
    store: StoreDep, memo: MemoDep, period: PeriodLabel = None, by: Grain = "month"
) -> dict[str, Any]:
    """Overseas-interests exposure of the shipped (sample) registry: weights, rows per period, alerts."""
    return _cached(
        store, memo, ("exposure", period, by), lambda: compute_exposure(store, by=by, period=period)
    )
