"""Bounded request parameters every router can share, as ``Annotated`` aliases: row ids, list offsets,
period labels and days that the store and the calendar can hold, so an out-of-range value answers 422
in the error shape instead of failing deep in a query (SQLite and DuckDB integers end at 2**63 - 1, Python
dates at the year 9999).

>>> period_label("2018-W07")
'2018-W07'
>>> period_label("9999-12")
Traceback (most recent call last):
...
ValueError: expected 2018-01, 2018-W07 or 2018-01-05 ('9999-12' is not a period: years 0001 to 9998 only)
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import Path, Query
from pydantic import AfterValidator, Field

from holosec.periods import LAST_YEAR, Period

MAX_ID = 2**63 - 1
"""The largest integer SQLite, PostgreSQL's BIGINT and DuckDB's BIGINT hold: ids and offsets above it
cannot name anything."""
FIRST_DAY = date(1, 1, 1)
LAST_DAY = date(LAST_YEAR, 12, 31)


def period_label(text: str) -> str:
    """``text`` when it is a period label (``2018-01``, ``2018-W07`` or ``2018-01-05``) in the years the
    calendar can hold with the period after it; ``ValueError`` otherwise.

    >>> period_label("2018-01")
    '2018-01'
    """
    try:
        Period.parse(text)
    except ValueError as exc:
        raise ValueError(f"expected 2018-01, 2018-W07 or 2018-01-05 ({exc})") from None
    return text


def week_or_month_label(text: str) -> str:
    """The label of ``text`` when it names a month or an ISO week (``2018-01``, ``2018-W07``) in the years
    the calendar can hold with the period after it; ``ValueError`` otherwise.

    >>> week_or_month_label("2018-W07")
    '2018-W07'
    >>> week_or_month_label("2018-01-05")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: expected 2018-01 or 2018-W07 ('2018-01-05' is a day: use a month (2024-03) or ...)
    """
    try:
        return Period.parse(text, grains=("week", "month")).label
    except ValueError as exc:
        raise ValueError(f"expected 2018-01 or 2018-W07 ({exc})") from None


def in_calendar(day: date) -> date:
    """``day`` when its week and month, and the ones after them, are in the calendar.

    >>> in_calendar(date(2018, 1, 5))
    datetime.date(2018, 1, 5)
    """
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValueError(f"{day.isoformat()} is out of range: days from {FIRST_DAY} to {LAST_DAY}")
    return day


RowId = Annotated[int, Path(ge=1, le=MAX_ID, description="A positive id (at most 2**63 - 1).")]
Offset = Annotated[int, Query(ge=0, le=MAX_ID, description="Items to skip first.")]
PeriodLabel = Annotated[str, AfterValidator(period_label)]
WeekOrMonthLabel = Annotated[str, AfterValidator(week_or_month_label)]
Day = Annotated[date, AfterValidator(in_calendar)]
BodyInt = Annotated[int, Field(ge=0, le=MAX_ID)]
"""An id or version inside a request body, bounded like :data:`RowId`."""
