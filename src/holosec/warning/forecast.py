"""Forecasts of the next period of every series, with uncertainty, and the scores that judge them.

Each forecaster looks at the data up to and including period ``t`` and forecasts period ``t + 1``, for every
``t`` at once (a rolling origin), as a distribution:

- ``persistence`` (no change): the last value plus the one-period changes seen over the last ``window``
  periods (an empirical distribution; counts are kept at 0 or more);
- ``seasonal``: the value one season ago plus the seasonal changes seen over the last ``window`` periods;
- ``poisson``: a learned model, a Poisson regression (scikit-learn) of the next value relative to the
  series' recent level on its last values (relative to the same level), pooled over all series, refitted
  every ``refit`` periods on the data before the origin, with a negative-binomial spread per series from
  its training errors; series that are not counts get a ridge regression with empirical errors instead.

Scores: :func:`crps` (from quantiles: twice the mean pinball loss over evenly spaced levels) and
:func:`brier` (for the probability of an event such as "the next value is a surge").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np
from scipy import stats
from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]  # scikit-learn's own dependency

from holosec.warning.series import FloatArray
from holosec.warning.windows import count_like, quantile, trailing

__all__ = [
    "LEVELS",
    "Empirical",
    "Forecast",
    "NegativeBinomial",
    "brier",
    "crps",
    "learned",
    "persistence",
    "pinball",
    "seasonal_naive",
]

LEVELS = tuple(round(0.05 * k, 2) for k in range(1, 20))  # 0.05, 0.10, ..., 0.95


class Forecast(Protocol):
    """A forecast distribution of period ``t + 1`` made at each origin ``t`` of each series."""

    @property
    def name(self) -> str:
        """The forecaster's name."""
        ...

    def quantiles(self, levels: tuple[float, ...] = LEVELS) -> FloatArray:
        """``[series, t, level]`` quantiles (ordered along the last axis)."""
        ...

    def prob_at_least(self, threshold: FloatArray) -> FloatArray:
        """``[series, t]`` probability that period ``t + 1`` is at least ``threshold[series, t]``."""
        ...


def _upto(values: FloatArray, width: int) -> FloatArray:
    """Windows of the ``width`` periods up to *and including* ``t``."""
    return trailing(np.concatenate([values, np.full((values.shape[0], 1), np.nan)], axis=1), width)[:, 1:]


@dataclass(frozen=True)
class Empirical:
    """A forecast as scenarios: ``anchor[series, t]`` plus each of the past ``changes[series, t, j]``."""

    name: str
    anchor: FloatArray
    changes: FloatArray
    floor: FloatArray  # per series: the lowest possible value (0 for counts, -inf otherwise)

    def scenarios(self) -> FloatArray:
        """``[series, t, j]`` possible next values, sorted, NaN last."""
        return np.sort(np.fmax(self.anchor[..., None] + self.changes, self.floor[:, None, None]), axis=-1)

    def quantiles(self, levels: tuple[float, ...] = LEVELS) -> FloatArray:
        """Empirical quantiles of the scenarios."""
        ordered = self.scenarios()
        count = np.count_nonzero(~np.isnan(ordered), axis=-1).astype(float)
        return np.stack([quantile(ordered, count, q) for q in levels], axis=-1)

    def prob_at_least(self, threshold: FloatArray) -> FloatArray:
        """Share of scenarios at or above the threshold."""
        scenarios = self.anchor[..., None] + self.changes
        count = np.count_nonzero(~np.isnan(scenarios), axis=-1)
        with np.errstate(invalid="ignore", divide="ignore"):
            share: FloatArray = np.count_nonzero(scenarios >= threshold[..., None], axis=-1) / np.where(
                count, count, np.nan
            )
        return share


@dataclass(frozen=True)
class NegativeBinomial:
    """A forecast as a negative binomial with mean ``mean[series, t]`` and dispersion
    ``dispersion[series, t]`` (variance = mean + dispersion * mean**2)."""

    name: str
    mean: FloatArray
    dispersion: FloatArray

    def _frozen(self) -> tuple[FloatArray, FloatArray]:
        size = 1.0 / np.fmax(self.dispersion, 1e-6)
        return size, size / (size + np.fmax(self.mean, 1e-9))

    def quantiles(self, levels: tuple[float, ...] = LEVELS) -> FloatArray:
        """Negative-binomial quantiles."""
        size, p = self._frozen()
        with np.errstate(invalid="ignore"):
            out = np.stack([stats.nbinom.ppf(q, size, p) for q in levels], axis=-1)
        return np.where(np.isnan(self.mean)[..., None], np.nan, out)

    def prob_at_least(self, threshold: FloatArray) -> FloatArray:
        """Negative-binomial upper tail at the threshold."""
        size, p = self._frozen()
        out = stats.nbinom.sf(np.ceil(threshold) - 1, size, p)
        return np.where(np.isnan(self.mean) | np.isnan(threshold), np.nan, out)


