"""``/api/v1/alerts``: the stored alerts, and running the alert rules (analysts and admins)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query

from holosec.api.auth import Analyst
from holosec.api.deps import MemoDep, PageDep, StoreDep
from holosec.warning.watch import run_rules, stored_alerts

router = APIRouter(tags=["alerts"])


@router.get("/api/v1/alerts")
def alerts(
    store: StoreDep,
    memo: MemoDep,
    page: PageDep,
    since: Annotated[date | None, Query(description="Only alerts of periods from this day.")] = None,
    country: Annotated[str | None, Query(pattern=r"^[A-Za-z]{3}$", description="ISO3, either side.")] = None,
    field: Annotated[str | None, Query(max_length=40, description="A field id.")] = None,
    detector: Annotated[str | None, Query(max_length=40, description="surge, robust_z ...")] = None,
    severity: Annotated[str | None, Query(max_length=20, description="low, medium or high.")] = None,
) -> dict[str, Any]:
    """Stored alerts, newest period first, each with reasoning, evidence and detector track record."""
    chosen = {"country": country, "field": field, "detector": detector, "severity": severity}
    found = memo.get(
        store, ("alerts", since, *chosen.values()), lambda: stored_alerts(store, since, **chosen)
    )
    return page.of(found)


@router.post("/api/v1/alerts/run")
def run_alerts(store: StoreDep, user: Analyst) -> dict[str, Any]:
    """Run every alert rule over the store now and return the alerts raised (all of them)."""
    raised = {row["alert_id"] for row in run_rules(store)}
    rows = [row for row in stored_alerts(store) if row["alert_id"] in raised]
    return {"data": rows, "count": len(rows)}
