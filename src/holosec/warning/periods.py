"""Periods of a series: days (``2024-03-05``), months (``2024-03``) or ISO weeks (``2024-W07``).

A period is held as an integer ordinal of its kind, so that consecutive periods differ by one and gaps are
plain arithmetic; :func:`format_period` turns an ordinal back into its label.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from enum import StrEnum

__all__ = ["PeriodKind", "format_period", "parse_period", "period_of_date", "period_start"]

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
LAST_YEAR = 9998  # the period after any period of 9998 is still a date; 9999-12 has none after it


class PeriodKind(StrEnum):
    """The three kinds of period a series file may use (one kind per file)."""

    day = "day"
    month = "month"
    week = "week"

    @property
    def season(self) -> int:
        """Periods in one seasonal cycle: 7 days, 12 months, 52 weeks.

        >>> PeriodKind.month.season
        12
        """
        return {"day": 7, "month": 12, "week": 52}[self.value]


def parse_period(text: str) -> tuple[PeriodKind, int]:
    """The kind and ordinal of a period label; ``ValueError`` says what is wrong with a bad one.

    >>> parse_period("2024-03")
    (<PeriodKind.month: 'month'>, 24290)
    >>> parse_period("2024-W07")[0], parse_period("2024-03-05")[0]
    (<PeriodKind.week: 'week'>, <PeriodKind.day: 'day'>)
    >>> parse_period("2023-W53")
    Traceback (most recent call last):
    ...
    ValueError: '2023-W53' is not a period: 2023 has no ISO week 53
    >>> parse_period("9999-12")
    Traceback (most recent call last):
    ...
    ValueError: '9999-12' is not a period: years 0001 to 9998 only
    """
    text = text.strip()
    if match := _DAY.match(text):
        try:
            day = date(*(int(part) for part in match.groups()))
        except ValueError as exc:
            raise ValueError(f"{text!r} is not a period: {exc}") from None
        return PeriodKind.day, _in_range(text, day.year, day.toordinal())
    if match := _MONTH.match(text):
        year, month = (int(part) for part in match.groups())
        if not 1 <= month <= 12:
            raise ValueError(f"{text!r} is not a period: month must be 01..12")
        return PeriodKind.month, _in_range(text, year, year * 12 + month - 1)
    if match := _WEEK.match(text):
        year, week = (int(part) for part in match.groups())
        try:
            monday = date.fromisocalendar(year, week, 1)
        except ValueError:
            raise ValueError(f"{text!r} is not a period: {year} has no ISO week {week}") from None
        return PeriodKind.week, _in_range(text, monday.year, monday.toordinal() // 7)
    raise ValueError(
        f"{text!r} is not a period: use a date (2024-03-05), a month (2024-03) or an ISO week (2024-W07)"
    )


def _in_range(text: str, year: int, ordinal: int) -> int:
    """``ordinal`` when the period's year is one whose periods, and the one after each, are dates."""
    if not 1 <= year <= LAST_YEAR:
        raise ValueError(f"{text!r} is not a period: years 0001 to {LAST_YEAR} only")
    return ordinal


def format_period(kind: PeriodKind, ordinal: int) -> str:
    """The label of a period ordinal.

    >>> format_period(PeriodKind.week, parse_period("2024-W07")[1])
    '2024-W07'
    >>> format_period(PeriodKind.month, 24290)
    '2024-03'
    """
    if kind is PeriodKind.month:
        return f"{ordinal // 12:04d}-{ordinal % 12 + 1:02d}"
    if kind is PeriodKind.week:
        year, week, _ = date.fromordinal(ordinal * 7 + 1).isocalendar()
        return f"{year:04d}-W{week:02d}"
    return date.fromordinal(ordinal).isoformat()


def period_start(kind: PeriodKind, ordinal: int) -> date:
    """The first day of a period.

    >>> period_start(PeriodKind.week, parse_period("2024-W01")[1])
    datetime.date(2024, 1, 1)
    """
    if kind is PeriodKind.month:
        return date(ordinal // 12, ordinal % 12 + 1, 1)
    if kind is PeriodKind.week:
        return date.fromordinal(ordinal * 7 + 1)
    return date.fromordinal(ordinal)


def period_of_date(kind: PeriodKind, day: date) -> int:
    """The ordinal of the period that holds a day.

    >>> format_period(PeriodKind.week, period_of_date(PeriodKind.week, date(2014, 5, 2)))
    '2014-W18'
    """
    if kind is PeriodKind.month:
        return day.year * 12 + day.month - 1
    if kind is PeriodKind.week:
        return (day - timedelta(days=day.weekday())).toordinal() // 7
    return day.toordinal()
