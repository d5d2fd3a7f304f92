"""Analysts' corrections on the bundled real GDELT file: they change exactly the numbers they should, in
the day cells and in the live counting alike, withdrawing restores them, and export then import into a
fresh store reproduces the numbers."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from holosec import corrections, reference
from holosec.corrections.learning import rule_proposals, training_rows
from holosec.corrections.sharing import read_shared, shared_text
from holosec.engines import engine_for
from holosec.errors import ParameterError
from holosec.indicators.evidence import evidence
from holosec.indicators.frame import counted_rows
from holosec.indicators.query import Selection
from holosec.indicators.rollup import build, refresh
from holosec.ingest import ingest_paths
from holosec.store import Store
from holosec.taxonomy import DEFAULT

from conftest import EVENTS2, EVENTS2_B


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store holding the bundled 2018-01-01 GDELT file, closed, to be copied by each test."""
    data_dir = tmp_path_factory.mktemp("ingested") / "store"
    with Store.open(data_dir) as store:
        ingest_paths(store, [EVENTS2])
    return data_dir


@pytest.fixture
def store(ingested: Path, tmp_path: Path) -> Iterator[Store]:
    copied = tmp_path / "store"
    shutil.copytree(ingested, copied)
    with Store.open(copied) as opened:
        yield opened


def cells(store: Store) -> list[tuple[Any, ...]]:
    """Every day cell of the default taxonomy, sorted (the numbers every indicator reads)."""
    rows = store.execute(
        "SELECT * EXCLUDE (taxonomy) FROM rollup_days WHERE taxonomy = ? ORDER BY ALL", [DEFAULT]
    ).fetchall()  # sums in another order differ in the last bits
    return [tuple(round(v, 6) if isinstance(v, float) else v for v in row) for row in rows]


def cell(store: Store, view: str, key: str, field: str, day: date) -> tuple[float, float]:
    """(events, material conflict) of one day cell; zeros for a cell with no events."""
    row = store.execute(
        "SELECT events, material_conflict FROM rollup_days WHERE taxonomy = ? AND view = ? AND country = ? "
        "AND partner = '' AND field = ? AND period = ?",
        [DEFAULT, view, key, field, day],
    ).fetchall()
    return (float(row[0][0]), float(row[0][1])) if row else (0.0, 0.0)


def live(store: Store) -> dict[str, dict[str, Any]]:
    """The live counting (what evidence and filtered indicators read) of the default taxonomy, by
    (event, field)."""
    engine = engine_for(store)
    return {f"{r['event_id']}|{r['field']}": r for r in engine.rows(counted_rows(engine, taxonomy=DEFAULT))}


def honour(store: Store) -> None:
    refresh(store, DEFAULT)


def alone_counted(store: Store) -> dict[str, Any]:
    """A located event that is its story's only report, counted, with one tagged field."""
    rows = live(store)
    story_sizes = store.execute(
        "SELECT event_id FROM events e WHERE loc_country IS NOT NULL AND NOT EXISTS (SELECT 1 FROM events o "
        "WHERE o.event_id <> e.event_id AND o.date = e.date AND o.event_code = e.event_code "
        "AND o.actor1_code IS NOT DISTINCT FROM e.actor1_code AND o.actor2_code IS NOT DISTINCT FROM "
        "e.actor2_code) AND quad_class < 4 ORDER BY event_id"
    ).fetchall()
    for (event_id,) in story_sizes:
        tagged = [r for key, r in rows.items() if key.startswith(f"{event_id}|") and r["field"]]
        if rows.get(f"{event_id}|", {}).get("counted") == 1 and tagged:
            return {**rows[f"{event_id}|"], "tagged": tagged}
    raise AssertionError("no such event in the bundled file")


def test_not_an_event_lowers_its_days_cells_by_its_weight_and_withdrawing_restores_them(store: Store) -> None:
    event = alone_counted(store)
    day, place, field, weight = (
        event["date"],
        event["loc"],
        event["tagged"][0]["field"],
        event["tagged"][0]["w"],
    )
    before = cells(store)
    every, in_field = cell(store, "location", place, "", day), cell(store, "location", place, field, day)
    chosen = Selection(country=place, location=True, by="day")

    def cited() -> list[str]:
        found = evidence(store, chosen, day.isoformat(), limit=1000)
        return [row["event_id"] for row in found["data"]]

    assert event["event_id"] in cited()
    made = corrections.add(store, event["event_id"], "not-an-event", "ana", note="a horoscope")
    assert made["active"] and made["created_by"] == "ana" and made["note"] == "a horoscope"
    report = refresh(store, DEFAULT)
    assert report.mode == "days" and report.days == 1
    assert cell(store, "location", place, "", day)[0] == pytest.approx(every[0] - 1)
    assert cell(store, "location", place, field, day)[0] == pytest.approx(in_field[0] - weight)
    assert f"{event['event_id']}|" not in live(store)  # the live counting drops it too
    assert event["event_id"] not in cited()  # and so does the evidence
    assert store.scalar("SELECT count(*) FROM events WHERE event_id = ?", [event["event_id"]]) == 1  # kept
    incremental = cells(store)
    build(store, DEFAULT)
    assert cells(store) == incremental  # the days rewritten equal a full recompute

    gone = corrections.withdraw(store, made["correction_id"], "ben")
    assert not gone["active"] and gone["withdrawn_by"] == "ben"
    honour(store)
    assert cells(store) == before and event["event_id"] in cited()
    assert [c["active"] for c in corrections.listed(store)] == [False]  # never deleted


