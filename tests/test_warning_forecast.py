"""Forecasts of next month's count on real ICEWS series: ordered quantiles, no peeking at the future, and
CRPS and Brier scores checked against an independent computation."""

from __future__ import annotations

import numpy as np
import pytest

from holosec.periods import Grain
from holosec.warning import (
    LEVELS,
    brier,
    crps,
    forecast_scores,
    learned,
    persistence,
    seasonal_naive,
)
from holosec.warning.backtest import surge_threshold
from test_warning import MONTHS, scs_counts, scs_panel

KEYS = ("CHN-VNM", "CHN-PHL", "IDN-VNM", "MYS-VNM")


def real(key: str, first: str, last: str) -> np.ndarray:
    counts = scs_counts()[key]
    return np.array([[counts[m] for m in MONTHS[MONTHS.index(first) : MONTHS.index(last) + 1]]], dtype=float)


@pytest.mark.parametrize("make", [persistence, seasonal_naive, learned])
def test_quantiles_are_ordered_and_counts_never_negative(make: object) -> None:
    values = scs_panel(KEYS).values
    forecast = make(values)  # type: ignore[operator]
    q = forecast.quantiles(LEVELS)
    ok = np.isfinite(q).all(axis=-1)
    assert ok[:, 40:].mean() > 0.9
    assert (np.diff(q[ok], axis=-1) >= 0).all()
    assert (q[ok] >= 0).all()


def test_persistence_crps_matches_an_independent_computation() -> None:
    y = real("CHN-VNM", "2012-01", "2014-12")[0]  # 36 real months, the oil-rig crisis in 2014-05
    forecast = persistence(y[None, :], window=12)
    scores = crps(forecast.quantiles(LEVELS), LEVELS, np.append(y[1:], np.nan)[None, :])[0]
    for t in range(12, len(y) - 1):
        scenarios = np.maximum(y[t] + np.diff(y)[t - 12 : t], 0.0)  # the last 12 one-month changes
        q = np.quantile(scenarios, LEVELS)
        loss = [
            max(tau * (y[t + 1] - qk), (tau - 1) * (y[t + 1] - qk)) for tau, qk in zip(LEVELS, q, strict=True)
        ]
        assert scores[t] == pytest.approx(2 * np.mean(loss))


def test_brier_of_the_persistence_surge_probability_by_hand() -> None:
    y = real("CHN-PHL", "2010-01", "2013-12")
    forecast = persistence(y, window=12)
    threshold = surge_threshold(y)
    p = forecast.prob_at_least(threshold)[0]
    t = MONTHS.index("2012-03") - MONTHS.index("2010-01")  # the origin before Scarborough (2012-04)
    scenarios = y[0, t] + np.diff(y[0])[t - 12 : t]
    median = np.median(y[0, t - 11 : t + 1])
    assert threshold[0, t] == max(2 * median, 5)
    assert p[t] == np.mean(scenarios >= threshold[0, t])
    happened = float(y[0, t + 1] >= threshold[0, t])
    assert happened == 1.0  # 76 events in 2012-04 after a median of about 9: a surge
    assert brier(p[t : t + 1], np.array([happened]))[0] == pytest.approx((p[t] - 1.0) ** 2)


def test_the_learned_model_never_uses_the_future() -> None:
    values = scs_panel(KEYS).values
    cut = MONTHS.index("2010-01")
    changed = values.copy()
    changed[:, cut:] = changed[:, cut:][:, ::-1]  # rewrite everything from 2010 on
    before, after = learned(values), learned(changed)
    assert np.array_equal(before.mean[:, :cut], after.mean[:, :cut], equal_nan=True)
    q1, q2 = before.quantiles((0.1, 0.9)), after.quantiles((0.1, 0.9))
    assert np.array_equal(q1[:, :cut], q2[:, :cut], equal_nan=True)
    assert not np.array_equal(before.mean[:, cut + 1 :], after.mean[:, cut + 1 :], equal_nan=True)


def test_the_learned_model_forecasts_zero_for_a_quiet_pair_without_a_warning() -> None:
    # Real CHN-PHL months are mostly 0: with every training target 0 the Poisson fit has no optimum (numpy
    # warned "divide by zero encountered in log"; warnings are errors here); its limit, 0, is the forecast.
    values = np.zeros((12, 60))
    values[0, 40:46] = [1.0, 0, 2, 0, 1, 3]
    made = learned(values, min_train=24, refit=12)
    assert np.array_equal(made.mean[:, 24:36], np.zeros((12, 12)))
    q = made.quantiles((0.05, 0.5, 0.95))
    assert np.isfinite(q[:, 24:]).all() and (q[:, 24:] >= 0).all()
    assert made.mean[0, -1] > 0  # once events are seen, the model is fitted again


def test_forecast_scores_compare_every_model_on_the_same_origins() -> None:
    panel = scs_panel(KEYS)
    scores = forecast_scores(panel)
    assert panel.kind is Grain.month
    assert [s.key for s in scores] == list(KEYS)
    for s in scores:
        assert set(s.crps) == set(s.brier) == {"persistence", "seasonal", "poisson"}
        assert s.origins == len(MONTHS) - 36 - 1
        assert all(v >= 0 for v in (*s.crps.values(), *s.brier.values()))
    vnm = scores[0]
    manual = np.nanmean(
        crps(
            persistence(panel.values).quantiles(LEVELS), LEVELS, np.append(panel.values[0, 1:], np.nan)[None]
        )[0][36:]
    )
    assert vnm.crps["persistence"] == pytest.approx(manual)
