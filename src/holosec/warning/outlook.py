"""Forecasts of the next period of one indicator series of the store (a country, a pair, a field), from
three forecasters side by side: no change (persistence), seasonal, and the learned model
(:mod:`holosec.warning.forecast`), each with quantiles, and each with its own record on this very series:
the mean CRPS of its one-period-ahead forecasts over the series' past (rolling origin), next to the
no-change baseline's, so a forecast never comes without the evidence of how such forecasts have done.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import numpy as np

from holosec.errors import HolosecError, ParameterError
from holosec.indicators import Selection, indicators
from holosec.periods import Grain, Period
from holosec.store import Store
from holosec.warning.forecast import LEVELS, Forecast, crps, learned, persistence, seasonal_naive

SHOWN = (0.05, 0.25, 0.5, 0.75, 0.95)
MIN_PERIODS = 24  # a series shorter than this gives no forecast: too little to judge the models by
INDICATORS = ("conflict_events", "material_conflict_events", "events", "per_1000", "goldstein_sum")


def _models(values: np.ndarray, season: int) -> dict[str, Forecast]:
    return {
        "persistence": persistence(values),
        "seasonal": seasonal_naive(values, season=season),
        "learned": learned(values, season=season, min_train=min(36, values.shape[1] // 2)),
    }


def forecast(
    store: Store, selection: Selection, *, indicator: str = "conflict_events", last: date | None = None
) -> dict[str, Any]:
    """The next period's forecasts of ``indicator`` for ``selection`` (its span, or the store's up to
    ``last``), with each model's mean CRPS over the series' past against the no-change baseline's."""
    if indicator not in INDICATORS:
        raise ParameterError("indicator", f"must be one of {', '.join(INDICATORS)}, not {indicator!r}")
    selection = selection.checked()
    if last is not None:
        selection = replace(selection, end=last)
    rows = indicators(store, selection, with_sources=False)
    if len(rows) < MIN_PERIODS:
        raise HolosecError(  # nothing to forecast: a failure, not a wrong argument
            f"too little to forecast: the series has {len(rows)} periods in the store, and forecasts need "
            f"at least {MIN_PERIODS} to be judged"
        )
    values = np.array([[float(r[indicator] or 0.0) for r in rows]])
    models = _models(values, Grain(selection.by).season)
    following = Period.parse(rows[-1]["period"]).next
    out: dict[str, Any] = {
        "country": selection.country,
        "partner": selection.partner,
        "field": selection.field,
        "indicator": indicator,
        "by": selection.by,
        "last_period": rows[-1]["period"],
        "last_value": values[0, -1],
        "period": following.label,
        "levels": list(SHOWN),
        "models": {},
    }
    for name, model in models.items():
        every = model.quantiles(LEVELS)
        past = crps(every[:, :-1], LEVELS, values[:, 1:])
        out["models"][name] = {
            "quantiles": [round(float(q), 3) for q in model.quantiles(SHOWN)[0, -1]],
            "crps": round(float(np.nanmean(past)), 4) if np.isfinite(past).any() else None,
        }
    baseline = out["models"]["persistence"]["crps"]
    for entry in out["models"].values():
        entry["skill"] = round(1 - entry["crps"] / baseline, 3) if baseline and entry["crps"] else None
    return out
