"""What every part of a briefing shares: the store, whose perspective, which period, the language, the
field names of the taxonomy and the evidence appendix the parts cite into."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from holosec.briefings.appendix import Appendix
from holosec.periods import Period
from holosec.presentation.i18n import word
from holosec.store import Store


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
        return self.say("field_no_data", period=self.period or "-")

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
