"""Detectors: each judges every period of many series at once against what came before it.

A detector is a small frozen record of its settings with one method, :meth:`judge`, that maps the values
``[series, period]`` (and optionally an overall-volume array of the same shape) to a :class:`Judgement`:
where the series rose or fell beyond its own normal range, how strongly, and against which baseline.
Every detector looks only backwards, so its alerts are the ones it would have raised at the time.

- ``surge`` (the default): a count-aware level jump. The baseline is the median of the last 12 periods
  (at least half their mean, and at least ``floor``, 0.3); the spread is the series' own volatility over
  the last 36 periods (interquartile range). For counts the test is the upper tail probability of a
  negative binomial with that mean and spread (its coefficient of variation at least ``cv_floor``); an
  alert needs a probability below ``alpha`` (0.001), at least ``min_count`` (3) events and ``ratio``
  (1.5) times the baseline. Series that are not counts get the same test with a normal tail. Tuned and
  measured on real monthly conflict counts: see ``docs/backtests.md``.
- ``robust_z``: robust z-score against the rolling median and MAD (with a Poisson floor for counts).
- ``cusum``: one-sided CUSUM of robustly standardised values, each period's step capped, so only a shift
  sustained over several periods raises it.
- ``naive_z``: the plain 12-period mean / standard-deviation z-score, kept as a baseline to beat.
- ``no_change``: the no-change (persistence) forecast's interval as an alarm, the other baseline.
- ``changepoint``: see :mod:`holosec.warning.changepoint` (ruptures).
- ``share_z``: the volume-gated z-score: a month must stand out both as a raw count and as the series'
  share of its all-event ``volume``, against the series' own recent months; a month without any volume
  (a gap in the source) is missing, never a zero, so it is neither judged nor part of any baseline.

``season`` (where a detector has it) takes the baseline from the same season of the previous cycles;
a ``volume`` array rescales every past value to the current period's overall volume.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar, Protocol

import numpy as np
from scipy import stats

from holosec.warning.series import MIN_HISTORY, BoolArray, FloatArray
from holosec.warning.windows import History, count_like, history, quantile, trailing

__all__ = ["CUSUM", "Detector", "Judgement", "NaiveZ", "NoChange", "RobustZ", "ShareZ", "Surge", "gaps"]


@dataclass(frozen=True)
class Judgement:
    """What a detector found for each series-period: ``up``/``down`` flags, a ``score`` (higher is
    stronger), the ``baseline`` it compared with, and named extras its explanation uses."""

    up: BoolArray
    down: BoolArray
    score: FloatArray
    baseline: FloatArray
    extras: dict[str, FloatArray] = field(default_factory=dict)


class Detector(Protocol):
    """What every detector offers: a name, merging settings and :meth:`judge` / :meth:`explain`."""

    name: ClassVar[str]

    @property
    def merge(self) -> int:
        """Periods within which a new flag continues the series' last episode (0: every flag alerts)."""
        ...

    @property
    def escalation(self) -> float:
        """How many times the episode's peak a value must reach to alert again within an episode."""
        ...

    def judge(self, values: FloatArray, volume: FloatArray | None = None) -> Judgement:
        """Flags, scores and baselines for every series-period."""
        ...

    def explain(self, judged: Judgement, row: int, t: int, value: float, period: str) -> str:
        """The reasoning of one alert, in words."""
        ...


def _spread(hist: History, mean: FloatArray, counts: BoolArray) -> FloatArray:
    """A robust standard deviation: the IQR estimate, at least the Poisson one for count series, NaN where
    a non-count series has shown no variation at all."""
    sd = np.fmax(hist.iqr_sd, hist.mad_sd())
    poisson = np.sqrt(np.fmax(mean, 1.0))
    return np.where(counts[:, None], np.fmax(sd, poisson), np.where(sd > 0, sd, np.nan))


def _standardised(
    values: FloatArray, window: int, volume: FloatArray | None, season: int | None
) -> tuple[History, FloatArray, FloatArray]:
    """The trailing history of ``values``, its robust SD, and the values' distance from its median in
    those SDs."""
    level = history(values, window, volume=volume, season=season)
    sd = _spread(level, level.median, count_like(values))
    with np.errstate(invalid="ignore", divide="ignore"):
        return level, sd, (values - level.median) / sd


