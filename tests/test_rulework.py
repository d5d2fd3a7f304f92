"""The alert rules keep each period's reads of its events between runs and redo only changed periods:
a run after new files equals a run from scratch, on the bundled ICEWS records split in two at a day
inside the 2014 oil rig crisis."""

from __future__ import annotations

import gzip
import json
import logging
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from holosec.corrections import add
from holosec.ingest import ingest_paths
from holosec.periods import Grain, Period
from holosec.samples import icews_samples
from holosec.store import Store
from holosec.warning.rulework import RuleWork
from holosec.warning.watch import run_rules

SPLIT = "2014-05-15"  # China's rig went up off the Paracels on 2014-05-02: May is in both halves


def _halves(folder: Path) -> tuple[Path, Path]:
    lines = []
    for path in icews_samples():
        with gzip.open(path, "rt", encoding="utf-8") as records:
            lines += list(records)
    early = [line for line in lines if line.rstrip("\n").split("\t")[3] < SPLIT]
    late = [line for line in lines if line.rstrip("\n").split("\t")[3] >= SPLIT]
    paths = folder / "icews_early.txt.gz", folder / "icews_late.txt.gz"
    for path, part in zip(paths, (early, late), strict=True):
        with gzip.open(path, "wt", encoding="utf-8") as out:
            out.writelines(part)
    return paths


def _seen(alerts: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    """What an alert says (sums rounded: day cells rewritten for a few days add in another order)."""
    keys = ("alert_id", "value", "score", "severity", "baseline", "events", "sources", "evidence")
    return sorted(
        tuple(round(value, 6) if isinstance(value, float) else value for value in map(alert.get, keys))
        for alert in alerts
    )


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("rulework")
    early, late = _halves(folder)
    logs: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            logs.append(record.getMessage())

    handler = Keep(level=logging.INFO)
    watched = logging.getLogger("holosec.warning.watch")
    watched.addHandler(handler)
    previous = watched.level
    watched.setLevel(logging.INFO)
    try:
        with Store.open(folder / "store") as store:
            ingest_paths(store, [early], source="icews")
            first = run_rules(store)
            ingest_paths(store, [late], source="icews")
            at = len(logs)
            after = run_rules(store)
            incremental_logs = logs[at:]
            at = len(logs)
            unchanged = run_rules(store)
            quiet_logs = logs[at:]
            store.execute("DELETE FROM alert_work")
            store.execute("DELETE FROM alert_marks")
            scratch = run_rules(store)
    finally:
        watched.removeHandler(handler)
        watched.setLevel(previous)
    return {
        "first": first,
        "after": after,
        "unchanged": unchanged,
        "scratch": scratch,
        "incremental_logs": "\n".join(incremental_logs),
        "quiet_logs": "\n".join(quiet_logs),
    }


def _tally(text: str) -> tuple[int, int]:
    found = re.findall(r"rule home-pairs-conflict: (\d+) periods' reads kept, (\d+) done again", text)
    kept, again = found[-1]
    return int(kept), int(again)


def test_a_run_after_new_files_equals_a_run_from_scratch(runs: dict[str, Any]) -> None:
    assert runs["after"], "the bundled records raise alerts"
    assert _seen(runs["after"]) == _seen(runs["scratch"])


def test_a_period_the_new_file_added_to_is_worked_out_again(runs: dict[str, Any]) -> None:
    """CHN-VNM May 2014 is an alert on the early half already; the late half adds events to it, so its
    outlets and evidence are read again, not taken from the first run."""
    before = next(a for a in runs["first"] if a["series"] == "CHN-VNM" and a["period"] == "2014-05")
    after = next(a for a in runs["after"] if a["series"] == "CHN-VNM" and a["period"] == "2014-05")
    assert after["events"] > before["events"]
    assert json.loads(after["evidence"]) != json.loads(before["evidence"])


def test_only_changed_periods_are_read_again(runs: dict[str, Any]) -> None:
    kept, again = _tally(runs["incremental_logs"])
    assert kept > 0 and again > 0  # history before the split kept; May 2014 onwards read again
    kept, again = _tally(runs["quiet_logs"])
    assert again == 0 and kept > 0  # nothing changed: nothing read again
    assert _seen(runs["unchanged"]) == _seen(runs["after"])


def test_a_correction_or_a_retag_has_a_period_read_again(tmp_path: Path) -> None:
    """Work kept for a period is read back until an event of that period is corrected, and none is
    read back after the tags were rewritten."""
    with Store.open(tmp_path / "store") as store:
        ingest_paths(store, icews_samples()[:1], source="icews")
        event_id, day = store.execute(
            "SELECT event_id, date FROM events ORDER BY event_id LIMIT 1"
        ).fetchone()
        period, other = Period.of(day, Grain.month), Period.of(date(1990, 1, 1), Grain.month)
        work = RuleWork(store, "r", "d")
        work.get("X", period, "sources", lambda: 1)
        work.get("X", other, "sources", lambda: 1)
        work.save()
        add(store, event_id, "not-an-event", "analyst")
        again = RuleWork(store, "r", "d")
        assert again.get("X", period, "sources", lambda: 2) == 2  # the corrected period: read again
        assert again.get("X", other, "sources", lambda: 2) == 1  # untouched: kept
        again.save()
        store.mark_changed("tags")
        retagged = RuleWork(store, "r", "d")
        assert retagged.get("X", other, "sources", lambda: 3) == 3
        assert (retagged.reused, retagged.worked) == (0, 1)
        assert RuleWork(store, "r", "changed rule").get("X", other, "sources", lambda: 4) == 4
