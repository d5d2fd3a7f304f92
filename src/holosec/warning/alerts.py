"""Alerts: what a detector raises on a panel, one per episode, with its reasoning in words.

:func:`detect` runs a detector over a :class:`~holosec.warning.series.Panel` and turns its flags into
:class:`Alert` records. Repeated flags of one episode are merged: a flag within ``merge`` periods of the
series' previous flag (in the same direction) continues that episode and raises no new alert, unless the
value has grown to ``escalation`` times the episode's peak so far (an escalation is news).

An alert's **severity** says how big the jump is against the series' own history (:func:`jump_severity`),
not how improbable it is (that is its ``score``): ``high`` when the value breaks the series' record of the
previous :data:`RECORD_WINDOW` periods *and* is at least :data:`BIG_JUMP` times its baseline (for falls:
below the record low and at most a third of the baseline), ``medium`` when it does one of the two, ``low``
otherwise.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np

from holosec.warning.changepoint import ChangePoint
from holosec.warning.detectors import (
    CUSUM,
    Detector,
    Judgement,
    NaiveZ,
    NoChange,
    RobustZ,
    ShareZ,
    Surge,
)
from holosec.warning.series import BoolArray, FloatArray, Panel

__all__ = [
    "DEFAULT",
    "DETECTORS",
    "Alert",
    "detect",
    "judge",
    "jump_severity",
    "make_detector",
    "merge_flags",
]

DETECTORS: dict[str, type[Any]] = {
    detector.name: detector for detector in (Surge, RobustZ, CUSUM, ChangePoint, NaiveZ, NoChange, ShareZ)
}
DEFAULT = "surge"
DIRECTIONS = ("up", "down")
RECORD_WINDOW = 36
"""Periods of the series' own history whose record a value must break to count as a record."""
BIG_JUMP = 3.0
"""How many times its baseline a value must be (or, for a fall, a fraction 1/BIG_JUMP) to count as a big
jump."""
CHUNK = 256  # series judged together: small enough for the CPU caches, large enough for numpy


@dataclass(frozen=True)
class Alert:
    """One alert: a series, a period, a direction, how strong (``score``, ``severity``), which detector,
    the value and baseline compared, and the reasoning in words. ``baseline_filled`` counts the periods of
    the baseline that were missing from the input and taken as 0."""

    key: str
    period: str
    direction: str
    score: float
    severity: str
    detector: str
    value: float
    baseline: float
    reasoning: str
    baseline_filled: int = 0

    def as_dict(self) -> dict[str, Any]:
        """The alert as a JSON-ready dict (scores rounded to 3 decimals)."""
        data = dataclasses.asdict(self)
        data["score"] = round(self.score, 3)
        data["baseline"] = round(self.baseline, 3)
        return data


def make_detector(name: str = DEFAULT, **settings: Any) -> Detector:
    """A detector by name with some settings changed; ``ValueError`` names the choices when one is wrong.

    >>> make_detector("surge", alpha=0.01).alpha
    0.01
    >>> make_detector("zscore")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: unknown detector 'zscore'; choose from surge, robust_z, cusum, ..., share_z
    """
    if name == "default":
        name = DEFAULT
    if name not in DETECTORS:
        raise ValueError(f"unknown detector {name!r}; choose from {', '.join(DETECTORS)}")
    known = {f.name for f in dataclasses.fields(DETECTORS[name])}
    wrong = sorted(set(settings) - known)
    if wrong:
        raise ValueError(
            f"detector {name!r} has no setting {', '.join(wrong)}; it has {', '.join(sorted(known))}"
        )
    detector: Detector = DETECTORS[name](**settings)
    return detector


def judge(
    detector: Detector, values: FloatArray, volume: FloatArray | None = None, chunk: int = CHUNK
) -> Judgement:
    """``detector.judge`` over blocks of ``chunk`` series (faster, and memory stays small), joined.

    >>> judge(Surge(), np.array([[5.0, 3, 6, 4, 7, 5, 4, 310]] * 3), chunk=2).up.sum()
    np.int64(3)
    """
    parts = [
        detector.judge(values[i : i + chunk], None if volume is None else volume[i : i + chunk])
        for i in range(0, values.shape[0], chunk)
    ]
    return Judgement(
        up=np.concatenate([p.up for p in parts]),
        down=np.concatenate([p.down for p in parts]),
        score=np.concatenate([p.score for p in parts]),
        baseline=np.concatenate([p.baseline for p in parts]),
        extras={name: np.concatenate([p.extras[name] for p in parts]) for name in parts[0].extras},
    )


