# ruff: noqa: RUF001
"""The words of analysts' corrections on the event page: the corrections an event has and the form that
corrects it. Part of the one catalogue, :data:`holosec.presentation.i18n.WORDS`."""

from __future__ import annotations

from typing import Final

CORRECTIONS: Final[dict[str, dict[str, str]]] = {
    "corr_title": {"en": "Corrections", "zh": "分析人员更正"},
    "corr_none": {
        "en": "No analyst has corrected this event.",
        "zh": "尚无分析人员更正此事件。",
    },
    "corr_overlay": {
        "en": "Corrections change how the event is counted from the next refresh; the record stays as "
        "ingested.",
        "zh": "更正会在下次刷新后改变此事件的计数方式；原始记录保持不变。",
    },
    "corr_kind": {"en": "Correction", "zh": "更正类型"},
    "corr_value": {"en": "Value", "zh": "更正值"},
    "corr_note": {"en": "Note", "zh": "说明"},
    "corr_by": {"en": "By", "zh": "更正人"},
    "corr_withdrawn": {"en": "withdrawn", "zh": "已撤回"},
    "corr_withdraw": {"en": "Withdraw", "zh": "撤回"},
    "corr_add": {"en": "Correct this event", "zh": "更正此事件"},
    "corr_submit": {"en": "Save the correction", "zh": "保存更正"},
    "corr_value_help": {
        "en": "Duplicate: the other event's id; wrong code: a CAMEO code; wrong actor: which actor and "
        "its country's ISO code; wrong place: an ISO3 country code; wrong field: field ids, comma-separated "
        "(for no field, the last example). For example:",
        "zh": "重复：另一事件的编号；事件代码错误：CAMEO代码；行为体错误：哪一方行为体及其国家的ISO代码；"
        "地点错误：ISO三字母国家代码；安全领域错误：领域编号（以逗号分隔；若无任何领域，填写示例中的最后一项）。示例：",
    },
    "corr_kind_not-an-event": {"en": "not an event", "zh": "并非事件"},
    "corr_kind_duplicate": {"en": "duplicate of another event", "zh": "与另一事件重复"},
    "corr_kind_wrong-code": {"en": "wrong event type (CAMEO code)", "zh": "事件类型错误（CAMEO代码）"},
    "corr_kind_wrong-actor": {"en": "wrong actor country", "zh": "行为体国家错误"},
    "corr_kind_wrong-place": {"en": "wrong place", "zh": "地点错误"},
    "corr_kind_wrong-field": {"en": "wrong or missing security field", "zh": "安全领域错误或缺失"},
}