@dataclass(frozen=True)
class Surge:
    """Count-aware level jump against the series' own recent level and volatility (the default).

    >>> y = np.array([[5.0, 3, 6, 4, 7, 5, 4, 6, 3, 5, 4, 6, 310, 99]])
    >>> Surge().judge(y).up.nonzero()[1].tolist()  # before merging: 13 continues the episode
    [12, 13]
    """

    name: ClassVar[str] = "surge"
    window: int = 12
    spread_window: int = 36
    alpha: float = 1e-3
    ratio: float = 1.5
    min_count: float = 3.0
    min_history: int = MIN_HISTORY
    cv_floor: float = 0.2
    floor: float = 0.3
    season: int | None = None
    merge: int = 3
    escalation: float = 2.0

    def judge(self, values: FloatArray, volume: FloatArray | None = None) -> Judgement:
        """Flag periods whose value is improbably far from the baseline (see the module notes)."""
        level = history(values, self.window, volume=volume, season=self.season)
        spread = history(values, self.spread_window, volume=volume)
        counts = count_like(values)
        baseline = np.where(
            counts[:, None], np.fmax(np.fmax(level.median, 0.5 * level.mean), self.floor), level.median
        )
        sd = (
            spread.iqr_sd
            if counts.all()
            else np.where(counts[:, None], spread.iqr_sd, _spread(spread, baseline, counts))
        )
        ready = (level.count >= self.min_history) & np.isfinite(values) & np.isfinite(sd)
        with np.errstate(invalid="ignore", divide="ignore"):
            up = ready & np.where(
                counts[:, None],
                (values >= self.min_count) & (values >= self.ratio * baseline),
                values > baseline,
            )
            down = ready & np.where(
                counts[:, None],
                (baseline >= self.min_count) & (values * self.ratio <= baseline),
                values < baseline,
            )
        p_up = self._tail(values, baseline, sd, counts, up, upper=True)
        p_down = self._tail(values, baseline, sd, counts, down, upper=False)
        up &= p_up < self.alpha
        down &= p_down < self.alpha
        score = -np.log10(np.fmax(np.where(up, p_up, p_down), 1e-300))
        extras = {
            "median": level.median, "sd": sd, "p": np.fmin(p_up, p_down),
            "count": np.broadcast_to(counts[:, None], values.shape).astype(float),
        }  # fmt: skip
        return Judgement(up, down, score, baseline, extras)

    def _tail(
        self,
        values: FloatArray,
        mean: FloatArray,
        sd: FloatArray,
        counts: BoolArray,
        where: BoolArray,
        *,
        upper: bool,
    ) -> FloatArray:
        """Tail probabilities, computed only where ``where`` holds (1 elsewhere)."""
        p = np.ones(values.shape)
        rows, cols = np.nonzero(where)
        if rows.size == 0:
            return p
        y, mu, s, is_count = values[rows, cols], mean[rows, cols], sd[rows, cols], counts[rows]
        tail = np.empty(y.shape)
        # Counts: negative binomial (their baseline is floored above 0); other series: normal.
        c = is_count
        if c.any():
            dispersion = np.fmax((s[c] ** 2 - mu[c]) / mu[c] ** 2, self.cv_floor**2)
            size = 1.0 / dispersion
            chance = size / (size + mu[c])
            nb = stats.nbinom
            tail[c] = nb.sf(y[c] - 1, size, chance) if upper else nb.cdf(y[c], size, chance)
        if (~c).any():
            with np.errstate(divide="ignore", invalid="ignore"):
                z = (y[~c] - mu[~c]) / s[~c]
            tail[~c] = stats.norm.sf(z) if upper else stats.norm.cdf(z)
        p[rows, cols] = tail
        return p

    def explain(self, judged: Judgement, row: int, t: int, value: float, period: str) -> str:
        """E.g. '310 in 2014-05 is 47.7 times its baseline of 6.5 (median of the previous 12 periods) ...'."""
        base, extras = judged.baseline[row, t], judged.extras
        source = (
            "the same season in the previous 3 cycles"
            if self.season
            else f"the previous {self.window} periods"
        )
        side = "high" if value >= base else "low"
        if extras["count"][row, t] and side == "high":
            compared = f"{value / base:.1f} times its baseline of {base:.3g}"
        elif extras["count"][row, t]:
            compared = f"{base / max(value, 0.5):.1f} times below its baseline of {base:.3g}"
        else:
            compared = f"{value - base:+.3g} from its baseline of {base:.3g}"
        return (
            f"{value:g} in {period} is {compared} (median of {source}: {extras['median'][row, t]:.3g}); "
            f"a value this {side} has probability {extras['p'][row, t]:.2g} given the series' own volatility "
            f"over the last {self.spread_window} periods (robust SD {extras['sd'][row, t]:.3g})"
        )


