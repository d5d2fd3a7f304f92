"""The index validation report: ``python -m holosec.documents.validation SHARED_DATA [DOC.md]`` ingests the
dense monthly GDELT series of 30 Asia-Pacific countries into a temporary store, computes every
sub-indicator and the threat index (overall and per field, location view) month by month, and measures
how each co-moves with the outside references of :mod:`holosec.documents.references`; it writes
``docs/validation.md`` (the numbers are never typed by hand; the prose is ``data/validation.md.in``).

Measures, per reference, over the countries where both series vary in the reference's span:

- **levels**: the median of the within-country Spearman correlations of the monthly values, and in how
  many countries the correlation is positive with p < 0.05;
- **changes**: the same for the month-on-month changes;
- **lift** (onsets only): the mean, over countries, of the percentile rank (0-1, within the country's
  own months) of the values in onset months; 0.5 says nothing.
"""

from __future__ import annotations

import dataclasses
import math
import sys
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from importlib.resources import files
from pathlib import Path

import numpy as np
from scipy import stats

from holosec.documents.references import Reference, references
from holosec.indicators.index import EVENT_INDICATORS, OVERALL, History, Index, Method
from holosec.indicators.query import panel
from holosec.ingest.aggregates import ingest_aggregates
from holosec.store import Store
from holosec.taxonomy import load_taxonomy

__all__ = ["Validation", "main", "measure", "render"]

DENSE = Path("series/VickyVouk__GDELT_GPI_project/data/gdelt_data")
Series = dict[str, np.ndarray]  # country -> one value per month (NaN: no value)
MIN_MONTHS = 12
FIELDS = ("military", "political", "social", "economic")


@dataclass(frozen=True)
class Score:
    """How one candidate series co-moves with one reference: median within-country Spearman of levels and
    of changes, the countries significant (positive, p < 0.05) and compared, and the onset lift."""

    levels: float | None
    changes: float | None
    significant: int
    significant_changes: int
    countries: int
    lift: float | None = None
    by_country: Mapping[tuple[str, str], float] = dataclasses.field(default_factory=dict)
    """Each country's correlation: ``("levels" | "changes", country) -> rho``."""


@dataclass(frozen=True)
class Validation:
    """The report's numbers: candidates (name -> per-country series), scores per (candidate, reference)."""

    months: list[str]
    countries: list[str]
    references: list[Reference]
    scores: dict[tuple[str, str], Score]
    candidates: list[str]
    seconds: float


def _spearman(x: np.ndarray, y: np.ndarray) -> tuple[float, float] | None:
    known = ~(np.isnan(x) | np.isnan(y))
    if known.sum() < MIN_MONTHS or np.ptp(x[known]) == 0 or np.ptp(y[known]) == 0:
        return None
    rho, p = stats.spearmanr(x[known], y[known])
    return float(rho), float(p)


def _lift(x: np.ndarray, marks: np.ndarray) -> float | None:
    known = ~np.isnan(x)
    if known.sum() < MIN_MONTHS or not marks[known].any():
        return None
    ranks = stats.rankdata(x[known]) / known.sum()
    return float(ranks[marks[known] > 0].mean())


def score(series: Series, reference: Reference, months: Sequence[str]) -> Score:
    """One candidate against one reference (see the module notes)."""
    inside = [i for i, m in enumerate(months) if reference.first <= m <= reference.last]
    levels, changes, lifts, by_country = [], [], [], {}
    for country, values in series.items():
        x = values[inside]
        y = np.array([reference.values.get((country, months[i]), 0.0) for i in inside])
        if reference.onsets:
            found = _lift(x, y)
            if found is not None:
                lifts.append(found)
            continue
        level = _spearman(x, y)
        change = _spearman(np.diff(x), np.diff(y)) if reference.changes else None
        if level is not None:
            levels.append(level)
            by_country["levels", country] = level[0]
        if change is not None:
            changes.append(change)
            by_country["changes", country] = change[0]
    if reference.onsets:
        return Score(None, None, 0, 0, len(lifts), float(np.mean(lifts)) if lifts else None)
    return Score(
        float(np.median([r for r, _ in levels])) if levels else None,
        float(np.median([r for r, _ in changes])) if changes else None,
        sum(1 for r, p in levels if r > 0 and p < 0.05),
        sum(1 for r, p in changes if r > 0 and p < 0.05),
        len(levels),
        by_country=by_country,
    )