def test_a_duplicate_is_counted_once_as_part_of_the_other_events_story(store: Store) -> None:
    rows = live(store)
    counted = sorted(k.split("|")[0] for k, r in rows.items() if r["field"] == "" and r["counted"] == 1)
    first, other = counted[0], counted[1]
    day = rows[f"{first}|"]["date"]
    total = cell(store, "world", "", "", day)[0]
    corrections.add(store, first, "duplicate", "ana", value=other)
    honour(store)
    after = live(store)
    assert after[f"{first}|"]["counted"] == 0 and after[f"{other}|"]["counted"] == 1
    assert cell(store, "world", "", "", day)[0] == pytest.approx(total - 1)


def test_marking_a_storys_counted_report_a_duplicate_counts_the_story_through_another(store: Store) -> None:
    story = store.execute(
        "SELECT list(event_id ORDER BY event_id) FROM events GROUP BY date, event_code, actor1_code, "
        "actor2_code, coalesce(loc_feature_id, loc_name, loc_country) HAVING count(*) > 1 ORDER BY 1 LIMIT 1"
    ).fetchall()[0][0]
    rows = live(store)
    best = next(e for e in story if rows[f"{e}|"]["counted"] == 1)
    other = next(e for e in story if e != best)
    before = [row[:6] for row in cells(store)]  # keys and events (the story's values are another report's)
    corrections.add(store, best, "duplicate", "ana", value=other)
    honour(store)
    after = live(store)
    assert after[f"{best}|"]["counted"] == 0
    assert sum(after[f"{e}|"]["counted"] for e in story) == 1  # still one story, counted once
    assert [row[:6] for row in cells(store)] == before  # the count stands: the report merged into its story


def test_a_wrong_code_moves_the_event_into_material_conflict(store: Store) -> None:
    event = alone_counted(store)
    day, place = event["date"], event["loc"]
    every = cell(store, "location", place, "", day)
    corrections.add(store, event["event_id"], "wrong-code", "ana", value="190")
    honour(store)
    events, conflict = cell(store, "location", place, "", day)
    assert events == pytest.approx(every[0]) and conflict == pytest.approx(every[1] + 1)
    row = live(store)[f"{event['event_id']}|"]
    assert (row["quad"], row["goldstein"]) == (reference.quad_class("190"), reference.goldstein("190"))
    raw = store.execute("SELECT event_code FROM events WHERE event_id = ?", [event["event_id"]]).fetchone()
    assert raw is not None and raw[0] != "190"  # the row stays as ingested


def test_wrong_place_actor_and_field_move_the_event(store: Store) -> None:
    event = alone_counted(store)
    day, place, event_id = event["date"], event["loc"], event["event_id"]
    elsewhere = "ISL" if place != "ISL" else "NOR"
    here, there = cell(store, "location", place, "", day)[0], cell(store, "location", elsewhere, "", day)[0]
    corrections.add(store, event_id, "wrong-place", "ana", value=elsewhere.lower())
    corrections.add(store, event_id, "wrong-actor", "ana", value="actor2=isl")
    corrections.add(store, event_id, "wrong-field", "ana", value="nuclear")
    honour(store)
    assert cell(store, "location", place, "", day)[0] == pytest.approx(here - 1)
    assert cell(store, "location", elsewhere, "", day)[0] == pytest.approx(there + 1)
    rows = live(store)
    assert rows[f"{event_id}|"]["a2"] == "ISL"
    assert [r["w"] for k, r in rows.items() if k.startswith(f"{event_id}|") and r["field"]] == [1.0]
    fields = {r["field"] for k, r in rows.items() if k.startswith(f"{event_id}|") and r["field"]}
    assert fields == {"information"} or fields == {"nuclear"}  # the v2023 field, as this version cuts it


def test_wrong_values_are_refused(store: Store) -> None:
    event_id = str(store.scalar("SELECT min(event_id) FROM events"))
    for kind, value in (
        ("wrong-code", "999"), ("wrong-actor", "USA"), ("wrong-place", "XXX"), ("wrong-field", "army"),
        ("duplicate", event_id), ("duplicate", "gdelt2:1"), ("not-an-event", "x"), ("nonsense", None),
    ):  # fmt: skip
        with pytest.raises(ParameterError):
            corrections.add(store, event_id, kind, "ana", value=value)
    with pytest.raises(ParameterError):
        corrections.add(store, "gdelt2:1", "not-an-event", "ana")
    with pytest.raises(ParameterError):
        corrections.add(store, event_id, "not-an-event", " ")
    assert corrections.listed(store) == []


