"""Fusion of reports of one event across sources: the rule as data, grouping, and links on real records."""

from __future__ import annotations

from pathlib import Path

import pytest

from holosec.fusion import FusionRule, _groups, fuse
from holosec.ingest import ingest_paths
from holosec.store import Store

from conftest import EVENTS2


def test_default_rule_is_data() -> None:
    rule = FusionRule.load()
    assert (rule.max_days, rule.event_class, rule.max_km) == (1, "root", 100.0)


def test_a_rule_file_with_a_bad_class_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "rule.toml"
    path.write_text(
        '[rule]\nname = "x"\nmax_days = 0\nsame_actor_countries = true\nevent_class = "colour"\n'
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
