"""How the indicators a strategy aims to move have gone since it was adopted: for each target series,
the monthly value in the month of adoption and in the latest month with data, read from the analytics
store. A change is a description, not an attribution: many things move an indicator besides a policy."""

from __future__ import annotations

from datetime import date
from typing import Any

from holosec.indicators import Selection, indicators
from holosec.store import Store


def since_adoption(store: Store, strategy: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per target: ``series``, ``indicator``, ``at_adoption`` (period, value), ``latest`` (period,
    value), ``change`` and the monthly ``points`` from adoption on (all of them when not adopted yet)."""
    adopted = date.fromisoformat(strategy["adopted_on"]) if strategy.get("adopted_on") else None
    out = []
    for target in strategy.get("targets", []):
        selection = Selection(
            country=target["country"],
            partner=target.get("partner"),
            undirected=bool(target.get("partner")),
            field=target["field"],
            by="month",
        )
        rows = indicators(store, selection, with_sources=False)
        indicator = target.get("indicator", "conflict_events")
        points = [
            {"period": r["period"], "start": r["start"], "value": r.get(indicator)}
            for r in rows
            if adopted is None or r["start"] >= adopted.replace(day=1).isoformat()
        ]
        first, last = (points[0], points[-1]) if points else (None, None)
        change = None
        if first and last and first["value"] is not None and last["value"] is not None:
            change = round(last["value"] - first["value"], 4)
        series = (
            target["country"]
            + (f"-{target['partner']}" if target.get("partner") else "")
            + f":{target['field']}"
        )
        out.append(
            {
                "series": series,
                "indicator": indicator,
                "at_adoption": first,
                "latest": last,
                "change": change,
                "points": points,
            }
        )
    return out
