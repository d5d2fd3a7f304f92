# ruff: noqa: RUF001
"""The words of the region, principles, lenses and exposure pages.
Part of the one catalogue, :data:`holosec.presentation.i18n.WORDS`."""

from __future__ import annotations

from typing import Final

REGION_PAGES: Final[dict[str, dict[str, str]]] = {
    # -- shared ------------------------------------------------------------------------------------------
    "rg_list_sep": {"en": ", ", "zh": "、"},
    "rg_yes": {"en": "yes", "zh": "是"},
    "rg_no": {"en": "no", "zh": "否"},
    "rg_missing": {"en": "no data", "zh": "无数据"},
    "rg_method": {"en": "How these are measured, and their limits", "zh": "测算方法与局限"},
    "rg_thin": {"en": "thin", "zh": "样本不足"},
    "rg_thin_title": {
        "en": "Rests on {events} events, fewer than {limit}: read with care",
        "zh": "仅基于{events}起事件（少于{limit}起），仅供参考",
    },
    "rg_thin_legend": {
        "en": "Marked thin: the number rests on fewer than {limit} events in the period; read it with care.",
        "zh": "标为“样本不足”的，其数值所依据的本期事件少于{limit}起，仅供参考。",
    },
    "rg_rows_shown": {"en": "The first {shown} of {total} rows.", "zh": "共{total}行，显示前{shown}行。"},
    # -- the regional matrix -----------------------------------------------------------------------------
    "rg_region_title": {"en": "Region: {name}", "zh": "地区：{name}"},
    "rg_region_intro": {
        "en": "How the members of the grouping dealt with each other in the period: for every pair of "
        "members, the balance of their events (+1 all cooperation, -1 all conflict) and its trend over the "
        "last six periods; below, the regional cooperation index over time.",
        "zh": "本期成员国之间的相互关系：每对成员国之间事件的合作-冲突平衡（+1为全部合作，-1为全部冲突）"
        "及其近六期的趋势；下方为地区合作指数的走势。",
    },
    "rg_members_count": {"en": "Members ({count})", "zh": "成员国（{count}个）"},
    "rg_pairs": {
        "en": "Member pairs, from most conflict to most cooperation",
        "zh": "成员国对（由冲突到合作排列）",
    },
    "rg_trend": {"en": "Trend per period", "zh": "每期趋势"},
    "rg_cell": {"en": "{a} – {b}, {period}: {balance}", "zh": "{a}—{b}，{period}：{balance}"},
    # -- the principles ----------------------------------------------------------------------------------
    "rg_principles_title": {"en": "Principles as metrics: {name}", "zh": "安全观原则指标：{name}"},
    "rg_principles_intro": {
        "en": "The New Asia Security Concept calls for common, comprehensive, cooperative and sustainable "
        "security. The five tables below measure the parts of it that events can show, each from the "
        "events among the members in the period; comprehensive security, across every security field, is "
        "what the threat index on the other pages measures.",
        "zh": "亚洲新安全观倡导共同、综合、合作、可持续的安全。以下五张表以本期成员国之间的事件，"
        "衡量其中可由事件反映的部分；综合安全（涵盖各安全领域）由其他页面的威胁指数衡量。",
    },
    "rg_what_equal_security": {
        "en": "Common security means no member makes itself safe by threatening another: here, one "
        "member's military-posture events toward another against the conflict it faces from that member; "
        "asymmetry runs from -1 (it only faced conflict) to +1 (only its own show of force).",
        "zh": "共同安全意味着不以威胁他国换取自身安全：此处比较一国对另一成员国展示军事姿态的事件与其"
        "受到该国的冲突事件；不对称度从-1（只受到冲突）到+1（只有本国展示武力）。",
    },
    "rg_what_no_expense": {
        "en": "No member should seek its security at its neighbours' expense: a member is flagged when its "
        "military activity rose at least {rise} above its average of the previous {periods} periods while "
        "its land neighbours' military threat index rose too.",
        "zh": "任何成员国都不应以牺牲邻国安全谋求自身安全：当一国的军事活动比前{periods}期均值高出至少"
        "{rise}、同时其陆上邻国的军事威胁指数也上升时，予以标记。",
    },
    "rg_what_alliance": {
        "en": "Security should not rest on alliances aimed at a third party: pairs of members who aligned "
        "with each other and then both acted in conflict toward the same third country.",
        "zh": "安全不应建立在针对第三方的结盟之上：此处列出相互结盟或表态支持、随后又都对同一第三国采取"
        "冲突行动的成员国对。",
    },
    "rg_what_cooperative": {
        "en": "Cooperative security is sought through dialogue and international bodies: the share of each "
        "member's events that involve the UN, other international organisations or peacekeepers.",
        "zh": "合作安全通过对话与国际机制实现：此处为各成员国的事件中涉及联合国、其他国际组织或维和部队"
        "的占比。",
    },
    "rg_what_sustainable": {
        "en": "Sustainable security rests on development: between each pair of members, economic "
        "cooperation against economic coercion such as sanctions and embargoes (+1 all cooperation, -1 "
        "all coercion).",
        "zh": "可持续安全以发展为基础：此处比较每对成员国之间的经济合作与制裁、禁运等经济胁迫（+1为全部"
        "合作，-1为全部胁迫）。",
    },
    "rg_nothing": {"en": "Nothing to show in this period.", "zh": "本期无相关事件。"},
    "rg_col_member": {"en": "Member", "zh": "成员国"},
    "rg_col_toward": {"en": "Toward", "zh": "对象国"},
    "rg_col_posture": {"en": "Military-posture events", "zh": "军事姿态事件"},
    "rg_col_threat": {"en": "Conflict events faced", "zh": "受到的冲突事件"},
    "rg_col_asymmetry": {"en": "Asymmetry (-1 to +1)", "zh": "不对称度（-1至+1）"},
    "rg_col_activity": {"en": "Military activity", "zh": "军事活动"},
    "rg_col_baseline": {"en": "Average of the previous {periods} periods", "zh": "前{periods}期均值"},
    "rg_col_rise": {"en": "Rise", "zh": "增幅"},
    "rg_col_neighbours": {"en": "Land neighbours", "zh": "陆上邻国"},
    "rg_col_threat_now": {"en": "Neighbours' military threat index", "zh": "邻国军事威胁指数"},
    "rg_col_threat_before": {"en": "The same, period before", "zh": "上期邻国军事威胁指数"},
    "rg_col_flag": {"en": "Both rose", "zh": "二者同时上升"},
    "rg_col_member_a": {"en": "Member A", "zh": "成员国甲"},
    "rg_col_member_b": {"en": "Member B", "zh": "成员国乙"},
    "rg_col_alignment": {"en": "Alignment events", "zh": "结盟类事件"},
    "rg_col_third": {"en": "Third country", "zh": "第三国"},
    "rg_col_conflict_a": {"en": "A's conflict events toward it", "zh": "甲方对其冲突事件"},
    "rg_col_conflict_b": {"en": "B's conflict events toward it", "zh": "乙方对其冲突事件"},
    "rg_col_multilateral": {"en": "With international bodies", "zh": "涉及国际组织的事件"},
    "rg_col_share": {"en": "Multilateral share", "zh": "多边占比"},
    "rg_col_cooperation": {"en": "Economic cooperation", "zh": "经济合作事件"},
    "rg_col_coercion": {"en": "Economic coercion", "zh": "经济胁迫事件"},
    "rg_col_balance": {"en": "Balance (-1 to +1)", "zh": "平衡（-1至+1）"},
    "rg_no_baseline": {"en": "none before", "zh": "此前无活动"},
    # -- the lenses --------------------------------------------------------------------------------------
    "rg_lenses_intro": {
        "en": "Seven ways of reading the home country's foreign relations: each selects the events between "
        "it and a set of countries or international bodies.",
        "zh": "从七个方面观察本国的对外关系：每一方面选取本国与一组国家或国际组织之间的事件。",
    },
    "rg_seen_from": {"en": "seen from {home}", "zh": "{home}视角"},
    "rg_lens_selects": {"en": "What the lens selects", "zh": "选取范围"},
    "rg_other_side": {"en": "Other side", "zh": "对象"},
    "rg_any_country": {"en": "any country, and international bodies", "zh": "任何国家及国际组织"},
    "rg_direction": {"en": "Direction", "zh": "方向"},
    "rg_dir_either": {"en": "either way", "zh": "双向"},
    "rg_dir_from_home": {"en": "from {home}", "zh": "由{home}发起"},
    "rg_dir_to_home": {"en": "toward {home}", "zh": "指向{home}"},
    "rg_actor_types": {"en": "Actors", "zh": "行为体类型"},
    "rg_known_groups": {"en": "International bodies", "zh": "国际组织"},
    "rg_event_types": {"en": "Event types", "zh": "事件类型"},
    "rg_fields": {"en": "Security fields", "zh": "安全领域"},
    "rg_actor_IGO": {"en": "Intergovernmental organisations", "zh": "政府间组织"},
    "rg_actor_UNO": {"en": "United Nations", "zh": "联合国"},
    "rg_actor_PKO": {"en": "Peacekeepers", "zh": "维和部队"},
    "rg_group_UNO": {"en": "United Nations", "zh": "联合国"},
    "rg_group_ASN": {"en": "Association of Southeast Asian Nations", "zh": "东南亚国家联盟"},
    "rg_group_SCE": {
        "en": "Organization for Security and Co-operation in Europe",
        "zh": "欧洲安全与合作组织",
    },
    "rg_group_WTO": {"en": "World Trade Organization", "zh": "世界贸易组织"},
    "rg_group_IMF": {"en": "International Monetary Fund", "zh": "国际货币基金组织"},
    "rg_group_WBK": {"en": "World Bank", "zh": "世界银行"},
    "rg_group_ADB": {"en": "Asian Development Bank", "zh": "亚洲开发银行"},
    "rg_group_WHO": {"en": "World Health Organization", "zh": "世界卫生组织"},
    "rg_group_EEC": {"en": "European Union", "zh": "欧洲联盟"},
    "rg_group_ARL": {"en": "Arab League", "zh": "阿拉伯国家联盟"},
    "rg_group_OIC": {"en": "Organisation of Islamic Cooperation", "zh": "伊斯兰合作组织"},
    "rg_group_CIS": {"en": "Commonwealth of Independent States", "zh": "独立国家联合体"},
    "rg_no_country": {"en": "no country (international bodies)", "zh": "无国家（国际组织）"},
    "rg_partners_note": {
        "en": "The countries with most events in this lens, over all the periods stored.",
        "zh": "在该方面事件最多的国家（涵盖库中全部时期）。",
    },
    # -- the exposure map --------------------------------------------------------------------------------
    "rg_exposure_intro": {
        "en": "Conflict events in each country of the overseas-interests registry, weighted by what is "
        "exposed there (citizens, projects, assets); the total reads as the conflict events in an average "
        "exposed place.",
        "zh": "海外利益登记表所列各国的冲突事件，按当地的利益暴露程度（公民、项目、资产）加权；"
        "合计值可理解为平均每个暴露地点的冲突事件数。",
    },
    "rg_kind_citizens": {"en": "citizens", "zh": "公民"},
    "rg_kind_project": {"en": "project", "zh": "项目"},
    "rg_kind_asset": {"en": "asset", "zh": "资产"},
    "rg_sites_note": {
        "en": "Site names are shown as the registry file gives them.",
        "zh": "地点名称按登记表原文显示。",
    },
    "rg_total": {"en": "all registry countries", "zh": "登记表全部国家"},
}