def jump_severity(history: FloatArray, value: float, baseline: float, direction: str = "up") -> str:
    """The severity of a jump from ``baseline`` to ``value`` against the series' ``history`` (its previous
    periods, NaN for unknown): see the module notes.

    >>> past = np.array([0.0, 1, 0, 7, 0, 2])
    >>> jump_severity(past, 11.0, 0.3), jump_severity(past, 4.0, 0.3), jump_severity(past, 2.5, 2.0)
    ('high', 'medium', 'low')
    >>> jump_severity(np.array([5.0, 6, 4]), 1.0, 5.0, "down")
    'high'
    """
    known = history[np.isfinite(history)]
    if direction == "up":
        record = known.size == 0 or value > float(known.max())
        big = value > 0 and (baseline <= 0 or value >= BIG_JUMP * baseline)
    else:
        record = known.size == 0 or value < float(known.min())
        big = baseline > 0 and value >= 0 and value * BIG_JUMP <= baseline
    return "high" if record and big else "medium" if record or big else "low"


def merge_flags(flags: BoolArray, values: FloatArray, merge: int, escalation: float) -> BoolArray:
    """The flags that start an episode (see the module notes); ``merge=0`` keeps every flag.

    >>> flags = np.array([[True, True, False, True, False, False, False, False, True]])
    >>> values = np.array([[9.0, 9, 0, 30, 0, 0, 0, 0, 9]])
    >>> merge_flags(flags, values, 3, 2.0).nonzero()[1].tolist()
    [0, 3, 8]
    """
    if merge <= 0:
        return flags.copy()
    kept = np.zeros(flags.shape, dtype=bool)
    last_row, last_t, peak = -1, 0, 0.0
    for row, t in zip(*np.nonzero(flags), strict=True):
        value = abs(float(values[row, t]))
        if row != last_row or t - last_t > merge or value >= escalation * peak:
            kept[row, t], peak = True, value
        else:
            peak = max(peak, value)
        last_row, last_t = row, t
    return kept


def detect(
    panel: Panel,
    detector: str | Detector = DEFAULT,
    *,
    directions: Iterable[str] = ("up",),
    volume: str | None = None,
    **settings: Any,
) -> list[Alert]:
    """Run a detector over every series of a panel and return its alerts, by series then period.

    ``volume`` names a series of the panel that measures overall volume (e.g. all events of each period):
    baselines are rescaled to it, and it raises no alerts itself. ``directions`` picks rises (``up``, the
    default), falls (``down``) or both.

    >>> from holosec.periods import Grain
    >>> panel = Panel.from_arrays(Grain.month, 24000, {"CHN-VNM": [5, 3, 6, 4, 7, 5, 4, 6, 310]})
    >>> [(a.period, a.direction, a.severity) for a in detect(panel)]
    [('2000-09', 'up', 'high')]
    """
    chosen = make_detector(detector, **settings) if isinstance(detector, str) else detector
    wanted = tuple(directions)
    if unknown := [d for d in wanted if d not in DIRECTIONS]:
        raise ValueError(f"unknown direction {unknown[0]!r}; choose from up, down")
    volume_values = _volume(panel, volume)
    judged = judge(chosen, panel.values, volume_values)
    rows = [row for row, key in enumerate(panel.keys) if key != volume]
    alerts = [alert for direction in wanted for alert in _alerts(panel, chosen, judged, direction, rows)]
    order = {key: row for row, key in enumerate(panel.keys)}
    return sorted(alerts, key=lambda a: (order[a.key], a.period, a.direction))


def _volume(panel: Panel, key: str | None) -> FloatArray | None:
    if key is None:
        return None
    if key not in panel.keys:
        raise ValueError(f"no series {key!r} to use as volume; the panel has {len(panel.keys)} series")
    return np.broadcast_to(panel.series(key), panel.values.shape)


def _alerts(
    panel: Panel, detector: Detector, judged: Judgement, direction: str, rows: list[int]
) -> Iterator[Alert]:
    flags = (judged.up if direction == "up" else judged.down)[rows]
    kept = merge_flags(flags, panel.values[rows], detector.merge, detector.escalation)
    window = getattr(detector, "window", 12)
    for index, t in zip(*np.nonzero(kept), strict=True):
        row = rows[index]
        value, period = float(panel.values[row, t]), panel.label(int(t))
        score = float(judged.score[row, t])
        filled = np.count_nonzero(panel.filled[row, max(0, t - window) : t])
        baseline = float(judged.baseline[row, t])
        past = panel.values[row, max(0, t - RECORD_WINDOW) : t]
        yield Alert(
            key=panel.keys[row],
            period=period,
            direction=direction,
            score=score,
            severity=jump_severity(past, value, baseline, direction),
            detector=detector.name,
            value=value,
            baseline=baseline,
            reasoning=detector.explain(judged, row, int(t), value, period),
            baseline_filled=int(filled),
        )
