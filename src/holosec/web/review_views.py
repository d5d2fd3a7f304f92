"""A precision audit in the reader's words, for the review pages and the dashboard: a stratum and a
dataset named as a reader says them (the pages keep the raw id beside the words, so an analyst can match
it to ``holosec review``), and the box beside the conflict indicator on the country and pair
pages (:func:`precision_box`), read from :func:`holosec.review.latest`."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from holosec import review
from holosec.indicators.coverage import NAMES as SOURCE_NAMES
from holosec.presentation.i18n import word
from holosec.reference import country_label
from holosec.review.sample import MIN_MENTIONS, MIN_SOURCES
from holosec.store import Store

INDICATOR = "conflict_events"
"""The indicator whose measured precision the country and pair pages show."""
_STRATUM_WORDS: tuple[dict[str, str], ...] = (
    {
        "1": "review_stratum_sources_one",
        "2+": "review_stratum_sources_many",
        "-": "review_stratum_sources_none",
    },
    {
        "<5": "review_stratum_mentions_few",
        "5+": "review_stratum_mentions_many",
        "-": "review_stratum_mentions_none",
    },
    {"resolved": "review_stratum_resolved", "unresolved": "review_stratum_unresolved"},
)
"""The words of a stratum's parts after its source (:func:`holosec.review.sample.stratum_of`)."""


def source_name(source: str | None) -> str:
    """A stored source id as readers name it (the id itself when it has no name).

    >>> source_name("gdelt2"), source_name("icews"), source_name("mine")
    ('GDELT 2.0', 'ICEWS', 'mine')
    """
    return SOURCE_NAMES.get(source or "", source or "")


def stratum_words(stratum: str, lang: str) -> str:
    """A stratum (``source|sources|mentions|actors``) in words; the id itself when it is not one.

    >>> stratum_words("gdelt2|1|<5|resolved", "en")
    'GDELT 2.0 · one news source · fewer than 5 mentions · both actors placed in a country'
    >>> stratum_words("icews|-|-|unresolved", "zh")
    'ICEWS · 无来源数 · 无提及次数 · 有行为体未确定国家'
    >>> stratum_words("gdelt2|2+|5+|resolved", "zh"), stratum_words("odd|id", "en")
    ('GDELT 2.0 · 2个及以上新闻来源 · 提及5次及以上 · 双方行为体均已确定国家', 'odd|id')
    """
    source, *parts = stratum.split("|")
    keys = [choices.get(part) for part, choices in zip(parts, _STRATUM_WORDS, strict=False)]
    if len(parts) != len(_STRATUM_WORDS) or None in keys:
        return stratum
    shown = [word(str(key), lang, sources=MIN_SOURCES, mentions=MIN_MENTIONS) for key in keys]
    return " · ".join([source_name(source), *shown])


def _percent(share: float) -> str:
    return f"{share * 100:.0f}%"


def precision_box(store: Store, country: str, lang: str) -> dict[str, Any]:
    """What the box beside the conflict indicator of ``country``'s page says: the measured precision
    of the newest audit of :data:`INDICATOR` with judgments, drawn for ``country`` or else for the world
    (:func:`holosec.review.latest`): ``queue``, its links, ``scope`` in words, ``judged`` of ``items``,
    and ``share``, ``low`` and ``high`` as percentages (``partial`` when some strata have no judged
    event); ``queue`` None when nothing is judged yet. One query of the review tables when nothing is
    judged (the usual case), a few more of them when something is; never a scan of the events."""
    found = review.latest(store, INDICATOR, country)
    named = word(f"ws_ind_{INDICATOR}", lang)  # as the register names it
    if found is None:
        return {"queue": None, "indicator": named}
    overall = found["overall"]
    href = f"/review/{quote(found['queue'], safe='')}"
    where = found["country"]
    return {
        "queue": found["queue"],
        "indicator": named,
        "href": href,
        "table": f"{href}/precision",
        "scope": review_scope(where, lang),
        "judged": found["judged"],
        "items": found["items"],
        "level": _percent(found["confidence"]),
        "share": _percent(overall["precision"]),
        "low": _percent(overall["low"]),
        "high": _percent(overall["high"]),
        "partial": overall["coverage"] is not None and overall["coverage"] < 1,
    }


def review_scope(country: str | None, lang: str) -> str:
    """Where an audit was drawn, in words: a country's name, or the world.

    >>> review_scope("CHN", "zh"), review_scope(None, "en")
    ('中国', 'the world')
    """
    return (country_label(country, lang) or country) if country else word("review_world", lang)
