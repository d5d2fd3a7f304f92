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
    "title_line": {
        "en": "Security situation briefing: {country}, {period}",
        "zh": "{country}国家安全形势简报（{period}）",
    },
    "brief_month": {"en": "{name} {year}", "zh": "{year}年{month}月"},
    "brief_week": {"en": "week {week} of {year}", "zh": "{year}年第{week}周"},
    "brief_day": {"en": "{day} {name} {year}", "zh": "{year}年{month}月{day}日"},
    "brief_moment": {"en": "{day}, {time} UTC", "zh": "{day} {time}（UTC）"},
    "brief_pair": {"en": "{a}–{b}", "zh": "{a}与{b}"},
    "brief_list_and": {"en": "{items} and {last}", "zh": "{items}、{last}"},
    "brief_paren": {"en": " ({value})", "zh": "（{value}）"},
    "brief_open": {"en": " (", "zh": "（"},
    "brief_close": {"en": ")", "zh": "）"},
    "brief_list_sep": {"en": ", ", "zh": "、"},
    "key_judgements": {"en": "Key judgements", "zh": "主要判断"},
    "judge_mark": {"en": "{arrow} {label}", "zh": "{arrow}【{label}】"},
    "judge_after": {"en": " — ", "zh": ""},
    "mark_deteriorated": {"en": "Deteriorated", "zh": "恶化"},
    "mark_improved": {"en": "Improved", "zh": "改善"},
    "mark_unchanged": {"en": "Unchanged", "zh": "无明显变化"},
    "judge_overall_deteriorated": {
        "en": "Overall, {country}'s security situation deteriorated: the threat index rose from {previous} "
        "in {previous_period} to {score} in {period}.",
        "zh": "总体看，{country}安全形势趋于恶化，"
        "威胁指数由{previous_period}的{previous}升至{period}的{score}。",
    },
    "judge_overall_improved": {
        "en": "Overall, {country}'s security situation improved: the threat index fell from {previous} "
        "in {previous_period} to {score} in {period}.",
        "zh": "总体看，{country}安全形势有所改善，"
        "威胁指数由{previous_period}的{previous}降至{period}的{score}。",
    },
    "judge_overall_unchanged": {
        "en": "Overall, {country}'s security situation was unchanged: the threat index was {score} in "
        "{period}, against {previous} in {previous_period}.",
        "zh": "总体看，{country}安全形势基本稳定，{period}威胁指数为{score}，{previous_period}为{previous}。",
    },
    "judge_field_deteriorated": {
        "en": "{field} deteriorated: its index rose from {previous} to {score} on {events} events{behind}.",
        "zh": "{field}形势恶化：指数由{previous}升至{score}（依据事件{events}起）{behind}。",
    },
    "judge_field_improved": {
        "en": "{field} improved: its index fell from {previous} to {score} on {events} events{behind}.",
        "zh": "{field}形势改善：指数由{previous}降至{score}（依据事件{events}起）{behind}。",
    },
    "judge_pairs": {
        "en": ", most involving {pairs}; for example {example}",
        "zh": "，主要涉及{pairs}，如{example}",
    },
    "judge_domestic": {
        "en": ", mostly at home; for example {example}",
        "zh": "，以国内事件为主，如{example}",
    },
    "judge_example": {"en": "{who}: {what}", "zh": "{who}“{what}”"},
    "actor_to": {"en": "{a} → {b}", "zh": "{a}对{b}"},
    "pair_events": {"en": "{pair} ({events} events)", "zh": "{pair}（{events}起）"},
    "pair_events_one": {"en": "{pair} (1 event)", "zh": "{pair}（1起）"},
    "judge_alert_up": {
        "en": "{series}: {indicator} rose to {value} in {period} against a baseline of {baseline}, "
        "raising a {severity}-severity alert.",
        "zh": "{series}：{period}{indicator}升至{value}（基线为{baseline}），"
        "触发预警，预警等级为{severity}。",
    },
    "judge_alert_down": {
        "en": "{series}: {indicator} fell to {value} in {period} against a baseline of {baseline}, "
        "raising a {severity}-severity alert.",
        "zh": "{series}：{period}{indicator}降至{value}（基线为{baseline}），"
        "触发预警，预警等级为{severity}。",
    },
    "series_field": {"en": "{who}, {field}", "zh": "{who}（{field}）"},
    "judge_steady": {
        "en": "{fields} showed no significant change.",
        "zh": "{fields}形势无明显变化。",
    },
    "judge_flat": {
        "en": "{why}; {country}'s overall threat index was {score} in {period}.",
        "zh": "{why}；{period}{country}总体威胁指数为{score}。",
    },
    "judge_why_none": {
        "en": "Nothing changed significantly since {previous_period}: no field's index moved by the "
        "threshold and no alert was raised",
        "zh": "与{previous_period}相比，各领域形势均无明显变化，亦无预警",
    },
    "judge_why_no_previous": {
        "en": "{previous_period} has no data, so no change can be judged",
        "zh": "{previous_period}无数据，无法判断变化",
    },
    "fields_moved": {"en": "Fields that moved", "zh": "形势变化的领域"},
    "quiet_line": {"en": "Nothing to report: {parts}.", "zh": "其余领域：{parts}。"},
    "quiet_steady": {"en": "no significant change in {fields}", "zh": "{fields}无明显变化"},
    "quiet_unscored": {
        "en": "too few events to score {fields}",
        "zh": "{fields}事件过少，未予评分",
    },
    "name_score": {"en": "{name} ({score})", "zh": "{name}（{score}）"},
    "name_events": {"en": "{name} ({events} events)", "zh": "{name}（{events}起）"},
    "name_events_one": {"en": "{name} (1 event)", "zh": "{name}（1起）"},
    "data_basis": {"en": "Data basis", "zh": "数据基础"},
    "basis_sources": {
        "en": "Sources for {period} ({days} days): {coverage}.",
        "zh": "{period}（共{days}天）的数据来源：{coverage}。",
    },
    "basis_events": {
        "en": "{country}'s field indices rest on {events} events in all.",
        "zh": "各领域指数共依据涉及{country}的事件{events}起。",
    },
    "basis_short": {
        "en": "{name} covers only {days} of the {total} days: read its share of the changes with care.",
        "zh": "其中{name}仅覆盖{days}天（全期{total}天），相关变化须审慎解读。",
    },
    "basis_thin": {
        "en": "Thin evidence (fewer than {min} events; read with care): {fields}.",
        "zh": "证据不足（少于{min}起事件，须审慎解读）：{fields}。",
    },
    "basis_none": {"en": "The store holds no events yet.", "zh": "数据库中尚无事件。"},
    "too_few_events": {"en": "too few events", "zh": "事件过少"},
    "field_rests_on": {"en": "It rests on {events} events.", "zh": "依据事件约{events}起。"},
    "field_shared": {
        "en": "{count} events touch the field, some shared with other fields.",
        "zh": "与本领域相关的事件共{count}起，部分同时计入其他领域。",
    },
    "driver_rose": {
        "en": "{indicator} rose from {before} to {after}",
        "zh": "{indicator}由{before}升至{after}",
    },
    "driver_fell": {
        "en": "{indicator} fell from {before} to {after}",
        "zh": "{indicator}由{before}降至{after}",
    },
    "exposure_alert_line": {
        "en": "{country}: {value} in {period}, against a baseline of {baseline}",
        "zh": "{country}：{period}为{value}，基线为{baseline}",
    },
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
        "zh": "总体威胁指数为{score}{change}。{fields}个领域中，{deteriorated}个恶化，{improved}个改善，"
        "{unchanged}个无明显变化，{first}个无上期指数可比，{quiet}个无事件。",
    },
    "summary_change": {
        "en": " ({arrow} {label}, {delta} from {previous})",
        "zh": "（{arrow}{label}，上期为{previous}，变动{delta}）",
    },
    "summary_no_overall": {"en": "none (no events)", "zh": "无（无事件）"},
    "no_data": {
        "en": "The store holds no events in {period}: there is no situation to report for this period.",
        "zh": "数据库中没有{period}的事件，本期无形势可报告。",
    },
    "no_data_any": {
        "en": "The store holds no events yet: there is no situation to report.",
        "zh": "数据库中尚无事件，无形势可报告。",
    },
    "situation": {"en": "Situation by field", "zh": "各领域形势"},
    "no_significant_change": {"en": "no significant change", "zh": "无明显变化"},
    "no_previous": {"en": "no earlier score", "zh": "无上期指数"},
    "field_quiet": {
        "en": "No events in {period}: no significant change.",
        "zh": "{period}无相关事件，无明显变化。",
    },
    "field_no_data": {"en": "No data for {period}.", "zh": "{period}无数据。"},
    "field_deteriorated": {
        "en": "The index rose from {previous} to {score} ({delta}): deteriorated.",
        "zh": "指数由{previous}升至{score}（{delta}），形势恶化。",
    },
    "field_improved": {
        "en": "The index fell from {previous} to {score} ({delta}): improved.",
        "zh": "指数由{previous}降至{score}（{delta}），形势改善。",
    },
    "field_unchanged": {
        "en": "The index moved from {previous} to {score} ({delta}): no significant change.",
        "zh": "指数为{score}（上期{previous}，变动{delta}），无明显变化。",
    },
    "field_first": {
        "en": "The index stands at {score}; {previous_period} has no score to compare with.",
        "zh": "指数为{score}；{previous_period}无可比指数。",
    },
    "field_articles": {
        "en": "In the news: {share} of the {all} articles naming the country were about this field "
        "({articles} by weight).",
        "zh": "新闻关注：提及该国的{all}篇文章中，{share}涉及本领域（按权重计{articles}篇）。",
    },
    "field_thin": {
        "en": "Thin evidence: read the score with care.",
        "zh": "证据不足，该指数须审慎解读。",
    },
    "changes": {"en": "What changed and why", "zh": "变化及原因"},
    "changes_none": {
        "en": "No field's index moved by {threshold} or more since {previous_period}: no significant change.",
        "zh": "与{previous_period}相比，各领域指数变动均未达到{threshold}，无明显变化。",
    },
    "changes_no_previous": {
        "en": "{previous_period} has no data, so no change can be measured.",
        "zh": "{previous_period}无数据，无法衡量变化。",
    },
    "drivers": {"en": "Indicators that moved", "zh": "变动的指标"},
    "events_behind": {"en": "Events behind it", "zh": "所依据的事件"},
    "alerts_none": {"en": "No alerts were raised in {period}.", "zh": "{period}无预警。"},
    "alert_line": {
        "en": "{series}, {indicator} {direction}, {period}: severity {severity}, detector score {score}",
        "zh": "{series}：{period}{indicator}{direction}（预警等级：{severity}；检测器得分{score}）",
    },
    "record_of": {
        "en": "{detector} detector on real series: {record}",
        "zh": "{detector}检测器在真实序列上的表现：{record}",
    },
    "interwoven": {"en": "Interwoven threats", "zh": "交织威胁"},
    "coupling_window": {
        "en": "Spearman correlation of period-to-period changes in events per 1,000 of {home}, "
        "window {start} to {end}.",
        "zh": "{home}各领域每千事件数逐期变化的斯皮尔曼相关系数，窗口为{start}至{end}。",
    },
    "coupling_none": {
        "en": "Too little history up to {period} to measure how the fields move together.",
        "zh": "截至{period}的历史数据不足，无法衡量领域联动。",
    },
    "coupling_change": {
        "en": "{a} and {b}: correlation {previous} in the window before, {latest} now ({change}).",
        "zh": "{a}与{b}：相关系数由上一窗口的{previous}转为{latest}（{change}）。",
    },
    "coupling_lead": {
        "en": "A rise in {leader} tends to come {lag} period(s) before a rise in {follower} "
        "(r = {strength} over {pairs} changes).",
        "zh": "{leader}上升往往领先{follower}上升{lag}期（r={strength}，基于{pairs}组变化）。",
    },
    "coupling_no_leads": {
        "en": "No lead of one field over another is claimed.",
        "zh": "未发现领域间的领先关系。",
    },
    "regional": {"en": "Regional matrix", "zh": "地区态势矩阵"},
    "regional_intro": {
        "en": "{name} ({grouping}), {members} members in {period}: {events} events among members, "
        "cooperation share {share}, balance {balance} (verbal {verbal}, material {material}).",
        "zh": "{name}{period}共{members}个成员：成员间事件{events}起，合作占比{share}，"
        "平衡值{balance}（言语{verbal}，物质{material}）。",
    },
    "regional_none": {
        "en": "No events between members of {grouping} in {period}.",
        "zh": "{period}{grouping}成员间无事件。",
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
        "zh": "{period}风险敞口为{value}，即按登记内容加权的海外利益所在地平均冲突事件数（{countries}个国家的"
        "{sites}处登记）。",
    },
    "exposure_sample": {
        "en": "The registry is holosec's illustrative sample; replace it with your own.",
        "zh": "登记表为 holosec 自带的示例，请替换为实际数据。",
    },
    "exposure_other": {
        "en": "The overseas-interests registry is for {registry}, not {perspective}: no exposure to report.",
        "zh": "海外利益登记表属于{registry}，而非{perspective}，无风险敞口可报告。",
    },
    "exposure_none": {"en": "No exposure data for {period}.", "zh": "{period}无风险敞口数据。"},
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
