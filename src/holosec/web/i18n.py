"""The dashboard's words in English and Chinese. Field names and official terms come from the taxonomy
data (``name_en`` / ``name_zh``); everything else a page says is here, one key per phrase."""

from __future__ import annotations

from typing import Final

LANGS: Final = ("en", "zh")
DEFAULT_LANG: Final = "en"

WORDS: Final[dict[str, dict[str, str]]] = {
    "overview": {"en": "Overview", "zh": "总览"},
    "map": {"en": "Map", "zh": "地图"},
    "alerts": {"en": "Alerts", "zh": "预警"},
    "api_docs": {"en": "API", "zh": "接口文档"},
    "sign_out": {"en": "Sign out", "zh": "退出"},
    "perspective": {"en": "Perspective", "zh": "视角"},
    "taxonomy": {"en": "Taxonomy", "zh": "领域体系"},
    "period": {"en": "Period", "zh": "时期"},
    "field": {"en": "Field", "zh": "领域"},
    "all_fields": {"en": "All fields", "zh": "全部领域"},
    "overall": {"en": "Overall", "zh": "总体"},
    "score": {"en": "Threat index (0-10)", "zh": "威胁指数 (0-10)"},
    "index_strip": {"en": "Threat index by field", "zh": "各领域威胁指数"},
    "heatmap": {"en": "Threat index by field over time", "zh": "各领域威胁指数走势"},
    "coupling": {"en": "Interwoven threats: how the fields move together", "zh": "交织威胁：领域联动"},
    "correlation": {"en": "Correlation", "zh": "相关系数"},
    "coupling_note": {
        "en": "Spearman correlation of period-to-period changes in events per 1,000, "
        "window {start} to {end}.",
        "zh": "每千事件数逐期变化的斯皮尔曼相关，窗口 {start} 至 {end}。",
    },
    "top_alerts": {"en": "Top alerts", "zh": "重点预警"},
    "no_alerts": {"en": "No alerts.", "zh": "暂无预警。"},
    "record": {"en": "Track record", "zh": "历史检验"},
    "record_line": {
        "en": "recall {recall}, precision {precision}, alert rate {alert_rate}",
        "zh": "召回率 {recall}，精确率 {precision}，预警率 {alert_rate}",
    },
    "no_record": {"en": "no backtest for this detector", "zh": "该检测器暂无回测"},
    "deteriorated": {"en": "deteriorated", "zh": "恶化"},
    "improved": {"en": "improved", "zh": "改善"},
    "unchanged": {"en": "unchanged", "zh": "无明显变化"},
    "no_events": {"en": "no events", "zh": "无事件"},
    "low_evidence": {"en": "thin evidence", "zh": "证据不足"},
    "events": {"en": "Events", "zh": "事件数"},
    "events_by_field": {"en": "Events by field", "zh": "各领域事件数"},
    "balance": {"en": "Cooperation-conflict balance", "zh": "合作-冲突平衡"},
    "balance_axis": {"en": "Balance (-1 conflict, +1 cooperation)", "zh": "平衡 (-1 冲突, +1 合作)"},
    "evidence": {"en": "Evidence", "zh": "证据"},
    "evidence_of": {"en": "Events behind {what} in {period}", "zh": "{period} {what} 所依据的事件"},
    "no_evidence": {"en": "No events in this period.", "zh": "该时期无事件。"},
    "partners": {"en": "Partners", "zh": "对象国"},
    "date": {"en": "Date", "zh": "日期"},
    "actors": {"en": "Actors", "zh": "行为体"},
    "event_code": {"en": "Event code", "zh": "事件代码"},
    "goldstein": {"en": "Goldstein", "zh": "戈德斯坦值"},
    "source": {"en": "Source", "zh": "来源"},
    "weight": {"en": "Weight", "zh": "权重"},
    "country": {"en": "Country", "zh": "国家"},
    "rank": {"en": "Rank", "zh": "排名"},
    "change": {"en": "Change", "zh": "变化"},
    "map_title": {"en": "Threat index by country", "zh": "各国威胁指数"},
    "show": {"en": "Show", "zh": "显示"},
    "detector": {"en": "Detector", "zh": "检测器"},
    "severity": {"en": "Severity", "zh": "严重程度"},
    "any": {"en": "Any", "zh": "全部"},
    "alert": {"en": "Alert", "zh": "预警"},
    "series": {"en": "Series", "zh": "序列"},
    "reasoning": {"en": "Why it was raised", "zh": "预警依据"},
    "indicator": {"en": "Indicator", "zh": "指标"},
    "value": {"en": "Value", "zh": "数值"},
    "baseline": {"en": "Baseline", "zh": "基线"},
    "event": {"en": "Event", "zh": "事件"},
    "record_table": {"en": "Normalised record", "zh": "标准化记录"},
    "tags": {"en": "Security fields and the rules that gave them", "zh": "安全领域及其判定规则"},
    "rule": {"en": "Rule", "zh": "规则"},
    "relation": {"en": "Relation to the perspective", "zh": "与视角国的关系"},
    "linked": {"en": "Records of the same event from other sources", "zh": "其他来源的同一事件记录"},
    "components": {"en": "What the score is made of", "zh": "指数构成"},
    "component": {"en": "Sub-indicator", "zh": "分项指标"},
    "own": {"en": "vs own past", "zh": "对比自身历史"},
    "peers": {"en": "vs peers", "zh": "对比同类国家"},
    "open_country": {"en": "Open the country page", "zh": "打开国家页面"},
    "not_found": {"en": "Not found", "zh": "未找到"},
    "language": {"en": "Language", "zh": "语言"},
    "internal": {"en": "internal", "zh": "内部"},
    "external": {"en": "external", "zh": "外部"},
    "traditional": {"en": "traditional", "zh": "传统"},
    "non_traditional": {"en": "non-traditional", "zh": "非传统"},
}


def lang_or_default(value: str | None) -> str:
    """``value`` when it is a language the pages speak, else English.

    >>> lang_or_default("zh"), lang_or_default("fr"), lang_or_default(None)
    ('zh', 'en', 'en')
    """
    return value if value in LANGS else DEFAULT_LANG


def word(key: str, lang: str, **values: object) -> str:
    """The phrase ``key`` in ``lang`` with ``values`` filled in (English when a phrase lacks ``lang``).

    >>> word("evidence_of", "en", what="military security", period="2018-01")
    'Events behind military security in 2018-01'
    """
    phrases = WORDS[key]
    text = phrases.get(lang) or phrases[DEFAULT_LANG]
    return text.format(**values) if values else text
