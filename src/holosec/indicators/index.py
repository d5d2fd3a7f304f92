"""The composite threat index: per country, security field and period, a score from 0 (least) to 10 (most
threatening), and an overall score; the method is ``docs/index-method.md``, its weights ``data/index.toml``.

Seven sub-indicators of a (country, field, period), each oriented so that higher = more threat
(:func:`sub_indicators` from events; ``attention``, the field's share of the articles naming the country,
from :func:`holosec.indicators.attention.attention` where the store holds articles), are scored 0-10
against the country's own past (by default the percentile rank among its previous periods, up to five
years of months; the method can use a robust z on a logistic curve instead) and against the other
countries of the period (percentile rank); a field's score is the weighted mean of its sub-indicators'
scores, shrunk towards the neutral 5 when it rests on little evidence (events plus the field's weight of
articles); the overall score is the mean of the field scores weighted by their evidence. A field with
less evidence than the method's floor (one event) has no score (``None``): its evidence is
``insufficient``. ``docs/validation.md`` measures how the index and each sub-indicator co-move with
outside references.

Pure Python and numpy over the rows of :func:`holosec.indicators.query.panel` and of attention.

>>> method = Method.load()
>>> method.weights["volume"], method.own, method.threshold, logistic(0.0)
(0.4, 'percentile', 1.0, 5.0)
"""

from __future__ import annotations

import dataclasses
import math
import tomllib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from importlib.resources import files
from pathlib import Path
from typing import Any

import numpy as np

from holosec.errors import InputError, NoData, ParameterError
from holosec.indicators.attention import MIN_ARTICLES, attention
from holosec.indicators.coverage import coverage, current_period, index_sources
from holosec.indicators.query import country_code, panel
from holosec.periods import Period, span
from holosec.perspective import load_perspective
from holosec.store import Memo, Store
from holosec.taxonomy import DEFAULT, load_taxonomy

EVENT_INDICATORS = ("volume", "intensity", "material", "hostility", "goldstein", "tone")
ATTENTION = "attention"
SUB_INDICATORS = (*EVENT_INDICATORS, ATTENTION)
NEUTRAL = 5.0
OVERALL = "overall"
DETERIORATED, IMPROVED, UNCHANGED = "deteriorated", "improved", "unchanged"
SUFFICIENT, THIN, INSUFFICIENT = "sufficient", "thin", "insufficient"
LABELS = (DETERIORATED, IMPROVED, UNCHANGED)
_COUNTED = ("volume", "intensity")  # zero, not missing, in a covered period without events
_MAD_TO_SD = 1.4826  # the median absolute deviation of a normal sample times this estimates its sd
OWN_SCALES = ("percentile", "z")
"""How a value is scored against the country's own past: its percentile rank among the previous periods'
values, or their robust z on the logistic curve (see :meth:`Scorer.own`)."""

Peers = Callable[[str], Iterable[str]]


