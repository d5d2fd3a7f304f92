# ruff: noqa: RUF001, RUF002
"""The words of alerts in plain words (scores, track records, reasoning, opening a case), and the small
functions that fill them from an alert's stored numbers.
Part of the one catalogue, :data:`holosec.presentation.i18n.WORDS`.

A detector writes its reasoning in English when the alert is raised (it is stored with the alert); a page
in another language says it again from the same stored numbers (value, baseline, score, period,
direction) with a phrase key per detector, never by translating the English text.

>>> surge = {"recall": 0.457, "precision": 0.144, "caught": 16, "episodes": 35}
>>> print(plain_record(surge, "en"))  # doctest: +NORMALIZE_WHITESPACE
On real series, about 1 alert in 7 from this detector matched a known crisis (precision 0.14);
it caught 16 of 35 known crises (recall 0.46).
>>> print(plain_record(surge, "zh"))
回测显示，该检测器约每7次预警中有1次对应已知危机（精确率0.14）；35次已知危机中捕捉到16次（召回率0.46）。
"""

from __future__ import annotations

import math
from collections import ChainMap
from collections.abc import Mapping
from functools import cache
from typing import Any, Final

from holosec.periods import shown_period
from holosec.presentation.briefing_words import BRIEFING
from holosec.presentation.dashboard_words import DASHBOARD
from holosec.reference import country_label
from holosec.warning.alerts import make_detector
from holosec.warning.backtest import shipped_records

