# ruff: noqa: RUF001  (Chinese phrases use full-width punctuation)
"""The dashboard's words (:mod:`holosec.web`): the pages' own phrases and the regional pages'.
Part of the one catalogue, :data:`holosec.presentation.i18n.WORDS`."""

from __future__ import annotations

from typing import Final

from holosec.indicators.rollup import AGGREGATE_NOTE

DASHBOARD: Final[dict[str, dict[str, str]]] = {
    "overview": {"en": "Overview", "zh": "总览"},
    "coverage": {"en": "Data behind this period", "zh": "本期数据来源"},
    "coverage_days": {
        "en": "{name} {days} days, {records} events",
        "zh": "{name}：{days}天，{records}条事件",
    },
    "coverage_counted": {
        "en": "{name} {records} events counted (no event records)",
        "zh": "{name}：汇总计数{records}条事件（无逐条事件记录）",
    },
    "coverage_none": {"en": "no records", "zh": "无记录"},
    "coverage_sep": {"en": "; ", "zh": "；"},
    "map": {"en": "Map", "zh": "地图"},
    "alerts": {"en": "Alerts", "zh": "预警"},
    "api_docs": {"en": "API", "zh": "接口文档"},
    "sign_out": {"en": "Sign out", "zh": "退出"},
    "all_fields": {"en": "All fields", "zh": "全部领域"},
    "overall": {"en": "Overall", "zh": "总体"},
    "index_strip": {"en": "Threat index by field", "zh": "各领域威胁指数"},
    "coupling": {"en": "Interwoven threats: how the fields move together", "zh": "交织威胁：领域联动"},
    "coupling_note": {
        "en": "Spearman correlation of period-to-period changes in events per 1,000, "
        "window {start} to {end}.",
        "zh": "每千事件数逐期变化的斯皮尔曼相关，窗口 {start} 至 {end}。",
    },
    "no_alerts": {"en": "No alerts.", "zh": "暂无预警。"},
    "record_line": {
        "en": "recall {recall}, precision {precision}, alert rate {alert_rate}",
        "zh": "召回率 {recall}，精确率 {precision}，预警率 {alert_rate}",
    },
    "no_record": {"en": "no backtest for this detector", "zh": "该检测器暂无回测"},
    "unchanged": {"en": "unchanged", "zh": "无明显变化"},
    "low_evidence": {"en": "thin evidence", "zh": "证据不足"},
    "events_by_field": {"en": "Events by field", "zh": "各领域事件数"},
    "balance": {"en": "Cooperation-conflict balance", "zh": "合作-冲突平衡"},
    "evidence_of": {"en": "Events behind {what} in {period}", "zh": "{period} {what} 所依据的事件"},
    "no_evidence": {"en": "No events in this period.", "zh": "该时期无事件。"},
    "partners": {"en": "Partners", "zh": "对象国"},
    "date": {"en": "Date", "zh": "日期"},
    "actors": {"en": "Actors", "zh": "行为体"},
    "event_code": {"en": "Event code", "zh": "事件代码"},
    "goldstein": {"en": "Goldstein", "zh": "戈德斯坦值"},
    "source": {"en": "Source", "zh": "来源"},
    "weight": {"en": "Weight", "zh": "权重"},
    "rank": {"en": "Rank", "zh": "排名"},
    "map_title": {"en": "Threat index by country", "zh": "各国威胁指数"},
    "show": {"en": "Show", "zh": "显示"},
    "detector": {"en": "Detector", "zh": "检测器"},
    "severity": {"en": "Severity", "zh": "严重程度"},
    "any": {"en": "Any", "zh": "全部"},
    "alert": {"en": "Alert", "zh": "预警"},
    "series": {"en": "Series", "zh": "序列"},
    "indicator": {"en": "Indicator", "zh": "指标"},
    "value": {"en": "Value", "zh": "数值"},
    "baseline": {"en": "Baseline", "zh": "基线"},
    "event": {"en": "Event", "zh": "事件"},
    "article": {"en": "Article", "zh": "文章"},
    "what": {"en": "What happened", "zh": "事件内容"},
    "quad_1": {"en": "verbal cooperation", "zh": "口头合作"},
    "quad_2": {"en": "material cooperation", "zh": "实质合作"},
    "quad_3": {"en": "verbal conflict", "zh": "口头冲突"},
    "quad_4": {"en": "material conflict", "zh": "实质冲突"},
    "alert_score": {"en": "alert score (-log10 p)", "zh": "预警得分（-log10 p）"},
    "articles": {"en": "Articles (field weight)", "zh": "文章（领域权重）"},
    "no_articles": {"en": "No articles in this period.", "zh": "该时期无文章。"},
    "record_table": {"en": "Normalised record", "zh": "标准化记录"},
    "tags": {"en": "Security fields and the rules that gave them", "zh": "安全领域及其判定规则"},
    "rule": {"en": "Rule", "zh": "规则"},
    "not_security": {"en": "none (not a security matter)", "zh": "无（非安全事项）"},
    "text_read": {"en": "Words read in the source URL", "zh": "从来源网址读出的文字"},
    "text_fields": {"en": "Text classifier", "zh": "文本分类器"},
    "text_terms": {"en": "terms", "zh": "关键词"},
    "text_no_tags": {
        "en": "not confident of a field: no text tags",
        "zh": "无法确定所属领域：不产生文本标签",
    },
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
    # The country page's located series (GDELT aggregate counts: holosec.web.views.located).
    "located_heading": {
        "en": "Events located here, {first} to {last}: GDELT aggregate counts",
        "zh": "发生在本国的事件（{first} 至 {last}）：GDELT 汇总计数",
    },
    "located_title": {"en": "Per month", "zh": "按月"},
    "located_events": {"en": "All events", "zh": "全部事件"},
    "located_conflict": {"en": "Conflict events", "zh": "冲突事件"},
    "aggregate_note": {"en": AGGREGATE_NOTE, "zh": "汇总计数：此数字背后没有事件记录"},
    "located_note": {
        "en": "Monthly counts of GDELT events by place and CAMEO code (GDELT aggregates) make {share} of "
        "these numbers; the rest are stored event records. No events stand behind aggregate counts, so none "
        "can be listed as their evidence: the evidence on this page is event records of the country as an "
        "actor.",
        "zh": "按地点和 CAMEO 代码统计的 GDELT 月度事件数（GDELT 汇总计数）占这些数字的 {share}，"
        "其余为已存储的事件记录。汇总计数背后没有具体事件，因此无法列出其证据：本页证据为以本国为行为体的事件记录。",
    },
    "located_places": {"en": "Counted as one place: {places}.", "zh": "合并计为一地：{places}。"},
    "year": {"en": "Year", "zh": "年份"},
    "conflict_short": {"en": "Conflict", "zh": "冲突"},
    "from_aggregates": {"en": "Aggregates", "zh": "汇总计数占比"},
}

