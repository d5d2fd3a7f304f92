"""Fusion of reports of one event across sources: the rule as data, grouping, and links on real records."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from holosec.cli import app
from holosec.explain import explain_event
from holosec.fusion import FusionRule, _groups, fuse
from holosec.ingest import ingest_paths
from holosec.samples import icews_samples
from holosec.store import Store

from conftest import EVENTS2, EVENTS2_B, real_lines


def test_default_rule_is_data() -> None:
    rule = FusionRule.load()
    assert (rule.max_days, rule.event_class, rule.max_km) == (1, "root", 100.0)


def test_a_rule_file_with_a_bad_class_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "rule.toml"
    path.write_text(
        '[rule]\nname = "x"\nmax_days = 0\nsame_actor_countries = true\nmin_actor_countries = 2\n'
        'event_class = "colour"\n'
        "max_km = 1.0\nsame_location_country = true\n"
    )
    with pytest.raises(ValueError, match="event_class must be 'root' or 'quad'"):
        FusionRule.load(path)


def test_groups_are_connected_components_named_by_their_smallest_id() -> None:
    groups = _groups([("b", "c"), ("c", "a"), ("x", "y")])
    assert groups == {"a": "a", "b": "a", "c": "a", "x": "x", "y": "x"}


def test_one_source_alone_is_never_fused(store: Store) -> None:
    ingest_paths(store, [EVENTS2])
    summary = fuse(store)
    assert (summary.links, summary.fused_events, summary.events_after_fusion) == (0, 0, 2414)


def test_a_real_event_in_gdelt_and_icews_is_fused_once(store: Store) -> None:
    # GDELT 2.0 (file of 2015-10-27 22:00) codes "CHINA makes a visit to SOUTH KOREA" (042) on 2015-10-27,
    # the days before Li Keqiang's visit to Seoul; ICEWS codes "China Consult South Korea" the same day.
    gdelt_line = next(line for line in real_lines(EVENTS2_B) if line.startswith(b"479491737\t")).split(b"\t")
    assert (gdelt_line[1], gdelt_line[7], gdelt_line[17], gdelt_line[28]) == (
        b"20151027",
        b"CHN",
        b"KOR",
        b"04",
    )
    icews_raw = b"".join(gzip.decompress(path.read_bytes()) for path in icews_samples())
    assert b"China\tConsult\tSouth Korea\t2015-10-27\n" in icews_raw

    ingest_paths(store, [EVENTS2_B])
    ingest_paths(store, icews_samples(), source="icews")
    summary = fuse(store)
    icews_id = store.scalar(
        "SELECT event_id FROM events WHERE source = 'icews' AND date = DATE '2015-10-27' "
        "AND actor1_name = 'China' AND event_label = 'Consult' AND actor2_name = 'South Korea'"
    )
    fused = dict(store.execute("SELECT event_id, fused_id FROM fused_events").fetchall())
    assert fused["gdelt2:479491737"] == fused[icews_id]
    assert summary.events_after_fusion == summary.events - summary.records_fused + summary.fused_events
    assert summary.events_after_fusion < summary.events

    explained = explain_event(store, icews_id)
    assert explained is not None and explained["fused_id"] == fused[icews_id]
    assert {
        "event_id": "gdelt2:479491737",
        "rule": "same-dyad-day-class-place",
        "days_apart": 0,
        "km_apart": None,
    } in (explained["linked"])
    assert fuse(store) == summary  # a second run rebuilds the same links


def test_explain_through_the_cli(data_dir: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(app, ["demo", "--data-dir", str(data_dir), "--json"]).exit_code == 0
    result = runner.invoke(app, ["explain", "gdelt2:479491737", "--data-dir", str(data_dir), "--json"])
    assert result.exit_code == 0
    shown = json.loads(result.stdout)
    assert shown["event"]["actor1_country"] == "CHN" and shown["event"]["source_url"].startswith("http")
    assert any(link["event_id"].startswith("icews:") for link in shown["linked"])
    missing = runner.invoke(app, ["explain", "gdelt2:1", "--data-dir", str(data_dir)])
    assert missing.exit_code == 1 and missing.stderr.startswith("error: no event gdelt2:1")
