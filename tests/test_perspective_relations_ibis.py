"""The perspective classification as an Ibis expression (``relations``): on the bundled real events it
gives, for every packaged perspective, exactly what the DuckDB SQL reference (``perspective_sql``) gives,
and it compiles for the other engines holosec targets (PySpark, BigQuery).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import ibis
import pytest
import sqlglot

from holosec.engines import engine_for
from holosec.ingest import ingest_paths
from holosec.perspective import (
    classify_events,
    event_relations,
    load_perspective,
    packaged,
    perspective_sql,
    perspective_summary,
)
from holosec.perspective.model import Grouping, Member
from holosec.perspective.relations import EVENT_COLUMNS, TAG_COLUMNS, partner_spans
from holosec.samples import gdelt_samples
from holosec.store import Store
from holosec.taxonomy.tagging import tag_events

PERSPECTIVES = ("CHN", "JPN", "IND", "USA", "DEU")


@pytest.fixture(scope="module")
def samples(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """The bundled GDELT samples, tagged; every sample event gets tags, so a few are made untagged (no
    tags, or family tags only) and a few weightless (field weights of 0), for the NULL nature."""
    with Store.open(tmp_path_factory.mktemp("samples")) as store:
        ingest_paths(store, gdelt_samples())
        tag_events(store)
        ranked = "SELECT event_id FROM events ORDER BY hash(event_id), event_id"
        store.execute(f"DELETE FROM event_tags WHERE event_id IN ({ranked} LIMIT 20)")
        family = "SELECT DISTINCT event_id FROM event_tags WHERE field LIKE 'family:%' ORDER BY event_id"
        store.execute(
            "DELETE FROM event_tags WHERE NOT starts_with(field, 'family:') "
            f"AND event_id IN ({family} LIMIT 20)"
        )
        store.execute(f"UPDATE event_tags SET weight = 0 WHERE event_id IN ({ranked} LIMIT 20 OFFSET 20)")
        yield store


def ordered(rows: Iterable[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    return sorted(rows, key=lambda row: tuple((value is None, value or "") for value in row))


def by_sql(store: Store, code: str) -> list[tuple[Any, ...]]:
    return ordered(store.execute(perspective_sql(load_perspective(code))).fetchall())


def by_ibis(store: Store, code: str) -> list[tuple[Any, ...]]:
    engine = engine_for(store)
    expr = event_relations(engine.table("events"), engine.table("event_tags"), load_perspective(code))
    return ordered(tuple(row.values()) for row in engine.rows(expr))


def test_the_bundled_perspectives_are_tested() -> None:
    assert set(PERSPECTIVES) == set(packaged())


@pytest.mark.parametrize("code", PERSPECTIVES)
def test_ibis_relations_equal_the_sql_on_every_stored_event(samples: Store, code: str) -> None:
    expected = by_sql(samples, code)
    assert len(expected) == samples.scalar("SELECT count(*) FROM events") == 5540
    found = by_ibis(samples, code)
    assert found == expected
    # Every value occurs in the real samples, so the comparison covers each branch.
    assert {row[1] for row in found} == {"internal", "external", "unrelated"}
    assert {row[2] for row in found} == {"common", "own", None}
    assert {row[3] for row in found} == {"traditional", "non_traditional", None}


def test_a_filtered_events_table_gives_its_own_rows(samples: Store) -> None:
    engine = engine_for(samples)
    events = engine.table("events")
    some = events.filter(events.loc_country == "CHN")
    expr = event_relations(some, engine.table("event_tags"), load_perspective("CHN"))
    found = ordered(tuple(row.values()) for row in engine.rows(expr))
    sql = perspective_sql(load_perspective("CHN"), "(SELECT * FROM events WHERE loc_country = 'CHN')")
    assert found == ordered(samples.execute(sql).fetchall())
    assert 0 < len(found) < 5540


def test_classify_events_and_the_summary_follow_the_sql(samples: Store) -> None:
    china = load_perspective("CHN")
    reference = by_sql(samples, "CHN")
    rows = classify_events(samples, china)
    assert [tuple(r.values()) for r in rows] == reference[:1000]
    assert len(classify_events(samples, china, limit=7)) == 7
    named = [reference[3][0], reference[4000][0], "gdelt2:none"]
    assert [tuple(r.values()) for r in classify_events(samples, china, named)] == [
        reference[3],
        reference[4000],
    ]
    assert classify_events(samples, china, []) == []
    # The summary as it was made from the SQL, down to the order of its keys.
    rows = samples.execute(
        f"SELECT relation, security, nature, count(*) FROM ({perspective_sql(china)}) "
        "GROUP BY ALL ORDER BY ALL"
    ).fetchall()
    expected: dict[str, Any] = {"perspective": "CHN", "events": sum(r[3] for r in rows)}
    for index, name in enumerate(("relation", "security", "nature")):
        counts: dict[str, int] = {}
        for row in rows:
            counts[row[index] or "none"] = counts.get(row[index] or "none", 0) + row[3]
        expected[name] = counts
    summary = perspective_summary(samples, china)
    assert summary == expected
    names = ("relation", "security", "nature")
    assert [list(summary[name]) for name in names] == [list(expected[name]) for name in names]


@pytest.mark.parametrize("dialect, read", [("pyspark", "spark"), ("bigquery", "bigquery")])
def test_the_expression_compiles_for_spark_and_bigquery(dialect: str, read: str) -> None:
    ibis.pyspark  # noqa: B018 - loading the backend registers the options its compiler reads
    events = ibis.table(EVENT_COLUMNS, name="events")
    tags = ibis.table(TAG_COLUMNS, name="event_tags")
    for code in PERSPECTIVES:
        sql = str(ibis.to_sql(event_relations(events, tags, load_perspective(code)), dialect=dialect))
        parsed = sqlglot.parse_one(sql, read=read)
        assert parsed.find(sqlglot.exp.Select) is not None
        assert "list_has_any" not in sql.lower() and "list_contains" not in sql.lower()
        assert "'internal'" in sql and "'family:'" in sql


def test_dated_memberships_follow_the_sql_at_their_boundaries(samples: Store) -> None:
    # Memberships starting and ending on the very days of the samples' events with Germany (Austria,
    # Belgium, Spain, the US and Israel on 2015-10-27, France and Britain on 2016-07-28): since inclusive,
    # until exclusive, adjacent, with a gap, and groupings Germany joined on or after the day (home_since).
    day, later = date(2015, 10, 27), date(2016, 7, 28)
    dated = Grouping(
        "T",
        "test",
        "member",
        home_since=date(2000, 1, 1),
        members=(
            Member("AUT", day),  # from that day: a partner
            Member("BEL", date(2000, 1, 1), day),  # until that day: not one any more
            Member("ESP", day + timedelta(days=1)),  # not yet
            Member("USA", date(2010, 1, 1), day),  # two spans, one after the other
            Member("USA", day, date(2016, 1, 1)),
            Member("ISR", date(2014, 1, 1), date(2015, 1, 1)),  # two spans with a gap
            Member("ISR", date(2016, 1, 1)),
        ),
    )
    members = (Member("FRA", date(1990, 1, 1)), Member("GBR", date(1990, 1, 1), later + timedelta(days=1)))
    joined_then = Grouping("U", "test", "member", home_since=later, members=members)
    joined_after = Grouping("V", "test", "member", home_since=later + timedelta(days=1), members=members)
    germany = load_perspective("DEU")
    engine = engine_for(samples)
    common: dict[str, set[str]] = {}
    for name, groupings in {
        "none": (),
        "dated": (dated,),
        "then": (joined_then,),
        "after": (joined_after,),
        "all": (dated, joined_then, joined_after),
    }.items():
        mine = replace(germany, groupings=groupings)
        expr = event_relations(engine.table("events"), engine.table("event_tags"), mine)
        found = ordered(tuple(row.values()) for row in engine.rows(expr))
        assert found == ordered(samples.execute(perspective_sql(mine)).fetchall()), name
        common[name] = {row[0] for row in found if row[2] == "common"}
    assert common["none"] < common["dated"] and common["none"] < common["then"]
    # Joining the day after, Germany does not share those of its day; it does later ones (2017-2018).
    dropped = sorted(common["then"] - common["after"])
    assert dropped and common["after"] > common["none"]
    dates = samples.execute("SELECT DISTINCT date FROM events WHERE list_contains(?, event_id)", [dropped])
    assert dates.fetchall() == [(later,)]
    assert common["all"] == common["dated"] | common["then"]
    spans = dict((codes[0], spans) for spans, codes in partner_spans(replace(germany, groupings=(dated,))))
    assert spans["USA"] == ((date(2010, 1, 1), date(2016, 1, 1)),)
    assert spans["ISR"] == ((date(2014, 1, 1), date(2015, 1, 1)), (date(2016, 1, 1), None))
