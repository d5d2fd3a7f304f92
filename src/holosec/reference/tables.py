"""Loaders for the reference files shipped in ``holosec/reference/data``; each is read once, on first use."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib.resources import files


@dataclass(frozen=True, slots=True)
class Country:
    """A country as GeoNames lists it, with the codes GDELT uses for it."""

    iso2: str
    iso3: str
    fips: str
    name: str


def _rows(name: str) -> list[list[str]]:
    text = files("holosec.reference").joinpath("data", name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]


def _code_table(name: str) -> dict[str, str]:
    """A two-column GDELT lookup file (with a header row) as {code: label}."""
    return {row[0].strip(): row[1].strip() for row in _rows(name)[1:]}


@cache
def event_codes() -> dict[str, str]:
    """CAMEO event code -> description (310 codes, 2-4 digits as strings: '01', '0211')."""
    return _code_table("CAMEO.eventcodes.txt")


@cache
def goldstein_scale() -> dict[str, float]:
    """CAMEO event code -> Goldstein score (-10 conflict .. +10 cooperation)."""
    return {code: float(score) for code, score in _code_table("CAMEO.goldsteinscale.txt").items()}


def goldstein(code: str) -> float | None:
    """The Goldstein score of a CAMEO event code, or None when the code is unknown.

    >>> goldstein("040")
    1.0
    """
    return goldstein_scale().get(code)


def root_code(code: str) -> str:
    """The CAMEO root (first two digits) of an event code.

    >>> root_code("0211")
    '02'
    """
    return code[:2]


@cache
def quad_classes() -> dict[str, int]:
    """CAMEO root code -> quad class: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict,
    4 material conflict (for sources that give a CAMEO code but no quad class)."""
    return {row[0]: int(row[1]) for row in _rows("cameo_quad_class.tsv")}


def quad_class(code: str) -> int | None:
    """The quad class of a CAMEO event code, from its root; None when the root is unknown.

    >>> quad_class("0211"), quad_class("057"), quad_class("190"), quad_class("99")
    (1, 1, 4, None)
    """
    return quad_classes().get(root_code(code))


@cache
def actor_types() -> dict[str, str]:
    """CAMEO actor type codes (GOV, MIL, REB ...) -> label."""
    return _code_table("CAMEO.type.txt")


@cache
def known_groups() -> dict[str, str]:
    """CAMEO known group codes (IGOs, NGOs, militant groups) -> label."""
    return _code_table("CAMEO.knowngroup.txt")


@cache
def ethnic_groups() -> dict[str, str]:
    """CAMEO ethnic group codes -> label."""
    return _code_table("CAMEO.ethnic.txt")


@cache
def religions() -> dict[str, str]:
    """CAMEO religion codes -> label."""
    return _code_table("CAMEO.religion.txt")


@cache
def cameo_countries() -> dict[str, str]:
    """CAMEO actor country and region codes -> label."""
    return _code_table("CAMEO.country.txt")


@cache
def countries() -> tuple[Country, ...]:
    """Every country of GeoNames' countryInfo table (ISO2, ISO3, FIPS 10-4, name)."""
    return tuple(
        Country(iso2=r[0], iso3=r[1], fips=r[3], name=r[4].strip()) for r in _rows("countryInfo.txt")[1:]
    )


@cache
def _by_iso3() -> dict[str, Country]:
    return {c.iso3: c for c in countries()}


@cache
def fips_codes() -> dict[str, str | None]:
    """Every FIPS 10-4 code GDELT may use for a location -> ISO3 (None for oceans and disputed islands)."""
    codes: dict[str, str | None] = {c.fips: c.iso3 for c in countries() if c.fips}
    for row in _rows("fips_extra.tsv"):
        codes[row[0]] = row[1] or None
    return codes


@cache
def _cameo_exceptions() -> dict[str, str]:
    return {row[0]: row[1] for row in _rows("cameo_country_iso3.tsv")}


def actor_country_codes() -> dict[str, str | None]:
    """Every actor country code GDELT may use (CAMEO's list and any ISO3 code) -> ISO3 or None (regions)."""
    codes = {code: iso3_from_cameo(code) for code in cameo_countries()}
    codes.update({c.iso3: c.iso3 for c in countries()})
    return codes


@cache
def cameo_regions() -> frozenset[str]:
    """CAMEO country-list codes that name a region, not a country (AFR, ASA, WST ...)."""
    return frozenset(
        code for code in cameo_countries() if code not in _by_iso3() and code not in _cameo_exceptions()
    )


def iso3_from_cameo(code: str) -> str | None:
    """ISO3 code of a CAMEO actor country code; None for regions and unknown codes.

    >>> iso3_from_cameo("CHN"), iso3_from_cameo("TMP"), iso3_from_cameo("AFR")
    ('CHN', 'TLS', None)
    """
    if code in _cameo_exceptions():
        return _cameo_exceptions()[code]
    return code if code in _by_iso3() else None


