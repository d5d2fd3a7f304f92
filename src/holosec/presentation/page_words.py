# ruff: noqa: RUF001  (Chinese phrases use full-width punctuation)
"""The words of the page shell (navigation, context line, roles) and of the overview, map, country,
pair, alert and event pages.
Part of the one catalogue, :data:`holosec.presentation.i18n.WORDS`."""

from __future__ import annotations

from typing import Final

PAGE: Final[dict[str, dict[str, str]]] = {
    # the shell's context line: perspective, taxonomy, grain and who is signed in
    "context_perspective": {"en": "Perspective: {country}", "zh": "视角：{country}"},
    "context_taxonomy": {
        "en": "{year} taxonomy ({fields} fields)",
        "zh": "{year}年版领域体系（{fields}个领域）",
    },
    "grain_month": {"en": "monthly", "zh": "按月"},
    "grain_week": {"en": "weekly", "zh": "按周"},
    "context_role": {"en": " ({role})", "zh": "（{role}）"},
    "role_observer": {"en": "observer", "zh": "观察员"},
    "role_agency_analyst": {"en": "agency analyst", "zh": "机构分析员"},
    "role_agency_lead": {"en": "agency lead", "zh": "机构负责人"},
    "role_commission_staff": {"en": "commission staff", "zh": "委员会工作人员"},
    "role_commission_admin": {"en": "commission administrator", "zh": "委员会管理员"},
    # the alert detectors (holosec.warning.alerts.DETECTORS) and severities in words
    "detector_name_surge": {"en": "surge (level jump)", "zh": "骤增检测"},
    "detector_name_robust_z": {"en": "robust z-score", "zh": "稳健标准分检测"},
    "detector_name_naive_z": {"en": "plain z-score", "zh": "简单标准分检测"},
    "detector_name_cusum": {"en": "cumulative sum (sustained shift)", "zh": "累积和检测（持续偏移）"},
    "detector_name_changepoint": {"en": "change point (new level)", "zh": "变点检测（水平转移）"},
    "detector_name_no_change": {"en": "no-change forecast", "zh": "持平预测偏离检测"},
    "detector_name_share_z": {"en": "share z-score", "zh": "占比标准分检测"},
    "severity_words": {"en": "{severity} severity", "zh": "严重程度：{severity}"},
    "record_of_detector": {"en": "Track record of the {detector} detector", "zh": "{detector}的历史检验"},
    "alert_series_line": {"en": "{series} ({view}, {grain})", "zh": "{series}（{view}，{grain}）"},
    "series_view_country": {"en": "country", "zh": "国家"},
    "series_view_pair": {"en": "directed pair", "zh": "有向国家对"},
    "series_view_pair_u": {"en": "pair, either direction", "zh": "国家对（不分方向）"},
    "series_view_location": {"en": "events located in the country", "zh": "发生于该国的事件"},
    "series_view_attention": {"en": "news attention", "zh": "新闻关注度"},
    # what a threat index number means (docs/index-method.md), and the method's page
    "index_meaning": {
        "en": "Scale 0–10. 5 means “as usual”: as this country usually is and as the middle of the other "
        "countries is. Above 5, the period is more conflictual than that; below 5, calmer. A ranking "
        "device, not a probability.",
        "zh": "取值0至10。5表示“与往常相当”，即与该国通常水平及其他国家的中位水平相当；高于5表示本期冲突性"
        "更强，低于5表示更为平稳。该指数用于排序比较，并非概率。",
    },
    "index_thin_note": {
        "en": "“{thin}”: the score rests on fewer than {n} events, so it is pulled towards 5; read it "
        "with care. “–”: fewer than {floor} event, no score.",
        "zh": "“{thin}”：该得分所依据的事件不足{n}起，已向5收缩，仅供参考。"
        "“–”：事件不足{floor}起，不予评分。",
    },
    "index_thin_one": {
        "en": "Rests on {events} events, fewer than {n}: read with care.",
        "zh": "仅依据{events}起事件（不足{n}起），仅供参考。",
    },
    "index_method_link": {"en": "How the index is made", "zh": "指数编制方法"},
    "country_code_hint": {"en": "CHN", "zh": "ISO代码"},
    "download_briefing": {"en": "Download briefing", "zh": "下载简报"},
    "briefing_format": {"en": "Format", "zh": "格式"},
    "list_sep": {"en": ", ", "zh": "、"},
    "list_comma": {"en": ", ", "zh": "，"},
    "list_semicolon": {"en": "; ", "zh": "；"},
    "paren_open": {"en": " (", "zh": "（"},
    "paren_close": {"en": ")", "zh": "）"},
    "map_chart_title": {"en": "{title}: {what}, {period}", "zh": "{title}：{what}（{period}）"},
    # the sign-in form (holosec.api.routes.login)
    "login_title": {"en": "Sign in", "zh": "登录"},
    "login_user": {"en": "User name", "zh": "用户名"},
    "login_password": {"en": "Password", "zh": "密码"},
    "login_expired": {
        "en": "the form has expired or did not come from this site: reload the page",
        "zh": "表单已过期或并非来自本站，请刷新页面后重试",
    },
    "login_too_many": {
        "en": "too many failed sign-ins: try again in {minutes} minutes",
        "zh": "登录失败次数过多，请{minutes}分钟后再试",
    },
    "login_wrong": {"en": "wrong user name or password", "zh": "用户名或密码错误"},
    # an error page (holosec.http.errors): a question stopped at the server's time limit
    "query_time_limit": {
        "en": "This question took longer than the server's {seconds} s limit and was stopped. "
        "Try again in a moment, or ask for a shorter period or fewer countries.",
        "zh": "该查询超过了服务器{seconds}秒的时间上限，已被终止。请稍后重试，或缩短时间范围、减少国家数量。",
    },
}