def _raw(history: History, months: Sequence[str], countries: Sequence[str], name: str) -> Series:
    def value(period: str, country: str) -> float:
        found = history.value(period, country, None, name)
        return math.nan if found is None else found

    return {c: np.array([value(p, c) for p in months]) for c in countries}


def _index(index: Index, months: Sequence[str], countries: Sequence[str], field: str = OVERALL) -> Series:
    def value(period: str, country: str) -> float:
        if period not in index.history.countries:
            return math.nan
        found = next(s.score for s in index.scores(period, country) if s.field == field)
        return math.nan if found is None else found

    return {c: np.array([value(p, c) for p in months]) for c in countries}


def variants(method: Method) -> dict[str, Method]:
    """The methods compared: holosec's, the one before this validation and one change at a time."""
    before = replace(
        method,
        weights={**dict.fromkeys(method.weights, 0.0), "intensity": 0.3, "material": 0.2, "hostility": 0.2,
                 "goldstein": 0.2, "tone": 0.1, "attention": 0.15},
        own="z", baseline_periods={**method.baseline_periods, "month": 12}, min_periods=3,
    )  # fmt: skip
    return {
        "index (holosec's method)": method,
        "index, method before validation (robust z, 12 months, no volume)": before,
        "... own past as robust z (logistic)": replace(method, own="z"),
        "... own past only (no peers)": method.reweighted(method.weights, baseline=1.0),
        "... peers only": method.reweighted(method.weights, baseline=0.0),
        "... 12-month baseline": replace(method, baseline_periods={**method.baseline_periods, "month": 12}),
        "... without volume": method.reweighted({**method.weights, "volume": 0.0}),
        "... equal weights": method.reweighted(dict.fromkeys(method.weights, 1.0)),
    }


def _dense_store(shared: Path, where: Path) -> Store:
    store = Store.open(where)
    ingest_aggregates(store, sorted((shared / DENSE).glob("*.csv")))
    return store


def candidates(store: Store, method: Method) -> tuple[list[str], list[str], dict[str, Series]]:
    """The months, countries and candidate series of a store of aggregates (location view)."""
    version = load_taxonomy().version
    history = History.from_rows(panel(store, by="month", taxonomy=version, view="location"), "month")
    months, countries = history.covered, sorted({c for cs in history.countries.values() for c in cs})
    found: dict[str, Series] = {}
    for name, chosen in variants(method).items():
        found[name] = _index(Index(history, chosen, version), months, countries)
    index = Index(history, method, version)
    for field in FIELDS:
        found[f"index, {field} field"] = _index(index, months, countries, field)
    for name in EVENT_INDICATORS:
        found[f"sub-indicator {name}"] = _raw(history, months, countries, name)
    events = {(r, c): v for (r, c, f), v in history.events.items() if f is None}
    found["all events (news volume)"] = {
        c: np.array([math.log1p(events.get((p, c), 0.0)) for p in months]) for c in countries
    }
    return months, countries, found


def measure(shared: Path, method: Method | None = None) -> Validation:
    """Every candidate against every reference (see the module notes)."""
    started = time.perf_counter()
    refs = references(shared)
    with tempfile.TemporaryDirectory() as folder, _dense_store(shared, Path(folder) / "store") as store:
        months, countries, found = candidates(store, method or Method.load())
    scores = {(name, ref.name): score(series, ref, months) for name, series in found.items() for ref in refs}
    return Validation(months, countries, refs, scores, list(found), time.perf_counter() - started)


def _num(value: float | None, digits: int = 2) -> str:
    return "n/a" if value is None else f"{value:+.{digits}f}"