@dataclass(frozen=True)
class RobustZ:
    """Robust z-score: distance from the rolling median in robust standard deviations (MAD, IQR), with a
    Poisson floor for counts so that a quiet count series does not alert on one event.

    >>> y = np.array([[5.0, 3, 6, 4, 7, 5, 4, 6, 3, 5, 4, 6, 310, 99]])
    >>> RobustZ().judge(y).up.nonzero()[1].tolist()
    [12, 13]
    """

    name: ClassVar[str] = "robust_z"
    window: int = 12
    threshold: float = 3.5
    min_history: int = MIN_HISTORY
    season: int | None = None
    merge: int = 3
    escalation: float = 2.0

    def judge(self, values: FloatArray, volume: FloatArray | None = None) -> Judgement:
        """Flag periods more than ``threshold`` robust SDs from the rolling median."""
        level, sd, z = _standardised(values, self.window, volume, self.season)
        ready = (level.count >= self.min_history) & np.isfinite(z)
        up, down = ready & (z >= self.threshold), ready & (z <= -self.threshold)
        return Judgement(up, down, np.abs(np.nan_to_num(z)), level.median, {"sd": sd})

    def explain(self, judged: Judgement, row: int, t: int, value: float, period: str) -> str:
        """E.g. '42 in 2014-05 is 5.1 robust SDs above the 12-period median of 6'."""
        side = "above" if value >= judged.baseline[row, t] else "below"
        return (
            f"{value:g} in {period} is {judged.score[row, t]:.1f} robust SDs {side} the {self.window}-period "
            f"median of {judged.baseline[row, t]:.3g} (robust SD {judged.extras['sd'][row, t]:.3g})"
        )


@dataclass(frozen=True)
class NaiveZ:
    """The naive z-score: (value - mean) / SD of the previous ``window`` periods, alert above
    ``threshold``; a zero SD makes any rise an alert. The baseline every detector must beat.

    >>> NaiveZ().judge(np.array([[0.0] * 12 + [1.0]])).up.nonzero()[1].tolist()
    [12]
    """

    name: ClassVar[str] = "naive_z"
    window: int = 12
    threshold: float = 3.0
    merge: int = 0
    escalation: float = 2.0

    def judge(self, values: FloatArray, volume: FloatArray | None = None) -> Judgement:
        """Flag periods ``threshold`` SDs from the trailing mean (``volume`` is ignored: naive)."""
        window = trailing(values, self.window)
        full = np.count_nonzero(~np.isnan(window), axis=-1) == self.window
        with np.errstate(invalid="ignore", divide="ignore"):
            mean = np.nanmean(np.where(full[..., None], window, 0.0), axis=-1)
            sd = np.nanstd(np.where(full[..., None], window, 0.0), axis=-1, ddof=1)
            z = np.where(sd > 0, (values - mean) / sd, np.sign(values - mean) * np.inf)
        ready = full & ~np.isnan(values)
        up, down = ready & (z >= self.threshold), ready & (z <= -self.threshold)
        return Judgement(up, down, np.nan_to_num(np.abs(z), posinf=99.0), mean, {"sd": sd})

    def explain(self, judged: Judgement, row: int, t: int, value: float, period: str) -> str:
        """E.g. '12 in 2014-05 is 4.2 SDs above the 12-period mean of 3.1'."""
        side = "above" if value >= judged.baseline[row, t] else "below"
        return (
            f"{value:g} in {period} is {judged.score[row, t]:.1f} SDs {side} the {self.window}-period mean "
            f"of {judged.baseline[row, t]:.3g} (SD {judged.extras['sd'][row, t]:.3g})"
        )