ALERTS: Final[dict[str, dict[str, str]]] = {
    # the detector's track record, from its backtest on real series
    "record_plain": {
        "en": "On real series, {matched} matched a known crisis (precision {precision}); "
        "it caught {caught} (recall {recall}).",
        "zh": "回测显示，{matched}对应已知危机（精确率{precision}）；{caught}（召回率{recall}）。",
    },
    "record_one_in": {"en": "about 1 alert in {n} from this detector", "zh": "该检测器约每{n}次预警中有1次"},
    "record_tenths": {
        "en": "about {n} alerts in 10 from this detector",
        "zh": "该检测器约每10次预警中有{n}次",
    },
    "record_none": {"en": "none of this detector's alerts", "zh": "该检测器的预警无一"},
    "record_caught": {
        "en": "{caught} of {episodes} known crises",
        "zh": "{episodes}次已知危机中捕捉到{caught}次",
    },
    "record_caught_share": {
        "en": "about {percent}% of known crises",
        "zh": "约{percent}%的已知危机被其捕捉",
    },
    "record_exact": {"en": "Exact figures: {line}", "zh": "精确数值：{line}"},
    "record_basis": {
        "en": "The test: {alerts} alerts against {episodes} known crises. {data}",
        "zh": "回测共发出{alerts}次预警，对照{episodes}次已知危机；"
        "数据与方法见项目文档中的回测说明（英文）。",
    },
    # the alert's score: the detector's, never the threat index
    "score_label": {"en": "Detector score", "zh": "检测器得分"},
    "score_surge": {
        "en": "{score}: a value this {side} had a chance of about {chance} given the series' own history; "
        "higher is more unusual. It is not the threat index.",
        "zh": "{score}：按该序列自身的历史，出现如此{side}的值的概率约为{chance}；得分越高越反常。"
        "此分不是威胁指数。",
    },
    "score_sd": {
        "en": "{score}: standard deviations from the series' usual level; {threshold} or more raises an "
        "alert. It is not the threat index.",
        "zh": "{score}：偏离该序列常态水平的标准差倍数，达到{threshold}即预警。此分不是威胁指数。",
    },
    "score_cusum": {
        "en": "{score}: robust standard deviations the series has built up beyond its usual range over "
        "several periods; {threshold} or more raises an alert. It is not the threat index.",
        "zh": "{score}：数期内累计超出常态范围的稳健标准差，达到{threshold}即预警。此分不是威胁指数。",
    },
    "score_changepoint": {
        "en": "{score}: the size of the shift to a new level, in noise standard deviations; higher is a "
        "clearer break. It is not the threat index.",
        "zh": "{score}：序列转入新水平的幅度（以噪声标准差计），得分越高，转折越明确。此分不是威胁指数。",
    },
    "score_no_change": {
        "en": "{score}: how far the value fell outside the range forecast a period earlier, in widths of "
        "that range; higher is more unusual. It is not the threat index.",
        "zh": "{score}：数值超出上一期所作预测区间的幅度（以区间宽度计），得分越高越反常。此分不是威胁指数。",
    },
    "score_other": {
        "en": "{score}: how unusual the value is for this detector; higher is more unusual. It is not the "
        "threat index.",
        "zh": "{score}：该检测器衡量的反常程度，得分越高越反常。此分不是威胁指数。",
    },
    "chance_tiny": {"en": "less than 1 in a trillion", "zh": "不足万亿分之一"},
    "side_high": {"en": "high", "zh": "高"},
    "side_low": {"en": "low", "zh": "低"},
    "side_above": {"en": "above", "zh": "高于"},
    "side_below": {"en": "below", "zh": "低于"},
    # the reasoning again, from the stored numbers
    "why_times": {"en": "{ratio} times its baseline of {baseline}", "zh": "为基线{baseline}的{ratio}倍"},
    "why_more": {"en": "{diff} above its baseline of {baseline}", "zh": "比基线{baseline}高{diff}"},
    "why_less": {"en": "{diff} below its baseline of {baseline}", "zh": "比基线{baseline}低{diff}"},
    "why_surge": {
        "en": "{value} in {period} is {compared}; a value this {side} had a chance of about {chance} "
        "given the series' own volatility.",
        "zh": "{period}的值为{value}，{compared}；按该序列自身的波动，出现如此{side}的值的概率约为{chance}。",
    },
    "why_robust_z": {
        "en": "{value} in {period} is {score} robust standard deviations {side} the {window}-period median "
        "of {baseline}.",
        "zh": "{period}的值为{value}，{side}前{window}期中位数{baseline}达{score}个稳健标准差。",
    },
    "why_naive_z": {
        "en": "{value} in {period} is {score} standard deviations {side} the {window}-period mean of "
        "{baseline}.",
        "zh": "{period}的值为{value}，{side}前{window}期均值{baseline}达{score}个标准差。",
    },
    "why_cusum": {
        "en": "{value} in {period}: the series has stayed {side} its {window}-period median of {baseline} "
        "for several periods, {score} robust standard deviations beyond the usual range in all.",
        "zh": "{period}的值为{value}：该序列已连续数期{side}前{window}期中位数{baseline}，累计超出常态范围"
        "{score}个稳健标准差。",
    },
    "why_changepoint": {
        "en": "{value} in {period}: the series has moved to a new level, from about {baseline} a period "
        "before (a shift of {score} noise standard deviations).",
        "zh": "{period}的值为{value}：该序列已转入新的水平，此前约为每期{baseline}（变化幅度为{score}个噪声"
        "标准差）。",
    },
    "why_no_change": {
        "en": "{value} in {period} is outside the range forecast a period earlier from the last value, "
        "{baseline}, and the changes of the last {window} periods.",
        "zh": "{period}的值为{value}，超出上一期所作的预测区间（以上期值{baseline}加上近{window}期的"
        "变动推算）。",
    },
    "why_share_z": {
        "en": "{value} in {period} is at least {score} standard deviations {side} the mean of {baseline} "
        "of the previous {window} known months, and so is its share of all events.",
        "zh": "{period}的值为{value}，{side}前{window}个有数据月份的均值{baseline}至少{score}个标准差，"
        "其在全部事件中的占比同样反常。",
    },
    "why_other": {
        "en": "{value} in {period} against a baseline of {baseline} (detector score {score}).",
        "zh": "{period}的值为{value}，基线为{baseline}（检测器得分{score}）。",
    },
    # an alert's title
    "scope_all_fields": {"en": "all fields", "zh": "全部领域"},
    "alert_title": {
        "en": "{who}, {scope} · {indicator} {direction} · {period}",
        "zh": "{who}·{scope}：{indicator}{direction}（{period}）",
    },
    # opening a case from an alert that has no one field
    "open_case_all_fields": {
        "en": "This alert watched all events of {place}, whatever their field: the case will record all "
        "fields, which you can narrow later.",
        "zh": "本预警监测的是{place}的全部事件，不分领域：所立案件将记录全部领域，之后可再收窄。",
    },
}
SD_DETECTORS: Final = ("robust_z", "naive_z", "share_z")
_PHRASES: Final = ChainMap(ALERTS, DASHBOARD, BRIEFING)


