"""The words of the readable evidence rows (what happened, who, where, which outlet).
Part of the one catalogue, :data:`holosec.presentation.i18n.WORDS`.

The ``quality_*`` phrases name the quality flags a source's loader may set on a record
(:data:`holosec.explain.QUALITY_FLAGS`), so that an event page says them in words."""

from __future__ import annotations

from typing import Final

EVIDENCE: Final[dict[str, dict[str, str]]] = {
    "evidence_what": {"en": "What happened", "zh": "发生了什么"},
    "evidence_place": {"en": "Place", "zh": "地点"},
    "evidence_report": {"en": "Report", "zh": "报道"},
    "evidence_record": {"en": "Record", "zh": "记录"},
    "evidence_outlet": {"en": "Outlet", "zh": "媒体"},
    "evidence_tone": {"en": "Tone", "zh": "语调"},
    "evidence_quality": {"en": "Quality flags", "zh": "质量标记"},
    "quality_actor_country_from_row": {
        "en": "actor's country taken from the event's country",
        "zh": "行为体国家取自事件所在国",
    },
    "quality_ambiguous_cameo_root": {"en": "CAMEO root ambiguous", "zh": "对应的CAMEO大类不唯一"},
    "quality_bad_coordinates": {"en": "coordinates out of range", "zh": "坐标超出有效范围"},
    "quality_bad_quad_class": {"en": "invalid quad class", "zh": "四分类无效"},
    "quality_country_level_geocode": {"en": "located to the country only", "zh": "仅定位到国家"},
    "quality_no_actor_country": {"en": "no actor country", "zh": "缺少行为体国家"},
    "quality_no_cameo_equivalent": {"en": "no CAMEO equivalent", "zh": "无对应的CAMEO代码"},
    "quality_no_event_id": {"en": "no event id in the source", "zh": "来源未给出事件编号"},
    "quality_no_geocode": {"en": "not located", "zh": "未定位"},
    "quality_quad_class_differs_from_cameo": {
        "en": "quad class differs from the CAMEO code's",
        "zh": "四分类与CAMEO代码不一致",
    },
    "quality_single_source": {"en": "single source", "zh": "单一来源"},
    "quality_unknown_actor_country": {"en": "unknown actor country", "zh": "行为体国家不明"},
    "quality_unknown_actor_type": {"en": "unknown actor type", "zh": "行为体类型不明"},
    "quality_unknown_event_code": {"en": "unknown event code", "zh": "事件代码不明"},
    "quality_unknown_location_code": {"en": "unknown location code", "zh": "地点代码不明"},
}
