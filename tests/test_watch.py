"""Alerts on the store's indicator series: rules as data, evidence kept, re-runs idempotent."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from holosec.cli import app
from holosec.errors import InputError
from holosec.store import Store
from holosec.warning.watch import Rule, load_rules, run_rules, stored_alerts

runner = CliRunner()


@pytest.fixture(scope="module")
def raised(demo_store: Store) -> list[dict[str, object]]:
    return run_rules(demo_store)


def test_the_2014_oil_rig_crisis_is_raised_with_its_evidence(demo_store: Store, raised: list[dict]) -> None:
    """ICB crisis #472: China placed the HYSY-981 rig off the Paracels on 2014-05-02; the bundled ICEWS
    records hold the China-Vietnam events of that month."""
    alert = next(a for a in raised if a["series"] == "CHN-VNM" and a["period"] == "2014-05")
    assert alert["direction"] == "up" and alert["detector"] == "surge"
    assert "2014-05" in alert["reasoning"]
    evidence = json.loads(str(alert["evidence"]))
    assert evidence
    ids = [e["event_id"] for e in evidence]
    rows = demo_store.execute(
        "SELECT date, actor1_country, actor2_country FROM events WHERE list_contains(?, event_id)", [ids]
    ).fetchall()
    assert len(rows) == len(ids)
    for day, a1, a2 in rows:
        assert day.strftime("%Y-%m") == "2014-05"
        assert {a1, a2} == {"CHN", "VNM"}


def test_alert_values_are_the_indicator_values(demo_store: Store, raised: list[dict]) -> None:
    conflict = demo_store.execute(
        """SELECT count(*) FROM events WHERE date BETWEEN '2014-05-01' AND '2014-05-31'
           AND quad_class IN (3, 4) AND list_sort([actor1_country, actor2_country]) = ['CHN', 'VNM']"""
    ).fetchall()[0][0]
    alert = next(a for a in raised if a["series"] == "CHN-VNM" and a["period"] == "2014-05")
    # Stories collapse a few duplicate records, never add any.
    assert 0 < float(alert["value"]) <= conflict


def test_rerun_is_idempotent_and_keeps_first_raised(demo_store: Store, raised: list[dict]) -> None:
    before = {row["alert_id"]: row["first_raised"] for row in stored_alerts(demo_store)}
    again = run_rules(demo_store)
    after = {row["alert_id"]: row["first_raised"] for row in stored_alerts(demo_store)}
    assert {a["alert_id"] for a in again} == set(before) == set(after)
    assert before == after


def test_minimum_evidence_drops_alerts(demo_store: Store, raised: list[dict]) -> None:
    strict = [Rule(**{**load_rules()[0].__dict__, "id": "strict", "min_events": 10_000})]
    assert run_rules(demo_store, strict) == []
    assert not [row for row in stored_alerts(demo_store) if row["rule"] == "strict"]


def test_a_thin_series_has_insufficient_data_and_no_alert(
    demo_store: Store, raised: list[dict], caplog: pytest.LogCaptureFixture
) -> None:
    """China-UK conflict in the bundled records: 5 events in December 2009 after 2 in the whole year
    before, a surge to the detector, insufficient data under the evidence floor (min_baseline)."""
    assert not [a for a in raised if a["series"] == "CHN-GBR" and a["period"] == "2009-12"]
    pairs = load_rules()[0]
    unfloored = [Rule(**{**pairs.__dict__, "id": "no-floor", "min_baseline": 0.0})]
    with caplog.at_level("INFO", logger="holosec.warning.watch"):
        floored = run_rules(demo_store, [Rule(**{**pairs.__dict__, "id": "floored"})])
    found = run_rules(demo_store, unfloored)
    assert any(a["series"] == "CHN-GBR" and a["period"] == "2009-12" for a in found)
    assert not any(a["series"] == "CHN-GBR" and a["period"] == "2009-12" for a in floored)
    assert "CHN-GBR 2009-12: insufficient data" in caplog.text
    assert any(a["series"] == "CHN-VNM" and a["period"] == "2014-05" for a in floored)  # a real one stays
    demo_store.execute("DELETE FROM alerts WHERE rule IN ('no-floor', 'floored')")


def test_stored_alerts_carry_the_track_record(demo_store: Store, raised: list[dict]) -> None:
    rows = stored_alerts(demo_store)
    assert rows and all(0 <= row["record"]["recall"] <= 1 for row in rows)
    since = stored_alerts(demo_store, since=__import__("datetime").date(2012, 1, 1))
    assert since and all(row["period_start"] >= "2012-01-01" for row in since)
    assert len(since) < len(rows)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[[rule]]\nid = "x"\ntitle = "t"\nindicator = "mood"\n', "indicator must be one of"),
        ('[[rule]]\nid = "x"\ntitle = "t"\ncolour = "red"\n', "unknown key 'colour'"),
        ('[[rule]]\ntitle = "t"\n', "needs an id"),
        ("rule = [", "not valid TOML"),
        ('[[rule]]\nid = "x"\ntitle = "t"\n[[rule]]\nid = "x"\ntitle = "u"\n', "unique"),
    ],
)
def test_bad_rules_get_clear_errors(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "rules.toml"
    path.write_text(text)
    with pytest.raises(InputError, match=message):
        load_rules(path)
    result = runner.invoke(app, ["warn", "--rules", str(path), "--data-dir", str(tmp_path / "store")])
    assert result.exit_code == 2 and message in " ".join(re.sub(r"[│╭╮╰╯─]", " ", result.output).split())


def test_cli_warn_on_the_store_then_alerts(tmp_path: Path, demo_store: Store) -> None:
    data_dir = demo_store.data_dir
    listed = runner.invoke(app, ["alerts", "--json", "--since", "2014-01-01", "--data-dir", str(data_dir)])
    assert listed.exit_code == 0, listed.output
    body = json.loads(listed.stdout)
    assert body["count"] == len(body["data"]) > 0
    for row in body["data"]:
        assert {
            "series",
            "period",
            "score",
            "severity",
            "direction",
            "reasoning",
            "evidence",
            "record",
        } <= set(row)
    text = runner.invoke(app, ["alerts", "--data-dir", str(data_dir)])
    assert text.exit_code == 0 and "CHN-VNM" in text.stdout and "track record" in text.stdout
