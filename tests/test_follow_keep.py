"""Bounded size (``--keep``): the follower keeps the raw GDELT records of a rolling window, the day cells and
the alerts for ever; later files (whose late events fall on pruned days) leave the old cells as they were.
Against the local GDELT of :mod:`test_follow` (real GDELT 2.0 rows, published step by step)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import test_follow
from holosec.cli import app as cli_app
from holosec.follow import Follower
from holosec.follow.retention import first_kept, parse_keep, prune
from holosec.indicators.coverage import refresh_coverage
from holosec.indicators.rollup import build, staleness
from holosec.store import Store
from holosec.store.sealed import sealed_before
from holosec.warning.watch import run_rules
from test_follow import Clock, Gdelt, at, follower

from httpserver import MirrorServer

pytestmark = pytest.mark.network
gdelt, server, clock = test_follow.gdelt, test_follow.server, test_follow.clock  # its fixtures
KEEP = timedelta(days=30)


def old_cells(store: Store, before: date) -> list[tuple[Any, ...]]:
    """Every day cell of the days before ``before``, in a fixed order."""
    return store.execute("SELECT * FROM rollup_days WHERE period < ? ORDER BY ALL", [before]).fetchall()


def new_cells(store: Store, start: date) -> list[tuple[Any, ...]]:
    """Every day cell of the days from ``start`` on, in a fixed order, sums to 9 significant digits
    (DuckDB's parallel sums differ in the last bits from one build to the next)."""
    rows = store.execute("SELECT * FROM rollup_days WHERE period >= ? ORDER BY ALL", [start]).fetchall()
    return [tuple(float(f"{v:.9g}") if isinstance(v, float) else v for v in row) for row in rows]


def old_coverage(store: Store, before: date) -> list[tuple[Any, ...]]:
    """The source coverage of the days before ``before``."""
    return store.execute("SELECT * FROM source_days WHERE day < ? ORDER BY ALL", [before]).fetchall()


def alerts(store: Store) -> list[tuple[Any, ...]]:
    return store.execute("SELECT alert_id, period, value, score FROM alerts ORDER BY ALL").fetchall()


def old_counts(store: Store, before: date) -> dict[str, int]:
    query = "SELECT event_id FROM events WHERE date < ?"
    return {
        "events": store.scalar("SELECT count(*) FROM events WHERE date < ?", [before]),
        "mentions": store.scalar(f"SELECT count(*) FROM mentions WHERE event_id IN ({query})", [before]),
        "event_tags": store.scalar(f"SELECT count(*) FROM event_tags WHERE event_id IN ({query})", [before]),
    }


def test_parse_keep() -> None:
    assert parse_keep("180d") == timedelta(days=180)
    assert parse_keep("26W") == timedelta(weeks=26)
    for wrong in ("0d", "6m", "d", "-3d"):
        with pytest.raises(ValueError, match="not a window"):
            parse_keep(wrong)


def test_prune_keeps_the_window_the_cells_and_the_alerts(
    store: Store, gdelt: Gdelt, server: MirrorServer, clock: Clock
) -> None:
    at(gdelt, clock, 1)
    report = follower(store, server, clock, rules=None, since=gdelt_start(clock)).cycle()
    assert report.error is None and report.rows_stored > 0
    run_rules(store)
    start = first_kept(store, KEEP)
    assert start is not None
    store.execute(  # an alert of an old day (the sample rows raise none)
        "INSERT INTO alerts SELECT 'old', 'surge', 's', 'country', 'CHN', NULL, NULL, 'v2023', 'events',"
        " 'day', ?, ?, 'up', 4.0, 'high', 'z', 9.0, 1.0, 'why', 9.0, 1, NULL, now(), now()",
        [str(start - timedelta(days=40)), start - timedelta(days=40)],
    )
    before = old_counts(store, start)
    assert before["events"] > 0 and before["mentions"] > 0 and before["event_tags"] > 0
    cells, raised = old_cells(store, start), alerts(store)
    assert cells and raised  # there is something to lose
    kept_events = store.scalar("SELECT count(*) FROM events WHERE date >= ?", [start])

    deleted = prune(store, KEEP)

    assert deleted["events"] == before["events"] and deleted["mentions"] == before["mentions"]
    assert old_counts(store, start) == {"events": 0, "mentions": 0, "event_tags": 0}
    assert store.scalar("SELECT count(*) FROM events WHERE date >= ?", [start]) == kept_events
    assert old_cells(store, start) == cells and alerts(store) == raised
    assert staleness(store) is None  # the cells count as current: nothing rebuilds them
    assert prune(store, KEEP)["events"] == 0  # nothing more to prune


def gdelt_start(clock: Clock) -> Any:
    """Since the first stamp: the first cycle takes every file published (two stamps)."""
    return clock.now - timedelta(hours=1)


def test_later_files_leave_the_old_cells_unchanged(
    store: Store, gdelt: Gdelt, server: MirrorServer, clock: Clock
) -> None:
    at(gdelt, clock, 1)  # a store with history: followed without a window first
    assert follower(store, server, clock, since=gdelt_start(clock)).cycle().error is None
    start = first_kept(store, KEEP)
    assert start is not None
    cells, coverage = old_cells(store, start), old_coverage(store, start)
    assert cells and coverage

    at(gdelt, clock, 3)  # then with one: two more stamps, whose late events fall on pruned days
    following = follower(store, server, clock, keep=KEEP)
    later = following.cycle()
    assert (later.files, later.error) == (4, None) and later.rows_stored > 0
    assert following.pruned["events"] > 0 and following.pruned["mentions"] > 0
    newest = first_kept(store, KEEP)
    assert newest is not None and newest >= start
    assert old_counts(store, newest) == {"events": 0, "mentions": 0, "event_tags": 0}
    assert old_cells(store, start) == cells  # not rebuilt from the late events alone
    assert old_coverage(store, start) == coverage  # what the old days rested on, kept too
    assert staleness(store) is None
    assert following.cycle().files == 0 and old_cells(store, start) == cells


def test_sealed_days_keep_their_cells_whatever_rebuilds_them_later(
    store: Store, gdelt: Gdelt, server: MirrorServer, clock: Clock
) -> None:
    """Once pruned, the days before the window are sealed: late events of them that a follower without a
    window ingests, a full rebuild of the cells (as a retag or a new taxonomy version makes) and a rebuild
    of the source coverage leave their cells and coverage as they were, and the days after are rebuilt."""
    at(gdelt, clock, 1)
    assert follower(store, server, clock, since=gdelt_start(clock)).cycle().error is None
    start = first_kept(store, KEEP)
    assert start is not None
    cells, coverage = old_cells(store, start), old_coverage(store, start)
    assert cells and coverage
    prune(store, KEEP)
    assert sealed_before(store) == start
    at(gdelt, clock, 3)
    assert follower(store, server, clock).cycle().files == 4  # no window: nothing more pruned
    assert old_counts(store, start)["events"] > 0  # late events of sealed days, kept as raw records
    assert old_cells(store, start) == cells and old_coverage(store, start) == coverage
    newer = new_cells(store, start)
    store.execute("DELETE FROM rollup_days WHERE period >= ?", [start])  # lost: a full build remakes them

    build(store)
    refresh_coverage(store)

    assert old_cells(store, start) == cells and old_coverage(store, start) == coverage
    assert new_cells(store, start) == newer


def test_without_keep_nothing_is_pruned(
    store: Store, gdelt: Gdelt, server: MirrorServer, clock: Clock
) -> None:
    at(gdelt, clock, 1)
    following = follower(store, server, clock, since=gdelt_start(clock))
    assert following.cycle().error is None and following.pruned == {}
    start = first_kept(store, KEEP)
    assert start is not None and old_counts(store, start)["events"] > 0


def test_cli_takes_keep(tmp_path: Path, gdelt: Gdelt, server: MirrorServer) -> None:
    gdelt.publish(1)
    runner = CliRunner()
    wrong = runner.invoke(
        cli_app, ["follow", "--once", "--keep", "6m", "--mirror", server.url, "--data-dir", str(tmp_path)]
    )
    assert wrong.exit_code == 2 and "not a window" in wrong.output
    done = runner.invoke(
        cli_app,
        ["follow", "--once", "--keep", "4w", "--mirror", server.url, "--data-dir", str(tmp_path), "--json"],
    )
    assert done.exit_code == 0, done.output
    with Store.open(tmp_path) as store:
        start = first_kept(store, timedelta(weeks=4))
        assert start is not None and old_counts(store, start)["events"] == 0
        assert store.scalar("SELECT count(*) FROM events") > 0


def test_a_follower_without_keep_has_none(store: Store, server: MirrorServer) -> None:
    assert Follower(store, mirror=server.url).keep is None
