"""Series to watch: a :class:`Panel` of named series on one grid of periods, read from a CSV file of
``period,key,value`` rows (:func:`read_series`) or built from arrays.

**Monthly data as dates.** When every period of a file is a date and every date is the first of a month
(``2024-03-01``, ``2024-04-01`` ...), the file is read as monthly (its labels stay dates).

**Missing periods.** A series runs from its own first period to its own last one. A period inside that
span with no row is *filled with 0*, the right reading for event counts (a month without events has no
row), and marked in :attr:`Panel.filled` so that alerts can say how much of their baseline was filled
(``missing="error"`` refuses such files instead). Before its first and after its last period a series has
no values (NaN): nothing is judged there.
"""

from __future__ import annotations

import csv
import dataclasses
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from holosec.errors import InputError
from holosec.periods import Grain, Period

__all__ = ["MIN_HISTORY", "Panel", "read_series"]

COLUMNS = ("period", "key", "value")
MIN_HISTORY = 6  # periods of baseline before a period can be judged
Missing = Literal["zero", "error"]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class Panel:
    """Named series on one grid of periods: ``values[i, t]`` is series ``keys[i]`` in period ``start + t``
    (NaN outside the series' span); ``filled[i, t]`` is true where a missing period was taken as 0.

    >>> panel = Panel.from_columns(Grain.month, {"CHN-VNM": {24290: 3.0, 24292: 310.0}})
    >>> panel.labels()
    ['2024-03', '2024-04', '2024-05']
    >>> panel.values.tolist(), panel.filled.tolist()
    ([[3.0, 0.0, 310.0]], [[False, True, False]])
    """

    kind: Grain
    start: int
    keys: tuple[str, ...]
    values: FloatArray
    filled: BoolArray
    dated: bool = False  # months written as the date of their first day (2024-03-01), as they were read

    @classmethod
    def from_columns(cls, kind: Grain, columns: Mapping[str, Mapping[int, float]]) -> Panel:
        """A panel from ``{key: {period ordinal: value}}``; gaps inside a series' span become filled 0s."""
        if not columns or not any(columns.values()):
            raise ValueError("a panel needs at least one series with a value")
        first = min(min(points) for points in columns.values() if points)
        last = max(max(points) for points in columns.values() if points)
        values = np.full((len(columns), last - first + 1), np.nan)
        filled = np.zeros(values.shape, dtype=bool)
        for row, points in enumerate(columns.values()):
            if not points:
                continue
            lo, hi = min(points) - first, max(points) - first
            filled[row, lo : hi + 1] = True
            values[row, lo : hi + 1] = 0.0
            for ordinal, value in points.items():
                values[row, ordinal - first] = value
                filled[row, ordinal - first] = False
        return cls(kind, first, tuple(columns), values, filled)

    @classmethod
    def from_arrays(cls, kind: Grain, start: int, series: Mapping[str, Sequence[float]]) -> Panel:
        """A panel of series that all begin at period ``start`` (shorter ones end early).

        >>> Panel.from_arrays(Grain.month, 24290, {"a": [1, 2], "b": [5]}).values.tolist()
        [[1.0, 2.0], [5.0, nan]]
        """
        width = max(len(values) for values in series.values())
        values = np.full((len(series), width), np.nan)
        for row, points in enumerate(series.values()):
            values[row, : len(points)] = np.asarray(points, dtype=float)
        return cls(kind, start, tuple(series), values, np.zeros(values.shape, dtype=bool))

    def labels(self) -> list[str]:
        """The label of every period of the grid."""
        return [self.label(t) for t in range(self.values.shape[1])]

    def period(self, t: int) -> Period:
        """The period of grid position ``t``."""
        return Period(self.kind, self.start + t)

    def label(self, t: int) -> str:
        """The label of grid position ``t``."""
        label = self.period(t).label
        return f"{label}-01" if self.dated else label

    def series(self, key: str) -> FloatArray:
        """One series' values over the whole grid (NaN outside its span)."""
        row: FloatArray = self.values[self.keys.index(key)]
        return row

    def select(self, keys: Iterable[str]) -> Panel:
        """The panel of some of its series, on the same grid."""
        rows = [self.keys.index(key) for key in keys]
        keys = tuple(self.keys[r] for r in rows)
        return Panel(self.kind, self.start, keys, self.values[rows], self.filled[rows], self.dated)

    def observed(self) -> int:
        """How many series-periods lie inside the series' spans (filled ones included)."""
        return int(np.count_nonzero(~np.isnan(self.values)))


