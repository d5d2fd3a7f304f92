# ruff: noqa: RUF002  (the en dash and Chinese punctuation of examples in docstrings)
"""What every part of a briefing shares: the store, whose perspective, which period, the language, the
field names of the taxonomy and the evidence appendix the parts cite into; and how it writes numbers."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date

from holosec.briefings.appendix import Appendix
from holosec.briefings.words import period_name
from holosec.periods import Period
from holosec.presentation.i18n import word
from holosec.reference import country_label
from holosec.store import Store

__all__ = ["Context", "number", "period_name", "score", "whole"]


@dataclass
class Context:
    """One briefing's settings, checked; ``period`` is None when the store holds no events at all."""

    store: Store
    perspective: str
    home: str
    by: str
    taxonomy: str
    lang: str
    period: str | None
    has_data: bool
    names: dict[str, str]
    appendix: Appendix = field(default_factory=Appendix)
    home_set: tuple[str, ...] = ()
    """The home country and the places the perspective counts as home (all read as the home country)."""

    def say(self, key: str, **values: object) -> str:
        """A phrase in the briefing's language."""
        return word(key, self.lang, **values)

    def no_data(self) -> str:
        """What a section without data says."""
        return self.say("field_no_data", period=self.period_name)

    @property
    def period_name(self) -> str:
        """The period as the reader writes it ("October 2015", "2015年10月"; ``-`` for none)."""
        return period_name(self.period, self.lang)

    @property
    def previous_name(self) -> str:
        """The period before, as the reader writes it."""
        return period_name(self.previous, self.lang)

    def country(self, iso3: str | None) -> str:
        """A country's name in the briefing's language (the code when the name is unknown)."""
        return country_label(iso3, self.lang)

    def listed(self, items: list[str]) -> str:
        """Items as a list in running text ("A, B and C"; "A、B、C")."""
        if len(items) < 2:
            return "".join(items)
        return self.say("brief_list_and", items=self.say("brief_list_sep").join(items[:-1]), last=items[-1])

    def pair(self, one: str | None, two: str | None) -> str:
        """Two countries as a pair, named in the briefing's language ("China–Vietnam", "中国与越南")."""
        return self.say("brief_pair", a=self.country(one), b=self.country(two))

    @property
    def first(self) -> date | None:
        """The period's first day."""
        return None if self.period is None else Period.parse(self.period).start

    @property
    def last(self) -> date | None:
        """The period's last day."""
        return None if self.period is None else Period.parse(self.period).end

    @property
    def previous(self) -> str | None:
        """The label of the period before."""
        return None if self.period is None else Period.parse(self.period).previous.label

    def field_name(self, field_id: str | None) -> str:
        """A field's name in the briefing's language (the id when the taxonomy lacks it)."""
        return self.names.get(field_id or "", field_id or "")


def number(value: float | None, places: int = 2, sign: bool = False) -> str:
    """A number as the briefing prints it: fixed decimals, ``-`` for none.

    >>> number(1.234), number(0.5, sign=True), number(None), number(-0.0)
    ('1.23', '+0.50', '-', '0.00')
    """
    if value is None:
        return "-"
    rounded = round(float(value), places) + 0.0
    return f"{rounded:+.{places}f}" if sign else f"{rounded:.{places}f}"


def score(value: float | None, sign: bool = False) -> str:
    """A 0-10 score (or a change of one) as a reader expects it: one decimal.

    >>> score(5.7449), score(1.21, sign=True), score(None)
    ('5.7', '+1.2', '-')
    """
    return number(value, 1, sign)


def whole(value: float | None) -> str:
    """A count of events as a whole number with thousands separated (half rounds up).

    >>> whole(137.6), whole(0.5), whole(2060.0), whole(None)
    ('138', '1', '2,060', '-')
    """
    if value is None:
        return "-"
    return f"{math.floor(float(value) + 0.5):,}"