@dataclass(frozen=True)
class Method:
    """The method's numbers (``holosec/data/index.toml``): sub-indicator weights and baseline floors, the
    own-baseline / peer mix, the baseline window and scale (``own``: one of :data:`OWN_SCALES`), evidence
    shrinkage and the change threshold."""

    weights: Mapping[str, float]
    floors: Mapping[str, float]
    baseline: float
    peers: float
    baseline_periods: Mapping[str, int]
    min_periods: int
    shrink: float
    min_events: float
    threshold: float
    floor: float = 1.0
    own: str = "percentile"

    @classmethod
    def load(cls, path: Path | None = None) -> Method:
        """The method in ``path`` (laid out like the packaged file), or holosec's default."""
        source = path or files("holosec").joinpath("data", "index.toml")
        doc = tomllib.loads(source.read_text(encoding="utf-8"))
        where = str(path or "holosec/data/index.toml")
        indicators = doc["indicators"]
        if set(indicators) != set(SUB_INDICATORS):
            raise InputError(where, f"[indicators] must name exactly {', '.join(SUB_INDICATORS)}")
        method = cls(
            weights={name: float(indicators[name]["weight"]) for name in SUB_INDICATORS},
            floors={name: float(indicators[name]["floor"]) for name in SUB_INDICATORS},
            baseline=float(doc["normalise"]["baseline"]),
            peers=float(doc["normalise"]["peers"]),
            baseline_periods={k: int(v) for k, v in doc["normalise"]["baseline_periods"].items()},
            min_periods=int(doc["normalise"]["min_periods"]),
            own=str(doc["normalise"].get("own", "z")),
            shrink=float(doc["evidence"]["shrink"]),
            min_events=float(doc["evidence"]["min_events"]),
            floor=float(doc["evidence"].get("floor", 1.0)),
            threshold=float(doc["change"]["threshold"]),
        )
        method.check(where)
        return method

    def check(self, where: str = "index method") -> None:
        """Refuse negative weights, groups of weights summing to zero and an unknown own-baseline scale."""
        if self.own not in OWN_SCALES:
            raise InputError(where, f"own must be one of {', '.join(OWN_SCALES)}, not {self.own!r}")
        groups = {"indicator weights": list(self.weights.values()), "mix": [self.baseline, self.peers]}
        for name, values in groups.items():
            if min(values) < 0 or sum(values) <= 0:
                raise InputError(where, f"{name} must be >= 0 with a positive sum")

    def reweighted(self, weights: Mapping[str, float], baseline: float | None = None) -> Method:
        """The method with other sub-indicator weights (and own-baseline share of the mix, if given)."""
        method = replace(self, weights=dict(weights))
        if baseline is not None:
            method = replace(method, baseline=baseline, peers=1.0 - baseline)
        method.check()
        return method


def logistic(z: float) -> float:
    """A robust z score as a 0-10 score: 5 at the baseline's median, 7.3 one spread above, 8.8 two above.

    >>> round(logistic(1.0), 1), round(logistic(2.0), 1), round(logistic(-2.0), 1)
    (7.3, 8.8, 1.2)
    """
    return 10.0 / (1.0 + math.exp(-max(-40.0, min(40.0, z))))


def percentile(values: np.ndarray, x: float) -> float:
    """``x``'s mid-rank percentile among ``values`` (which hold it), 0-10: the share below plus half the
    share equal.

    >>> percentile(np.array([0.0, 1.0, 1.0, 3.0]), 1.0), percentile(np.array([2.0]), 2.0)
    (5.0, 5.0)
    """
    ordered = np.sort(values)
    below = int(np.searchsorted(ordered, x, side="left"))
    upto = int(np.searchsorted(ordered, x, side="right"))
    return 10.0 * (below + 0.5 * (upto - below)) / len(ordered)


def sub_indicators(row: Mapping[str, Any]) -> dict[str, float | None]:
    """The threat sub-indicators of one panel row (None where the row cannot say), to 9 decimals so that
    ties between countries do not hang on the order floating-point sums were taken in.

    >>> values = sub_indicators({"conflict_events": 3.0, "per_1000": 20.0, "conflict_share": 0.25,
    ...     "material_conflict_share": 0.1, "balance": 0.5, "goldstein_mean": 1.5, "tone": None})
    >>> values["volume"], values["intensity"], values["material"], values["hostility"], values["goldstein"]
    (1.386294361, 5.0, 0.1, 0.25, -1.5)
    >>> values["tone"] is None
    True
    """

    def rounded(value: float | None, sign: float = 1.0) -> float | None:
        return None if value is None else round(sign * float(value), 9) + 0.0

    per_1000, share, balance = row["per_1000"], row["conflict_share"], row["balance"]
    return {
        "volume": rounded(math.log1p(float(row["conflict_events"]))),
        "intensity": None if per_1000 is None or share is None else rounded(float(per_1000) * float(share)),
        "material": rounded(row["material_conflict_share"]),
        "hostility": None if balance is None else rounded((1.0 - float(balance)) / 2.0),
        "goldstein": rounded(row["goldstein_mean"], -1.0),
        "tone": rounded(row["tone"], -1.0),
    }


