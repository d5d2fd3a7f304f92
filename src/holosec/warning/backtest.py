"""Verification: how well detectors and forecasts have done on real series, by rolling origin.

- :func:`verify`: alerts against reference episodes. An episode is *caught* when its series has an alert
  from ``before`` periods before the period it began to ``after`` periods after it (by default: up to two
  periods early, at most one late: "within a month" on monthly series). Its lead time is the period it
  began minus the earliest such alert (positive: the alert came first). Precision is the share of alerts
  that fall in some episode's window; the alert rate is alerts per series-period of the series' spans.
- :func:`raise_alerts` / :func:`threshold_ladder` / :func:`closest`: a detector's alerts when every series
  has its own volume, and the naive threshold (trailing mean plus ``k`` SDs, merged like the default) at
  many ``k``, to compare a detector with the threshold at the same alert rate.
- :func:`forecast_scores`: for each series, the mean CRPS of each forecaster's next-period forecasts and
  the Brier score of its probability of a surge (the next value at least twice the median of the last 12
  and at least 5), over every origin from ``start`` on; every forecast uses only data up to its origin.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from pathlib import Path
from statistics import mean, median
from typing import Any

import numpy as np

from holosec.warning.alerts import Alert, judge, merge_flags
from holosec.warning.detectors import Detector, NaiveZ
from holosec.warning.episodes import Episode, placed
from holosec.warning.forecast import LEVELS, Forecast, brier, crps, learned, persistence, seasonal_naive
from holosec.warning.series import BoolArray, FloatArray, Panel
from holosec.warning.windows import count_like, history

__all__ = [
    "LADDER",
    "Catch",
    "Record",
    "SeriesScore",
    "closest",
    "forecast_scores",
    "raise_alerts",
    "shipped_records",
    "surge_threshold",
    "threshold_ladder",
    "verify",
]


@dataclass(frozen=True)
class Catch:
    """One episode of the verification: where it began, and the alert that caught it (if any)."""

    episode: Episode
    key: str
    period: str
    alert: str | None
    lead: int | None


@dataclass(frozen=True)
class Record:
    """The track record of one detector on one panel and set of episodes."""

    detector: str
    episodes: int
    caught: int
    alerts: int
    near: int
    series_periods: int
    leads: tuple[int, ...]
    catches: tuple[Catch, ...] = field(repr=False, default=())

    @property
    def recall(self) -> float:
        """Share of episodes caught (NaN without episodes)."""
        return self.caught / self.episodes if self.episodes else float("nan")

    @property
    def precision(self) -> float:
        """Share of alerts in some episode's window (NaN without alerts)."""
        return self.near / self.alerts if self.alerts else float("nan")

    @property
    def alert_rate(self) -> float:
        """Alerts per series-period."""
        return self.alerts / self.series_periods if self.series_periods else float("nan")

    @property
    def median_lead(self) -> float:
        """Median lead time in periods of the caught episodes (NaN when none was caught)."""
        return float(median(self.leads)) if self.leads else float("nan")

    def as_dict(self) -> dict[str, Any]:
        """The record's numbers as a JSON-ready dict."""
        return {
            "detector": self.detector,
            "episodes": self.episodes,
            "caught": self.caught,
            "recall": _round(self.recall),
            "alerts": self.alerts,
            "precision": _round(self.precision),
            "alert_rate": _round(self.alert_rate, 4),
            "median_lead": _round(self.median_lead),
            "mean_lead": _round(mean(self.leads)) if self.leads else None,
        }


def _round(value: float, digits: int = 3) -> float | None:
    return None if value != value else round(value, digits)


def verify(
    alerts: Iterable[Alert],
    panel: Panel,
    episodes: Iterable[Episode],
    *,
    before: int = 2,
    after: int = 1,
    history: int = 0,
    detector: str | None = None,
) -> Record:
    """The track record of ``alerts`` (raised on ``panel``) against ``episodes``.

    Episodes count when they belong to a series of the panel and begin at least ``history`` periods after
    its first period (see :func:`holosec.warning.episodes.placed`).
    """
    raised: dict[int, list[int]] = {}
    names: set[str] = set()
    rows = {key: row for row, key in enumerate(panel.keys)}
    periods = {label: t for t, label in enumerate(panel.labels())}
    for alert in alerts:
        if alert.direction == "up" and alert.period in periods:
            raised.setdefault(rows[alert.key], []).append(periods[alert.period])
            names.add(alert.detector)
    found = placed(panel, episodes, history=history)
    catches = tuple(
        _catch(panel, raised.get(row, []), row, t, episode, before, after) for row, t, episode in found
    )
    windows = {(row, t + d) for row, t, _ in found for d in range(-before, after + 1)}
    near = sum((row, t) in windows for row, ts in raised.items() for t in ts)
    return Record(
        detector=detector or ", ".join(sorted(names)) or "-",
        episodes=len(catches),
        caught=sum(c.alert is not None for c in catches),
        alerts=sum(len(ts) for ts in raised.values()),
        near=near,
        series_periods=panel.observed(),
        leads=tuple(c.lead for c in catches if c.lead is not None),
        catches=catches,
    )


def _catch(
    panel: Panel, raised: list[int], row: int, t: int, episode: Episode, before: int, after: int
) -> Catch:
    hits = sorted(p for p in raised if t - before <= p <= t + after)
    key, period = panel.keys[row], panel.label(t)
    if not hits:
        return Catch(episode, key, period, None, None)
    return Catch(episode, key, period, panel.label(hits[0]), t - hits[0])


LADDER = (*(round(2.0 + 0.1 * i, 1) for i in range(281)), 40.0, 50.0, 75.0, 98.0)
"""The ``k`` tried for the naive threshold (mean + k SD): 2 to 30 in steps of 0.1, then a few more (a zero
SD makes any rise infinite: those alerts stay at every ``k``)."""


