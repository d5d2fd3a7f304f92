"""``/api/v1/alerts``: the stored alerts, and running the alert rules (analysts and admins)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query

from holosec.api.auth import Analyst
from holosec.api.deps import PageDep, StoreDep
from holosec.warning.watch import run_rules, stored_alerts

router = APIRouter(tags=["alerts"])


@router.get("/api/v1/alerts")
def alerts(
    store: StoreDep,
    page: PageDep,
    since: Annotated[date | None, Query(description="Only alerts of periods from this day.")] = None,
) -> dict[str, Any]:
    """Stored alerts, newest period first, each with reasoning, evidence and detector track record."""
    return page.of(stored_alerts(store, since))


@router.post("/api/v1/alerts/run")
def run_alerts(store: StoreDep, user: Analyst) -> dict[str, Any]:
    """Run every alert rule over the store now and return the alerts raised (all of them)."""
    raised = {row["alert_id"] for row in run_rules(store)}
    rows = [row for row in stored_alerts(store) if row["alert_id"] in raised]
    return {"data": rows, "count": len(rows)}