def _word(key: str, lang: str, **values: object) -> str:
    """``key`` in ``lang`` (English when it lacks ``lang``), as :func:`holosec.presentation.i18n.word`
    says it: looked up here among the parts it uses, since the catalogue module imports this one."""
    phrases = _PHRASES[key]
    text = phrases.get(lang, phrases["en"])
    return text.format(**values) if values else text


def number(value: float) -> str:
    """A number as a reader expects it: three significant figures, thousands grouped.

    >>> number(11.0), number(6.416666), number(0.3), number(12345.6)
    ('11', '6.42', '0.3', '12,346')
    """
    return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.3g}"


def plain_record(record: Mapping[str, Any] | None, lang: str) -> str:
    """A detector's track record (its backtest, as :func:`holosec.warning.backtest.shipped_records` gives
    it) in plain words: how many of its alerts matched a known crisis, and how many crises it caught.

    >>> print(plain_record({"recall": 0.6, "precision": 0.45}, "en"))  # doctest: +NORMALIZE_WHITESPACE
    On real series, about 5 alerts in 10 from this detector matched a known crisis (precision 0.45);
    it caught about 60% of known crises (recall 0.6).
    >>> print(plain_record({"recall": 0.1, "precision": 0.0, "caught": 1, "episodes": 10}, "zh"))
    回测显示，该检测器的预警无一对应已知危机（精确率0）；10次已知危机中捕捉到1次（召回率0.1）。
    >>> plain_record({}, "en")
    'no backtest for this detector'
    """
    record = record or {}
    if record.get("recall") is None or record.get("precision") is None:
        return _word("no_record", lang)
    precision, recall = float(record["precision"]), float(record["recall"])
    if precision <= 0:
        matched = _word("record_none", lang)
    elif precision >= 0.35:
        matched = _word("record_tenths", lang, n=int(precision * 10 + 0.5))
    else:
        matched = _word("record_one_in", lang, n=int(1 / precision + 0.5))
    if record.get("caught") is not None and record.get("episodes"):
        caught = _word("record_caught", lang, caught=record["caught"], episodes=record["episodes"])
    else:
        caught = _word("record_caught_share", lang, percent=round(recall * 100))
    return _word(
        "record_plain",
        lang,
        matched=matched,
        precision=f"{precision:.2g}",
        recall=f"{recall:.2g}",
        caught=caught,
    )


def chance(p: float, lang: str) -> str:
    """A small probability as odds a reader can picture.

    >>> chance(2.1e-05, "en"), chance(2.1e-05, "zh"), chance(0.0062, "zh"), chance(1e-20, "en")
    ('1 in 48,000', '4.8万分之一', '160分之一', 'less than 1 in a trillion')
    >>> chance(6.5e-08, "zh")
    '1500万分之一'
    """
    if not p > 1e-12:
        return _word("chance_tiny", lang)
    n = 1 / min(p, 1.0)
    n = round(n, 1 - math.floor(math.log10(n))) if n >= 10 else round(n)
    if lang != "zh":
        return f"1 in {n:,.0f}"
    if n >= 1e8:
        return f"{_two_digits(n / 1e8)}亿分之一"
    if n >= 1e4:
        return f"{_two_digits(n / 1e4)}万分之一"
    return f"{n:.0f}分之一"


def _two_digits(x: float) -> str:
    """``x`` to two significant digits, never in exponent form (Chinese odds: 1500万分之一, 4.8万分之一).

    >>> _two_digits(1534.2), _two_digits(4.83), _two_digits(12.0)
    ('1500', '4.8', '12')
    """
    digits = 1 - math.floor(math.log10(x))
    return f"{round(x, digits):.{max(0, digits)}f}"


def _settings(detector: str) -> dict[str, Any]:
    """The detector's default window and alert threshold (the rules use the defaults)."""
    try:
        made = make_detector(detector)
    except ValueError:
        return {"window": 12, "threshold": ""}
    threshold = getattr(made, "h", None) or getattr(made, "threshold", "")
    return {"window": getattr(made, "window", 12), "threshold": f"{threshold:g}" if threshold else ""}


