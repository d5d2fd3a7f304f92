"""Periods of indicators: days, ISO weeks (Monday to Sunday) and months, as dates and as labels.

>>> label(date(2024, 2, 12), "week"), label(date(2024, 2, 1), "month"), label(date(2024, 2, 3), "day")
('2024-W07', '2024-02', '2024-02-03')
>>> parse("2024-W07"), parse("2024-02")
(('week', datetime.date(2024, 2, 12)), ('month', datetime.date(2024, 2, 1)))
>>> [label(d, "month") for d in span(date(2023, 12, 5), date(2024, 2, 1), "month")]
['2023-12', '2024-01', '2024-02']
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta

GRAINS = ("day", "week", "month")
LAST_YEAR = 9998
"""The last year a label may name: the calendar (to 9999-12-31) still holds the period after it."""
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def start(day: date, grain: str) -> date:
    """The first day of the period of ``grain`` that holds ``day``."""
    if grain == "week":
        return day - timedelta(days=day.weekday())
    if grain == "month":
        return day.replace(day=1)
    if grain == "day":
        return day
    raise ValueError(f"grain must be one of {', '.join(GRAINS)}, not {grain!r}")


def following(first: date, grain: str) -> date:
    """The first day of the period after the one starting on ``first``."""
    if grain == "week":
        return first + timedelta(days=7)
    if grain == "month":
        return date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return first + timedelta(days=1)


def end(day: date, grain: str) -> date:
    """The last day of the period of ``grain`` that holds ``day``."""
    return following(start(day, grain), grain) - timedelta(days=1)


def span(first: date, last: date, grain: str) -> Iterator[date]:
    """The first days of every period from the one holding ``first`` to the one holding ``last``."""
    current, stop = start(first, grain), start(last, grain)
    while current <= stop:
        yield current
        current = following(current, grain)


def label(first: date, grain: str) -> str:
    """The period's label: ``2024-02-03``, ``2024-W07`` (ISO week) or ``2024-02``."""
    if grain == "week":
        year, week, _ = first.isocalendar()
        return f"{year}-W{week:02d}"
    if grain == "month":
        return f"{first.year}-{first.month:02d}"
    return first.isoformat()


def parse(text: str) -> tuple[str, date]:
    """The grain and first day of a period label (a date, ``YYYY-MM`` or an ISO week ``YYYY-Www``);
    ``ValueError`` for anything else, and for labels outside the years 0001 to :data:`LAST_YEAR`.

    >>> parse("9999-12")
    Traceback (most recent call last):
    ...
    ValueError: '9999-12' is out of range: years 0001 to 9998
    """
    text = text.strip()
    if match := _WEEK.match(text):
        grain, first = "week", date.fromisocalendar(int(match[1]), int(match[2]), 1)
    elif match := _MONTH.match(text):
        grain, first = "month", date(int(match[1]), int(match[2]), 1)
    else:
        grain, first = "day", date.fromisoformat(text)
    if first.year > LAST_YEAR:
        raise ValueError(f"{text!r} is out of range: years 0001 to {LAST_YEAR}")
    return grain, first