def _floor(values: FloatArray) -> FloatArray:
    return np.where(count_like(values), 0.0, -np.inf)


def persistence(values: FloatArray, window: int = 36) -> Empirical:
    """No change: next = last value + a one-period change seen in the last ``window`` periods.

    >>> f = persistence(np.array([[3.0, 5, 4, 6, 5]]), window=4)
    >>> f.quantiles((0.5,))[0, -1].tolist(), float(f.prob_at_least(np.full((1, 5), 7.0))[0, -1])
    ([5.5], 0.5)
    """
    changes = np.diff(values, axis=1, prepend=np.nan)
    return Empirical("persistence", values, _upto(changes, window), _floor(values))


def seasonal_naive(values: FloatArray, season: int = 12, window: int = 36) -> Empirical:
    """Seasonal no change: next = the value one season before it + a seasonal change seen in the last
    ``window`` periods.

    >>> seasonal_naive(np.arange(8.0)[None, :], season=4, window=4).quantiles((0.5,))[0, -1].tolist()
    [8.0]
    """
    lagged = np.concatenate([np.full((values.shape[0], season), np.nan), values], axis=1)
    changes = values - lagged[:, : values.shape[1]]
    anchor = lagged[:, 1 : values.shape[1] + 1]  # the value one season before t + 1
    return Empirical("seasonal", anchor, _upto(changes, window), _floor(values))


def _lag(x: FloatArray, k: int) -> FloatArray:
    return np.concatenate([np.full((x.shape[0], k), np.nan), x[:, : x.shape[1] - k]], axis=1) if k else x