# The regional pages (holosec.web.regional_pages).
REGIONAL: Final[dict[str, dict[str, str]]] = {
    "region": {"en": "Region", "zh": "地区"},
    "grouping": {"en": "Grouping", "zh": "组织"},
    "members": {"en": "Members", "zh": "成员国"},
    "trend": {"en": "Trend (per period)", "zh": "趋势 (每期)"},
    "region_matrix": {
        "en": "Cooperation-conflict balance between members, {period}",
        "zh": "成员国之间的合作-冲突平衡，{period}",
    },
    "region_index": {"en": "Regional cooperation index", "zh": "地区合作指数"},
    "share": {"en": "Share", "zh": "占比"},
    "cooperation_share": {"en": "Cooperation share", "zh": "合作占比"},
    "verbal_cooperation_share": {"en": "Verbal cooperation share", "zh": "言语合作占比"},
    "material_cooperation_share": {"en": "Material cooperation share", "zh": "物质合作占比"},
    "principles": {"en": "Principles as metrics", "zh": "安全观原则指标"},
    "principles_note": {
        "en": "Each metric's definition and limits: docs/regional-method.md.",
        "zh": "各指标的定义与局限见 docs/regional-method.md。",
    },
    "principle_equal_security": {"en": "Common and equal security", "zh": "共同、平等安全"},
    "principle_no_expense": {
        "en": "No security at the expense of others",
        "zh": "不以牺牲别国安全谋求自身安全",
    },
    "principle_alliance": {"en": "Alliances aimed at a third party", "zh": "针对第三方的结盟"},
    "principle_cooperative": {"en": "Cooperative security", "zh": "合作安全"},
    "principle_sustainable": {"en": "Sustainable security", "zh": "可持续安全"},
    "lenses": {"en": "Lenses", "zh": "外交布局"},
    "lens_events": {"en": "Cooperation and conflict events", "zh": "合作与冲突事件"},
    "cooperation_events": {"en": "Cooperation events", "zh": "合作事件"},
    "conflict_events": {"en": "Conflict events", "zh": "冲突事件"},
    "countries": {"en": "Countries", "zh": "国家"},
    "no_country": {"en": "no country (international bodies)", "zh": "无国家 (国际组织)"},
    "exposure": {"en": "Exposure", "zh": "海外利益风险暴露"},
    "exposure_map": {"en": "Overseas-interests exposure", "zh": "海外利益风险暴露"},
    "exposure_series": {"en": "Exposure over time", "zh": "风险暴露走势"},
    "sample_registry": {
        "en": "Sample registry: illustrative entries, not real figures. Use your own registry file.",
        "zh": "示例登记表：仅为示意，并非真实数据。请使用您自己的登记表文件。",
    },
    "registry": {"en": "Registry", "zh": "登记表"},
    "site": {"en": "Site", "zh": "地点"},
    "size": {"en": "Size", "zh": "规模"},
}
