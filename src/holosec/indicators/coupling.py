"""Interwoven threats: how the security fields of one country move together, and which field's rise tends
to come first.

The series are the field intensities of :func:`holosec.indicators.panel` (events per 1,000 of all events in
the period), one per field of the taxonomy, every period from the country's first to its last; a period in
which the store holds no event at all is missing, not zero. Method (see ``docs/indicators.md``):

- **transform**: first differences (the period-on-period change). Levels trend with coverage and share
  slow swings, which makes almost any two fields correlate; changes do not.
- **co-movement**: Spearman (default; rank-based, so one burst of reporting cannot dominate) or Pearson
  correlation of the changes over the latest ``window`` periods, and over the ``window`` before it
  ("changes": the pairs whose coupling moved most between the two).
- **lead-lag**: the correlation of one field's change with another's ``lag`` periods later, ``lag`` in
  1..``max_lag``, over the whole span; a lead is claimed only when it is positive (a rise followed by a
  rise), at least :data:`MIN_STRENGTH`, significant at 5 % after a Bonferroni correction for the lags
  tried, stronger than the reverse direction at that lag, and rests on at least :data:`MIN_LEAD_PAIRS`
  pairs of changes.
- **minimum evidence**: a field takes part in a window only if it has events in at least half of the
  window's periods with data; a correlation needs at least three quarters of the window (and 6) in paired
  changes and changes that are not all equal. Otherwise the entry is None: no claim.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from itertools import combinations, permutations
from typing import Any

import numpy as np
from scipy import stats

from holosec.errors import ParameterError
from holosec.indicators.query import Selection, country_code, indicators, panel
from holosec.perspective.model import load_perspective
from holosec.store import Store
from holosec.taxonomy import DEFAULT
from holosec.taxonomy.versions import resolve

WINDOWS = {"day": 28, "week": 26, "month": 12}
METHODS = ("spearman", "pearson")
MIN_STRENGTH = 0.2
MIN_LEAD_PAIRS = 24
ALPHA = 0.05


@dataclass(frozen=True)
class Series:
    """Field intensities of one country: ``values[t, f]`` for period ``labels[t]`` and field ``fields[f]``
    (events per 1,000; NaN where the store has no event in the period), and ``active[t, f]``, whether the
    field had events then."""

    labels: list[str]
    fields: list[str]
    values: np.ndarray
    active: np.ndarray


def field_series(
    store: Store,
    country: str,
    *,
    by: str = "month",
    taxonomy: str = DEFAULT,
    start: date | None = None,
    end: date | None = None,
    home: tuple[str, ...] = (),
) -> Series:
    """The per-1,000 intensity of every field of ``taxonomy`` for ``country``, fetched through the
    indicator API (periods from :func:`indicators`, field values from :func:`panel`); a ``home`` set (see
    :class:`~holosec.indicators.query.Selection`) merges its places into its home country."""
    selection = Selection(
        country=country, by=by, taxonomy=taxonomy, start=start, end=end, home=home
    ).checked()
    fields = list(resolve(selection.taxonomy).ids())
    totals = indicators(store, selection)
    labels = [row["period"] for row in totals]
    index = {label: t for t, label in enumerate(labels)}
    values = np.full((len(labels), len(fields)), np.nan)
    for position, total in enumerate(totals):
        if total["per_1000"] is not None:
            values[position, :] = 0.0
    column = {field: f for f, field in enumerate(fields)}
    only = [selection.country] if selection.country else None
    cells = panel(
        store, by=selection.by, taxonomy=selection.taxonomy, start=start, end=end, countries=only, home=home
    )
    for row in cells:
        t, f = index.get(row["period"]), column.get(row["field"] or "")
        if row["country"] == selection.country and t is not None and f is not None:
            values[t, f] = row["per_1000"] if row["per_1000"] is not None else np.nan
    active = np.nan_to_num(values) > 0
    return Series(labels, fields, values, active)


def correlation(a: np.ndarray, b: np.ndarray, method: str = "spearman", min_pairs: int = 6) -> float | None:
    """The correlation of ``a`` and ``b`` over the positions where both are known; None with fewer than
    ``min_pairs`` such pairs or when either side is constant.

    >>> correlation(np.array([1.0, 2, 3, 4, 5, 6]), np.array([2.0, 4, 6, 8, 10, 13]), "pearson") > 0.99
    True
    >>> correlation(np.array([1.0, 2, 3, 4, 5, 6]), np.array([1.0, 1, 1, 1, 1, 1])) is None
    True
    """
    known = ~(np.isnan(a) | np.isnan(b))
    x, y = a[known], b[known]
    if len(x) < min_pairs or np.ptp(x) == 0 or np.ptp(y) == 0:
        return None
    if method == "spearman":
        x, y = stats.rankdata(x), stats.rankdata(y)
    return float(np.clip(np.corrcoef(x, y)[0, 1], -1.0, 1.0))


def _usable(active: np.ndarray) -> np.ndarray:
    """Per field (column), whether it has events in at least half of the periods (rows) given."""
    usable: np.ndarray = (active.sum(axis=0) * 2 >= len(active)) & (len(active) > 0)
    return usable


def window_matrix(
    changes: np.ndarray, active: np.ndarray, method: str, min_pairs: int
) -> list[list[float | None]]:
    """The correlation matrix of the columns of ``changes`` (one window's changes, one column per field);
    ``active`` says which fields had events in each of the window's periods."""
    usable = _usable(active)
    size = changes.shape[1]
    matrix: list[list[float | None]] = [[None] * size for _ in range(size)]
    for i in range(size):
        if usable[i] and correlation(changes[:, i], changes[:, i], method, min_pairs) is not None:
            matrix[i][i] = 1.0
    for i, j in combinations(range(size), 2):
        if matrix[i][i] is not None and matrix[j][j] is not None:
            matrix[i][j] = matrix[j][i] = correlation(changes[:, i], changes[:, j], method, min_pairs)
    return matrix


def lagged(leader: np.ndarray, follower: np.ndarray, lag: int) -> tuple[np.ndarray, np.ndarray]:
    """``leader`` at t and ``follower`` at t + ``lag``, aligned."""
    return leader[: len(leader) - lag], follower[lag:]


def _p_value(r: float, n: int) -> float:
    if abs(r) >= 1.0:
        return 0.0
    t = r * math.sqrt((n - 2) / (1.0 - r * r))
    return float(2 * stats.t.sf(abs(t), n - 2))


def lead(
    leader: np.ndarray, follower: np.ndarray, max_lag: int, min_pairs: int = MIN_LEAD_PAIRS
) -> dict[str, Any] | None:
    """The best lag at which ``leader``'s change precedes ``follower``'s (Pearson on the changes given),
    or None when no lag passes the rule in the module docstring.

    >>> rng = np.random.default_rng(1)
    >>> x = rng.normal(size=60)
    >>> lead(x, np.concatenate([rng.normal(size=2), x[:-2]]), 3)["lag"]
    2
    """
    best: dict[str, Any] | None = None
    for lag in range(1, max_lag + 1):
        a, b = lagged(leader, follower, lag)
        known = ~(np.isnan(a) | np.isnan(b))
        r = correlation(a, b, "pearson", min_pairs)
        reverse = correlation(*lagged(follower, leader, lag), "pearson", min_pairs)
        if r is None or r < MIN_STRENGTH or (reverse is not None and reverse >= r):
            continue
        n = int(known.sum())
        p = _p_value(r, n)
        if p < ALPHA / max_lag and (best is None or r > best["strength"]):
            best = {"lag": lag, "strength": round(r, 4), "pairs": n, "p_value": p}
    return best


def leads(series: Series, max_lag: int) -> list[dict[str, Any]]:
    """Every claimed lead between two fields active in at least half the periods with data, strongest
    first."""
    changes = np.diff(series.values, axis=0)
    usable = _usable(series.active[~np.isnan(series.values[:, 0])])
    found = []
    for i, j in permutations(range(len(series.fields)), 2):
        if usable[i] and usable[j] and (claim := lead(changes[:, i], changes[:, j], max_lag)):
            found.append({"leader": series.fields[i], "follower": series.fields[j], **claim})
    return sorted(found, key=lambda item: (-item["strength"], item["leader"], item["follower"]))


def changes(
    fields: list[str], latest: list[list[float | None]], previous: list[list[float | None]], top: int = 5
) -> list[dict[str, Any]]:
    """The field pairs whose coupling moved most from the previous window to the latest (both known).

    >>> changes(["a", "b"], [[1.0, 0.5], [0.5, 1.0]], [[1.0, -0.25], [-0.25, 1.0]])
    [{'fields': ['a', 'b'], 'previous': -0.25, 'latest': 0.5, 'change': 0.75}]
    """
    moved: list[tuple[float, str, str, float, float]] = []
    for i, j in combinations(range(len(fields)), 2):
        now, before = latest[i][j], previous[i][j]
        if now is not None and before is not None:
            moved.append((round(now - before, 4), fields[i], fields[j], before, now))
    moved.sort(key=lambda item: (-abs(item[0]), item[1], item[2]))
    return [
        {"fields": [a, b], "previous": before, "latest": now, "change": change}
        for change, a, b, before, now in moved[:top]
    ]


def _rounded(matrix: list[list[float | None]]) -> list[list[float | None]]:
    return [[None if value is None else round(value, 4) for value in row] for row in matrix]


def _windows(series: Series, window: int) -> tuple[np.ndarray, np.ndarray]:
    """The latest and the previous window: the positions (in the series of changes) of the last
    ``window`` known changes and of the ``window`` known changes before them; gaps are skipped."""
    known = np.flatnonzero(~np.isnan(np.diff(series.values[:, :1], axis=0)[:, 0]))
    return known[-window:], known[max(0, len(known) - 2 * window) : max(0, len(known) - window)]


def _matrix(series: Series, changes: np.ndarray, at: np.ndarray, method: str) -> list[list[float | None]]:
    pairs = max(6, math.ceil(len(at) * 3 / 4)) if len(at) else 6
    return window_matrix(changes[at], series.active[at + 1], method, pairs)


def _bounds(series: Series, at: np.ndarray) -> dict[str, str | None]:
    """The labels of the first and last period of a window (None for an empty one)."""
    if not len(at):
        return {"start": None, "end": None}
    return {"start": series.labels[at[0] + 1], "end": series.labels[at[-1] + 1]}


def _checked(by: str, window: int | None, max_lag: int, method: str) -> int:
    if by not in WINDOWS:
        raise ParameterError("by", f"must be one of {', '.join(WINDOWS)}, not {by!r}")
    if method not in METHODS:
        raise ParameterError("method", f"must be one of {', '.join(METHODS)}, not {method!r}")
    size = WINDOWS[by] if window is None else window
    if size < 6:
        raise ParameterError("window", f"needs at least 6 periods, not {size}")
    if not 1 <= max_lag <= size:
        raise ParameterError("max_lag", f"must be between 1 and the window ({size}), not {max_lag}")
    return size


def coupling(
    store: Store,
    country: str | None = None,
    *,
    perspective: str | None = None,
    by: str = "month",
    window: int | None = None,
    max_lag: int = 3,
    method: str = "spearman",
    taxonomy: str = DEFAULT,
    start: date | None = None,
    end: date | None = None,
) -> dict[str, Any]:
    """The coupling between the security fields of ``country`` (or of ``perspective``'s home country, the
    places it counts as home included):
    ``matrix`` (the latest window's correlations, fields in ``fields`` order, None where there is too
    little evidence), ``previous`` (the window before), ``changes`` and ``leads``.

    >>> import tempfile, pathlib
    >>> with Store.open(pathlib.Path(tempfile.mkdtemp())) as store:
    ...     empty = coupling(store, "CHN")
    >>> empty["window"]["size"], empty["leads"], empty["matrix"][0][0]
    (12, [], None)
    """
    size = _checked(by, window, max_lag, method)
    if (country is None) == (perspective is None):
        raise ParameterError("country", "give either a country or a perspective")
    home: tuple[str, ...] = ()
    if perspective is not None:
        country, home = load_perspective(perspective).home, load_perspective(perspective).home_set
    country = country_code("country", country)
    assert country is not None
    series = field_series(store, country, by=by, taxonomy=taxonomy, start=start, end=end, home=home)
    latest_at, previous_at = _windows(series, size)
    changes_ = np.diff(series.values, axis=0)
    latest = _matrix(series, changes_, latest_at, method)
    previous = _matrix(series, changes_, previous_at, method)
    return {
        "country": country.upper(),
        "perspective": perspective,
        "by": by,
        "taxonomy": resolve(taxonomy).version,
        "method": method,
        "transform": "first difference of events per 1,000",
        "span": {"start": series.labels[0], "end": series.labels[-1]} if series.labels else None,
        "window": {"size": size, **_bounds(series, latest_at)},
        "fields": series.fields,
        "matrix": _rounded(latest),
        "previous": {**_bounds(series, previous_at), "matrix": _rounded(previous)},
        "changes": changes(series.fields, _rounded(latest), _rounded(previous)),
        "max_lag": max_lag,
        "leads": leads(series, max_lag),
    }
