"""ICEWS actor names in the reader's language.

ICEWS names a generic actor by its sector or role and its country: ``Police (Philippines)``,
``Head of Government (Turkmenistan)``. A Chinese reader writes the country first and the role after it,
without brackets: 菲律宾警方, 土库曼斯坦政府首脑. The roles' Chinese is holosec's own translation
(``data/icews_roles_zh.tsv``, see ``data/PROVENANCE.md``); the country's is CLDR's
(:func:`holosec.reference.country_label`), found from ICEWS's English spelling of it. A region that ICEWS
writes in place of a country (``Citizen (Africa)``) is in the roles' table too.

Person names (``Xi Jinping``), organisations and anything else the table lacks stay as given, and so does
every name in English.
"""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files

from holosec.reference.names import country_label
from holosec.reference.tables import iso3_from_name

_COMPOUND = re.compile(r"^(?P<role>.+?)\s*\((?P<place>[^()]+)\)$")


def _rows(name: str) -> list[list[str]]:
    """The rows of one of the package's TSV files, past its comments and header."""
    text = files("holosec.reference").joinpath("data", name).read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return [[cell.strip() for cell in row] for row in rows]


def _key(name: str) -> str:
    return " ".join(name.replace("\xa0", " ").split()).casefold()


@cache
def roles_zh() -> dict[str, str]:
    """ICEWS role, sector or region (case-folded) -> Chinese.

    >>> roles_zh()["head of government"], roles_zh()["police"]
    ('政府首脑', '警方')
    """
    return {_key(row[0]): row[1] for row in _rows("icews_roles_zh.tsv") if len(row) == 2}


@cache
def _icews_countries() -> dict[str, str]:
    """ICEWS's spellings of countries that GeoNames spells otherwise (case-folded) -> ISO3."""
    return {_key(row[0]): row[1] for row in _rows("icews_country_names.tsv") if len(row) == 2}


def icews_country(name: str) -> str | None:
    """The ISO3 code of a country as ICEWS writes it; None for anything else.

    >>> icews_country("Turkmenistan"), icews_country("Russian Federation"), icews_country("Taliban")
    ('TKM', 'RUS', None)
    """
    return iso3_from_name(name.replace("\xa0", " ")) or _icews_countries().get(_key(name))


def _place(name: str, lang: str) -> str | None:
    """A country or region in ``lang`` (zh); None when it is neither."""
    iso3 = icews_country(name)
    if iso3 is not None:
        return country_label(iso3, lang)
    return roles_zh().get(_key(name))


def actor_label(name: str | None, lang: str = "en") -> str | None:
    """An ICEWS actor as a reader of ``lang`` names it: in Chinese, a role and country (``Lawmaker
    (Vietnam)``) as the country's name then the role's (越南议员), a bare role or region by its Chinese;
    any other name, and every name in English, as given.

    >>> actor_label("Head of Government (Turkmenistan)", "zh"), actor_label("Lawmaker (Vietnam)", "zh")
    ('土库曼斯坦政府首脑', '越南议员')
    >>> actor_label("Citizen (India)", "zh"), actor_label("Police (Philippines)", "zh")
    ('印度公民', '菲律宾警方')
    >>> actor_label("Member of Legislative (Govt) (Russian Federation)", "zh")
    '俄罗斯立法机构成员'
    >>> actor_label("Xi Jinping", "zh"), actor_label("Party Member (Taliban)", "zh")
    ('Xi Jinping', 'Party Member (Taliban)')
    >>> actor_label("Police (Philippines)", "en"), actor_label("Police", "zh"), actor_label(None, "zh")
    ('Police (Philippines)', '警方', None)
    """
    if not name or lang != "zh":
        return name
    roles = roles_zh()
    whole = roles.get(_key(name))
    if whole is not None:
        return whole
    match = _COMPOUND.match(name.strip())
    if match is None:
        return name
    role = roles.get(_key(match["role"]))
    place = _place(match["place"], lang)
    if role is None or place is None:
        return name
    return place + role
