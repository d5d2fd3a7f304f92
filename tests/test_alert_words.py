# ruff: noqa: RUF001
"""Alerts in plain words, on the real demo data: the detector's track record as "about 1 alert in 7
matched a known crisis" in English and Chinese, the alert's score named as the detector's (never the
threat index), and the reasoning said again in Chinese from the alert's stored numbers."""

from __future__ import annotations

import re
from html import unescape
from typing import Any

import pytest

from holosec.presentation.alert_words import (
    ALERTS,
    alert_texts,
    full_record,
    plain_record,
    reasoning_words,
    score_words,
)
from holosec.presentation.i18n import word
from holosec.store import Store
from holosec.warning.alerts import DETECTORS
from holosec.warning.backtest import shipped_records
from holosec.warning.watch import stored_alerts
from test_web import html

LATIN = re.compile(r"[A-Za-z]{2,}")
"""Two Latin letters in a row: an English word (or a code) in what should be Chinese."""
ISSUE_RECORD = {"recall": 0.457, "precision": 0.144, "caught": 16, "episodes": 35, "alerts": 118}
"""The surge detector's record as issue 22 quotes it ("recall 0.457, precision 0.144")."""


def flagship(store: Store) -> dict[str, Any]:
    """The CHN-VNM alert of May 2014 (the oil-rig crisis): a pair's alert on all fields."""
    return next(
        a
        for a in stored_alerts(store)
        if (a["country"], a["partner"], a["period"]) == ("CHN", "VNM", "2014-05")
    )


def in_chinese(api: Any, url: str) -> str:
    """A page in Chinese (the choice sticks in a cookie, so it is dropped afterwards)."""
    try:
        answer = html(api, url + ("&" if "?" in url else "?") + "lang=zh")
        assert answer.status_code == 200, answer.text[:300]
        return str(answer.text)
    finally:
        api.client.cookies.delete("holosec_lang")


def element(text: str, pattern: str) -> list[str]:
    """The text inside every element the regex ``pattern`` (with one group) finds, tags dropped."""
    return [unescape(re.sub(r"<[^>]+>", "", m)).strip() for m in re.findall(pattern, text, flags=re.S)]


def test_the_issue_record_in_plain_words() -> None:
    en, zh = plain_record(ISSUE_RECORD, "en"), plain_record(ISSUE_RECORD, "zh")
    assert "about 1 alert in 7 from this detector matched a known crisis (precision 0.14)" in en
    assert "it caught 16 of 35 known crises (recall 0.46)" in en
    assert "该检测器约每7次预警中有1次对应已知危机（精确率0.14）" in zh
    assert "35次已知危机中捕捉到16次（召回率0.46）" in zh
    assert not LATIN.search(zh)


@pytest.mark.parametrize("detector", sorted(shipped_records()))
def test_every_shipped_record_carries_its_own_ratio(detector: str) -> None:
    record = shipped_records()[detector]
    one_in = round(1 / record["precision"])
    en, zh = plain_record(record, "en"), plain_record(record, "zh")
    assert f"about 1 alert in {one_in} from this detector" in en
    assert f"caught {record['caught']} of {record['episodes']} known crises" in en
    assert (
        f"约每{one_in}次预警中有1次" in zh
        and f"{record['episodes']}次已知危机中捕捉到{record['caught']}次" in zh
    )


def test_a_stored_alert_gets_its_detector_s_whole_record(demo_store: Store) -> None:
    alert = flagship(demo_store)
    record = full_record(alert)
    assert record["caught"] == shipped_records()["surge"]["caught"]
    assert record["recall"] == alert["record"]["recall"]


def test_the_chinese_reasoning_is_built_from_the_stored_numbers(demo_store: Store) -> None:
    """Every detector's phrase says the alert's period, value and baseline in Chinese, with no English."""
    alert = flagship(demo_store)
    for detector in DETECTORS:
        said = reasoning_words({**alert, "detector": detector}, "zh")
        assert not LATIN.search(said), (detector, said)
        assert said.startswith("2014年5月的值为11") and "0.3" in said, (detector, said)
        assert not LATIN.search(score_words({**alert, "detector": detector}, "zh")), detector
    surge = reasoning_words(alert, "zh")
    assert "为基线0.3的36.7倍" in surge and "4.8万分之一" in surge  # 11 / 0.3; p = 10^-4.684
    assert reasoning_words(alert, "en") == alert["reasoning"]


def test_every_alert_phrase_speaks_both_languages() -> None:
    assert all(set(phrases) == {"en", "zh"} for phrases in ALERTS.values())
    for key, phrases in ALERTS.items():
        assert word(key, "zh") == phrases["zh"]


def test_the_alert_page_names_the_score_for_what_it_is(api: Any, demo_store: Store) -> None:
    alert = flagship(demo_store)
    text = html(api, f"/alerts/{alert['alert_id']}").text
    assert word("index", "en") not in text and "Threat index" not in text
    score = element(text, r'<p id="alert-score"[^>]*>(.*?)</p>')
    assert score and score[0].startswith("Detector score 4.7: a value this high had a chance of about 1 in")
    assert "not the threat index" in score[0]
    plain = element(text, r'<p id="record-plain">(.*?)</p>')
    assert plain and "about 1 alert in 7 from this detector matched a known crisis" in plain[0]
    assert f"recall {alert['record']['recall']}" in text  # the exact figures stay one line below


def test_a_chinese_alert_page_reasons_in_chinese(api: Any, demo_store: Store) -> None:
    alert = flagship(demo_store)
    text = in_chinese(api, f"/alerts/{alert['alert_id']}")
    why = element(text, r'<p id="alert-why">(.*?)</p>')
    assert why and why[0] == alert_texts(alert, "zh", {})["why"]
    assert why[0].startswith("2014年5月的值为11") and not LATIN.search(why[0])
    assert alert["reasoning"] not in unescape(text)
    assert word("index", "zh") not in text and "威胁指数（0–10）" not in text
    plain = element(text, r'<p id="record-plain">(.*?)</p>')
    assert plain and "该检测器约每7次预警中有1次对应已知危机" in plain[0]
    assert "检测器得分" in text
    surge = shipped_records()["surge"]
    basis = element(text, r'<p class="note" id="record-basis">(.*?)</p>')
    assert basis and basis[0].startswith(
        f"回测共发出{surge['alerts']}次预警，对照{surge['episodes']}次已知危机"
    )


def test_the_alert_lists_speak_plain_words(api: Any, demo_store: Store) -> None:
    every = stored_alerts(demo_store)
    english = html(api, "/alerts").text
    records = element(english, r'<div class="record">(.*?)</div>')
    assert len(records) == len(every)
    assert all("matched a known crisis" in r for r in records)
    chinese = in_chinese(api, "/alerts")
    reasons = element(chinese, r'<div class="why">(.*?)</div>')
    assert len(reasons) == len(every)
    for said in reasons:
        assert not LATIN.search(said), said
    assert all("对应已知危机" in r for r in element(chinese, r'<div class="record">(.*?)</div>'))
