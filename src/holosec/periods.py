"""Periods: days, ISO weeks (Monday to Sunday), months and years, as one value, :class:`Period`.

A period is its grain and an integer ordinal of that grain, so consecutive periods differ by one and gaps
are plain arithmetic. Its label (``2024-02-03``, ``2024-W07``, ``2024-02`` or ``2024``) is what
:meth:`Period.parse` reads and :attr:`Period.label` writes; nothing else in holosec parses or formats a
period.

>>> week = Period.parse("2024-W07")
>>> week.grain, week.label, week.start, week.end
(<Grain.week: 'week'>, '2024-W07', datetime.date(2024, 2, 12), datetime.date(2024, 2, 18))
>>> week.previous.label, week.next.label, week.next.ordinal - week.ordinal
('2024-W06', '2024-W08', 1)
>>> Period.of(date(2024, 2, 29), "month").label, Period.of(date(2024, 2, 3), "day").label
('2024-02', '2024-02-03')
>>> [p.label for p in span(date(2023, 12, 5), date(2024, 2, 1), "month")]
['2023-12', '2024-01', '2024-02']
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

__all__ = ["GRAINS", "LAST_YEAR", "Grain", "Period", "shown_period", "span"]

GRAINS = ("day", "week", "month")
"""The grains of indicator series (``--by``), and the ones :meth:`Period.parse` reads unless told."""
LAST_YEAR = 9998
"""The last year a label may name: the calendar (to 9999-12-31) still holds the period after each."""


class Grain(StrEnum):
    """How long a period is."""

    day = "day"
    week = "week"
    month = "month"
    year = "year"

    @property
    def season(self) -> int:
        """Periods in one seasonal cycle: 7 days, 52 weeks, 12 months, 1 year.

        >>> Grain.month.season
        12
        """
        return {"day": 7, "week": 52, "month": 12, "year": 1}[self.value]


_DIGITS = "([0-9]{4})"
_LABELS = {  # in the order error messages list them
    Grain.year: (re.compile(f"^{_DIGITS}$"), "a year (2024)"),
    Grain.day: (re.compile(f"^{_DIGITS}-([0-9]{{2}})-([0-9]{{2}})$"), "a date (2024-03-05)"),
    Grain.month: (re.compile(f"^{_DIGITS}-([0-9]{{2}})$"), "a month (2024-03)"),
    Grain.week: (re.compile(f"^{_DIGITS}-W([0-9]{{2}})$"), "an ISO week (2024-W07)"),
}


def _grain(value: str) -> Grain:
    try:
        return Grain(value)
    except ValueError:
        raise ValueError(f"grain must be one of {', '.join(Grain)}, not {value!r}") from None


def _forms(grains: Iterable[Grain]) -> str:
    """``a month (2024-03) or an ISO week (2024-W07)``: how to write a period of ``grains``."""
    forms = [form for grain, (_, form) in _LABELS.items() if grain in set(grains)]
    return forms[0] if len(forms) == 1 else f"{', '.join(forms[:-1])} or {forms[-1]}"


@functools.total_ordering
@dataclass(frozen=True)
class Period:
    """One period: its ``grain`` and its ``ordinal`` among the periods of that grain (day: the date's
    ordinal; ISO week: its Monday's ordinal // 7; month: year * 12 + month - 1; year: the year).

    Periods of one grain are ordered by time; ``Period.parse(p.label) == p`` and
    ``p.previous.next == p``.

    >>> Period.parse("2024-03") < Period.parse("2024-04"), Period.parse("2024-03").ordinal
    (True, 24290)
    """

    grain: Grain
    ordinal: int

    def __post_init__(self) -> None:
        object.__setattr__(self, "grain", _grain(self.grain))

    @classmethod
    def parse(cls, text: str, grains: Iterable[str] = GRAINS) -> Period:
        """The period a label names, of one of ``grains`` (days, weeks and months unless told);
        ``ValueError`` says what is wrong with anything else, including labels outside the years 0001 to
        :data:`LAST_YEAR`.

        >>> Period.parse("2024-03-05").label, Period.parse("2024", grains=["year"]).end
        ('2024-03-05', datetime.date(2024, 12, 31))
        >>> Period.parse("2023-W53")
        Traceback (most recent call last):
        ...
        ValueError: '2023-W53' is not a period: 2023 has no ISO week 53
        >>> Period.parse("9999-12")
        Traceback (most recent call last):
        ...
        ValueError: '9999-12' is not a period: years 0001 to 9998 only
        >>> Period.parse("2014-W05", grains=["month"])
        Traceback (most recent call last):
        ...
        ValueError: '2014-W05' is a week: use a month (2024-03)
        """
        text = text.strip()
        allowed = {_grain(grain) for grain in grains}
        for grain, (pattern, _) in _LABELS.items():
            if match := pattern.match(text):
                if grain not in allowed:
                    raise ValueError(f"{text!r} is a {grain}: use {_forms(allowed)}")
                return cls._read(text, grain, [int(part) for part in match.groups()])
        raise ValueError(f"{text!r} is not a period: use {_forms(allowed)}")

    @classmethod
    def _read(cls, text: str, grain: Grain, parts: list[int]) -> Period:
        year = parts[0]
        if not 1 <= year <= LAST_YEAR:
            raise ValueError(f"{text!r} is not a period: years 0001 to {LAST_YEAR} only")
        if grain is Grain.year:
            return cls(grain, year)
        if grain is Grain.month:
            if not 1 <= parts[1] <= 12:
                raise ValueError(f"{text!r} is not a period: month must be 01..12")
            return cls(grain, year * 12 + parts[1] - 1)
        if grain is Grain.week:
            try:
                monday = date.fromisocalendar(year, parts[1], 1)
            except ValueError:
                raise ValueError(f"{text!r} is not a period: {year} has no ISO week {parts[1]}") from None
            return cls.of(monday, grain)
        try:
            return cls.of(date(year, parts[1], parts[2]), grain)
        except ValueError as exc:
            raise ValueError(f"{text!r} is not a period: {exc}") from None

    @classmethod
    def of(cls, day: date, grain: str) -> Period:
        """The period of ``grain`` that holds ``day``.

        >>> Period.of(date(2014, 5, 2), "week").label
        '2014-W18'
        """
        chosen = _grain(grain)
        if chosen is Grain.week:
            return cls(chosen, (day.toordinal() - 1) // 7)  # day 1 (0001-01-01) is a Monday
        if chosen is Grain.month:
            return cls(chosen, day.year * 12 + day.month - 1)
        if chosen is Grain.year:
            return cls(chosen, day.year)
        return cls(chosen, day.toordinal())

    @property
    def start(self) -> date:
        """The period's first day."""
        if self.grain is Grain.week:
            return date.fromordinal(self.ordinal * 7 + 1)
        if self.grain is Grain.month:
            return date(self.ordinal // 12, self.ordinal % 12 + 1, 1)
        if self.grain is Grain.year:
            return date(self.ordinal, 1, 1)
        return date.fromordinal(self.ordinal)

    @property
    def end(self) -> date:
        """The period's last day."""
        return self.next.start - timedelta(days=1)

    @property
    def label(self) -> str:
        """The period's label, which :meth:`parse` reads back: ``2024-02-03``, ``2024-W07`` (ISO week),
        ``2024-02`` or ``2024``."""
        if self.grain is Grain.week:
            year, week, _ = self.start.isocalendar()
            return f"{year:04d}-W{week:02d}"
        if self.grain is Grain.month:
            return f"{self.ordinal // 12:04d}-{self.ordinal % 12 + 1:02d}"
        if self.grain is Grain.year:
            return f"{self.ordinal:04d}"
        return self.start.isoformat()

    @property
    def previous(self) -> Period:
        """The period before, of the same grain."""
        return Period(self.grain, self.ordinal - 1)

    @property
    def next(self) -> Period:
        """The period after, of the same grain."""
        return Period(self.grain, self.ordinal + 1)

    def __str__(self) -> str:
        return self.label

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        if other.grain is not self.grain:
            raise TypeError(f"a {self.grain} and a {other.grain} are not ordered")
        return self.ordinal < other.ordinal


def span(first: date, last: date, grain: str) -> Iterator[Period]:
    """Every period of ``grain`` from the one holding ``first`` to the one holding ``last``."""
    current, stop = Period.of(first, grain), Period.of(last, grain)
    while current.ordinal <= stop.ordinal:
        yield current
        current = current.next


def shown_period(label: str | None, lang: str) -> str:
    """A period label as a reader of ``lang`` writes it on a page: the label itself in English (and any
    language but Chinese), ``2015年3月`` in Chinese; ``-`` for none, text that is not a period as given.
    The one place a period is worded for the dashboard, its charts and the alerts.

    >>> shown_period("2015-03", "zh"), shown_period("2015-03", "en"), shown_period("2015-W07", "zh")
    ('2015年3月', '2015-03', '2015年第7周')
    >>> shown_period("2015-03-09", "zh"), shown_period("2015", "zh"), shown_period(None, "zh")
    ('2015年3月9日', '2015年', '-')
    >>> shown_period("no period", "zh")
    'no period'
    """
    if label is None:
        return "-"
    if lang != "zh":
        return label
    try:
        period = Period.parse(label, (*GRAINS, "year"))
    except ValueError:
        return label
    start = period.start
    if period.grain is Grain.month:
        return f"{start.year}年{start.month}月"
    if period.grain is Grain.week:
        iso_year, week, _ = start.isocalendar()
        return f"{iso_year}年第{week}周"
    if period.grain is Grain.year:
        return f"{start.year}年"
    return f"{start.year}年{start.month}月{start.day}日"