def read_series(path: str | Path, *, missing: Missing = "zero", min_periods: int = MIN_HISTORY + 1) -> Panel:
    """Read a ``period,key,value`` CSV file (more columns are ignored) into a :class:`Panel`.

    Every row must use one kind of period. Raises :class:`~holosec.errors.InputError` naming the file and
    line for: an empty file, a missing column, an unparseable period, a non-numeric value, mixed period
    kinds, a repeated (key, period), a missing period when ``missing="error"``, and a series with fewer than
    ``min_periods`` periods (too short to judge).
    """
    path = Path(path)
    columns, kind, lines = _read_rows(path)
    dated = kind is Grain.day and _month_starts(columns)
    if dated:
        kind, columns = Grain.month, _as_months(columns)
    panel = dataclasses.replace(Panel.from_columns(kind, columns), dated=dated)
    for row, key in enumerate(panel.keys):
        span = int(np.count_nonzero(~np.isnan(panel.values[row])))
        if span < min_periods:
            raise InputError(
                path,
                f"series {key!r} spans {span} period(s); at least {min_periods} are needed to judge it "
                f"(a baseline of {min_periods - 1} before the first judged period)",
                lines[key],
            )
        if missing == "error" and panel.filled[row].any():
            gap = panel.label(int(np.flatnonzero(panel.filled[row])[0]))
            raise InputError(path, f"series {key!r} has no row for period {gap}", lines[key])
    return panel


def _month_starts(columns: Mapping[str, Mapping[int, float]]) -> bool:
    """Whether every day is the first of a month, and more than one month is named: monthly data."""
    days = {day for points in columns.values() for day in points}
    return len(days) > 1 and all(date.fromordinal(day).day == 1 for day in days)


def _as_months(columns: Mapping[str, Mapping[int, float]]) -> dict[str, dict[int, float]]:
    return {
        key: {Period.of(date.fromordinal(day), Grain.month).ordinal: v for day, v in points.items()}
        for key, points in columns.items()
    }


def _read_rows(path: Path) -> tuple[dict[str, dict[int, float]], Grain, dict[str, int]]:
    """The values by key and period ordinal, the period kind, and the first line of each key."""
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror or exc}") from exc
    with handle:
        reader = csv.reader(handle)
        try:
            return _collect(path, reader)
        except UnicodeDecodeError:
            raise InputError(path, "not a text file (it is not UTF-8)") from None
        except csv.Error as exc:
            raise InputError(path, f"not a CSV file: {exc}", reader.line_num) from None


def _collect(path: Path, reader: Any) -> tuple[dict[str, dict[int, float]], Grain, dict[str, int]]:
    index = _header(path, next(reader, None))
    columns: dict[str, dict[int, float]] = {}
    seen: dict[tuple[str, int], int] = {}
    kind: Grain | None = None
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        period, key, value = _cells(path, row, index, line)
        found = _period(path, period, line)
        row_kind, ordinal = found.grain, found.ordinal
        kind = kind or row_kind
        if row_kind is not kind:
            raise InputError(
                path, f"period {period!r} is a {row_kind.value}, but earlier rows use {kind.value}s", line
            )
        if (key, ordinal) in seen:
            raise InputError(
                path, f"key {key!r} has period {period} twice (first on line {seen[key, ordinal]})", line
            )
        seen[key, ordinal] = line
        columns.setdefault(key, {})[ordinal] = value
    if kind is None:
        raise InputError(path, "empty file: no rows after the header")
    first_lines: dict[str, int] = {}
    for (key, _), line in seen.items():
        first_lines[key] = min(line, first_lines.get(key, line))
    return columns, kind, first_lines


def _header(path: Path, header: list[str] | None) -> dict[str, int]:
    if header is None:
        raise InputError(path, "empty file: expected a header line 'period,key,value'")
    names = [cell.strip().lower() for cell in header]
    absent = [name for name in COLUMNS if name not in names]
    if absent:
        raise InputError(
            path,
            f"missing column(s) {', '.join(absent)}: the header is {','.join(header)!r}; "
            "expected columns period,key,value",
            1,
        )
    return {name: names.index(name) for name in COLUMNS}


def _cells(path: Path, row: list[str], index: dict[str, int], line: int) -> tuple[str, str, float]:
    if len(row) <= max(index.values()):
        raise InputError(
            path, f"{len(row)} column(s); the header has at least {max(index.values()) + 1}", line
        )
    period, key, text = (row[index[name]].strip() for name in COLUMNS)
    if not key:
        raise InputError(path, "empty key", line)
    try:
        value = float(text)
    except ValueError:
        raise InputError(path, f"value {text!r} is not a number", line) from None
    if not math.isfinite(value):
        raise InputError(path, f"value {text!r} is not a finite number", line)
    return period, key, value


def _period(path: Path, text: str, line: int) -> Period:
    try:
        return Period.parse(text)
    except ValueError as exc:
        raise InputError(path, str(exc), line) from None
