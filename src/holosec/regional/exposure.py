"""Overseas-interests exposure: threat signals in the places of the registry
(:mod:`holosec.regional.registry`) weighted by what is exposed there, per period, with alerts on rises.

The threat signal of a country in a period is its conflict events (CAMEO quad classes 3-4, stories
counted once): events where it is either actor's country (the ``country`` view of the indicators, read
from the same day cells). Exposure is the sum over the registry's countries of weight x signal, the
weights summing to 1, so it reads as "conflict events in an average exposed place". Rises are judged by
the early-warning detector (:func:`holosec.warning.detect`, surge by default) on the exposure series and
on each country's weighted signal.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from holosec.indicators.query import panel
from holosec.periods import Grain, Period, span
from holosec.perspective import load_perspective
from holosec.regional.matrix import check_period
from holosec.regional.registry import load_registry
from holosec.store import Store
from holosec.taxonomy import DEFAULT
from holosec.warning import Panel, detect

TOTAL = "exposure"


def signals(store: Store, countries: list[str], by: str) -> dict[str, dict[str, float]]:
    """Conflict events per period label and country, for the periods any of ``countries`` has events."""
    found: dict[str, dict[str, float]] = {}
    for row in panel(store, by=by, taxonomy=DEFAULT, view="country", countries=countries):
        if row["field"] is None:
            found.setdefault(row["period"], {})[row["country"]] = row["conflict_events"]
    return found


def _span(labels: list[str], by: str) -> list[Period]:
    if not labels:
        return []
    return list(span(Period.parse(labels[0]).start, Period.parse(labels[-1]).start, by))


def exposure_alerts(rows: list[dict[str, Any]], by: str, detector: str = "surge") -> list[dict[str, Any]]:
    """Alerts on rises of the exposure series (key ``exposure``) and of each country's weighted signal
    (key: the ISO3 code), as :meth:`holosec.warning.Alert.as_dict` dicts."""
    if not rows:
        return []
    columns: dict[str, dict[int, float]] = {TOTAL: {}}
    for row in rows:
        ordinal = Period.parse(row["period"]).ordinal
        columns[TOTAL][ordinal] = row["exposure"]
        for code, part in row["countries"].items():
            columns.setdefault(code, {})[ordinal] = part["weighted"]
    series = Panel.from_columns(Grain(by), columns)
    return [alert.as_dict() for alert in detect(series, detector)]


def exposure(
    store: Store,
    *,
    registry: Path | None = None,
    by: str = "month",
    period: str | None = None,
    detector: str = "surge",
) -> dict[str, Any]:
    """The exposure of the registry's perspective: ``registry`` (its sites, and whether it is the shipped
    sample), ``weights`` per country, ``rows`` (per period of the span: ``exposure`` and each country's
    ``signal`` and ``weighted`` part; only ``period`` when given) and ``alerts`` on rises.

    >>> import tempfile, pathlib
    >>> with Store.open(pathlib.Path(tempfile.mkdtemp())) as store:
    ...     found = exposure(store)
    >>> found["registry"]["sample"], found["rows"], found["alerts"]
    (True, [], [])
    """
    chosen = load_registry(registry)
    home = load_perspective(chosen.perspective).home
    first = check_period(period, by)
    weights = chosen.weights()
    found = signals(store, list(weights), by)
    rows = []
    for each in _span(sorted(found, key=Period.parse), by):
        counts = found.get(each.label, {})
        parts = {
            code: {"signal": counts.get(code, 0.0), "weighted": round(weight * counts.get(code, 0.0), 6)}
            for code, weight in weights.items()
        }
        rows.append(
            {
                "period": each.label,
                "start": each.start.isoformat(),
                "exposure": round(sum(p["weighted"] for p in parts.values()), 6),
                "countries": parts,
            }
        )
    alerts = exposure_alerts(rows, by, detector)
    if first is not None:
        rows = [row for row in rows if row["period"] == first.label]
        alerts = [alert for alert in alerts if alert["period"] == first.label]
    return {
        "perspective": chosen.perspective,
        "home": home,
        "by": by,
        "registry": chosen.as_dict(),
        "weights": {code: round(w, 6) for code, w in weights.items()},
        "rows": rows,
        "alerts": alerts,
        "as_of": date.today().isoformat(),
    }
