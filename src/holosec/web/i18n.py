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


# The regional pages (holosec.web.regional_pages).
WORDS.update(
    {
        "region": {"en": "Region", "zh": "地区"},
        "grouping": {"en": "Grouping", "zh": "组织"},
        "members": {"en": "Members", "zh": "成员国"},
        "pair": {"en": "Pair", "zh": "国家对"},
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
        "kind": {"en": "Kind", "zh": "类别"},
        "size": {"en": "Size", "zh": "规模"},
    }
)


# The commission workspace's pages (holosec.web.workspace_pages, holosec.web.register_pages).
WORDS.update(
    {
        "ws_cases": {"en": "Cases", "zh": "案件"},
        "ws_case": {"en": "Case", "zh": "案件"},
        "ws_register": {"en": "Register", "zh": "登记册"},
        "ws_inbox": {"en": "Inbox", "zh": "收件箱"},
        "ws_agencies": {"en": "Agencies", "zh": "机构"},
        "ws_agency": {"en": "Agency", "zh": "机构"},
        "ws_laws": {"en": "Laws and regulations", "zh": "法律法规"},
        "ws_strategies": {"en": "Principles, policies and strategies", "zh": "原则、政策与战略"},
        "ws_new_case": {"en": "Open a new case", "zh": "新建案件"},
        "ws_open_case": {"en": "Open a case", "zh": "立案"},
        "ws_open_case_note": {
            "en": "Opens a case on this alert's field, place and period, with the alert, its series and its "
            "evidence attached.",
            "zh": "以本预警的领域、地点和时期立案，并附上预警、其序列及证据。",
        },
        "ws_title": {"en": "Title", "zh": "标题"},
        "ws_title_optional": {"en": "Title (optional)", "zh": "标题（可选）"},
        "ws_summary": {"en": "Summary", "zh": "摘要"},
        "ws_fields": {"en": "Security fields", "zh": "安全领域"},
        "ws_lead_agency": {"en": "Lead agency", "zh": "牵头机构"},
        "ws_co_owners": {"en": "Co-owning agencies", "zh": "共同负责机构"},
        "ws_invited": {"en": "Invited agencies", "zh": "受邀机构"},
        "ws_countries": {"en": "Countries (ISO3, comma-separated)", "zh": "国家（ISO3 代码，逗号分隔）"},
        "ws_pairs": {"en": "Country pairs (such as CHN-VNM)", "zh": "国家对（如 CHN-VNM）"},
        "ws_places": {"en": "Places", "zh": "地点"},
        "ws_priority": {"en": "Priority", "zh": "优先级"},
        "ws_due": {"en": "Due date", "zh": "截止日期"},
        "ws_status": {"en": "Status", "zh": "状态"},
        "ws_period": {"en": "Period (2024, 2024-03 or 2024-W10)", "zh": "时期（2024、2024-03 或 2024-W10）"},
        "ws_no_cases": {"en": "No cases you may see.", "zh": "没有您可查看的案件。"},
        "ws_updated": {"en": "Updated", "zh": "更新时间"},
        "ws_workflow": {"en": "Workflow", "zh": "工作流程"},
        "ws_move_to": {"en": "Move to", "zh": "转至"},
        "ws_tasks": {"en": "Tasks", "zh": "任务"},
        "ws_add_task": {"en": "Add a task", "zh": "添加任务"},
        "ws_owner_agency": {"en": "Owner agency", "zh": "负责机构"},
        "ws_owner_user": {"en": "Owner (user name, optional)", "zh": "负责人（用户名，可选）"},
        "ws_deadline": {"en": "Deadline", "zh": "期限"},
        "ws_mark_done": {"en": "Mark done", "zh": "标记完成"},
        "ws_reopen": {"en": "Reopen", "zh": "重新打开"},
        "ws_no_tasks": {"en": "No tasks.", "zh": "暂无任务。"},
        "ws_decisions": {"en": "Decision log", "zh": "决策记录"},
        "ws_record_decision": {"en": "Record a decision", "zh": "记录决策"},
        "ws_what": {"en": "What was decided", "zh": "决策内容"},
        "ws_why": {"en": "Why", "zh": "理由"},
        "ws_decided_by": {"en": "Decided by", "zh": "决策者"},
        "ws_consulted": {"en": "Agencies consulted", "zh": "征询机构"},
        "ws_dissent": {"en": "Dissent", "zh": "异议"},
        "ws_no_decisions": {"en": "No decisions yet.", "zh": "暂无决策。"},
        "ws_recorded": {"en": "recorded by {who}, {at}", "zh": "由 {who} 记录，{at}"},
        "ws_decision_note": {
            "en": "Entries are never changed: a decision that turns out wrong is answered by a later one.",
            "zh": "记录不可修改：若决策有误，以后续决策纠正。",
        },
        "ws_comments": {"en": "Comments", "zh": "评论"},
        "ws_add_comment": {"en": "Comment", "zh": "发表评论"},
        "ws_no_comments": {"en": "No comments.", "zh": "暂无评论。"},
        "ws_attachments": {"en": "Attachments", "zh": "附件"},
        "ws_upload": {"en": "Upload", "zh": "上传"},
        "ws_no_attachments": {"en": "No attachments.", "zh": "暂无附件。"},
        "ws_download": {"en": "Download", "zh": "下载"},
        "ws_bring_in": {"en": "Bring in an agency", "zh": "引入机构"},
        "ws_as": {"en": "As", "zh": "身份"},
        "ws_co_owner": {"en": "co-owner", "zh": "共同负责"},
        "ws_invited_one": {"en": "invited (read and comment)", "zh": "受邀（阅读与评论）"},
        "ws_share": {"en": "Share with an observer", "zh": "与观察员共享"},
        "ws_observer": {"en": "Observer's user name", "zh": "观察员用户名"},
        "ws_shared_with": {"en": "Shared with", "zh": "已共享给"},
        "ws_link": {"en": "Link or merge", "zh": "关联或合并"},
        "ws_other_case": {"en": "Other case", "zh": "另一案件"},
        "ws_merge": {"en": "Merge this case into the other", "zh": "将本案并入另一案件"},
        "ws_links": {"en": "Linked cases", "zh": "关联案件"},
        "ws_merged_into": {"en": "Merged into case {id}.", "zh": "已并入案件 {id}。"},
        "ws_add_evidence": {"en": "Add evidence", "zh": "添加证据"},
        "ws_kind": {"en": "Kind", "zh": "类别"},
        "ws_ref": {
            "en": "Reference (alert id, event id, or series such as CHN-VNM:military:month)",
            "zh": "引用（预警编号、事件编号，或序列如 CHN-VNM:military:month）",
        },
        "ws_ref_short": {"en": "Reference", "zh": "引用"},
        "ws_label": {"en": "Label", "zh": "说明"},
        "ws_no_evidence": {"en": "No evidence attached.", "zh": "暂无证据。"},
        "ws_overlap": {
            "en": "This case overlaps open cases of other agencies on the same field, place and period:",
            "zh": "本案与其他机构在同一领域、地点和时期的未结案件重叠：",
        },
        "ws_overlap_action": {
            "en": "Link or merge them with the form below (deconfliction).",
            "zh": "请用下方表单关联或合并（消除冲突）。",
        },
        "ws_not_done": {"en": "Not done", "zh": "未能完成"},
        "ws_stale": {
            "en": "Someone changed this case since you opened it. Reload it, check what changed, and try "
            "again.",
            "zh": "自您打开以来，有人修改了此案件。请重新加载，核对修改后再试。",
        },
        "ws_reload": {"en": "Reload the case", "zh": "重新加载案件"},
        "ws_back": {"en": "Back", "zh": "返回"},
        "ws_created": {"en": "Opened", "zh": "立案时间"},
        "ws_version": {"en": "Version", "zh": "版本"},
        "ws_relation": {"en": "Your relation", "zh": "您的关系"},
        "ws_mark_read": {"en": "Mark read", "zh": "标为已读"},
        "ws_no_notifications": {"en": "No notifications.", "zh": "暂无通知。"},
        "ws_unread": {"en": "unread", "zh": "未读"},
        "ws_message": {"en": "Message", "zh": "消息"},
        "ws_field_leads": {"en": "Lead and contributing agencies by field", "zh": "各领域牵头与协办机构"},
        "ws_contributing": {"en": "Contributing agencies", "zh": "协办机构"},
        "ws_none": {"en": "none", "zh": "无"},
        "ws_add_strategy": {"en": "Add to the register", "zh": "新增登记"},
        "ws_owner": {"en": "Owner agency", "zh": "责任机构"},
        "ws_adopted_on": {"en": "Adopted on", "zh": "通过日期"},
        "ws_targets": {"en": "Target indicators", "zh": "目标指标"},
        "ws_targets_help": {
            "en": "One per line: CHN:military or CHN-VNM:military:conflict_events. Indicators: {names}.",
            "zh": "每行一个：CHN:military 或 CHN-VNM:military:conflict_events。指标：{names}。",
        },
        "ws_case_ids": {"en": "Cases (ids, comma-separated)", "zh": "相关案件（编号，逗号分隔）"},
        "ws_laws_cited": {"en": "Laws cited", "zh": "引用的法律"},
        "ws_trend": {"en": "Target indicators since adoption", "zh": "通过以来的目标指标走势"},
        "ws_at_adoption": {"en": "At adoption", "zh": "通过时"},
        "ws_latest": {"en": "Latest", "zh": "最新"},
        "ws_trend_note": {
            "en": "A change is a description, not an attribution: many things move an indicator besides a "
            "policy.",
            "zh": "变化仅为描述，而非归因：除政策外，许多因素都会影响指标。",
        },
        "ws_no_trend": {"en": "No data for the target indicators.", "zh": "目标指标暂无数据。"},
        "ws_adopted_mark": {"en": "adopted", "zh": "通过"},
        "ws_no_strategies": {"en": "Nothing registered yet.", "zh": "暂无登记。"},
        "ws_no_laws": {"en": "No laws registered yet.", "zh": "暂无登记的法律法规。"},
        "ws_enacted_on": {"en": "Enacted on", "zh": "颁布日期"},
        "ws_responsible": {"en": "Responsible agency", "zh": "主管机构"},
        "ws_add_law": {"en": "Add a law or regulation", "zh": "新增法律法规"},
        "ws_cited_by": {"en": "Cited by", "zh": "被引用于"},
        "ws_s_research": {"en": "research", "zh": "研究"},
        "ws_s_major-issue": {"en": "major issue", "zh": "重大问题"},
        "ws_s_principle-policy": {"en": "principle / policy", "zh": "原则/政策"},
        "ws_s_strategy": {"en": "strategy", "zh": "战略"},
        "ws_s_implementation": {"en": "implementation", "zh": "实施"},
        "ws_s_closed": {"en": "closed", "zh": "已结案"},
        "ws_p_low": {"en": "low", "zh": "低"},
        "ws_p_medium": {"en": "medium", "zh": "中"},
        "ws_p_high": {"en": "high", "zh": "高"},
        "ws_p_critical": {"en": "critical", "zh": "紧急"},
        "ws_edit": {"en": "Edit the case", "zh": "编辑案件"},
        "ws_save": {"en": "Save", "zh": "保存"},
    }
)