@dataclass(frozen=True)
class History:
    """The index's inputs: sub-indicators and events of every (period, country, field) with events, the
    periods the store covers (any event at all) and the countries seen in each. Field ``None`` is all
    events. In a covered period a country or field without events has volume and intensity 0 (no
    conflict events) and no value for the other event sub-indicators. ``attention`` and ``articles``
    hold the attention share and article weight of the (period, country, field)s whose country at least
    ``MIN_ARTICLES`` articles name in the period (field ``None``: all those articles, with no share)."""

    by: str
    values: Mapping[tuple[str, str, str | None], Mapping[str, float | None]]
    events: Mapping[tuple[str, str, str | None], float]
    countries: Mapping[str, tuple[str, ...]]
    attention: Mapping[tuple[str, str, str | None], float] = dataclasses.field(default_factory=dict)
    articles: Mapping[tuple[str, str, str | None], float] = dataclasses.field(default_factory=dict)
    _windows: dict[tuple[str, int], tuple[str, ...]] = dataclasses.field(
        default_factory=dict, init=False, repr=False, compare=False
    )  # window() of each (period, size), worked out once: every country, field and sub-indicator asks

    @classmethod
    def from_rows(cls, rows: Iterable[Mapping[str, Any]], by: str) -> History:
        """The history of panel rows (``holosec.indicators.query.panel``)."""
        values: dict[tuple[str, str, str | None], Mapping[str, float | None]] = {}
        events: dict[tuple[str, str, str | None], float] = {}
        countries: dict[str, set[str]] = {}
        for row in rows:
            key = (row["period"], row["country"], row["field"])
            values[key] = sub_indicators(row)
            # to 9 decimals: three thirds of an event are 1, whatever order a parallel sum took them in
            # (the evidence floor and ties between countries must not hang on the last bit)
            events[key] = round(float(row["events"]), 9)
            countries.setdefault(row["period"], set()).add(row["country"])
        return cls(by, values, events, {p: tuple(sorted(c)) for p, c in sorted(countries.items())})

    def with_attention(self, rows: Iterable[Mapping[str, Any]], min_articles: int = MIN_ARTICLES) -> History:
        """This history with the attention rows of :func:`holosec.indicators.attention.attention` (same
        grain) of the periods it covers; a (period, country) of fewer than ``min_articles`` articles is
        left out, since a share of a handful of articles says little."""
        shares: dict[tuple[str, str, str | None], float] = {}
        weights: dict[tuple[str, str, str | None], float] = {}
        for row in rows:
            if row["all_articles"] < min_articles or row["period"] not in self.countries:
                continue
            shares[(row["period"], row["country"], row["field"])] = round(float(row["share"]), 9) + 0.0
            weights[(row["period"], row["country"], row["field"])] = round(float(row["articles"]), 9)
            weights[(row["period"], row["country"], None)] = float(row["all_articles"])
        return replace(self, attention=shares, articles=weights)

    def evidence(self, period: str, country: str, field: str | None) -> float:
        """What a score of the (period, country, field) rests on: its events plus its article weight."""
        key = (period, country, field)
        return self.events.get(key, 0.0) + self.articles.get(key, 0.0)

    @property
    def covered(self) -> list[str]:
        """The periods the store has events in, oldest first."""
        return list(self.countries)

    def value(self, period: str, country: str, field: str | None, name: str) -> float | None:
        """One sub-indicator (see the class notes for absent rows); None in a period the store lacks."""
        if name == ATTENTION:
            return self.attention.get((period, country, field))
        found = self.values.get((period, country, field))
        if found is not None:
            return found[name]
        return 0.0 if name in _COUNTED and period in self.countries else None

    def with_value(self, period: str, country: str, field: str | None, name: str, value: float) -> History:
        """This history with one sub-indicator of an existing row (attention: of any row) replaced
        (what-if and tests)."""
        key = (period, country, field)
        if name == ATTENTION:
            return replace(self, attention={**self.attention, key: value})
        values = dict(self.values)
        values[key] = {**values[key], name: value}
        return replace(self, values=values)

    def window(self, period: str, size: int) -> list[str]:
        """The covered periods among the ``size`` calendar periods before ``period``, latest first."""
        key = (period, size)
        if key not in self._windows:
            found, current = [], Period.parse(period)
            for _ in range(size):
                current = current.previous
                if current.label in self.countries:
                    found.append(current.label)
            self._windows[key] = tuple(found)
        return list(self._windows[key])