def test_export_then_import_into_a_fresh_store_reproduces_the_numbers(store: Store, tmp_path: Path) -> None:
    event = alone_counted(store)
    rows = live(store)
    counted = sorted(k.split("|")[0] for k, r in rows.items() if r["field"] == "" and r["counted"] == 1)
    plain = cells(store)
    corrections.add(store, event["event_id"], "not-an-event", "ana")
    kept = corrections.add(store, counted[5], "wrong-code", "ana", value="193")
    corrections.add(store, counted[7], "duplicate", "ana", value=counted[8])
    corrections.withdraw(
        store, corrections.add(store, counted[9], "not-an-event", "ana")["correction_id"], "ben"
    )
    corrections.add(store, counted[10], "wrong-field", "ana", value="none")
    honour(store)
    text = shared_text(corrections.listed(store))
    with Store.open(tmp_path / "fresh") as fresh:
        assert corrections.imported(fresh, read_shared(text)) == {"added": 5, "withdrawn": 0, "unchanged": 0}
        ingest_paths(fresh, [EVENTS2])  # the events may arrive after their corrections
        assert cells(fresh) == cells(store) != plain
        again = corrections.imported(fresh, read_shared(text))
        assert again == {"added": 0, "withdrawn": 0, "unchanged": 5}
        corrections.withdraw(store, kept["correction_id"], "ben")
        later = corrections.imported(fresh, read_shared(shared_text(corrections.listed(store))))
        assert later == {"added": 0, "withdrawn": 1, "unchanged": 4}
        honour(store)
        honour(fresh)
        assert cells(fresh) == cells(store)
        shown = {c["correction_id"]: c for c in corrections.listed(fresh)}
        assert shown[kept["correction_id"]]["withdrawn_by"] == "ben"
        assert shown[kept["correction_id"]]["created_by"] == "ana"


def test_field_corrections_become_labelled_texts_and_rule_proposals(store: Store) -> None:
    tagged = store.execute(
        "SELECT t.event_id, t.rule, t.field FROM event_tags t JOIN events e USING (event_id) "
        "WHERE t.rule = 'cameo.19.military' ORDER BY t.event_id LIMIT 40"
    ).fetchall()
    for event_id, _, _ in tagged[:3]:
        corrections.add(store, event_id, "wrong-field", "ana", value="social")
    corrections.add(store, tagged[3][0], "not-an-event", "ana")
    labelled = training_rows(store)
    assert labelled and {row["label"] for row in labelled} == {"social"}
    assert all(row["source"] == "corrections" and "\t" not in row["text"] for row in labelled)
    proposals = rule_proposals(store)
    top = proposals[0]
    assert (top["rule"], top["field"], top["removed"], top["not_events"]) == (
        "cameo.19.military",
        "military",
        3,
        1,
    )
    assert top["proposal"] == "tag social instead of military" and top["tagged"] >= 40


def test_evidence_and_the_country_say_how_many_corrections_stand_behind_them(store: Store) -> None:
    event = alone_counted(store)
    day, place = event["date"], event["loc"]
    selection = Selection(location=True, country=place, by="day")
    assert corrections.standing(store, place, day, day) == 0
    corrections.add(store, event["event_id"], "wrong-code", "ana", value="190")
    corrections.add(store, event["event_id"], "wrong-field", "ana", value="nuclear")
    honour(store)
    rows = evidence(store, selection, period=day.isoformat(), limit=1000)["data"]
    marked = {row["event_id"]: row["corrections"] for row in rows}
    assert marked[event["event_id"]] == 2 and sum(marked.values()) == 2
    assert corrections.standing(store, place, day, day) == 2
    assert corrections.standing(store, place, day + timedelta(days=1), None) == 0
    assert corrections.standing(store, "ATA" if place != "ATA" else "NOR", None, None) == 0


def test_new_files_after_corrections_keep_cells_and_evidence_rows_right(store: Store) -> None:
    """A later ingest rewrites only its days, on a narrow copy of their events: the corrections laid over
    them must still apply (a wrong code, a wrong place), and the kept rows equal a full rebuild."""
    event = alone_counted(store)
    corrections.add(store, event["event_id"], "wrong-code", "ana", value="190")
    corrections.add(store, event["event_id"], "wrong-place", "ana", value="ISL")
    honour(store)
    ingest_paths(store, [EVENTS2_B])
    incremental, rows = cells(store), evidence_rows(store)
    build(store)
    assert cells(store) == incremental and evidence_rows(store) == rows


def evidence_rows(store: Store) -> list[tuple[Any, ...]]:
    """The kept evidence rows of the default taxonomy, sorted, floats rounded."""
    found = store.execute("SELECT * EXCLUDE (taxonomy) FROM evidence_rows WHERE taxonomy = ?", [DEFAULT])
    rows = [tuple(round(v, 6) if isinstance(v, float) else v for v in row) for row in found.fetchall()]
    return sorted(rows, key=repr)
