"""Country names in the reader's language: English as GeoNames writes them (the names holosec has always
shown), Chinese from the Unicode CLDR through Babel, the maintained library that ships it, so no name is
typed by hand here."""

from __future__ import annotations

from functools import cache

from babel import Locale

from holosec.reference.tables import _by_iso3

_LOCALES = {"en": "en", "zh": "zh_Hans_CN"}


@cache
def _territories(lang: str) -> dict[str, str]:
    return dict(Locale.parse(_LOCALES[lang]).territories)


def country_name_in(iso3: str | None, lang: str = "en") -> str | None:
    """The name of country ``iso3`` in ``lang`` (en, zh): GeoNames' English short name, or CLDR's
    Chinese; the English name when CLDR has none, None for an unknown code.

    >>> country_name_in("CHN", "zh"), country_name_in("PRK", "zh"), country_name_in("VNM", "en")
    ('中国', '朝鲜', 'Vietnam')
    >>> country_name_in("XYZ", "zh") is None
    True
    """
    country = _by_iso3().get(iso3 or "")
    if country is None:
        return None
    if lang in _LOCALES and lang != "en":
        found = _territories(lang).get(country.iso2)
        if found:
            return found
    return country.name


def country_label(iso3: str | None, lang: str = "en") -> str:
    """A country as a reader sees it: its name in ``lang``, else the code as given (never empty).

    >>> country_label("KOR", "zh"), country_label("SCS", "zh"), country_label(None, "en")
    ('韩国', 'SCS', '')
    """
    return country_name_in(iso3, lang) or (iso3 or "")
