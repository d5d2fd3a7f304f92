"""Time on the charts: which periods a series really spans, its gaps, and axes that say the year.

The rule for a series' real span (:func:`real_span`), the same for every chart and every grain:

1. The periods *with data* are those where some line has a value that is neither missing nor 0 (a run
   of zeros alone says nothing about coverage).
2. They are split into runs wherever more than :data:`STRAY_GAP_DAYS` (a year) pass without data.
3. The *core* runs from the first to the last run holding at least :data:`STRAY_SHARE` (5 %) of the
   periods with data (all runs, when none does).
4. The span is the core widened to take in the other runs no further from it than :data:`REACH` (half)
   of the core's length. Runs further out are *stray* (such as a misdated 1982 record before a series of
   2005-2016): they are left off the axis, and the chart says how many rows it left out.

Inside the span a period without a value is a *gap*: it is given a null (never a 0), so the line breaks
there instead of drawing a straight line across it.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from typing import Any, Final

from holosec.periods import Period, shown_period

STRAY_GAP_DAYS: Final = 366
STRAY_SHARE: Final = 0.05
REACH: Final = 0.5
LABEL_SPACE: Final = 70  # pixels per date label on a time axis

# Multi-format time labels (Vega picks the one of the tick's finest unit): always with the year.
TIME_FORMATS: Final[dict[str, dict[str, str]]] = {
    "en": {"year": "%Y", "quarter": "%Y-%m", "month": "%Y-%m", "week": "%Y-%m-%d", "date": "%Y-%m-%d"},
    "zh": {
        "year": "%Y年",
        "quarter": "%Y年%-m月",
        "month": "%Y年%-m月",
        "week": "%-m月%-d日",
        "date": "%-m月%-d日",
    },
}


def period_of(row: Mapping[str, Any]) -> Period | None:
    """The period of a chart row (its ``period`` label), or None when it has none that reads.

    >>> period_of({"period": "2015-03"}).label, period_of({"start": "2015-03-01"})
    ('2015-03', None)
    """
    return _period(str(row["period"])) if "period" in row else None


@functools.lru_cache(maxsize=4096)
def _period(label: str) -> Period | None:
    # Memoised (periods are immutable): a chart of 11 lines over 120 periods reads each label many times.
    try:
        return Period.parse(label)
    except ValueError:
        return None


def runs(periods: Iterable[Period]) -> list[list[Period]]:
    """The periods, oldest first, split wherever more than :data:`STRAY_GAP_DAYS` pass between two.

    >>> [[p.label for p in run] for run in runs(Period.parse(x) for x in ("2015-01", "1982-05", "2015-02"))]
    [['1982-05'], ['2015-01', '2015-02']]
    """
    found: list[list[Period]] = []
    for period in sorted(set(periods)):
        if found and (period.start - found[-1][-1].end).days <= STRAY_GAP_DAYS:
            found[-1].append(period)
        else:
            found.append([period])
    return found


def real_span(periods: Iterable[Period]) -> tuple[Period, Period] | None:
    """The first and last period of the data's real span (the rule of this module's docstring).

    >>> months = [Period.parse(f"{y}-{m:02d}") for y in range(2005, 2016) for m in range(1, 13)]
    >>> late = [Period.parse("2018-01"), Period.parse("2019-07")]
    >>> [p.label for p in real_span([Period.parse("1979-01"), Period.parse("1982-01"), *months, *late])]
    ['2005-01', '2019-07']
    """
    found = runs(periods)
    if not found:
        return None
    total = sum(len(run) for run in found)
    major = [i for i, run in enumerate(found) if len(run) >= STRAY_SHARE * total] or [0, len(found) - 1]
    first, last = found[major[0]][0], found[major[-1]][-1]
    reach = REACH * ((last.end - first.start).days + 1)
    before = [run for run in found[: major[0]] if (first.start - run[0].start).days <= reach]
    after = [run for run in found[major[-1] + 1 :] if (run[-1].end - last.end).days <= reach]
    return (before[0][0] if before else first), (after[-1][-1] if after else last)


def between(first: Period, last: Period) -> list[Period]:
    """Every period from ``first`` to ``last`` (same grain)."""
    return [Period(first.grain, ordinal) for ordinal in range(first.ordinal, last.ordinal + 1)]


def has_value(value: Any) -> bool:
    """Whether a value counts as data for the span (not missing, not 0)."""
    return value is not None and value != 0


def utc_day(day: date) -> dict[str, Any]:
    """Midnight UTC of ``day`` as a Vega-Lite date-time object.

    A number would do offline, but Vega-Lite writes it as ``datetime(ms)``, which the dashboard's
    expression interpreter (no ``eval`` under its CSP) reads as a year: the axis lost its span and drew
    nothing. A date-time object becomes ``utc(year, month, day, ...)``, which both read alike.

    >>> utc_day(date(2015, 3, 1))
    {'year': 2015, 'month': 3, 'date': 1, 'utc': True}
    """
    return {"year": day.year, "month": day.month, "date": day.day, "utc": True}


def domain(first: Period, last: Period) -> list[dict[str, Any]]:
    """A time scale's domain covering ``first`` to ``last``: from the first's start to the last's end
    (midnight UTC of the next day), as date-time objects (:func:`utc_day`)."""
    return [utc_day(first.start), utc_day(last.end + timedelta(days=1))]


def gap_bands(covered: Sequence[Period], every: Sequence[Period]) -> list[dict[str, Any]]:
    """The runs of ``every`` that are not ``covered``, as ``start``/``end`` (ISO days) and ``first``/``last``
    (period labels) rows, for a "no data" band."""
    have = set(covered)
    bands: list[dict[str, Any]] = []
    for period in every:
        if period in have:
            continue
        end = (period.end + timedelta(days=1)).isoformat()
        if bands and bands[-1]["next"] == period.ordinal:
            bands[-1].update(end=end, last=period.label, next=period.ordinal + 1)
        else:
            bands.append(
                {"start": period.start.isoformat(), "end": end, "first": period.label, "last": period.label}
                | {"next": period.ordinal + 1}
            )
    return [{k: v for k, v in band.items() if k != "next"} for band in bands]


def axis_format(lang: str) -> dict[str, str]:
    """The multi-format of a time axis's labels in ``lang`` (English and anything else: ISO style)."""
    return TIME_FORMATS.get(lang, TIME_FORMATS["en"])


def period_label(label: str, lang: str) -> str:
    """A period label as the reader writes it (:func:`holosec.periods.shown_period`): ``2015-03`` stays,
    in Chinese ``2015年3月``.

    >>> period_label("2015-03", "zh"), period_label("2015-03", "en"), period_label("2015-W07", "zh")
    ('2015年3月', '2015-03', '2015年第7周')
    """
    return shown_period(label, lang)