def score_words(alert: Mapping[str, Any], lang: str) -> str:
    """What the alert's ``score`` means for its detector, in ``lang``: the detector's measure of how
    unusual the value is, never the 0-10 threat index.

    >>> print(score_words({"detector": "surge", "score": 4.684, "direction": "up"}, "en"))
    ... # doctest: +NORMALIZE_WHITESPACE
    4.7: a value this high had a chance of about 1 in 48,000 given the series' own history;
    higher is more unusual. It is not the threat index.
    >>> print(score_words({"detector": "robust_z", "score": 5.12, "direction": "up"}, "zh"))
    5.1：偏离该序列常态水平的标准差倍数，达到3.5即预警。此分不是威胁指数。
    """
    detector, score = str(alert.get("detector")), float(alert.get("score") or 0.0)
    shown = f"{score:.1f}"
    if detector == "surge":
        side = _word("side_high" if alert.get("direction") != "down" else "side_low", lang)
        return _word("score_surge", lang, score=shown, side=side, chance=chance(10**-score, lang))
    if detector in SD_DETECTORS:
        return _word("score_sd", lang, score=shown, threshold=_settings(detector)["threshold"])
    if detector == "cusum":
        return _word("score_cusum", lang, score=shown, threshold=_settings(detector)["threshold"])
    key = f"score_{detector}"
    return _word(key if key in ALERTS else "score_other", lang, score=shown)


def period_words(label: str, lang: str) -> str:
    """A period label as a Chinese reader writes it (other languages keep the label):
    :func:`holosec.periods.shown_period`.

    >>> period_words("2014-05", "zh"), period_words("2014-W10", "zh"), period_words("2014-05-03", "zh")
    ('2014年5月', '2014年第10周', '2014年5月3日')
    >>> period_words("2014", "zh"), period_words("2014-05", "en")
    ('2014年', '2014-05')
    """
    return shown_period(label, lang)


def _compared(value: float, baseline: float, lang: str) -> str:
    shown = number(baseline)
    if value >= baseline > 0 and value >= 2 * baseline:
        return _word("why_times", lang, ratio=f"{value / baseline:.1f}", baseline=shown)
    if value >= baseline:
        return _word("why_more", lang, diff=number(value - baseline), baseline=shown)
    return _word("why_less", lang, diff=number(baseline - value), baseline=shown)


def reasoning_words(alert: Mapping[str, Any], lang: str) -> str:
    """Why the alert was raised, in ``lang``: the stored English reasoning for English, and for another
    language the detector's phrase filled from the alert's stored numbers.

    >>> alert = {"detector": "surge", "score": 4.684, "direction": "up", "value": 11.0, "baseline": 0.3,
    ...          "period": "2014-05", "reasoning": "11 in 2014-05 is 36.7 times its baseline of 0.3"}
    >>> print(reasoning_words(alert, "zh"))
    2014年5月的值为11，为基线0.3的36.7倍；按该序列自身的波动，出现如此高的值的概率约为4.8万分之一。
    >>> reasoning_words(alert, "en")
    '11 in 2014-05 is 36.7 times its baseline of 0.3'
    """
    if lang == "en" and alert.get("reasoning"):
        return str(alert["reasoning"])
    detector = str(alert.get("detector"))
    value, baseline = float(alert.get("value") or 0.0), float(alert.get("baseline") or 0.0)
    up = alert.get("direction") != "down"
    values = {
        "value": number(value),
        "baseline": number(baseline),
        "period": period_words(str(alert.get("period")), lang),
        "score": f"{float(alert.get('score') or 0.0):.1f}",
        "window": _settings(detector)["window"],
        "side": _word("side_above" if up else "side_below", lang),
    }
    if detector == "surge":
        values["side"] = _word("side_high" if up else "side_low", lang)
        values["compared"] = _compared(value, baseline, lang)
        values["chance"] = chance(10 ** -float(alert.get("score") or 0.0), lang)
    key = f"why_{detector}"
    return _word(key if key in ALERTS else "why_other", lang, **values)