@dataclass(frozen=True)
class CUSUM:
    """One-sided CUSUM for sustained shifts: ``S = max(0, S + min(r, cap) - k)`` over values standardised
    against the rolling median and robust SD; an alert when ``S`` passes ``h`` (then ``S`` restarts). The
    cap on each step means one spike alone cannot raise it: it answers "has the level moved?".

    >>> y = np.array([[5.0, 3, 6, 4, 7, 5, 4, 6, 3, 5, 4, 6, 15, 16, 14, 17]])
    >>> CUSUM().judge(y).up.nonzero()[1].tolist()
    [14]
    """

    name: ClassVar[str] = "cusum"
    window: int = 12
    k: float = 0.5
    h: float = 5.0
    cap: float = 3.0
    min_history: int = MIN_HISTORY
    season: int | None = None
    merge: int = 3
    escalation: float = 2.0

    def judge(self, values: FloatArray, volume: FloatArray | None = None) -> Judgement:
        """Run the upper and lower CUSUMs over every series at once."""
        level, sd, r = _standardised(values, self.window, volume, self.season)
        r = np.where((level.count >= self.min_history) & np.isfinite(r), r, 0.0)
        up, up_score = self._run(r)
        down, down_score = self._run(-r)
        return Judgement(up, down, np.where(up, up_score, down_score), level.median, {"sd": sd})

    def _run(self, r: FloatArray) -> tuple[BoolArray, FloatArray]:
        flags = np.zeros(r.shape, dtype=bool)
        score = np.zeros(r.shape)
        capped = np.zeros(r.shape[0])
        total = np.zeros(r.shape[0])
        for t in range(r.shape[1]):
            capped = np.fmax(0.0, capped + np.fmin(r[:, t], self.cap) - self.k)
            total = np.where(capped > 0, total + r[:, t] - self.k, 0.0)
            alarm = capped > self.h
            flags[:, t], score[:, t] = alarm, total
            capped[alarm], total[alarm] = 0.0, 0.0
        return flags, score

    def explain(self, judged: Judgement, row: int, t: int, value: float, period: str) -> str:
        """E.g. 'the level has stayed above the 12-period median of 5 for several periods ...'."""
        side = "above" if value >= judged.baseline[row, t] else "below"
        return (
            f"{value:g} in {period}: the series has stayed {side} its {self.window}-period median of "
            f"{judged.baseline[row, t]:.3g} for several periods, {judged.score[row, t]:.1f} robust SDs in "
            f"total beyond the allowance of {self.k} SD a period (CUSUM threshold {self.h})"
        )


@dataclass(frozen=True)
class NoChange:
    """The no-change (persistence) forecast used as an alarm: an alert when a value falls outside the
    interval that the no-change forecast made one period earlier (the last value plus the one-period changes
    of the last ``window`` periods, between their ``1 - level`` and ``level`` quantiles). The baseline of
    forecasting, as a detector to beat.

    >>> y = np.array([[5.0, 3, 6, 4, 7, 5, 4, 6, 3, 5, 4, 6, 310]])
    >>> NoChange(window=12).judge(y).up.nonzero()[1].tolist()
    [12]
    """

    name: ClassVar[str] = "no_change"
    window: int = 36
    level: float = 0.975
    min_history: int = MIN_HISTORY
    merge: int = 0
    escalation: float = 2.0

    def judge(self, values: FloatArray, volume: FloatArray | None = None) -> Judgement:
        """Flag values beyond the previous period's no-change interval (``volume`` is ignored)."""
        changes = np.diff(values, axis=1, prepend=np.nan)
        past = History(trailing(changes, self.window))
        ordered = np.sort(past.window, axis=-1)
        high, low = quantile(ordered, past.count, self.level), quantile(ordered, past.count, 1 - self.level)
        last = np.concatenate([np.full((values.shape[0], 1), np.nan), values[:, :-1]], axis=1)
        spread = np.fmax(past.iqr_sd, 1e-9)
        with np.errstate(invalid="ignore"):
            ready = (past.count >= self.min_history) & np.isfinite(values) & np.isfinite(last)
            up, down = ready & (values > last + high), ready & (values < last + low)
            score = np.where(up, values - last - high, last + low - values) / spread
        return Judgement(up, down, np.nan_to_num(score), last, {"high": last + high, "low": last + low})

    def explain(self, judged: Judgement, row: int, t: int, value: float, period: str) -> str:
        """E.g. '310 in 2014-05 is above 19, the top of the no-change forecast made a period earlier'."""
        if value >= judged.baseline[row, t]:
            where = f"above {judged.extras['high'][row, t]:.3g}, its {self.level:.1%} quantile"
        else:
            where = f"below {judged.extras['low'][row, t]:.3g}, its {1 - self.level:.1%} quantile"
        return (
            f"{value:g} in {period} is {where}, in the no-change forecast made a period earlier (last value "
            f"{judged.baseline[row, t]:.3g} plus the changes of the last {self.window} periods)"
        )


def gaps(values: FloatArray, volume: FloatArray | None) -> FloatArray:
    """``values`` with every period whose all-event ``volume`` is zero or unknown set to NaN: a month the
    source recorded nothing at all is a gap in the source, not a month without conflict.

    >>> gaps(np.array([[3.0, 0.0, 5.0]]), np.array([[90.0, 0.0, 80.0]])).tolist()
    [[3.0, nan, 5.0]]
    """
    if volume is None:
        return values
    with np.errstate(invalid="ignore"):
        return np.where(volume > 0, values, np.nan)


