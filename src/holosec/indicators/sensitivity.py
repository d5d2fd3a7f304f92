"""How the ranks of countries' overall threat scores move when the index's weights change: the
sensitivity analysis of ``docs/index-method.md``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import stats

from holosec.indicators.index import NEUTRAL, SUB_INDICATORS, Index
from holosec.store import Store
from holosec.taxonomy import DEFAULT


@dataclass(frozen=True)
class Scored:
    """The parts of one period's overall scores that do not depend on the weights, as arrays over
    (country, field, sub-indicator): own-baseline and peer scores (NaN where missing) and field events."""

    countries: tuple[str, ...]
    own: np.ndarray
    peers: np.ndarray
    events: np.ndarray
    shrink: float

    @classmethod
    def of(cls, index: Index, period: str, countries: Sequence[str]) -> Scored:
        """The parts of ``countries``' scores in ``period``."""
        shape = (len(countries), len(index.names), len(SUB_INDICATORS))
        own, peers = np.full(shape, np.nan), np.full(shape, np.nan)
        events = np.zeros(shape[:2])
        for (i, country), (j, name) in ((c, f) for c in enumerate(countries) for f in enumerate(index.names)):
            events[i, j] = index.history.evidence(period, country, name)
            if events[i, j] < index.method.floor:  # insufficient: no score (Scorer.field_score)
                events[i, j] = 0.0
                continue
            for k, sub in enumerate(SUB_INDICATORS):
                part = index.scorer.component(period, country, name, sub)
                own[i, j, k] = np.nan if part.own is None else part.own
                peers[i, j, k] = np.nan if part.peers is None else part.peers
        return cls(tuple(countries), own, peers, events, index.method.shrink)

    def overall(self, weights: np.ndarray, baseline: float) -> np.ndarray:
        """Every country's overall score under sub-indicator ``weights`` and own-baseline share ``baseline``
        (the method of :class:`Scorer`, over arrays)."""
        mixed = np.where(np.isnan(self.own), self.peers, baseline * self.own + (1.0 - baseline) * self.peers)
        present = ~np.isnan(mixed)
        total = (present * weights).sum(axis=2)
        raw = np.where(
            total > 0, np.nansum(mixed * weights, axis=2) / np.where(total > 0, total, 1.0), NEUTRAL
        )
        reliability = np.where(self.events > 0, self.events / (self.events + self.shrink), 0.0)
        field_scores = NEUTRAL + reliability * (raw - NEUTRAL)
        weight = reliability.sum(axis=1)
        summed = (reliability * field_scores).sum(axis=1) / np.where(weight > 0, weight, 1.0)
        return np.asarray(np.where(weight > 0, summed, NEUTRAL))  # no field scored: no overall, read as 5


def ranks(scores: np.ndarray) -> np.ndarray:
    """Ranks, 1 for the highest score, ties sharing their mean rank.

    >>> ranks(np.array([2.0, 9.0, 2.0, 5.0])).tolist()
    [3.5, 1.0, 3.5, 2.0]
    """
    return np.asarray(stats.rankdata(-scores, method="average"), dtype=float)


def spearman(a: np.ndarray, b: np.ndarray) -> float:
    """Spearman's rank correlation (scipy's).

    >>> spearman(np.array([1.0, 2.0, 3.0]), np.array([10.0, 20.0, 30.0]))
    1.0
    """
    return float(stats.spearmanr(a, b).statistic)


def kendall(a: np.ndarray, b: np.ndarray) -> float:
    """Kendall's tau-b (scipy's).

    >>> round(kendall(np.array([1.0, 2.0, 3.0, 4.0]), np.array([1.0, 3.0, 2.0, 4.0])), 4)
    0.6667
    """
    return float(stats.kendalltau(a, b, variant="b").statistic)