def iso3_from_fips(code: str) -> str | None:
    """ISO3 code of a FIPS 10-4 country code (GDELT's location codes); None when unknown.

    >>> iso3_from_fips("UK"), iso3_from_fips("RS")
    ('GBR', 'RUS')
    """
    return fips_codes().get(code)


def country_name(iso3: str) -> str | None:
    """English short name of an ISO3 country code.

    >>> country_name("CHN")
    'China'
    """
    country = _by_iso3().get(iso3)
    return country.name if country else None


@cache
def iso_numeric_codes() -> dict[int, str]:
    """ISO 3166-1 numeric code -> ISO3, from GeoNames (which, like ACLED, gives Kosovo 0)."""
    return {int(r[2]): r[1] for r in _rows("countryInfo.txt")[1:] if r[2].strip().isdigit()}


def iso3_from_iso_numeric(code: int) -> str | None:
    """ISO3 code of an ISO 3166-1 numeric country code (ACLED's ``iso`` column); None when unknown.

    >>> iso3_from_iso_numeric(104), iso3_from_iso_numeric(999)
    ('MMR', None)
    """
    return iso_numeric_codes().get(code)


@cache
def country_names() -> dict[str, str]:
    """GeoNames' English short country names, in lower case -> ISO3."""
    return {c.name.lower(): c.iso3 for c in countries()}


def iso3_from_name(name: str) -> str | None:
    """ISO3 code of a country's English short name as GeoNames writes it (any case); None when unknown.

    >>> iso3_from_name("myanmar"), iso3_from_name("Burma")
    ('MMR', None)
    """
    return country_names().get(name.strip().lower())


# CAMEO's names as the GDELT file writes them, put right for reading: the filler words dropped, its two
# typing slips fixed, and code 106, which the file runs into the line of 1056, given back its own name.
_FILLER = (", not specified below", " not specified below", ", not spec below")
_SLIPS = {"matyerial": "material", "\u00d2hird\u00d3location": "third location"}
_RUN_ON = "106:[-5.0] "


@cache
def _english_events() -> dict[str, str]:
    labels: dict[str, str] = {}
    for code, name in event_codes().items():
        if _RUN_ON in name:
            name, labels["106"] = name.split(_RUN_ON)
        labels[code] = name
    return {code: _readable(name) for code, name in labels.items()}


def _readable(name: str) -> str:
    """A CAMEO name as a sentence fragment: fillers and slips gone, spaces single, capitals only first."""
    for filler in _FILLER:
        name = name.replace(filler, "")
    for slip, right in _SLIPS.items():
        name = name.replace(slip, right)
    name = " ".join(name.split())
    return name.capitalize() if name.isupper() else name


@cache
def _chinese_events() -> dict[str, str]:
    return _code_table("cameo_zh.tsv")


@cache
def plover_types() -> dict[str, tuple[str, str]]:
    """PLOVER event type (upper case, as stored) -> (English, Chinese) label."""
    return {row[0].strip(): (row[1].strip(), row[2].strip()) for row in _rows("plover_zh.tsv")[1:]}


def event_label(code: str | None, lang: str = "en") -> str | None:
    """A CAMEO event code in plain words in ``lang`` (en, zh); an unknown code reads as its nearest known
    parent (three digits, then the root); None when nothing is known.

    >>> event_label("190"), event_label("190", "zh"), event_label("036", "zh")
    ('Use conventional military force', '使用常规军事武力', '表达会谈意愿')
    >>> event_label("01"), event_label("106"), event_label("0499", "zh"), event_label("--") is None
    ('Make public statement', 'Demand withdrawal', '磋商', True)
    """
    labels = _chinese_events() if lang == "zh" else _english_events()
    code = (code or "").strip()
    for known in (code, code[:3], code[:2]):
        if known in labels:
            return labels[known]
    return None


def plover_label(kind: str | None, lang: str = "en") -> str | None:
    """A PLOVER event type in plain words in ``lang`` (en, zh); None when it is not one.

    >>> plover_label("ASSAULT"), plover_label("mobilize", "zh"), plover_label("other") is None
    ('Assault', '军事动员', True)
    """
    labels = plover_types().get((kind or "").strip().upper())
    if labels is None:
        return None
    return labels[1] if lang == "zh" else labels[0]


_SMALL_WORDS = frozenset({"a", "an", "and", "at", "for", "in", "of", "on", "the", "to"})


def title_name(name: str) -> str:
    """An upper-case name (as GDELT writes actors) in title case, small words lower, apostrophes kept.

    >>> title_name("UNITED STATES"), title_name("PEOPLE'S LIBERATION ARMY"), title_name("AL-QAEDA")
    ('United States', "People's Liberation Army", 'Al-Qaeda')
    >>> title_name("MINISTRY OF FOREIGN AFFAIRS"), title_name("iPhone maker")
    ('Ministry of Foreign Affairs', 'iPhone maker')
    """
    if not name.isupper():
        return name

    def word(index: int, text: str) -> str:
        lower = text.lower()
        if index and lower in _SMALL_WORDS:
            return lower
        return "-".join(part[:1].upper() + part[1:] for part in lower.split("-"))

    return " ".join(word(index, text) for index, text in enumerate(name.split()))
