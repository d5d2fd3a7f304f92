# ruff: noqa: RUF001  (Chinese phrases use full-width punctuation)
"""The words of the review pages (precision audits: the queues, one event at a time, the precision
table). Part of the one catalogue, :data:`holosec.presentation.i18n.WORDS`."""

from __future__ import annotations

from typing import Final

REVIEW: Final[dict[str, dict[str, str]]] = {
    "review_nav": {"en": "Review", "zh": "人工审核"},
    "review_title": {"en": "Precision audits", "zh": "精确率审核"},
    "review_intro": {
        "en": "Each queue is a random sample of the events an indicator counts. Judge each event: is it a"
        " real event of the kind counted? The judgments measure how often the indicator is right.",
        "zh": "每个审核队列都是某项指标所计事件的随机样本。请逐条判断：它是否确为所计类型的真实事件？"
        "这些判断用来衡量该指标的准确程度。",
    },
    "review_none": {
        "en": "No review queue yet. Draw one with:",
        "zh": "尚无审核队列。可用以下命令抽取：",
    },
    "review_queue": {"en": "Queue", "zh": "队列"},
    "review_indicator": {"en": "Indicator", "zh": "指标"},
    "review_scope": {"en": "Scope", "zh": "范围"},
    "review_world": {"en": "the world", "zh": "全球"},
    "review_all_sources": {"en": "all sources", "zh": "全部来源"},
    "review_items": {"en": "Items", "zh": "条目数"},
    "review_judged": {"en": "Judged", "zh": "已判断"},
    "review_yours": {"en": "Judged by you", "zh": "您已判断"},
    "review_open": {"en": "Review", "zh": "开始审核"},
    "review_progress": {"en": "{judged} of {total} judged by you", "zh": "您已判断{judged}条，共{total}条"},
    "review_judged_of": {"en": "{judged} of {total} events judged", "zh": "已判断{judged}条，共{total}条"},
    "review_item": {"en": "Event {at} of {total}", "zh": "第{at}条，共{total}条"},
    "review_done": {
        "en": "You have judged every event of this queue.",
        "zh": "您已判断完本队列的全部事件。",
    },
    "review_question": {
        "en": "Is this a real event of the kind the indicator counts, coded rightly?",
        "zh": "这是否为该指标所计类型的真实事件，且编码正确？",
    },
    "review_accept": {"en": "Accept", "zh": "接受"},
    "review_reject": {"en": "Reject", "zh": "拒绝"},
    "review_correct": {"en": "Needs a correction", "zh": "需要更正"},
    "review_accept_help": {"en": "a real event, coded rightly", "zh": "真实事件，编码正确"},
    "review_reject_help": {"en": "not such an event", "zh": "并非此类事件"},
    "review_correct_help": {
        "en": "an event, but its type, actor, place or field is wrong",
        "zh": "确有其事，但类型、行为体、地点或领域有误",
    },
    "review_note": {"en": "Note (optional)", "zh": "备注（可选）"},
    "review_keys": {
        "en": "Keys: a accept, r reject, c needs a correction, ← previous, → next.",
        "zh": "快捷键：a 接受，r 拒绝，c 需要更正，← 上一条，→ 下一条。",
    },
    "review_previous": {"en": "Previous", "zh": "上一条"},
    "review_next": {"en": "Next", "zh": "下一条"},
    "review_your_verdict": {"en": "Your verdict", "zh": "您的判断"},
    "review_verdict_accept": {"en": "accepted", "zh": "已接受"},
    "review_verdict_reject": {"en": "rejected", "zh": "已拒绝"},
    "review_verdict_correct": {"en": "needs a correction", "zh": "需要更正"},
    "review_not_judged": {"en": "not judged yet", "zh": "尚未判断"},
    "review_others": {"en": "Other reviewers", "zh": "其他审核人"},
    "review_correct_link": {
        "en": "Record the correction on the event's page",
        "zh": "在事件页面登记更正",
    },
    "review_missing_event": {
        "en": "This event is no longer in the store (pruned or re-ingested); judge it from its record"
        " elsewhere or skip it.",
        "zh": "该事件已不在数据库中（已清理或重新导入）；请依据其他记录判断，或跳过。",
    },
    "review_sources_mentions": {
        "en": "{sources} source(s), {mentions} mention(s)",
        "zh": "{sources}个信息源，{mentions}次提及",
    },
    "review_dataset": {"en": "Dataset", "zh": "数据集"},
    "review_stratum": {"en": "Stratum", "zh": "分层"},
    "review_coverage_words": {"en": "Coverage", "zh": "覆盖"},
    "review_precision": {"en": "Precision", "zh": "精确率"},
    "review_precision_title": {"en": "Measured precision", "zh": "实测精确率"},
    "review_precision_note": {
        "en": "The share of counted events that reviewers accepted, weighted back to all counted events,"
        " with a 95% Wilson interval. Coverage below 1 means some strata have no judged event yet.",
        "zh": "审核人接受的所计事件占比，已按分层权重推回全部所计事件，并给出95%威尔逊置信区间。"
        "覆盖低于1表示部分分层尚无已判断事件。",
    },
    "review_interval": {"en": "95% interval", "zh": "95%置信区间"},
    "review_source": {"en": "Source", "zh": "来源"},
    "review_filter": {"en": "Quality filter", "zh": "质量筛选"},
    "review_filter_none": {"en": "none", "zh": "无"},
    "review_filter_min_sources": {"en": "at least 2 news sources", "zh": "至少2个新闻来源"},
    "review_filter_min_mentions": {"en": "at least 5 mentions", "zh": "至少5次提及"},
    "review_filter_actors_resolved": {"en": "actors placed in a country", "zh": "行为体已确定国家"},
    "review_filter_all_three": {"en": "all three filters", "zh": "三项筛选同时使用"},
    "review_events_est": {"en": "Events", "zh": "事件数"},
    "review_agreement": {"en": "Agreement between reviewers", "zh": "审核人之间的一致性"},
    "review_agreement_row": {
        "en": "{items} events judged by both: same verdict on {share}, Cohen's kappa {kappa}",
        "zh": "两人共同判断{items}条：结论一致占{share}，科恩卡帕系数{kappa}",
    },
    "review_kappa_undefined": {"en": "undefined", "zh": "无法计算"},
    "review_no_judgments": {"en": "No event of this queue is judged yet.", "zh": "本队列尚无已判断事件。"},
    "review_see_precision": {"en": "Measured precision", "zh": "查看实测精确率"},
    # a stratum in words (``source|sources|mentions|actors``; holosec.web.review_views.stratum_words)
    "review_stratum_sources_one": {"en": "one news source", "zh": "仅1个新闻来源"},
    "review_stratum_sources_many": {
        "en": "{sources} or more news sources",
        "zh": "{sources}个及以上新闻来源",
    },
    "review_stratum_sources_none": {"en": "no count of sources", "zh": "无来源数"},
    "review_stratum_mentions_few": {"en": "fewer than {mentions} mentions", "zh": "提及不足{mentions}次"},
    "review_stratum_mentions_many": {"en": "{mentions} or more mentions", "zh": "提及{mentions}次及以上"},
    "review_stratum_mentions_none": {"en": "no count of mentions", "zh": "无提及次数"},
    "review_stratum_resolved": {"en": "both actors placed in a country", "zh": "双方行为体均已确定国家"},
    "review_stratum_unresolved": {"en": "an actor not placed in a country", "zh": "有行为体未确定国家"},
    # the box beside the conflict indicator on the country and pair pages
    "precision_box_title": {"en": "Precision of {indicator}", "zh": "{indicator}的精确率"},
    "precision_box_value": {
        "en": "{share} of the events counted are right ({level} interval {low}–{high})",
        "zh": "所计事件中{share}属实（{level}置信区间{low}–{high}）",
    },
    "precision_box_judged": {
        "en": "Measured on {judged} of {total} events judged by reviewers in the audit of {scope}.",
        "zh": "依据审核人已判断的{judged}条事件测得（共{total}条，审核范围：{scope}）。",
    },
    "precision_box_partial": {
        "en": "Some strata have no judged event yet; the estimate leaves them out.",
        "zh": "部分分层尚无已判断事件，估计未包括这些分层。",
    },
    "precision_box_table": {"en": "Precision by source and filter", "zh": "按来源和筛选条件的精确率"},
    "precision_box_more": {"en": "Judge more events", "zh": "继续审核"},
    "precision_box_none": {
        "en": "Not measured on this installation yet: no reviewer has judged a sample of the events it"
        " counts, so how many of them are real is unknown.",
        "zh": "本系统尚未实测：还没有审核人判断过其所计事件的样本，因此其中有多少属实尚不可知。",
    },
    "precision_box_start": {"en": "Start an audit on the Review page", "zh": "前往人工审核页面开始审核"},
    "precision_box_method": {"en": "How it is measured", "zh": "测算方法"},
}