def _compare(base: np.ndarray, other: np.ndarray, top: int) -> dict[str, float]:
    shift = np.abs(ranks(base) - ranks(other))
    best = set(np.argsort(-base, kind="stable")[:top].tolist())
    kept = len(best & set(np.argsort(-other, kind="stable")[:top].tolist())) / max(len(best), 1)
    return {
        "spearman": round(spearman(base, other), 4),
        "kendall": round(kendall(base, other), 4),
        "mean_shift": round(float(shift.mean()), 2),
        "max_shift": round(float(shift.max()), 1),
        "top_kept": round(kept, 3),
    }


def _summary(values: Sequence[float]) -> dict[str, float]:
    array = np.array(values, dtype=float)
    quantiles = np.quantile(array, [0.0, 0.05, 0.5, 0.95, 1.0])
    return dict(
        zip(("min", "p05", "median", "p95", "max"), (round(float(q), 4) for q in quantiles), strict=True)
    )


def busiest(index: Index) -> str:
    """The covered period with the most countries of enough evidence (the latest of equals)."""

    def enough(period: str) -> int:
        counts = (index.history.events.get((period, c, None), 0.0) for c in index.history.countries[period])
        return sum(1 for n in counts if n >= index.method.min_events)

    return max(reversed(index.history.covered), key=enough)


def weight_sensitivity(
    index: Index,
    period: str | None = None,
    *,
    spread: float = 0.5,
    draws: int = 200,
    concentration: float = 20.0,
    seed: int = 0,
    top: int = 10,
) -> dict[str, Any]:
    """How the ranks of countries' overall scores in ``period`` (default :func:`busiest`) move when the
    weights change, over the countries with at least ``min_events`` events: each sub-indicator weight and
    the own-baseline share times ``1 - spread`` and ``1 + spread`` in turn (renormalised), and ``draws``
    Dirichlet draws of the sub-indicator weights centred on the method's (``concentration``: larger, closer;
    deterministic for a ``seed``). Each comparison with the method's ranks gives Spearman's rho, Kendall's
    tau-b, the mean and largest absolute rank shift and the share of the ``top`` countries still in it."""
    label = index.period(period) if period else busiest(index)
    countries = [
        c
        for c in index.history.countries[label]
        if index.history.events.get((label, c, None), 0.0) >= index.method.min_events
    ]
    scored = Scored.of(index, label, countries)
    weights = np.array([index.method.weights[n] for n in SUB_INDICATORS])
    weights = weights / weights.sum()
    mix = index.method.baseline / (index.method.baseline + index.method.peers)
    base = scored.overall(weights, mix)
    one_at_a_time = []
    for k, name in enumerate((*SUB_INDICATORS, "own baseline")):
        if k < len(SUB_INDICATORS) and weights[k] == 0:
            continue  # a weight of 0 stays 0 when scaled
        for factor in (1.0 - spread, 1.0 + spread):
            changed, share = weights.copy(), mix
            if k < len(SUB_INDICATORS):
                changed[k] *= factor
            else:
                share = min(1.0, mix * factor)
            other = scored.overall(changed / changed.sum(), share)
            one_at_a_time.append({"weight": name, "factor": factor, **_compare(base, other, top)})
    rng = np.random.default_rng(seed)
    used = weights > 0  # the draws move the weights in use; a weight of 0 stays 0
    drawn = []
    for w in rng.dirichlet(weights[used] * concentration, draws):
        full = np.zeros_like(weights)
        full[used] = w
        drawn.append(_compare(base, scored.overall(full, mix), top))
    return {
        "period": label,
        "by": index.history.by,
        "countries": len(countries),
        "spread": spread,
        "draws": draws,
        "concentration": concentration,
        "seed": seed,
        "top": top,
        "one_at_a_time": one_at_a_time,
        "dirichlet": {key: _summary([d[key] for d in drawn]) for key in drawn[0]} if drawn else {},
    }


def sensitivity(
    store: Store, *, period: str | None = None, by: str = "month", taxonomy: str = DEFAULT, **options: Any
) -> dict[str, Any]:
    """:func:`weight_sensitivity` of a store's index (options: ``spread``, ``draws``, ``concentration``,
    ``seed``, ``top``)."""
    return weight_sensitivity(Index.of_store(store, by=by, taxonomy=taxonomy), period, **options)
