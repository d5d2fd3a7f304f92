"""The change-point detector: at each period, segment the recent past with ``ruptures`` and alert when a
new segment, at a different level, has just begun.

At period ``t`` the last ``window`` values (up to and including ``t``; counts on the ``log1p`` scale) are
segmented by PELT with a linear kernel (least squares, ``ruptures.KernelCPD``) and a BIC-like penalty
of ``penalty * log(n) * noise**2``, where ``noise`` is the robust SD of period-to-period changes. If the last
segment begins ``min_size - 1`` periods before ``t`` (the earliest a change can be confirmed), that is a
change point: ``up`` when the new level is higher. Segmenting only the past keeps the detector honest (no
hindsight). To stay fast, segmentation runs only where a cheap screen (the last ``min_size`` values against
the median before them) shows a possible change.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np
import ruptures

from holosec.warning.detectors import Judgement
from holosec.warning.series import BoolArray, FloatArray
from holosec.warning.windows import History, count_like, trailing

__all__ = ["ChangePoint"]


@dataclass(frozen=True)
class ChangePoint:
    """Causal change points by penalised segmentation (``ruptures``) of a trailing window.

    >>> y = np.array([[5.0, 3, 6, 4, 7, 5, 4, 6, 3, 5, 4, 6, 5, 4, 40, 38, 41, 39]])
    >>> ChangePoint().judge(y).up.nonzero()[1].tolist()
    [15]
    """

    name: ClassVar[str] = "changepoint"
    window: int = 36
    min_size: int = 2
    penalty: float = 2.0
    screen: float = 2.0
    min_count: float = 3.0
    min_history: int = 12
    merge: int = 3
    escalation: float = 2.0

    def judge(self, values: FloatArray, volume: FloatArray | None = None) -> Judgement:
        """Flag the periods at which a change of level is first confirmed."""
        counts = count_like(values)
        scaled = self._scaled(values, volume)
        x = np.where(counts[:, None], np.log1p(np.fmax(scaled, 0.0)), scaled)
        noise = self._noise(x, counts)
        before, after = np.full(x.shape, np.nan), np.full(x.shape, np.nan)
        for row, t in zip(*np.nonzero(self._screen(x, noise)), strict=True):
            found = self._segment(x[row, max(0, t - self.window + 1) : t + 1], noise[row, t])
            if found is not None:
                before[row, t], after[row, t] = found
        return self._judgement(values, x, counts, noise, before, after)

    def _scaled(self, values: FloatArray, volume: FloatArray | None) -> FloatArray:
        if volume is None:
            return values
        with np.errstate(invalid="ignore", divide="ignore"):
            return values / volume * np.nanmedian(volume, axis=1, keepdims=True)

    def _noise(self, x: FloatArray, counts: BoolArray) -> FloatArray:
        """Robust SD of one-period changes over the window ending at each period."""
        steps = np.diff(x, axis=1, prepend=np.nan)
        hist = History(trailing(np.concatenate([steps[:, 1:], steps[:, :1]], axis=1), self.window))
        sd = hist.mad_sd() / np.sqrt(2.0)
        return np.where(counts[:, None], np.fmax(sd, 0.3), np.where(sd > 0, sd, np.nan))

    def _screen(self, x: FloatArray, noise: FloatArray) -> BoolArray:
        """Where the last ``min_size`` values sit ``screen`` noise SDs from the median before them."""
        recent = np.mean(np.stack([np.roll(x, k, axis=1) for k in range(self.min_size)]), axis=0)
        reference = History(trailing(x, self.window - self.min_size)).median
        reference = np.concatenate([np.full((x.shape[0], self.min_size - 1), np.nan), reference], axis=1)
        reference = reference[:, : x.shape[1]]
        seen = np.cumsum(~np.isnan(x), axis=1)
        with np.errstate(invalid="ignore"):
            screened: BoolArray = (seen > self.min_history) & (
                np.abs(recent - reference) > self.screen * noise
            )
        return screened

    def _segment(self, x: FloatArray, noise: float) -> tuple[float, float] | None:
        """The levels before and after a change beginning ``min_size - 1`` periods before the end, when
        every value of the new segment lies more than one noise SD beyond the old level."""
        x = x[~np.isnan(x)]
        if x.size < 2 * self.min_size + 1:
            return None
        pen = self.penalty * np.log(x.size) * noise**2
        ends = ruptures.KernelCPD(kernel="linear", min_size=self.min_size).fit(x).predict(pen=pen)
        if len(ends) < 2 or ends[-2] != x.size - self.min_size:
            return None
        old = float(np.mean(x[ends[-3] if len(ends) > 2 else 0 : ends[-2]]))
        new = x[ends[-2] :]
        if not (new.min() > old + noise or new.max() < old - noise):
            return None  # one outlier, not a new level
        return old, float(np.mean(new))

    def _judgement(
        self,
        values: FloatArray,
        x: FloatArray,
        counts: BoolArray,
        noise: FloatArray,
        before: FloatArray,
        after: FloatArray,
    ) -> Judgement:
        level_before = np.where(counts[:, None], np.expm1(before), before)
        level_after = np.where(counts[:, None], np.expm1(after), after)
        with np.errstate(invalid="ignore"):
            score = np.abs(after - before) / noise
            big = np.where(counts[:, None], np.fmax(level_after, level_before) >= self.min_count, True)
            up = np.nan_to_num(after > before, nan=False).astype(bool) & big
            down = np.nan_to_num(after < before, nan=False).astype(bool) & big
        extras = {
            "after": level_after,
            "noise": noise,
            "count": np.broadcast_to(counts[:, None], x.shape) * 1.0,
        }
        return Judgement(up, down, np.nan_to_num(score), level_before, extras)

    def explain(self, judged: Judgement, row: int, t: int, value: float, period: str) -> str:
        """E.g. 'a new level began in 2014-04: about 39 a period, against about 5 before'."""
        scale = "log scale" if judged.extras["count"][row, t] else "raw scale"
        return (
            f"{value:g} in {period}: a new segment began {self.min_size - 1} period(s) earlier at about "
            f"{judged.extras['after'][row, t]:.3g} a period, against about {judged.baseline[row, t]:.3g} "
            f"before (a shift of {judged.score[row, t]:.1f} noise SDs, {scale}; PELT over the last "
            f"{self.window} periods)"
        )
