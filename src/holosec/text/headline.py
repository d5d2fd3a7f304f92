"""An event as a reader reads it: who did what to whom, and the headline and outlet of its report.

:func:`reading` words a stored event row (GDELT, ICEWS, POLECAT ...) in English or Chinese: the actors
by name (:func:`actor_name`), the event in plain words (:func:`what_happened`), the outlet (:func:`outlet`)
and a headline (:func:`headline`): the article's title when it was stored, else the words of its URL slug.

Most GDELT records keep only the article's address; many outlets write the headline into it
(``/news/china-vietnam-clash-at-sea-123``). :func:`slug_headline` reads that back: the last path segment
that holds at least three words, its file ending, ids (long numbers, tokens mixing letters and digits)
and the numbers that end it dropped, the first letter made a capital; short numbers inside it stay
(``5-denver-deputies-shot`` reads "5 denver deputies shot"). Addresses with no such segment
(``/article/12345``, ``/index.php?id=9``) give None, so a reader never sees a made-up headline.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import unquote, urlsplit

from holosec.reference import (
    actor_label,
    country_label,
    country_name,
    event_label,
    iso3_from_cameo,
    plover_label,
    title_name,
)

MIN_WORDS = 3
"""A segment with fewer words is an id or a section (``/news/``, ``/world-asia/``), not a headline."""
_ENDINGS = re.compile(r"\.(s?html?|php\d?|aspx?|jsp|cms|ece)$", re.IGNORECASE)
_SEPARATORS = re.compile(r"[-_+.\s]+")
_WORD = re.compile(r"^[^\W\d_]+(?:'[^\W\d_]+)?$")
_NUMBER = re.compile(r"^\d{1,4}$")


def _words(segment: str) -> list[str]:
    """The words of one path segment: tokens of letters, and numbers of up to four digits inside them
    (ids such as ``a1b2`` or ``15800769``, the trailing ``-123`` and a leading date dropped).

    >>> _words("5-denver-deputies-shot-1-fatally-2017"), _words("15800769.Man_killed_a1b2")
    (['5', 'denver', 'deputies', 'shot', '1', 'fatally'], ['Man', 'killed'])
    >>> _words("2015-02-19-jamming-agency-steps-forward")
    ['jamming', 'agency', 'steps', 'forward']
    """
    segment = _ENDINGS.sub("", unquote(segment))
    tokens = [t for t in _SEPARATORS.split(segment) if _WORD.match(t) or _NUMBER.match(t)]
    while tokens and _NUMBER.match(tokens[-1]):
        tokens.pop()
    lead = 0
    while lead < len(tokens) and _NUMBER.match(tokens[lead]):
        lead += 1
    if lead > 1 or (lead == 1 and len(tokens[0]) == 4):  # a date or a year, not "5 deputies shot"
        tokens = tokens[lead:]
    return tokens


def slug_headline(url: str | None) -> str | None:
    """The headline an article's address spells, in sentence case; None when it spells none.

    >>> slug_headline("https://x.com/news/china-vietnam-clash-at-sea-123")
    'China vietnam clash at sea'
    >>> slug_headline("https://www.example.org/2015/06/12/asia/south_china_sea_tensions_rise.html")
    'South china sea tensions rise'
    >>> slug_headline("https://example.com/world/beijing-warns-hanoi/12345/")
    'Beijing warns hanoi'
    >>> slug_headline("https://example.com/article/12345"), slug_headline("https://example.com/world-asia/")
    (None, None)
    >>> slug_headline("BBC Monitoring"), slug_headline(None)
    (None, None)
    """
    if not url:
        return None
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    for segment in reversed([s for s in parts.path.split("/") if s]):
        words = _words(segment)
        if sum(1 for word in words if _WORD.match(word)) >= MIN_WORDS:
            text = " ".join(words)
            return text[0].upper() + text[1:].lower()
    return None


def outlet(url: str | None) -> str | None:
    """The host of a news link, in lower case and without ``www.``; None when it is not a web address.

    >>> outlet("https://WWW.Reuters.com/world/x"), outlet("http://news.example.co.uk:8080/a"), outlet("n/a")
    ('reuters.com', 'news.example.co.uk', None)
    """
    if not url:
        return None
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("http", "https") or not host:
        return None
    return host.removeprefix("www.")


def headline(title: str | None, url: str | None) -> str | None:
    """The article's title when one is stored (spaces made single), else its slug's words.

    >>> headline("  Quake in   Sichuan ", "https://x.com/a-b-c-d"), headline(None, "https://x.com/a-b-c-d")
    ('Quake in Sichuan', 'A b c d')
    """
    if title and title.strip():
        return " ".join(title.split())
    return slug_headline(url)


def actor_name(
    name: str | None, code: str | None, lang: str = "en", country: str | None = None
) -> str | None:
    """An actor as a reader names it: a bare country (code ``CHN``, or a name that is the English name of
    its ``country``) by the country's name in ``lang``, an ICEWS role of a country (``Lawmaker (Vietnam)``) in
    ``lang`` (:func:`holosec.reference.actor_label`), any other actor by its name in title case (GDELT
    writes names in capitals); None when unnamed.

    >>> actor_name("CHINA", "CHN", "zh"), actor_name("BEIJING", "CHN"), actor_name("POLICE", "VNMCOP")
    ('中国', 'China', 'Police')
    >>> actor_name("UNITED STATES", "USAGOV", "zh", "USA"), actor_name(None, "PHL", "zh")
    ('美国', '菲律宾')
    >>> actor_name(None, None) is None, actor_name("Head of Government (Turkmenistan)", None, "zh")
    (True, '土库曼斯坦政府首脑')
    """
    iso3 = iso3_from_cameo(code) if code and len(code) == 3 else None
    if iso3 is None and country and name and title_name(name) == country_name(country):
        iso3 = country
    if iso3 is not None:
        return country_label(iso3, lang)
    return actor_label(title_name(name), lang) if name else None


def what_happened(row: Mapping[str, Any], lang: str = "en") -> str | None:
    """The event in plain words in ``lang``: its CAMEO code's label; for PLOVER-coded sources (no CAMEO
    code) the PLOVER type; else the source's own label (ICEWS, ACLED), in Chinese after the CAMEO root's
    label, which Chinese has and the source's English label has not.

    >>> what_happened({"event_code": "042"}, "zh"), what_happened({"plover_type": "ASSAULT"})
    ('出访', 'Assault')
    >>> what_happened({"event_label": "Battles: Armed clash", "root_code": "19"}, "zh")
    '武装冲突'
    """
    code = event_label(row.get("event_code"), lang)
    plover = plover_label(row.get("plover_type"), lang)
    own = row.get("event_label") or None
    root = event_label(row.get("root_code"), lang) if row.get("root_code") else None
    order = (code, plover, root, own) if lang == "zh" else (code, plover, own, root)
    return next((label for label in order if label), None)


def reading(row: Mapping[str, Any], lang: str = "en", title: str | None = None) -> dict[str, str | None]:
    """An event row in words in ``lang``: ``actor1_name``, ``actor2_name``, ``what``, ``headline`` (the
    stored ``title``, else the URL slug's words) and ``outlet``; a column the row lacks reads as absent.

    >>> row = {"actor1_name": "CHINA", "actor1_code": "CHN", "actor2_name": "VIETNAMESE",
    ...        "actor2_code": "VNM", "event_code": "138",
    ...        "source_url": "https://www.x.com/news/china-vietnam-clash-at-sea-123"}
    >>> read = reading(row, "zh")
    >>> read["actor1_name"], read["actor2_name"], read["what"]
    ('中国', '越南', '以武力相威胁')
    >>> read["headline"], read["outlet"]
    ('China vietnam clash at sea', 'x.com')
    """
    url = row.get("source_url")
    return {
        "actor1_name": actor_name(
            row.get("actor1_name"), row.get("actor1_code"), lang, row.get("actor1_country")
        ),
        "actor2_name": actor_name(
            row.get("actor2_name"), row.get("actor2_code"), lang, row.get("actor2_country")
        ),
        "what": what_happened(row, lang),
        "headline": headline(title, url),
        "outlet": outlet(url),
    }
