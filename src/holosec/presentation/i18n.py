# ruff: noqa: RUF001, RUF002  (Chinese phrases use full-width punctuation)
"""The one catalogue of words for the dashboard and the briefings, in English and Chinese: one key per
phrase, ``{name}`` slots the numbers fill, the same words for the same key wherever they are shown.
Field names and official terms come from the taxonomy data (``name_en`` / ``name_zh``), never from here.

The phrases both say are :data:`COMMON`; each side's own are in :mod:`.dashboard_words`,
:mod:`.workspace_words`, :mod:`.briefing_words`, :mod:`.evidence_words`, :mod:`.period_words`,
:mod:`.chart_words`, :mod:`.alert_words`, :mod:`.page_words`, :mod:`.regional_words`,
:mod:`.method_words` and :mod:`.status_words`; :data:`WORDS` is all of them (no key twice).

>>> word("evidence_of", "en", what="military security", period="2018-01")
'Events behind military security in 2018-01'
>>> word("field_deteriorated", "en", previous="4.10", score="5.20", delta="+1.10")
'The index rose from 4.10 to 5.20 (+1.10): deteriorated.'
>>> sorted({len(w) for w in WORDS.values()})
[2]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Final

from holosec.indicators.coverage import SourceCoverage
from holosec.presentation.alert_words import ALERTS
from holosec.presentation.briefing_words import BRIEFING
from holosec.presentation.chart_words import CHARTS
from holosec.presentation.correction_words import CORRECTIONS
from holosec.presentation.dashboard_words import DASHBOARD, REGIONAL
from holosec.presentation.evidence_words import EVIDENCE
from holosec.presentation.method_words import METHOD
from holosec.presentation.page_words import PAGE
from holosec.presentation.period_words import PERIOD
from holosec.presentation.regional_words import REGION_PAGES
from holosec.presentation.review_words import REVIEW
from holosec.presentation.status_words import STATUS
from holosec.presentation.workspace_words import WORKSPACE
from holosec.taxonomy.versions import resolve

LANGS: Final = ("en", "zh")
DEFAULT_LANG: Final = "en"

COMMON: Final[dict[str, dict[str, str]]] = {
    "change": {"en": "Change", "zh": "变化"},
    "correlation": {"en": "Correlation", "zh": "相关系数"},
    "country": {"en": "Country", "zh": "国家"},
    "deteriorated": {"en": "deteriorated", "zh": "恶化"},
    "events": {"en": "Events", "zh": "事件数"},
    "evidence": {"en": "Evidence", "zh": "证据"},
    "field": {"en": "Field", "zh": "领域"},
    "heatmap": {"en": "Threat index by field over time", "zh": "各领域威胁指数走势"},
    "improved": {"en": "improved", "zh": "改善"},
    "kind": {"en": "Kind", "zh": "类别"},
    "no_events": {"en": "no events", "zh": "无事件"},
    "pair": {"en": "Pair", "zh": "国家对"},
    "period": {"en": "Period", "zh": "时期"},
    "perspective": {"en": "Perspective", "zh": "视角"},
    "reasoning": {"en": "Why it was raised", "zh": "预警依据"},
    "record": {"en": "Track record", "zh": "历史检验"},
    "taxonomy": {"en": "Taxonomy", "zh": "领域体系"},
    "index": {"en": "Threat index (0-10)", "zh": "威胁指数（0–10）"},
    "top_alerts": {"en": "Top alerts", "zh": "重点预警"},
    "balance_axis": {"en": "Balance (-1 conflict, +1 cooperation)", "zh": "平衡值（-1为冲突，+1为合作）"},
}


def _merged(*parts: Mapping[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    """The parts as one catalogue; a key in two parts is a mistake (one key, one phrase)."""
    merged: dict[str, dict[str, str]] = {}
    for part in parts:
        twice = merged.keys() & part.keys()
        if twice:
            raise ValueError(f"phrase keys in two parts of the catalogue: {sorted(twice)}")
        merged.update(part)
    return merged


WORDS: Final = _merged(
    COMMON,
    DASHBOARD,
    REGIONAL,
    WORKSPACE,
    BRIEFING,
    EVIDENCE,
    PERIOD,
    CHARTS,
    ALERTS,
    PAGE,
    REGION_PAGES,
    METHOD,
    STATUS,
    REVIEW,
    CORRECTIONS,
)


def lang_or_default(value: str | None) -> str:
    """``value`` when it is a language holosec speaks, else English.

    >>> lang_or_default("zh"), lang_or_default("fr"), lang_or_default(None)
    ('zh', 'en', 'en')
    """
    return value if value in LANGS else DEFAULT_LANG


def coverage_line(items: Sequence[SourceCoverage], lang: str = DEFAULT_LANG) -> str:
    """What a period rests on, in one line (:func:`holosec.indicators.coverage.coverage`).

    >>> coverage_line([SourceCoverage("icews", 31, 1234), SourceCoverage("gdelt_aggregates", None, 90)])
    'ICEWS 31 days, 1,234 events; GDELT aggregates 90 events counted (no event records)'
    >>> coverage_line([SourceCoverage("gdelt2", 1, 10)], "en")
    'GDELT 2.0 1 day, 10 events'
    >>> coverage_line([], "en")
    'no records'
    >>> coverage_line([SourceCoverage("gdelt_aggregates", None, 90)], "zh").startswith("GDELT" + "\uff08")
    True
    """
    if not items:
        return word("coverage_none", lang)

    def name(c: SourceCoverage) -> str:  # a source's name where a language says it otherwise
        key = f"coverage_name_{c.source}"
        return word(key, lang) if key in WORDS else c.name

    return word("coverage_sep", lang).join(
        word(
            "coverage_day" if c.days == 1 else "coverage_days",
            lang,
            name=name(c),
            days=c.days,
            records=f"{c.records:,}",
        )
        if c.days is not None
        else word("coverage_counted", lang, name=name(c), records=f"{c.records:,}")
        for c in items
    )


def taxonomy_line(version: str, lang: str = DEFAULT_LANG) -> str:
    """A taxonomy version as a reader names it: its year and number of fields.

    >>> taxonomy_line("v2014", "zh"), taxonomy_line("v2020", "en")
    ('2014年版领域体系（11个领域）', '2020 taxonomy (16 fields)')
    """
    chosen = resolve(version)
    return word("context_taxonomy", lang, year=chosen.version.removeprefix("v"), fields=len(chosen.fields))


def word(key: str, lang: str, **values: object) -> str:
    """The phrase ``key`` in ``lang`` with ``values`` filled in (English when a phrase lacks ``lang``).

    >>> word("no_events", "zh"), word("record_of", "en", detector="zscore", record="recall 0.5")
    ('无事件', 'zscore detector on real series: recall 0.5')
    """
    phrases = WORDS[key]
    text = phrases.get(lang, phrases[DEFAULT_LANG])
    return text.format(**values) if values else text
