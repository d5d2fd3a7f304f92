# ruff: noqa: RUF001  (Chinese phrases use full-width punctuation)
"""The words of the method pages (how the index is made, what a score means).
Part of the one catalogue, :data:`holosec.presentation.i18n.WORDS`.

The method's prose itself is Markdown in ``holosec/documents/data/method/`` (one file per page and
language); these are the headings, labels and sentences around the live numbers."""

from __future__ import annotations

from typing import Final

METHOD: Final[dict[str, dict[str, str]]] = {
    "method": {"en": "Method", "zh": "方法说明"},
    "method_intro": {
        "en": "How the numbers on these pages are made, and how to read them.",
        "zh": "本站各项数字如何得出、如何解读。",
    },
    "method_index": {"en": "How the threat index is made", "zh": "威胁指数的编制方法"},
    "method_index_about": {
        "en": "The 0-10 scale and its neutral 5, what moves a score, the weights, thin scores and "
        "change labels, with a score of the current period worked out step by step.",
        "zh": "0–10 分制与中性值 5、影响分数的因素、各项权重、证据不足的标注与变化判定，"
        "并以本期一个实际分数逐步演示。",
    },
    "method_regional": {"en": "The regional indicators", "zh": "地区指标的编制方法"},
    "method_regional_about": {
        "en": "The cooperation-conflict balance, the regional matrix and cooperation index, the five "
        "principles as metrics, the foreign-affairs lenses and overseas-interests exposure.",
        "zh": "合作-冲突平衡、地区矩阵与地区合作指数、五项原则的量化指标、外交视角以及海外利益风险敞口。",
    },
    "method_other_pages": {"en": "Other method pages", "zh": "其他方法说明"},
    "method_example": {
        "en": "Worked example: {country}, {period}",
        "zh": "实例演示：{country}，{period}",
    },
    "method_example_note": {
        "en": "Computed now from the stored events, for the perspective's home country in the period "
        "shown; choose another period below.",
        "zh": "以下数字由当前存储的事件即时计算，对象为当前视角的本国、所示时期；可在下方选择其他时期。",
    },
    "method_no_example": {
        "en": "No events of {country} in {period}: there is no score to work out.",
        "zh": "{country}在{period}没有事件，无分数可演示。",
    },
    "method_fields": {"en": "The field scores", "zh": "各领域分数"},
    "method_weighted_events": {"en": "Weighted events", "zh": "加权事件数"},
    "method_reliability": {"en": "r", "zh": "r"},
    "method_level_sufficient": {"en": "sufficient", "zh": "充分"},
    "method_level_thin": {"en": "thin: read with care", "zh": "证据不足，仅供参考"},
    "method_level_insufficient": {"en": "no score", "zh": "不予评分"},
    "method_step_field": {
        "en": "Step by step: {field}, the field resting on the most events",
        "zh": "逐步计算：{field}（依据事件最多的领域）",
    },
    "method_score": {"en": "Score", "zh": "得分"},
    "method_missing": {"en": "left out", "zh": "不参与计算"},
    "method_step_mean": {
        "en": "Weighted mean of the sub-indicator scores: {raw}.",
        "zh": "分项指标得分的加权平均：{raw}。",
    },
    "method_step_shrink": {
        "en": "Weighted events e = {events}; r = e ÷ (e + {shrink}) = {r}; score = 5 + r × ({raw} − 5) = "
        "{score}.",
        "zh": "加权事件数 e ＝ {events}；r ＝ e ÷（e ＋ {shrink}）＝ {r}；分数 ＝ 5 ＋ r ×（{raw} − 5）＝ "
        "{score}。",
    },
    "method_step_thin": {
        "en": "Fewer than {thin} events: this score is marked thin.",
        "zh": "事件不足 {thin} 起：该分数标注为证据不足。",
    },
    "method_step_overall": {
        "en": "Overall score: the mean of the {count} field scores, each weighted by its r, is {score}.",
        "zh": "总体分数：{count} 个领域分数以各自的 r 加权平均，得 {score}。",
    },
    "method_step_no_overall": {
        "en": "No field has a score, so there is no overall score.",
        "zh": "没有任何领域得分，因此没有总体分数。",
    },
    "method_periods": {"en": "Other periods:", "zh": "其他时期："},
    "method_as_data": {"en": "The same scores as data", "zh": "以数据形式获取同一组分数"},
    "method_sub_volume": {"en": "volume", "zh": "冲突规模"},
    "method_sub_intensity": {"en": "intensity", "zh": "冲突强度"},
    "method_sub_material": {"en": "material share", "zh": "实质冲突占比"},
    "method_sub_hostility": {"en": "hostility", "zh": "敌对度"},
    "method_sub_goldstein": {"en": "Goldstein", "zh": "戈德斯坦值"},
    "method_sub_tone": {"en": "tone", "zh": "报道语调"},
    "method_sub_attention": {"en": "attention", "zh": "关注度"},
}
