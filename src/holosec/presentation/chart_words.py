# ruff: noqa: RUF001
"""The words of the charts' axes, legends and flags.
Part of the one catalogue, :data:`holosec.presentation.i18n.WORDS`; :func:`chart_text` hands a chart
builder the phrases it adds of its own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from holosec.charts.specs import ChartText

CHARTS: Final[dict[str, dict[str, str]]] = {
    "chart_no_data": {"en": "No data", "zh": "无数据"},
    "chart_thin": {"en": "Fewer than 5 events: read with care", "zh": "事件不足5起，仅供参考"},
    "chart_faded": {
        "en": "Faded: the score rests on fewer than 5 events",
        "zh": "颜色较浅：该得分所依据的事件不足5起",
    },
    "chart_method": {
        "en": "How the index is made: see the Method page of holosec",
        "zh": "指数编制方法详见本系统“指数编制方法”页面",
    },
    "chart_outside": {
        "en": "Left out as stray, far from the rest of the series: {count} data points",
        "zh": "远离序列主体的零星数据点未予显示：{count}个",
    },
}


def chart_text(lang: str) -> ChartText:
    """The phrases a chart adds of its own (no data, few events, the method), in ``lang``.

    >>> chart_text("zh").no_data
    '无数据'
    """
    from holosec.charts.specs import ChartText  # the chart builders, only when a chart is made

    def say(key: str) -> str:
        return CHARTS[key].get(lang, CHARTS[key]["en"])

    return ChartText(
        lang=lang,
        no_data=say("chart_no_data"),
        thin=say("chart_thin"),
        faded=say("chart_faded"),
        method=say("chart_method"),
        outside=say("chart_outside"),
    )