def table(result: Validation, names: Sequence[str]) -> list[str]:
    """A markdown table of ``names`` against every reference."""
    refs = [r for r in result.references if not r.onsets]
    onset = next(r for r in result.references if r.onsets)
    head = ["candidate", *(f"{r.name} levels / changes" for r in refs), "onset lift"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for name in names:
        cells = [name]
        for ref in refs:
            s = result.scores[name, ref.name]
            changes = f"{_num(s.changes)} ({s.significant_changes}/{s.countries})" if ref.changes else "n/a"
            cells.append(f"{_num(s.levels)} ({s.significant}/{s.countries}) / {changes}")
        lift = result.scores[name, onset.name].lift
        cells.append("n/a" if lift is None else f"{lift:.2f}")
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def summary(result: Validation, name: str) -> float:
    """The mean over references of the median level and change correlations (the report's headline)."""
    values = [
        v
        for ref in result.references
        if not ref.onsets
        for v in (result.scores[name, ref.name].levels, result.scores[name, ref.name].changes)
        if v is not None
    ]
    return float(np.mean(values)) if values else math.nan


def difference(
    result: Validation, a: str, b: str, draws: int = 2000, seed: int = 0
) -> tuple[float, float, float]:
    """The headline of ``a`` minus that of ``b`` (see :func:`summary`), with a 90% bootstrap interval:
    countries drawn with replacement, the same draw for both, per reference and measure."""
    rng = np.random.default_rng(seed)
    parts = []
    for ref in result.references:
        if ref.onsets:
            continue
        first, second = result.scores[a, ref.name].by_country, result.scores[b, ref.name].by_country
        for kind in ("levels", "changes"):
            countries = sorted(c for k, c in first if k == kind and (k, c) in second)
            if countries:
                parts.append((np.array([first[kind, c] for c in countries]),
                              np.array([second[kind, c] for c in countries])))  # fmt: skip
    if not parts:
        return math.nan, math.nan, math.nan

    def headline(picks: list[np.ndarray] | None) -> float:
        found = []
        for i, (x, y) in enumerate(parts):
            chosen = slice(None) if picks is None else picks[i]
            found.append(float(np.median(x[chosen]) - np.median(y[chosen])))
        return float(np.mean(found))

    drawn = [headline([rng.integers(0, len(x), len(x)) for x, _ in parts]) for _ in range(draws)]
    low, high = np.quantile(drawn, [0.05, 0.95])
    return headline(None), float(low), float(high)


def _compared(result: Validation, a: str, b: str) -> str:
    value, low, high = difference(result, a, b)
    return f"{value:+.3f} (90% interval over countries {low:+.3f} .. {high:+.3f})"


def render(result: Validation) -> str:
    """The report as markdown: the prose template filled with the tables."""
    template = files("holosec.documents").joinpath("data", "validation.md.in").read_text(encoding="utf-8")
    indices = [n for n in result.candidates if n.startswith(("index", "..."))]
    singles = [n for n in result.candidates if n not in indices]
    ranked = sorted(result.candidates, key=lambda n: -summary(result, n))
    best_single = max(singles, key=lambda n: summary(result, n))
    headline = [f"| {n} | {summary(result, n):+.3f} |" for n in ranked]
    fills: Mapping[str, str] = {
        "seconds": f"{result.seconds:.0f}",
        "countries": str(len(result.countries)),
        "first": result.months[0],
        "last": result.months[-1],
        "references": "\n".join(
            f"| {r.name} | {r.what} | {r.first} .. {r.last} | {len({c for c, _ in r.values})} |"
            for r in result.references
        ),
        "index_table": "\n".join(table(result, indices)),
        "single_table": "\n".join(table(result, singles)),
        "headline": "\n".join(["| candidate | mean of median correlations |", "|---|---|", *headline]),
        "ours": f"{summary(result, indices[0]):+.3f}",
        "best_single": best_single,
        "best_single_value": f"{summary(result, best_single):+.3f}",
        "against_best": _compared(result, indices[0], best_single),
        "against_before": _compared(result, indices[0], indices[1]),
        "verdict": "at least as well as" if summary(result, indices[0]) >= summary(result, best_single)
        else "less well than",
    }  # fmt: skip
    return template.format_map(fills)


def main(argv: Sequence[str], out: Callable[[str], object] = sys.stderr.write) -> None:
    """``python -m holosec.documents.validation SHARED_DATA [DOC.md]``."""
    shared = Path(argv[0])
    doc = Path(argv[1]) if len(argv) > 1 else Path("docs/validation.md")
    result = measure(shared)
    doc.write_text(render(result), encoding="utf-8")
    out(f"{doc} written in {result.seconds:.0f} s\n")


if __name__ == "__main__":
    main(sys.argv[1:])