def _design(values: FloatArray, season: int) -> tuple[FloatArray, FloatArray]:
    """``[series, t, feature]`` known at origin ``t``, and the scale ``[series, t]`` they are relative to.

    The scale is the mean of the 12 periods up to ``t`` plus 1; the features are the logs of (value + 1) /
    scale for the last three values, the 12-period median and the value one season before ``t + 1``, and
    the log of the scale itself. The model predicts next value / scale, so one model fits series of any size.
    """
    window = np.sort(_upto(values, 12), axis=-1)
    count = np.count_nonzero(~np.isnan(window), axis=-1).astype(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        level = np.nansum(window, axis=-1) / count
        scale = np.where(count >= 6, level + 1.0, np.nan)
        relative = [np.log((np.fmax(v, 0.0) + 1.0) / scale) for v in (
            values, _lag(values, 1), _lag(values, 2), quantile(window, count, 0.5), _lag(values, season - 1)
        )]  # fmt: skip
    return np.stack([*relative, np.log(scale)], axis=-1), scale


def learned(values: FloatArray, *, season: int = 12, min_train: int = 36, refit: int = 12) -> Forecast:
    """The learned forecaster (see the module notes), fitted only on data before each origin.

    >>> y = np.array([[2.0, 3, 2, 4, 3, 2, 3, 4, 2, 3, 3, 2, 4, 3, 2, 3, 4, 3, 2, 3]] * 3)
    >>> f = learned(y, min_train=12, refit=4)
    >>> q = f.quantiles((0.1, 0.5, 0.9))[0, -1]
    >>> bool(q[0] <= q[1] <= q[2] and 1 <= q[1] <= 5)
    True
    """
    with threadpool_limits(limits=1):  # small fits: threads only cost time (x25 on two cores)
        if not count_like(values).all():
            return _ridge(values, season=season, min_train=min_train, refit=refit)
        return _poisson(values, season=season, min_train=min_train, refit=refit)


def _poisson(values: FloatArray, *, season: int, min_train: int, refit: int) -> NegativeBinomial:
    """The learned forecaster for count series (see the module notes)."""
    # Imported here: scikit-learn adds ~90 MB to every process that imports holosec.warning (the server).
    from sklearn.linear_model import PoissonRegressor

    features, scale = _design(values, season)
    target = np.concatenate([values[:, 1:], np.full((values.shape[0], 1), np.nan)], axis=1)
    mean = np.full(values.shape, np.nan)
    dispersion = np.full(values.shape, np.nan)
    for origin in range(min_train, values.shape[1], refit):
        known = np.isfinite(features[:, : origin - 1]).all(axis=-1) & np.isfinite(target[:, : origin - 1])
        if known.sum() < 10:
            continue
        x, y, w = (
            features[:, : origin - 1][known],
            target[:, : origin - 1][known],
            scale[:, : origin - 1][known],
        )
        # Every training target 0 (a quiet pair): the fit has no optimum (its intercept tends to -inf, the
        # log of a zero mean) and its limit forecasts 0, so that is the forecast, without fitting.
        model = PoissonRegressor(alpha=1e-4, max_iter=300).fit(x, y / w, sample_weight=w) if y.any() else None
        block = features[:, origin : origin + refit]
        ok = np.isfinite(block).all(axis=-1)
        predicted = np.full(block.shape[:2], np.nan)
        ceiling = float(np.max(y / w))  # never forecast a jump beyond any seen in training
        ahead = model.predict(block[ok]) if model is not None else np.zeros(int(ok.sum()))
        predicted[ok] = np.fmin(ahead, ceiling) * scale[:, origin : origin + refit][ok]
        mean[:, origin : origin + refit] = predicted
        fitted = np.full(known.shape, np.nan)
        fitted[known] = (model.predict(x) if model is not None else np.zeros(len(x))) * w
        dispersion[:, origin : origin + refit] = _dispersion(target[:, : origin - 1], fitted)[:, None]
    return NegativeBinomial("poisson", mean, dispersion)


def _dispersion(observed: FloatArray, fitted: FloatArray) -> FloatArray:
    """Per series, the negative-binomial dispersion of the training errors by moments:
    ``sum((y - mu)**2 - mu) / sum(mu**2)``, at least 0.01 (the pooled value for series with few points)."""
    ok = np.isfinite(observed) & np.isfinite(fitted)
    excess = np.where(ok, (observed - fitted) ** 2 - fitted, 0.0)
    squares = np.where(ok, fitted**2, 0.0)
    pooled = max(float(excess.sum() / max(squares.sum(), 1e-9)), 0.01)
    with np.errstate(invalid="ignore", divide="ignore"):
        own = np.fmax(excess.sum(axis=1) / squares.sum(axis=1), 0.01)
    return np.where((ok.sum(axis=1) >= 12) & np.isfinite(own), own, pooled)


def _ridge(values: FloatArray, *, season: int, min_train: int, refit: int) -> Empirical:
    """The learned forecaster for series that are not counts: ridge regression of the next value's
    difference from the 12-period mean on the last values' differences, with its training errors."""
    from sklearn.linear_model import Ridge  # imported here, as in _poisson

    window = _upto(values, 12)
    with np.errstate(invalid="ignore"):
        level = np.nanmean(np.where(np.isnan(window), np.nan, window), axis=-1)
    features = np.stack(
        [v - level for v in (values, _lag(values, 1), _lag(values, 2), _lag(values, season - 1))], -1
    )
    target = np.concatenate([values[:, 1:], np.full((values.shape[0], 1), np.nan)], axis=1) - level
    mean = np.full(values.shape, np.nan)
    errors = np.zeros(1)
    for origin in range(min_train, values.shape[1], refit):
        known = np.isfinite(features[:, : origin - 1]).all(axis=-1) & np.isfinite(target[:, : origin - 1])
        if known.sum() < 10:
            continue
        model = Ridge(alpha=1.0).fit(features[:, : origin - 1][known], target[:, : origin - 1][known])
        block = features[:, origin : origin + refit]
        ok = np.isfinite(block).all(axis=-1)
        predicted = np.full(block.shape[:2], np.nan)
        predicted[ok] = model.predict(block[ok])
        mean[:, origin : origin + refit] = predicted + level[:, origin : origin + refit]
        errors = target[:, : origin - 1][known] - model.predict(features[:, : origin - 1][known])
    changes = np.broadcast_to(errors[None, None, :], (*values.shape, errors.size))
    return Empirical("ridge", mean, changes, _floor(values))


def pinball(quantiles: FloatArray, levels: tuple[float, ...], observed: FloatArray) -> FloatArray:
    """Pinball (quantile) loss ``[..., level]`` of quantile forecasts against the observed values.

    >>> pinball(np.array([[1.0, 3.0]]), (0.1, 0.9), np.array([2.0])).round(3).tolist()
    [[0.1, 0.1]]
    """
    tau = np.asarray(levels)
    diff = observed[..., None] - quantiles
    return np.where(diff >= 0, tau * diff, (tau - 1) * diff)


def crps(quantiles: FloatArray, levels: tuple[float, ...], observed: FloatArray) -> FloatArray:
    """CRPS approximated from quantiles: twice the mean pinball loss over the (evenly spaced) levels.

    >>> crps(np.array([[5.0] * 19, [4.0] * 19]), LEVELS, np.array([5.0, 5.0])).round(3).tolist()
    [0.0, 1.0]
    """
    score: FloatArray = 2.0 * np.mean(pinball(quantiles, levels, observed), axis=-1)
    return score


def brier(probability: FloatArray, event: FloatArray) -> FloatArray:
    """Brier score of the probability of an event (1 happened, 0 did not).

    >>> brier(np.array([0.8, 0.1]), np.array([1.0, 0.0])).round(3).tolist()
    [0.04, 0.01]
    """
    return (probability - event) ** 2
