"""Trailing windows over many series at once, and the robust statistics detectors take from them.

Every function works on a 2-D array ``values[series, period]`` (NaN where a series has no value) and looks
only backwards: the window of period ``t`` holds periods before ``t``, never ``t`` itself or later ones.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from holosec.warning.series import BoolArray, FloatArray

__all__ = ["History", "history", "quantile", "seasonal", "trailing"]


def trailing(values: FloatArray, width: int) -> FloatArray:
    """A read-only view ``[series, t, j]`` of the ``width`` periods before ``t`` (NaN before the start).

    >>> trailing(np.array([[1.0, 2.0, 3.0]]), 2)[0].tolist()
    [[nan, nan], [nan, 1.0], [1.0, 2.0]]
    """
    pad = np.concatenate([np.full((values.shape[0], width), np.nan), values], axis=1)
    return sliding_window_view(pad, width, axis=1)[:, :-1]


def seasonal(values: FloatArray, season: int, cycles: int = 3, spread: int = 1) -> FloatArray:
    """``[series, t, j]``: the same season in each of the ``cycles`` previous cycles, with ``spread``
    neighbouring periods either side (the Farrington baseline; NaN where the history is too short).

    >>> seasonal(np.arange(30.0)[None, :], 12, cycles=2, spread=0)[0, 25].tolist()
    [13.0, 1.0]
    """
    lags = np.array([c * season + d for c in range(1, cycles + 1) for d in range(-spread, spread + 1)])
    width = int(lags.max())
    pad = np.concatenate([np.full((values.shape[0], width), np.nan), values], axis=1)
    index = np.arange(values.shape[1])[:, None] + width - lags[None, :]
    return pad[:, index]


def quantile(ordered: FloatArray, count: FloatArray, q: float) -> FloatArray:
    """The ``q`` quantile (linear interpolation, as :func:`numpy.quantile`) of windows sorted along the last
    axis with their NaNs last, ``count`` holding how many values each has (NaN where it has none).

    >>> window = np.sort(np.array([[[4.0, 1.0, np.nan, 2.0]]]), axis=-1)
    >>> quantile(window, np.array([[3.0]]), 0.5).tolist()
    [[2.0]]
    """
    position = q * np.maximum(count - 1, 0)
    low = np.floor(position).astype(np.intp)
    high = np.minimum(low + 1, np.maximum(count.astype(np.intp) - 1, 0))
    take = np.take_along_axis
    below = take(ordered, low[..., None], axis=-1)[..., 0]
    above = take(ordered, high[..., None], axis=-1)[..., 0]
    result = below + (position - low) * (above - below)
    return np.where(count > 0, result, np.nan)


class History:
    """Order statistics of each period's trailing window: count, median, mean and quartiles (and, on
    demand, the MAD)."""

    def __init__(
        self, window: FloatArray, count: FloatArray | None = None, total: FloatArray | None = None
    ) -> None:
        self.window = window
        ordered = np.sort(window, axis=-1)
        if count is None or total is None:
            valid = ~np.isnan(ordered)
            count = np.count_nonzero(valid, axis=-1).astype(float)
            total = np.sum(ordered, axis=-1, where=valid)
        self.count = count
        self.median = quantile(ordered, self.count, 0.5)
        self.q1 = quantile(ordered, self.count, 0.25)
        self.q3 = quantile(ordered, self.count, 0.75)
        with np.errstate(invalid="ignore", divide="ignore"):
            self.mean = total / self.count

    @property
    def iqr_sd(self) -> FloatArray:
        """The spread as a standard deviation estimated from the interquartile range (IQR / 1.349)."""
        return (self.q3 - self.q1) / 1.349

    def mad_sd(self) -> FloatArray:
        """The spread as a standard deviation estimated from the median absolute deviation (1.4826 MAD)."""
        deviation = np.sort(np.abs(self.window - self.median[..., None]), axis=-1)
        return 1.4826 * quantile(deviation, self.count, 0.5)


def history(
    values: FloatArray, width: int, *, volume: FloatArray | None = None, season: int | None = None
) -> History:
    """The trailing window statistics of every period: the ``width`` periods before it or, with ``season``,
    the same season of the three previous cycles (see :func:`seasonal`). With a ``volume`` array (same
    shape, e.g. all events of each period), each past value is first rescaled to the current period's
    volume (``y_j * d_t / d_j``), so that the baseline follows the overall news volume.

    >>> history(np.array([[2.0, 4.0, 9.0]]), 2).median.tolist()
    [[nan, 2.0, 3.0]]
    >>> history(np.array([[2.0, 4.0, 9.0]]), 2, volume=np.array([[10.0, 10.0, 20.0]])).median.tolist()
    [[nan, 2.0, 6.0]]
    """

    def windows(array: FloatArray) -> FloatArray:
        return seasonal(array, season) if season else trailing(array, width)

    window = windows(values)
    if volume is not None:
        with np.errstate(invalid="ignore", divide="ignore"):
            scaled = window / windows(volume) * volume[..., None]
        return History(np.where(np.isfinite(scaled), scaled, np.nan))
    if season:
        return History(window)
    return History(window, *_rolling_count_total(values, width))


def _rolling_count_total(values: FloatArray, width: int) -> tuple[FloatArray, FloatArray]:
    """How many values, and their sum, in each trailing window (by cumulative sums: fast)."""
    valid = ~np.isnan(values)
    zero = np.zeros((values.shape[0], 1))
    count = np.concatenate([zero, np.cumsum(valid, axis=1, dtype=float)], axis=1)
    total = np.concatenate([zero, np.cumsum(np.where(valid, values, 0.0), axis=1)], axis=1)
    lag = np.maximum(np.arange(values.shape[1]) - width, 0)
    now = np.arange(values.shape[1])
    return count[:, now] - count[:, lag], total[:, now] - total[:, lag]


def count_like(values: FloatArray) -> BoolArray:
    """Per series: true when every value is a non-negative whole number (an event count).

    >>> count_like(np.array([[0.0, 3.0, np.nan], [1.5, 2.0, 0.0]])).tolist()
    [True, False]
    """
    finite = np.where(np.isnan(values), 0.0, values)
    return np.asarray(np.all((finite >= 0) & (finite == np.round(finite)), axis=1), dtype=bool)