@dataclass(frozen=True)
class Component:
    """One sub-indicator of a field score: its value, its 0-10 scores against the country's own baseline
    (None when the history is too short) and against the peers, and the mix of both."""

    value: float | None
    own: float | None
    peers: float | None
    score: float | None

    def as_dict(self) -> dict[str, float | None]:
        """JSON-ready, scores rounded to 2 decimals."""
        return {"value": self.value, "own": _r(self.own), "peers": _r(self.peers), "score": _r(self.score)}


@dataclass(frozen=True)
class FieldScore:
    """A field's (or, with field ``overall``, the country's) score in one period; ``score`` is None when
    there were neither events nor articles."""

    field: str
    score: float | None
    events: float
    low_evidence: bool
    components: Mapping[str, Any] = dataclasses.field(default_factory=dict)
    articles: float = 0.0


def _r(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


@dataclass
class Scorer:
    """Scores of one history under one method; ``peers`` gives the countries a country is compared with
    in a period (default: every country with events in it)."""

    history: History
    method: Method
    fields: Sequence[str]
    peers: Peers | None = None
    _peer_values: dict[tuple[str, str | None, str], np.ndarray] = dataclasses.field(
        default_factory=dict, init=False, repr=False
    )
    _peer_sets: dict[str, frozenset[str]] = dataclasses.field(default_factory=dict, init=False, repr=False)

    def peer_set(self, period: str) -> frozenset[str]:
        """The countries compared in ``period``."""
        if period not in self._peer_sets:
            seen = set(self.history.countries.get(period, ()))
            self._peer_sets[period] = frozenset(
                seen if self.peers is None else seen & set(self.peers(period))
            )
        return self._peer_sets[period]

    def own(self, period: str, country: str, field: str | None, name: str, x: float) -> float | None:
        """``x`` against the country's own previous periods (None if too few hold a value): its mid-rank
        percentile among them and itself (``own = "percentile"``), or the logistic of its robust z with the
        sub-indicator's floor as the least spread (``own = "z"``)."""
        size = self.method.baseline_periods.get(self.history.by, 12)
        past = [self.history.value(p, country, field, name) for p in self.history.window(period, size)]
        known = np.array([v for v in past if v is not None], dtype=float)
        if len(known) < self.method.min_periods:
            return None
        if self.method.own == "percentile":
            return percentile(np.append(known, x), x)
        median = float(np.median(known))
        spread = max(_MAD_TO_SD * float(np.median(np.abs(known - median))), self.method.floors[name])
        return logistic((x - median) / spread)

    def against_peers(self, period: str, country: str, field: str | None, name: str, x: float) -> float:
        """``x``'s percentile rank among the peers' values of the period (the country's own included)."""
        key = (period, field, name)
        if key not in self._peer_values:
            found = (self.history.value(period, c, field, name) for c in self.peer_set(period))
            self._peer_values[key] = np.array([v for v in found if v is not None], dtype=float)
        values = self._peer_values[key]
        if country not in self.peer_set(period):
            values = np.append(values, x)
        return percentile(values, x)

    def component(self, period: str, country: str, field: str | None, name: str) -> Component:
        """One sub-indicator scored: the method's mix of own-baseline and peer scores."""
        x = self.history.value(period, country, field, name)
        if x is None:
            return Component(None, None, None, None)
        own, peers = (
            self.own(period, country, field, name, x),
            self.against_peers(period, country, field, name, x),
        )
        if own is None:
            return Component(x, None, peers, peers)
        mix = (self.method.baseline * own + self.method.peers * peers) / (
            self.method.baseline + self.method.peers
        )
        return Component(x, own, peers, mix)

    def reliability(self, evidence: float) -> float:
        """How far a score rests on its own evidence (events plus article weight):
        evidence / (evidence + shrink)."""
        return evidence / (evidence + self.method.shrink) if evidence > 0 else 0.0

    def field_score(self, period: str, country: str, field: str | None) -> FieldScore:
        """A field's score: weighted mean of its components, shrunk towards 5 by its evidence."""
        events = self.history.events.get((period, country, field), 0.0)
        articles = self.history.articles.get((period, country, field), 0.0) if field else 0.0
        label = field or "all"
        if events + articles < self.method.floor:  # below the evidence floor: insufficient data, no score
            return FieldScore(label, None, events, True, {}, articles)
        components = {name: self.component(period, country, field, name) for name in SUB_INDICATORS}
        scored = [(self.method.weights[n], c.score) for n, c in components.items() if c.score is not None]
        total = sum(w for w, _ in scored)
        raw = sum(w * s for w, s in scored) / total if total > 0 else NEUTRAL
        evidence = events + articles
        score = NEUTRAL + self.reliability(evidence) * (raw - NEUTRAL)
        low = evidence < self.method.min_events
        return FieldScore(label, score, events, low, components, articles)

    def country(self, period: str, country: str) -> list[FieldScore]:
        """Every field's score and, last, the overall score (evidence-weighted mean of the field scores)."""
        scores = [self.field_score(period, country, f) for f in self.fields]
        weights = {s.field: self.reliability(s.events + s.articles) for s in scores if s.score is not None}
        total = sum(weights.values())
        overall = None
        if total > 0:
            overall = sum(weights[s.field] * s.score for s in scores if s.score is not None) / total
        events = self.history.events.get((period, country, None), 0.0)
        shares = {name: round(w / total, 4) for name, w in weights.items()} if total > 0 else {}
        articles = self.history.articles.get((period, country, None), 0.0)
        low = events + articles < self.method.min_events
        return [*scores, FieldScore(OVERALL, overall, events, low, shares, articles)]


def evidence_level(score: float | None, evidence: float, method: Method) -> str:
    """How much a score rests on: ``insufficient`` (no score: evidence under the method's ``floor``),
    ``thin`` (under ``min_events``: read with care) or ``sufficient``.

    >>> method = Method.load()
    >>> [evidence_level(s, e, method) for s, e in ((None, 0.4), (5.2, 2.0), (6.1, 12.0))]
    ['insufficient', 'thin', 'sufficient']
    """
    if score is None or evidence < method.floor:
        return INSUFFICIENT
    return THIN if evidence < method.min_events else SUFFICIENT


def change(score: float | None, previous: float | None, threshold: float) -> str | None:
    """The change label of two (rounded) scores: ``deteriorated`` when the score rose by at least
    ``threshold``, ``improved`` when it fell by at least that, else ``unchanged``; None without both.

    >>> change(6.0, 5.0, 1.0), change(4.2, 5.2, 1.0), change(5.5, 5.0, 1.0), change(None, 5.0, 1.0)
    ('deteriorated', 'improved', 'unchanged', None)
    """
    if score is None or previous is None:
        return None
    delta = round(score - previous, 2)
    if delta >= threshold:
        return DETERIORATED
    if delta <= -threshold:
        return IMPROVED
    return UNCHANGED


@dataclass
class Index:
    """The threat index over one store's panel: what :func:`threat_index`, :func:`country_index` and
    :func:`index_table` read, and what tests and the sensitivity analysis recompute from."""

    history: History
    method: Method
    taxonomy: str
    peers: Peers | None = None
    _scores: dict[tuple[str, str], list[FieldScore]] = dataclasses.field(
        default_factory=dict, init=False, repr=False
    )

    @classmethod
    def of_store(
        cls,
        store: Store,
        *,
        by: str = "month",
        taxonomy: str = DEFAULT,
        method: Method | None = None,
        home: Sequence[str] = (),
    ) -> Index:
        """The index of a store's country panel (its day cells must be current); with a ``home`` set (a
        perspective's home country, then the places it counts as home) those places are the home country."""
        version = load_taxonomy(taxonomy).version
        history = History.from_rows(panel(store, by=by, taxonomy=version, home=home), by)
        history = history.with_attention(attention(store, taxonomy=version, by=by))
        return cls(history, method or Method.load(), version)

    @cached_property
    def names(self) -> dict[str, str]:
        """Field ids and their English names, in taxonomy order."""
        return {f.id: f.name_en for f in load_taxonomy(self.taxonomy).fields}

    @cached_property
    def scorer(self) -> Scorer:
        """The scorer of this index."""
        return Scorer(self.history, self.method, list(self.names), self.peers)

    def period(self, period: str | None, country: str | None = None) -> str:
        """``period`` checked (a label of the index's grain the store covers), or the latest covered
        period (in which ``country`` has events, when given)."""
        by = self.history.by
        if period is None:
            have = [
                p
                for p in self.history.covered
                if country is None or (p, country, None) in self.history.events
            ]
            if not have:
                raise NoData("period", f"the store has no events{f' of {country}' if country else ''}")
            return have[-1]
        try:
            found = Period.parse(period)
        except ValueError as exc:
            raise ParameterError(
                "period", f"expected a period like 2018-01, 2018-W07 or 2018-01-05, not {period!r}"
            ) from exc
        if found.grain != by:
            raise ParameterError("period", f"{period!r} is a {found.grain}, but by is {by}", mentions=("by",))
        label = found.label
        if label not in self.history.countries:
            raise NoData("period", f"the store has no events in {label}")
        return label

    def scores(self, period: str, country: str) -> list[FieldScore]:
        """The field scores and the overall score of ``country`` in ``period`` (computed once)."""
        key = (period, country)
        if key not in self._scores:
            self._scores[key] = self.scorer.country(period, country)
        return self._scores[key]

    def rows(self, country: str, period: str) -> list[dict[str, Any]]:
        """Every field's row and the overall row of ``country`` in ``period``, with the change."""
        previous = Period.parse(period).previous.label
        before = {}
        if previous in self.history.countries:
            before = {s.field: _r(s.score) for s in self.scores(previous, country)}
        return [self._row(country, period, s, before.get(s.field)) for s in self.scores(period, country)]

    def table(self, period: str | None = None, field: str = OVERALL) -> list[dict[str, Any]]:
        """One row per country with events in ``period`` (see :func:`index_table`)."""
        if field != OVERALL and field not in self.names:
            raise ParameterError("field", f"{field!r} is not a field of {self.taxonomy}")
        label = self.period(period)
        rows = [
            {k: v for k, v in row.items() if k not in ("components", "name")}
            for country in self.history.countries[label]
            for row in self.rows(country, label)
            if row["field"] == field
        ]
        rows.sort(key=lambda r: (r["score"] is None, -(r["score"] or 0.0), r["country"]))
        return [{**row, "rank": rank} for rank, row in enumerate(rows, start=1)]

    def _row(self, country: str, period: str, scored: FieldScore, previous: float | None) -> dict[str, Any]:
        score = _r(scored.score)
        components = {
            name: c.as_dict() if isinstance(c, Component) else c for name, c in scored.components.items()
        }
        return {
            "period": period,
            "country": country,
            "field": scored.field,
            "name": self.names.get(scored.field, "Overall"),
            "score": score,
            "previous": previous,
            "change": change(score, previous, self.method.threshold),
            "delta": None if score is None or previous is None else round(score - previous, 2),
            "events": round(scored.events, 2),
            "articles": round(scored.articles, 2),
            "low_evidence": scored.low_evidence,
            "evidence": evidence_level(scored.score, scored.events + scored.articles, self.method),
            "components": components,
        }


def region(perspective: str) -> Callable[[str], list[str]]:
    """The peers of a perspective's region in a period: the home country and the places it counts as home,
    its neighbours, the major powers and its groupings' members at the period's start.

    >>> peers = region("CHN")
    >>> [code in peers("2015-10") for code in ("RUS", "IND", "BRA", "DEU")]
    [True, True, True, False]
    """
    seen = load_perspective(perspective)

    def peers(period: str) -> list[str]:
        day = Period.parse(period).start
        members = [code for grouping in seen.groupings for code in grouping.partners(day)]
        return sorted({*seen.home_set, *seen.neighbours, *seen.major_powers, *members})

    return peers


def kept_index(store: Store, memo: Memo | None, *, by: str, taxonomy: str, home: Sequence[str]) -> Index:
    """:meth:`Index.of_store`, kept in ``memo`` (when given) until the store changes: the country panel
    every period's and every country's index reads, built once per grain, taxonomy version and home set
    for the dashboard and the API alike (then a question costs only its own period's scores)."""
    version = load_taxonomy(taxonomy).version

    def built() -> Index:
        return Index.of_store(store, by=by, taxonomy=version, home=home)

    return built() if memo is None else memo.get(store, ("index", by, version, tuple(home)), built)


def country_index(
    store: Store,
    country: str,
    *,
    period: str | None = None,
    by: str = "month",
    taxonomy: str = DEFAULT,
    peers: Peers | None = None,
    home: Sequence[str] = (),
    memo: Memo | None = None,
) -> list[dict[str, Any]]:
    """The threat index of ``country`` in ``period`` (default: the system's current period,
    :func:`~holosec.indicators.coverage.current_period`, when the country has events in it, else the
    latest with its events): one row per field and a last row with field ``overall``; each row has
    ``score`` (0-10, None without events), ``previous`` (the period before), ``change``, ``delta``,
    ``events``, ``low_evidence`` and ``components`` (for fields: each sub-indicator's value and scores;
    for ``overall``: each field's share of the weight), and ``coverage``, what the period rests on: each
    source's days and records (see :func:`holosec.indicators.coverage.coverage`). ``peers`` restricts the
    countries compared (see :func:`region`); a ``home`` set merges its places into its home country (see
    :meth:`Index.of_store`). With a ``memo``, the panel is kept in it (:func:`kept_index`).

    >>> from holosec.demo import run_demo
    >>> with Store.open(getfixture("tmp_path")) as store:
    ...     _ = run_demo(store)
    ...     rows = country_index(store, "CHN", period="2015-10")
    >>> overall = rows[-1]
    >>> overall["field"], 0 <= overall["score"] <= 10, overall["change"] in LABELS
    ('overall', True, True)
    """
    code = country.upper()
    index = replace(kept_index(store, memo, by=by, taxonomy=taxonomy, home=home), peers=peers)
    code = code if not home or code not in home else home[0]
    if period is None:  # the system's current period when the country has events in it
        current = current_period(store, by)
        if current is not None and (current, code, None) in index.history.events:
            period = current
    label = index.period(period, code)
    sources = [c.as_dict() for c in index_sources(store, label)]
    return [{**row, "coverage": sources} for row in index.rows(code, label)]


def threat_index(
    store: Store,
    perspective: str = "CHN",
    *,
    period: str | None = None,
    by: str = "month",
    taxonomy: str = DEFAULT,
    peers: str = "world",
    memo: Memo | None = None,
) -> list[dict[str, Any]]:
    """The threat index from a perspective: :func:`country_index` of its home country, compared with every
    country (``peers="world"``) or with its region (``peers="region"``, see :func:`region`); the places the
    perspective counts as home are part of its home country, never countries of their own. With a
    ``memo``, the panel is kept in it (:func:`kept_index`)."""
    if peers not in ("world", "region"):
        raise ParameterError("peers", f"must be world or region, not {peers!r}")
    seen = load_perspective(perspective)
    return country_index(
        store,
        seen.home,
        period=period,
        by=by,
        taxonomy=taxonomy,
        peers=region(perspective) if peers == "region" else None,
        home=seen.home_set,
        memo=memo,
    )


def index_table(
    store: Store,
    *,
    period: str | None = None,
    by: str = "month",
    taxonomy: str = DEFAULT,
    field: str = OVERALL,
    perspective: str | None = None,
) -> list[dict[str, Any]]:
    """One row per country with events in ``period`` (default: the latest the store covers): its score of
    ``field`` (default the overall score), change and rank (1 = most threatening; countries without a
    score last), compared with every country. From a ``perspective``, the places it counts as home are
    ranked as part of its home country, not as countries of their own."""
    home = load_perspective(perspective).home_set if perspective else ()
    return Index.of_store(store, by=by, taxonomy=taxonomy, home=home).table(period, field)


ALL_FIELDS = "all"
MAX_SERIES_PERIODS = 5000
"""The longest span :func:`index_series` answers (about 13 years of days)."""


def _bound(name: str, label: str | None, by: str, default: str) -> Period:
    try:
        return Period.parse(label or default, grains=(by,))
    except ValueError as exc:
        raise ParameterError(name, str(exc), mentions=("by",)) from exc


def index_series(
    store: Store,
    country: str,
    *,
    start: str | None = None,
    end: str | None = None,
    by: str = "month",
    taxonomy: str = DEFAULT,
    field: str = OVERALL,
) -> list[dict[str, Any]]:
    """The threat index of ``country`` period by period, from ``start`` to ``end`` (period labels of
    ``by``; default the store's first and last covered periods): one row per period of ``field``
    (``overall``, a field id, or ``all`` for every field and then overall), each ``period``, ``field``,
    ``score`` (None when ``evidence`` is ``insufficient``), ``evidence`` (sufficient, thin or
    insufficient, see :func:`evidence_level`), ``events``, ``articles`` and ``coverage`` (the sources
    behind the period: each one's days and records). A period the store does not cover is listed with no
    score (insufficient) and no coverage, never as a quiet period.

    >>> import tempfile, pathlib
    >>> with Store.open(pathlib.Path(tempfile.mkdtemp())) as store:
    ...     index_series(store, "PRK")
    []
    """
    code = country_code("country", country)
    assert code is not None
    index = Index.of_store(store, by=by, taxonomy=taxonomy)
    if field not in (OVERALL, ALL_FIELDS) and field not in index.names:
        raise ParameterError("field", f"{field!r} is not a field of {index.taxonomy}, overall or all")
    covered = index.history.covered
    if not covered and not (start and end):
        return []
    first = _bound("from", start, by, covered[0] if covered else "")
    last = _bound("to", end, by, covered[-1] if covered else "")
    if first.start > last.start:
        raise ParameterError("from", f"{first.label} is after to {last.label}", mentions=("to",))
    periods = list(span(first.start, last.start, by))
    if len(periods) > MAX_SERIES_PERIODS:
        raise ParameterError(
            "from", f"{len(periods)} periods asked; at most {MAX_SERIES_PERIODS}", mentions=("to", "by")
        )
    wanted = [*index.names, OVERALL] if field == ALL_FIELDS else [field]
    sources = coverage(store, by=by, start=first.start, end=last.start, aggregates=False)
    out = []
    for period in periods:
        label = period.label
        found = {s.field: s for s in index.scores(label, code)} if label in index.history.countries else {}
        for name in wanted:
            scored = found.get(name)
            score = None if scored is None else _r(scored.score)
            evidence = 0.0 if scored is None else scored.events + scored.articles
            out.append(
                {
                    "period": label,
                    "field": name,
                    "score": score,
                    "evidence": evidence_level(score, evidence, index.method),
                    "events": 0.0 if scored is None else round(scored.events, 2),
                    "articles": 0.0 if scored is None else round(scored.articles, 2),
                    "coverage": [c.as_dict() for c in sources.get(label, [])],
                }
            )
    return out
