"""``/api/v1/alerts``: the stored alerts, and running the alert rules (the commission's staff and admins:
a run rewrites every agency's alerts and costs the whole store's time, so it is rate-limited and audited)."""

from __future__ import annotations

import threading
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request

from holosec.api.limits import MAX_ROWS, marked
from holosec.cases import audit
from holosec.cases.people import User
from holosec.cases.roles import COMMISSION_STAFF
from holosec.http.auth import requires
from holosec.http.cooldown import Cooldown
from holosec.http.deps import MemoDep, PageDep, StoreDep, WorkspaceDep
from holosec.warning.watch import run_rules, stored_alerts

router = APIRouter(tags=["alerts"])
Commission = Annotated[User, Depends(requires(COMMISSION_STAFF))]  # commission staff and admins
_MAKING = threading.Lock()


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
    return marked(page.of(found))


def alert_runs(request: Request) -> Cooldown:
    """The app's cooldown of alert runs (one per ``HOLOSEC_ALERT_RUN_INTERVAL`` seconds, whoever asks)."""
    state = request.app.state
    with _MAKING:
        if not hasattr(state, "alert_runs"):
            state.alert_runs = Cooldown(state.settings.alert_run_interval)
    runs: Cooldown = state.alert_runs
    return runs


@router.post("/api/v1/alerts/run")
def run_alerts(
    store: StoreDep, workspace: WorkspaceDep, user: Commission, runs: Annotated[Cooldown, Depends(alert_runs)]
) -> dict[str, Any]:
    """Run every alert rule over the store now and return the alerts raised (``count``; the first
    ``MAX_ROWS`` as ``data``, ``truncated`` when more were: ``/api/v1/alerts`` pages them all). Commission
    staff and admins only, once per ``HOLOSEC_ALERT_RUN_INTERVAL`` seconds (else 429 with Retry-After);
    each run is in the audit trail."""
    runs.take("the alert rules")
    raised = {row["alert_id"] for row in run_rules(store)}
    rows = [row for row in stored_alerts(store) if row["alert_id"] in raised]
    audit.note(workspace, user.name, "alerts.run", "alerts", {"raised": len(rows)})
    return {"data": rows[:MAX_ROWS], "count": len(rows), "truncated": len(rows) > MAX_ROWS}
