# ruff: noqa: RUF001  (Chinese phrases use full-width punctuation)
"""Every phrase a briefing says of its own (the phrases it shares with the dashboard are
:data:`holosec.presentation.i18n.COMMON`): one key per phrase, with ``{name}`` slots the numbers fill. Field
names, lens names and official terms come from the taxonomy and lens data, never from here. A briefing's
sentences are these templates filled with the library's numbers, so nothing in a briefing is invented text.
"""

from __future__ import annotations

from typing import Final

BRIEFING: Final[dict[str, dict[str, str]]] = {
    "title": {"en": "Security situation briefing", "zh": "国家安全形势简报"},
    "colon": {"en": ": ", "zh": "："},
    "space": {"en": " ", "zh": ""},
    "stop": {"en": ".", "zh": "。"},
    "semicolon": {"en": "; ", "zh": "；"},
    "month": {"en": "month", "zh": "月"},
    "week": {"en": "week", "zh": "周"},
    "generated": {"en": "Generated at", "zh": "生成时间"},
    "reader": {"en": "Reader", "zh": "读者"},
    "no_reader": {
        "en": "No reader named: the workspace section is left out (name one with --reader).",
        "zh": "未指定读者：不含工作空间部分（可用 --reader 指定）。",
    },
    "contents": {"en": "Contents", "zh": "目录"},
    "summary": {"en": "Summary", "zh": "摘要"},
    "summary_line": {
        "en": "Overall threat index {score}{change}. Of {fields} fields, {deteriorated} deteriorated, "
        "{improved} improved, {unchanged} show no significant change, {first} have no earlier score to "
        "compare with and {quiet} had no events.",
        "zh": "总体威胁指数 {score}{change}。{fields} 个领域中，{deteriorated} 个恶化，{improved} 个改善，"
        "{unchanged} 个无明显变化，{first} 个无上期指数可比较，{quiet} 个无事件。",
    },
    "summary_change": {
        "en": " ({arrow} {label}, {delta} from {previous})",
        "zh": "（{arrow}{label}，较上期 {delta}）",
    },
    "summary_no_overall": {"en": "none (no events)", "zh": "无（无事件）"},
    "no_data": {
        "en": "The store holds no events in {period}: there is no situation to report for this period.",
        "zh": "数据库中没有 {period} 的事件：本时期无形势可报告。",
    },
    "no_data_any": {
        "en": "The store holds no events yet: there is no situation to report.",
        "zh": "数据库中尚无事件：无形势可报告。",
    },
    "situation": {"en": "Situation by field", "zh": "各领域形势"},
    "no_significant_change": {"en": "no significant change", "zh": "无明显变化"},
    "no_previous": {"en": "no earlier score", "zh": "无上期指数"},
    "field_quiet": {
        "en": "No events in {period}: no significant change.",
        "zh": "{period} 无相关事件：无明显变化。",
    },
    "field_no_data": {"en": "No data for {period}.", "zh": "无 {period} 的数据。"},
    "field_deteriorated": {
        "en": "The index rose from {previous} to {score} ({delta}): deteriorated.",
        "zh": "指数由 {previous} 升至 {score}（{delta}）：恶化。",
    },
    "field_improved": {
        "en": "The index fell from {previous} to {score} ({delta}): improved.",
        "zh": "指数由 {previous} 降至 {score}（{delta}）：改善。",
    },
    "field_unchanged": {
        "en": "The index moved from {previous} to {score} ({delta}): no significant change.",
        "zh": "指数由 {previous} 变为 {score}（{delta}）：无明显变化。",
    },
    "field_first": {
        "en": "The index stands at {score}; {previous_period} has no score to compare with.",
        "zh": "指数为 {score}；{previous_period} 无可比较的指数。",
    },
    "field_events": {
        "en": "It rests on {events} weighted events ({count} counted).",
        "zh": "依据 {events} 个加权事件（计入 {count} 个）。",
    },
    "field_articles": {
        "en": "In the news: {share} of the {all} articles naming the country were about this field "
        "({articles} by weight).",
        "zh": "新闻关注：提及该国的 {all} 篇文章中，{share} 涉及本领域（按权重计 {articles} 篇）。",
    },
    "field_thin": {
        "en": "Thin evidence: read the score with care.",
        "zh": "证据不足：请谨慎解读该指数。",
    },
    "changes": {"en": "What changed and why", "zh": "变化及原因"},
    "changes_none": {
        "en": "No field's index moved by {threshold} or more since {previous_period}: no significant change.",
        "zh": "自 {previous_period} 以来，没有领域的指数变动达到 {threshold}：无明显变化。",
    },
    "changes_no_previous": {
        "en": "{previous_period} has no data, so no change can be measured.",
        "zh": "{previous_period} 无数据，无法衡量变化。",
    },
    "drivers": {"en": "Indicators that moved", "zh": "变动的指标"},
    "driver": {
        "en": "{indicator}: score {before} to {after} ({delta})",
        "zh": "{indicator}：得分由 {before} 变为 {after}（{delta}）",
    },
    "events_behind": {"en": "Events behind it", "zh": "所依据的事件"},
    "alerts_none": {"en": "No alerts were raised in {period}.", "zh": "{period} 无预警。"},
    "alert_line": {
        "en": "{series}, {indicator} {direction}, {period}: severity {severity}, score {score}",
        "zh": "{series}，{indicator} {direction}，{period}：严重程度 {severity}，得分 {score}",
    },
    "record_of": {
        "en": "{detector} detector on real series: {record}",
        "zh": "{detector} 检测器在真实序列上：{record}",
    },
    "no_record_detector": {"en": "{detector} detector: no backtest yet", "zh": "{detector} 检测器：暂无回测"},
    "interwoven": {"en": "Interwoven threats", "zh": "交织威胁"},
    "coupling_window": {
        "en": "Spearman correlation of period-to-period changes in events per 1,000 of {home}, "
        "window {start} to {end}.",
        "zh": "{home} 每千事件数逐期变化的斯皮尔曼相关，窗口 {start} 至 {end}。",
    },
    "coupling_none": {
        "en": "Too little history up to {period} to measure how the fields move together.",
        "zh": "截至 {period} 的历史数据不足，无法衡量领域联动。",
    },
    "coupling_change": {
        "en": "{a} and {b}: correlation {previous} in the window before, {latest} now ({change}).",
        "zh": "{a} 与 {b}：相关系数由上一窗口的 {previous} 变为 {latest}（{change}）。",
    },
    "coupling_lead": {
        "en": "A rise in {leader} tends to come {lag} period(s) before a rise in {follower} "
        "(r = {strength} over {pairs} changes).",
        "zh": "{leader} 上升往往领先 {follower} 上升 {lag} 期（r = {strength}，{pairs} 组变化）。",
    },
    "coupling_no_leads": {
        "en": "No lead of one field over another is claimed.",
        "zh": "未发现领域间的领先关系。",
    },
    "regional": {"en": "Regional matrix", "zh": "地区态势矩阵"},
    "regional_intro": {
        "en": "{name} ({grouping}), {members} members in {period}: {events} events among members, "
        "cooperation share {share}, balance {balance} (verbal {verbal}, material {material}).",
        "zh": "{name}（{grouping}）{period} 共 {members} 个成员：成员间事件 {events} 个，合作占比 {share}，"
        "平衡 {balance}（言语 {verbal}，物质 {material}）。",
    },
    "regional_none": {
        "en": "No events between members of {grouping} in {period}.",
        "zh": "{period} {grouping} 成员间无事件。",
    },
    "regional_pairs": {"en": "Most conflictual member pairs", "zh": "冲突最多的成员国对"},
    "trend_per_period": {"en": "Trend per period", "zh": "每期趋势"},
    "foreign_lenses": {"en": "Foreign-affairs lenses", "zh": "外交视角"},
    "lens": {"en": "Lens", "zh": "视角"},
    "conflict": {"en": "Conflict", "zh": "冲突"},
    "cooperation": {"en": "Cooperation", "zh": "合作"},
    "main_partners": {"en": "Main partners", "zh": "主要对象国"},
    "reproduce": {"en": "Reproduce", "zh": "复现"},
    "overseas_exposure": {"en": "Overseas-interests exposure", "zh": "海外利益风险敞口"},
    "exposure_line": {
        "en": "Exposure {value} in {period}: conflict events in an average exposed place, weighted by "
        "what the registry lists there ({sites} sites in {countries} countries).",
        "zh": "{period} 风险敞口 {value}：按登记内容加权的平均海外利益所在地冲突事件数（{countries} 个国家的 "
        "{sites} 处登记）。",
    },
    "exposure_sample": {
        "en": "The registry is holosec's illustrative sample; replace it with your own.",
        "zh": "登记表为 holosec 自带的示例，请替换为实际数据。",
    },
    "exposure_other": {
        "en": "The overseas-interests registry is for {registry}, not {perspective}: no exposure to report.",
        "zh": "海外利益登记表属于 {registry}，而非 {perspective}：无风险敞口可报告。",
    },
    "exposure_none": {"en": "No exposure data for {period}.", "zh": "无 {period} 的风险敞口数据。"},
    "signal": {"en": "Conflict events", "zh": "冲突事件"},
    "weighted": {"en": "Weighted part", "zh": "加权部分"},
    "exposure_alert": {"en": "Alert", "zh": "预警"},
    "workspace": {"en": "Workspace", "zh": "工作空间"},
    "workspace_for": {
        "en": "As {name} ({role}, {agency}) may see it: cases follow need-to-know.",
        "zh": "按 {name}（{role}，{agency}）的知悉范围显示。",
    },
    "open_cases": {"en": "Open cases", "zh": "在办案件"},
    "no_cases": {"en": "No open cases this reader may see.", "zh": "该读者无可见的在办案件。"},
    "case": {"en": "Case", "zh": "案件"},
    "status": {"en": "Status", "zh": "状态"},
    "priority": {"en": "Priority", "zh": "优先级"},
    "lead_agency": {"en": "Lead agency", "zh": "牵头机构"},
    "fields": {"en": "Fields", "zh": "领域"},
    "due": {"en": "Due", "zh": "期限"},
    "decisions": {"en": "Latest decisions", "zh": "最新决定"},
    "no_decisions": {"en": "No decisions on cases this reader may see.", "zh": "该读者可见案件暂无决定。"},
    "decided_by": {"en": "Decided by", "zh": "决定者"},
    "strategies": {"en": "Strategy status", "zh": "战略实施状态"},
    "no_strategies": {"en": "Nothing registered.", "zh": "暂无登记。"},
    "owner": {"en": "Owner", "zh": "负责机构"},
    "appendix": {"en": "Appendix: evidence", "zh": "附录：证据"},
    "appendix_intro": {
        "en": "Every event and article cited above, with its source. Numbers without a reference are "
        "recomputed by the command shown next to them.",
        "zh": "上文引用的全部事件、文章及其来源。未标注引用的数字可用其旁所示命令复现。",
    },
    "appendix_none": {"en": "No events cited.", "zh": "未引用事件。"},
    "charts_note": {
        "en": "Charts are in the HTML and PDF versions of this briefing.",
        "zh": "图表见本简报的 HTML 和 PDF 版本。",
    },
    "score": {"en": "Score", "zh": "得分"},
    "none": {"en": "none", "zh": "无"},
    "sub_volume": {"en": "Reported conflict (volume)", "zh": "冲突报道量"},
    "sub_intensity": {"en": "Conflict intensity", "zh": "冲突强度"},
    "sub_material": {"en": "Material conflict share", "zh": "物质冲突占比"},
    "sub_hostility": {"en": "Hostility", "zh": "敌对程度"},
    "sub_goldstein": {"en": "Goldstein (negated)", "zh": "戈德斯坦值（取反）"},
    "sub_tone": {"en": "Tone (negated)", "zh": "报道语调（取反）"},
    "sub_attention": {"en": "Share of the news", "zh": "新闻关注占比"},
    "severity_low": {"en": "low", "zh": "低"},
    "severity_medium": {"en": "medium", "zh": "中"},
    "severity_high": {"en": "high", "zh": "高"},
    "severity_critical": {"en": "critical", "zh": "紧急"},
    "indicator_events": {"en": "events", "zh": "事件数"},
    "indicator_conflict_events": {"en": "conflict events", "zh": "冲突事件数"},
    "indicator_material_conflict_events": {"en": "material conflict events", "zh": "物质冲突事件数"},
    "indicator_per_1000": {"en": "events per 1,000", "zh": "每千事件数"},
    "indicator_attention_share": {"en": "share of the news", "zh": "新闻关注占比"},
    "up": {"en": "up", "zh": "上升"},
    "down": {"en": "down", "zh": "下降"},
}
