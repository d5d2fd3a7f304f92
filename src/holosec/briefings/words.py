# ruff: noqa: RUF002  (Chinese dates and brackets in docstring examples)
"""Dates as a briefing's reader writes them, in English or Chinese: "October 2015", "2015年10月"."""

from __future__ import annotations

from babel.dates import format_date

from holosec.periods import Period
from holosec.presentation.i18n import word

__all__ = ["moment_name", "period_name"]


def period_name(label: str | None, lang: str) -> str:
    """A period label (``2015-10``, ``2015-W40``, ``2015-10-27``) as a reader writes it in ``lang``;
    ``-`` for none, the label itself when it is not a period.

    >>> period_name("2015-10", "en"), period_name("2015-10", "zh"), period_name("2015-W40", "zh")
    ('October 2015', '2015年10月', '2015年第40周')
    >>> period_name("2015-W40", "en"), period_name("2015-10-27", "zh"), period_name(None, "en")
    ('week 40 of 2015', '2015年10月27日', '-')
    """
    if label is None:
        return "-"
    try:
        period = Period.parse(label)
    except ValueError:
        return label
    grain, start = period.grain.value, period.start
    if grain == "week":
        year, week, _ = start.isocalendar()
        return word("brief_week", lang, year=year, week=week)
    if grain == "month":
        return word(
            "brief_month",
            lang,
            year=start.year,
            month=start.month,
            name=format_date(start, "MMMM", locale="en"),
        )
    if grain == "day":
        return word(
            "brief_day",
            lang,
            year=start.year,
            month=start.month,
            day=start.day,
            name=format_date(start, "MMMM", locale="en"),
        )
    return label


def moment_name(stamp: str, lang: str) -> str:
    """A UTC time stamp (``2026-12-07T05:28:00Z``) as a reader writes it in ``lang``; the stamp itself
    when it is not one.

    >>> moment_name("2026-12-07T05:28:00Z", "en"), moment_name("2026-12-07T05:28:00Z", "zh")
    ('7 December 2026, 05:28:00 UTC', '2026年12月7日 05:28:00（UTC）')
    >>> moment_name("soon", "zh")
    'soon'
    """
    day, _, time = stamp.partition("T")
    if not time.endswith("Z") or period_name(day, lang) == day:
        return stamp
    return word("brief_moment", lang, day=period_name(day, lang), time=time[:-1])