def raise_alerts(panel: Panel, detector: Detector, volume: FloatArray | None = None) -> list[Alert]:
    """The rises ``detector`` alerts on in ``panel``, merged as :func:`holosec.warning.alerts.detect`
    merges them, with ``volume`` of the same shape as the panel (each series its own all-event volume).
    Only what verification needs is filled in (no reasoning, severity ``-``)."""
    judged = judge(detector, panel.values, volume)
    return _merged(panel, detector, judged.up, judged.score, judged.baseline)


def _merged(
    panel: Panel, detector: Detector, flags: BoolArray, score: FloatArray, baseline: FloatArray
) -> list[Alert]:
    kept = merge_flags(flags, panel.values, detector.merge, detector.escalation)
    return [
        Alert(
            key=panel.keys[row],
            period=panel.label(int(t)),
            direction="up",
            score=float(score[row, t]),
            severity="-",
            detector=detector.name,
            value=float(panel.values[row, t]),
            baseline=float(baseline[row, t]),
            reasoning="",
        )
        for row, t in zip(*np.nonzero(kept), strict=True)
    ]


def threshold_ladder(
    panel: Panel, ladder: Sequence[float] = LADDER, merge: int = 3
) -> dict[float, list[Alert]]:
    """The naive threshold's alerts at every ``k`` of ``ladder``: a month alerts when it is at least ``k``
    SDs above the mean of the previous 12 (:class:`~holosec.warning.detectors.NaiveZ`), merged within
    ``merge`` periods like the default. The z-scores are computed once."""
    naive: Detector = NaiveZ(threshold=min(ladder), merge=merge)
    judged = judge(naive, panel.values)
    return {
        k: _merged(panel, naive, judged.up & (judged.score >= k), judged.score, judged.baseline)
        for k in ladder
    }


def closest(rate: float, records: dict[float, Record]) -> tuple[float, Record]:
    """The ``(k, record)`` of ``records`` (by threshold ``k``) whose alert rate is closest to ``rate`` (on a
    tie, the higher ``k``: fewer alerts)."""
    k = min(records, key=lambda k: (abs(records[k].alert_rate - rate), -k))
    return k, records[k]


@dataclass(frozen=True)
class SeriesScore:
    """Rolling-origin forecast scores of one series: origins scored, mean CRPS and Brier per forecaster."""

    key: str
    origins: int
    crps: dict[str, float]
    brier: dict[str, float]
    events: int

    def skill(self, model: str, reference: str = "persistence") -> float:
        """CRPS skill of ``model`` against ``reference``: 1 - CRPS / reference CRPS (above 0: better)."""
        ref = self.crps[reference]
        return 1.0 - self.crps[model] / ref if ref > 0 else float("nan")


def surge_threshold(values: FloatArray, ratio: float = 2.0, minimum: float = 5.0) -> FloatArray:
    """``[series, t]``: the value period ``t + 1`` must reach to be a surge: ``ratio`` times the median of
    the 12 periods up to ``t``, and at least ``minimum`` (for series that are not counts: the median plus
    two robust SDs).

    >>> surge_threshold(np.array([[3.0] * 12 + [9.0]]))[0, 11:].tolist()
    [6.0, 6.0]
    """
    padded = np.concatenate([values, np.full((values.shape[0], 1), np.nan)], axis=1)
    hist = history(padded, 12)
    median_, sd = hist.median[:, 1:], hist.iqr_sd[:, 1:]
    counts = count_like(values)[:, None]
    return np.where(counts, np.fmax(ratio * median_, minimum), median_ + 2 * sd)


def forecast_scores(
    panel: Panel, *, start: int = 36, season: int | None = None, models: Sequence[Forecast] | None = None
) -> list[SeriesScore]:
    """Rolling-origin CRPS and Brier scores of the persistence, seasonal and learned forecasters (or of
    ``models``) for every series of the panel, on the same origins for all (see the module notes)."""
    values = panel.values
    season = season or panel.kind.season
    chosen: list[Forecast] = (
        list(models)
        if models is not None
        else [
            persistence(values),
            seasonal_naive(values, season=season),
            learned(values, season=season, min_train=start),
        ]
    )
    observed = np.concatenate([values[:, 1:], np.full((values.shape[0], 1), np.nan)], axis=1)
    threshold = surge_threshold(values)
    event = (observed >= threshold).astype(float)
    scored = {
        m.name: (crps(m.quantiles(LEVELS), LEVELS, observed), brier(m.prob_at_least(threshold), event))
        for m in chosen
    }
    usable = np.isfinite(observed) & np.isfinite(threshold)
    usable[:, :start] = False
    for c, b in scored.values():
        usable &= np.isfinite(c) & np.isfinite(b)
    return [
        SeriesScore(
            key=key,
            origins=int(usable[row].sum()),
            crps={name: float(np.mean(c[row][usable[row]])) for name, (c, _) in scored.items()},
            brier={name: float(np.mean(b[row][usable[row]])) for name, (_, b) in scored.items()},
            events=int(event[row][usable[row]].sum()),
        )
        for row, key in enumerate(panel.keys)
        if usable[row].any()
    ]


def records_path() -> Path:
    """Where holosec keeps the track records it shows beside alerts (written by the backtest report)."""
    return Path(str(files("holosec.warning").joinpath("data", "verification.json")))


@cache
def shipped_records() -> dict[str, dict[str, Any]]:
    """Each detector's track record on real series, as measured by ``python -m holosec.documents.backtests``
    (``{}`` before the report has run).

    >>> shipped_records()["surge"]["detector"]
    'surge'
    """
    path = records_path()
    if not path.exists():
        return {}
    records: dict[str, dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))["records"]
    return records