def _trailing_moments(values: FloatArray, width: int) -> tuple[FloatArray, FloatArray, FloatArray]:
    """How many known values, their mean and their sample SD in the ``width`` periods before each period
    (NaNs, e.g. gaps, left out: the baseline is the known months only)."""
    window = trailing(values, width)
    known = ~np.isnan(window)
    count = np.count_nonzero(known, axis=-1).astype(float)
    total = np.sum(window, axis=-1, where=known)
    squares = np.sum(window * window, axis=-1, where=known)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = total / count
        var = np.fmax(squares - count * mean * mean, 0.0) / (count - 1)
    return count, mean, np.sqrt(var)


@dataclass(frozen=True)
class ShareZ:
    """The volume-gated z-score: a month alerts when its count is ``threshold`` SDs above the mean of the
    series' previous ``window`` known months *and* its share of the all-event ``volume`` is
    ``share_threshold`` SDs above the mean share, with at least ``min_count`` events. The count's SD is at
    least the Poisson one (square root of the mean, at least 1), the share's at least the Poisson one at
    the month's volume, so a single event after a quiet year does not alert.

    When the whole source grows (more news about everything), the count jumps but the share does not: no
    alert. A month with zero (or unknown) volume is a gap: not judged, and left out of every baseline
    (see :func:`gaps`). Without ``volume`` only the count test applies.

    >>> quiet = [5.0, 3, 6, 4, 7, 5, 4, 6, 3, 5, 4, 6]
    >>> y = np.array([quiet + [40.0]])
    >>> ShareZ().judge(y, np.array([[1000.0] * 12 + [1000.0]])).up.nonzero()[1].tolist()
    [12]
    >>> ShareZ().judge(y, np.array([[1000.0] * 12 + [8000.0]])).up.nonzero()[1].tolist()  # source grew
    []
    """

    name: ClassVar[str] = "share_z"
    window: int = 12
    threshold: float = 3.0
    share_threshold: float = 3.0
    min_count: float = 3.0
    min_history: int = MIN_HISTORY
    merge: int = 3
    escalation: float = 2.0

    def judge(self, values: FloatArray, volume: FloatArray | None = None) -> Judgement:
        """Flag months far above the series' recent count and share (see the class notes)."""
        known = gaps(values, volume)
        count, mean, sd = _trailing_moments(known, self.window)
        with np.errstate(invalid="ignore", divide="ignore"):
            sd = np.fmax(sd, np.sqrt(np.fmax(mean, 1.0)))
            z = (known - mean) / sd
            if volume is None:
                share_z = z
                share = np.full(values.shape, np.nan)
            else:
                share = known / volume
                _, share_mean, share_sd = _trailing_moments(share, self.window)
                share_sd = np.fmax(share_sd, np.sqrt(np.fmax(share_mean * volume, 1.0)) / volume)
                share_z = (share - share_mean) / share_sd
            ready = (count >= self.min_history) & np.isfinite(z) & np.isfinite(share_z)
            up = ready & (z >= self.threshold) & (share_z >= self.share_threshold)
            up &= known >= self.min_count
            down = ready & (z <= -self.threshold) & (share_z <= -self.share_threshold)
        score = np.where(ready, np.fmin(np.abs(z), np.abs(share_z)), 0.0)
        extras = {"sd": sd, "z": z, "share_z": share_z, "share": share}
        return Judgement(up, down, np.nan_to_num(score), mean, extras)

    def explain(self, judged: Judgement, row: int, t: int, value: float, period: str) -> str:
        """E.g. '40 in 2014-05 is 14.0 SDs above the mean of 4.8 of the previous 12 known months, and its
        share of all events 13.1 SDs above the usual share'."""
        side = "above" if value >= judged.baseline[row, t] else "below"
        extras = judged.extras
        text = (
            f"{value:g} in {period} is {abs(extras['z'][row, t]):.1f} SDs {side} the mean of "
            f"{judged.baseline[row, t]:.3g} of the previous {self.window} known months"
        )
        if np.isfinite(extras["share"][row, t]):
            text += (
                f", and its share of all events ({extras['share'][row, t]:.2%}) "
                f"{abs(extras['share_z'][row, t]):.1f} SDs {side} the usual share"
            )
        return text
