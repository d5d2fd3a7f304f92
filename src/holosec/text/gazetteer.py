"""Countries named in a text, English or Chinese: a small gazetteer read from package data.

``data/gazetteer.tsv`` holds one row per country or territory of GeoNames' countryInfo table (ISO3, the
English names, the capital, the demonyms, the Chinese names and the Chinese capital; alternatives
separated by ``|``). Capitals that name other places or common words (Kingston, Victoria, Hamilton ...)
are left out of it. English forms match on word boundaries, case-sensitively when they are short capitals
(``US``, ``UK``, ``DPRK``, ``U.S.``) and case-insensitively otherwise; Chinese forms match as substrings.
Where two forms overlap, the longer wins (``Papua New Guinea`` before ``Guinea``, ``南苏丹`` before
``苏丹``), so a few longer forms exist only to claim their words for the right country (``New Mexico``,
``内蒙古``).

>>> find_countries("Typhoon hits the Philippines; China and the U.S. send aid")
['PHL', 'CHN', 'USA']
>>> find_countries("朝鲜向禁航区发射炮弹 韩国做火力还击")
['PRK', 'KOR']
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

_COLUMNS = ("iso3", "names", "capital", "demonyms", "zh_names", "zh_capital")
_ENGLISH = ("names", "capital")
_CHINESE = ("zh_names", "zh_capital")
_SHORT_CAPITALS = re.compile(r"[A-Z.]{2,6}")
_EDGE_BEFORE = r"(?<![\w.])"
_EDGE_AFTER = r"(?!\w)"


@dataclass(frozen=True)
class Place:
    """One row of the gazetteer: a country or territory and the forms that name it."""

    iso3: str
    names: tuple[str, ...]
    capital: tuple[str, ...]
    demonyms: tuple[str, ...]
    zh_names: tuple[str, ...]
    zh_capital: tuple[str, ...]


@dataclass(frozen=True)
class _Matcher:
    pattern: re.Pattern[str]
    codes: dict[str, str]


def _split(cell: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in cell.split("|") if part.strip())


@cache
def places() -> tuple[Place, ...]:
    """Every row of the gazetteer.

    >>> [p.zh_names[0] for p in places() if p.iso3 == "USA"]
    ['美国']
    """
    text = files("holosec.text").joinpath("data/gazetteer.tsv").read_text(encoding="utf-8")
    lines = text.splitlines()
    header = tuple(lines[0].split("\t"))
    if header != _COLUMNS:
        raise ValueError(f"gazetteer.tsv: expected columns {_COLUMNS}, found {header}")
    rows = [line.split("\t") for line in lines[1:] if line.strip()]
    return tuple(Place(row[0], *(_split(cell) for cell in row[1:])) for row in rows)


@cache
def codes() -> frozenset[str]:
    """The ISO3 codes the gazetteer knows.

    >>> {"CHN", "TWN", "HKG", "MAC"} <= codes()
    True
    """
    return frozenset(place.iso3 for place in places())


def _forms(place: Place, columns: tuple[str, ...]) -> list[str]:
    return [form for column in columns for form in getattr(place, column)]


def _alternation(forms: list[str]) -> str:
    """Longest first, so that a regular expression's leftmost alternative is the longest form."""
    return "|".join(re.escape(form) for form in sorted(forms, key=lambda form: (-len(form), form)))


def _english(form: str, plural: bool = False) -> str:
    body = re.escape(form) + ("s?" if plural else "")
    if _SHORT_CAPITALS.fullmatch(form):
        return body
    return f"(?i:{body})"


@cache
def _matcher() -> _Matcher:
    """One pattern for every form: named groups are impractical for ~1,500 forms, so each match is mapped
    back to its country through a dictionary of the forms (case-folded for English)."""
    codes_of: dict[str, str] = {}
    english: list[tuple[str, bool]] = []
    chinese: list[str] = []
    for place in places():
        for form in _forms(place, _ENGLISH):
            english.append((form, False))
            codes_of.setdefault(_key(form), place.iso3)
        for form in place.demonyms:
            english.append((form, True))
            codes_of.setdefault(_key(form), place.iso3)
            codes_of.setdefault(_key(form + "s"), place.iso3)
        for form in _forms(place, _CHINESE):
            chinese.append(form)
            codes_of.setdefault(form, place.iso3)
    english.sort(key=lambda item: (-len(item[0]), item[0]))
    words = "|".join(_english(form, plural) for form, plural in english)
    pattern = f"{_EDGE_BEFORE}(?:{words}){_EDGE_AFTER}|{_alternation(chinese)}"
    return _Matcher(re.compile(pattern), codes_of)


def _key(form: str) -> str:
    return form if _SHORT_CAPITALS.fullmatch(form) else form.casefold()


def find_countries(text: str) -> list[str]:
    """The ISO3 codes of the countries ``text`` names, in order of first mention, each once.

    >>> find_countries("Hong Kong billionaire feared dead in France helicopter crash")
    ['HKG', 'FRA']
    >>> find_countries("美国要求日本对共同开发拦截导弹放宽出口政策")
    ['USA', 'JPN']
    >>> find_countries("US-led talks; the bus stopped")
    ['USA']
    """
    matcher = _matcher()
    found: dict[str, None] = {}
    for match in matcher.pattern.finditer(text):
        word = match.group(0)
        code = matcher.codes.get(word) or matcher.codes.get(word.casefold())
        if code:
            found.setdefault(code)
    return list(found)