def all_fields_note(alert: Mapping[str, Any], lang: str, place: str) -> str | None:
    """The note on opening a case from an alert with no one field (None for a field's alert): the case
    records all fields. ``place`` names the pair or country in ``lang``."""
    if alert.get("field"):
        return None
    return _word("open_case_all_fields", lang, place=place)


@cache
def _records() -> dict[str, dict[str, Any]]:
    return shipped_records()


def full_record(alert: Mapping[str, Any]) -> dict[str, Any]:
    """The alert's ``record`` with the rest of its detector's backtest (crises caught, episodes, alerts):
    the stored alert carries only the rates.

    >>> full_record({"detector": "surge", "record": {"recall": 0.457}})["episodes"]
    35
    """
    record = dict(alert.get("record") or {})
    if record.get("recall") is None:
        return record
    return {**_records().get(str(alert.get("detector")), {}), **record}


def place_words(alert: Mapping[str, Any], lang: str) -> str:
    """The country or pair of an alert, by name in ``lang``.

    >>> place_words({"country": "CHN", "partner": "VNM"}, "zh")
    '中国–越南'
    """
    names = [country_label(c, lang) for c in (alert.get("country"), alert.get("partner")) if c]
    return "–".join(names)


def alert_title(alert: Mapping[str, Any], lang: str, names: Mapping[str, str]) -> str:
    """An alert's title: its place and field (or all fields), what rose or fell, and the period.

    >>> alert = {"country": "CHN", "partner": "VNM", "field": None, "indicator": "conflict_events",
    ...          "direction": "up", "period": "2014-05"}
    >>> alert_title(alert, "en", {})
    'China–Vietnam, all fields · conflict events up · 2014-05'
    >>> alert_title(alert, "zh", {})
    '中国–越南·全部领域：冲突事件数上升（2014年5月）'
    """
    field = alert.get("field")
    return _word(
        "alert_title",
        lang,
        who=place_words(alert, lang),
        scope=names.get(field, field) if field else _word("scope_all_fields", lang),
        indicator=_indicator(alert, lang),
        direction=_direction(alert, lang),
        period=period_words(str(alert.get("period")), lang),
    )


def _indicator(alert: Mapping[str, Any], lang: str) -> str:
    key = f"indicator_{alert.get('indicator')}"
    return _word(key, lang) if key in _PHRASES else str(alert.get("indicator"))


def _direction(alert: Mapping[str, Any], lang: str) -> str:
    key = str(alert.get("direction"))
    return _word(key, lang) if key in ("up", "down") else key


def _basis(record: Mapping[str, Any], lang: str) -> str:
    """What the backtest rests on (empty without one): the stored description is English, so another
    language says the counts and points to the report."""
    if record.get("alerts") is None or record.get("episodes") is None:
        return str(record.get("data") or "")
    values = {"alerts": record["alerts"], "episodes": record["episodes"]}
    return _word("record_basis", lang, data=record.get("data") or "", **values).strip()


def alert_texts(alert: Mapping[str, Any], lang: str, names: Mapping[str, str]) -> dict[str, str]:
    """Everything a page says about an alert in words, in ``lang``: ``title``; ``measure`` and ``what``
    (the indicator, and what it did); ``record_line`` (the track record in plain words), ``record_exact``
    (its exact rates) and ``record_basis`` (what the test rests on); ``score_line`` (what the score
    means); ``why`` (the reasoning); ``place`` (the country or pair by name); ``case_note`` (what a case
    opened from it records when that is not one field, else empty)."""
    record = full_record(alert)
    exact = (
        _word("record_line", lang, **{k: record.get(k) for k in ("recall", "precision", "alert_rate")})
        if record.get("recall") is not None
        else _word("no_record", lang)
    )
    return {
        "title": alert_title(alert, lang, names),
        "measure": _indicator(alert, lang),
        "what": f"{_indicator(alert, lang)} {_direction(alert, lang)}".strip(),
        "record_line": plain_record(record, lang),
        "record_exact": _word("record_exact", lang, line=exact),
        "record_basis": _basis(record, lang),
        "score_line": score_words(alert, lang),
        "why": reasoning_words(alert, lang),
        "place": place_words(alert, lang),
        "case_note": all_fields_note(alert, lang, place_words(alert, lang)) or "",
    }
