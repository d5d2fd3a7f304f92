"""The BigQuery engine: the SQL it writes, checked three ways without a Google account.

1. Every statement (the dataset setup, the day-cell build, the reads of indicators, evidence and the
   index) is parsed by sqlglot's BigQuery dialect, and kept as a snapshot: a change to it shows in review
   (``HOLOSEC_UPDATE_SNAPSHOTS=1`` rewrites the snapshots).
2. The setup is *run*: translated by sqlglot to DuckDB, over a table shaped like GDELT's public
   ``gdelt-bq.gdeltv2.events`` that holds a real GDELT 2.0 export file, its events view must give the
   events holosec's own ingest of that file gives, and its ``event_tags`` view the same tags.
3. A live test against a real dataset runs only when ``HOLOSEC_BIGQUERY_TEST`` names one (with
   credentials; docs/engines.md) and is skipped, saying so, otherwise.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import duckdb
import pytest
import sqlglot
from typer.testing import CliRunner

from holosec.cli import app
from holosec.engines import engine_for
from holosec.engines.bigquery import BigQueryEngine, Planned
from holosec.engines.bigquery_setup import setup_bigquery
from holosec.engines.duckdb import DuckDBEngine
from holosec.indicators.evidence import evidence
from holosec.indicators.query import Selection, indicators
from holosec.indicators.rollup import build
from holosec.ingest import ingest_paths
from holosec.reference import actor_country_codes, fips_codes
from holosec.samples import gdelt_samples
from holosec.sources.gdelt_layouts import LAYOUTS
from holosec.store import Store
from holosec.store.store import STORE_FILE
from holosec.taxonomy.rule_tables import place_tables
from holosec.taxonomy.tagging import tag_events, tag_signatures

SNAPSHOTS = Path(__file__).parent / "snapshots"
UPDATE = "HOLOSEC_UPDATE_SNAPSHOTS"
DRY = "bigquery://my-project/holosec?dry_run=1"
THROUGH = 20180101000000
EXPORT = next(p for p in gdelt_samples() if p.name == "20180101000000.export.CSV")


def parsed(statement: Planned) -> None:
    """``statement`` is one BigQuery statement sqlglot parses without error (a load job is not SQL)."""
    if statement.sql.startswith("-- load"):
        return
    found = sqlglot.parse(statement.sql, read="bigquery", error_level=sqlglot.ErrorLevel.RAISE)
    assert len(found) == 1 and found[0] is not None, statement.purpose


def script(plan: list[Planned]) -> str:
    """The plan as the snapshot keeps it: each statement under its purpose, the engine's random work-table
    prefix made constant."""
    text = "".join(f"-- {p.purpose}\n{p.sql};\n\n" for p in plan)
    text = re.sub(r"holosec_tmp_[0-9a-f]{8}_", "holosec_tmp_", text)
    # Ibis lists the columns a SELECT * EXCEPT drops in set order, which varies from run to run.
    return re.sub(r"EXCEPT \(([^)]*)\)", lambda m: f"EXCEPT ({', '.join(sorted(m[1].split(', ')))})", text)


def snapshot(name: str, text: str) -> None:
    path = SNAPSHOTS / name
    if os.environ.get(UPDATE):
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no snapshot {name}: write it with {UPDATE}=1"
    assert text == path.read_text(encoding="utf-8"), f"{name} changed: review it, then {UPDATE}=1"


def dry_engine(store: Store) -> BigQueryEngine:
    engine = engine_for(store)
    assert isinstance(engine, BigQueryEngine) and engine.dry_run
    return engine


@pytest.fixture(scope="module")
def planned_store(demo_store: Store, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """A copy of the demo store whose engine is BigQuery in a dry run."""
    folder = tmp_path_factory.mktemp("bigquery-store")
    demo_store.execute("CHECKPOINT")
    shutil.copy2(demo_store.data_dir / STORE_FILE, folder / STORE_FILE)
    with Store.open(folder, engine=DRY) as store:
        yield store


def test_the_setup_is_bigquery_sql_and_matches_its_snapshot(tmp_path: Path) -> None:
    with Store.open(tmp_path, engine=DRY) as store:
        done = setup_bigquery(dry_engine(store), through=THROUGH, now=datetime(2026, 1, 1, tzinfo=UTC))
    assert done.through == THROUGH and done.tags_serial > 0
    for statement in done.plan:
        parsed(statement)
    purposes = [p.purpose for p in done.plan]
    assert purposes.index("the events view over GDELT") < purposes.index(
        "the distinct signatures, to tag here"
    )
    assert purposes[-1] == "the dataset's mark"
    # The uploaded crosswalks hold every row of the package's own (one tuple per row).
    uploads = {p.purpose: p.sql for p in done.plan}
    assert uploads["crosswalk ref_fips"].count("), (") + 1 == len(fips_codes())
    assert uploads["crosswalk ref_cameo_country"].count("), (") + 1 == len(actor_country_codes())
    kept = [p for p in done.plan if not p.purpose.startswith(("crosswalk", "place rules"))]
    snapshot("bigquery-setup.sql", script(kept))


def test_the_reads_and_the_build_are_bigquery_sql_and_match_their_snapshot(planned_store: Store) -> None:
    engine = dry_engine(planned_store)
    engine.plan.clear()
    build(planned_store, engine=engine)
    assert [p.purpose for p in engine.plan if p.purpose.startswith("write")] == [
        "write the day cells of v2014"
    ]
    indicators(planned_store, Selection(country="CHN", partner="VNM", by="month", field="homeland"))
    evidence(planned_store, Selection(country="CHN", by="month"), "2015-06", indicator="conflict_events")
    for statement in engine.plan:
        parsed(statement)
    merge = next(p.sql for p in engine.plan if p.purpose.startswith("write"))
    assert merge.startswith("MERGE `my-project.holosec.rollup_days`") and "INSERT ROW" in merge
    snapshot("bigquery-reads.sql", script(engine.plan))


# --- the setup run on DuckDB ---------------------------------------------------------------------------

_INTEGERS = {
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "IsRootEvent", "QuadClass", "NumMentions",
    "NumSources", "NumArticles", "Actor1Geo_Type", "Actor2Geo_Type", "ActionGeo_Type", "DATEADDED",
}  # fmt: skip
_FLOATS = {"FractionDate", "GoldsteinScale", "AvgTone"}


def _public_table(con: duckdb.DuckDBPyConnection, path: Path) -> int:
    """GDELT's public events table as BigQuery types it (integers, floats, strings), holding ``path``."""
    names = [name for name, _ in LAYOUTS["events2"].columns]
    con.execute('ATTACH \':memory:\' AS "gdelt-bq"; CREATE SCHEMA "gdelt-bq".gdeltv2')
    typed = ", ".join(
        f"TRY_CAST({n} AS BIGINT) AS {n}"
        if n in _INTEGERS
        else f"TRY_CAST({n} AS DOUBLE) AS {n}"
        if n in _FLOATS or n.endswith(("_Lat", "_Long"))
        else n
        for n in names
    )
    columns = "{" + ", ".join(f"'{n}': 'VARCHAR'" for n in names) + "}"
    con.execute(
        f"CREATE TABLE \"gdelt-bq\".gdeltv2.events AS SELECT {typed} FROM read_csv(?, delim='\\t', "
        f"header=false, columns={columns}, quote='', escape='')",
        [str(path)],
    )
    return int(con.execute('SELECT count(*) FROM "gdelt-bq".gdeltv2.events').fetchone()[0])  # type: ignore[index]


def _run(con: duckdb.DuckDBPyConnection, sql: str) -> list[dict[str, Any]]:
    """Run one BigQuery statement on DuckDB, translated by sqlglot."""
    translated = sqlglot.transpile(sql, read="bigquery", write="duckdb")[0]
    # BigQuery's expiry option and row inserts of a MERGE are not needed to read the views.
    cursor = con.execute(translated)
    if cursor.description is None:
        return []
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


# Where a row came from differs by design: a ledger file here, the public table's DATEADDED there.
_PROVENANCE = ("file_id", "source_file")


def _events(con: duckdb.DuckDBPyConnection, table: str, columns: list[str]) -> dict[str, tuple[Any, ...]]:
    """Every event of ``table`` by id: its ``columns`` (quality flags sorted; an instant as naive UTC, as
    the store keeps it, whatever type the translated view gives it)."""
    chosen = ", ".join("list_sort(quality)" if c == "quality" else c for c in columns)
    rows = con.execute(f"SELECT {chosen} FROM {table}").fetchall()
    return {row[0]: tuple(_naive(value) for value in row) for row in rows}


def _naive(value: Any) -> Any:
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(UTC).replace(tzinfo=None)
    return value


def _tags(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple[Any, ...]]:
    """Every tag row of ``table``, sorted, weights to 12 decimals."""
    rows = con.execute(f"SELECT event_id, field, weight, rule FROM {table}").fetchall()
    return sorted((e, f, round(w, 12), r) for e, f, w, r in rows)


def test_the_setup_run_on_duckdb_gives_the_events_and_tags_of_holosecs_own_ingest(tmp_path: Path) -> None:
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")  # BigQuery reads a TIMESTAMP written without a zone as UTC
    rows_in = _public_table(con, EXPORT)
    con.execute('ATTACH \':memory:\' AS "my-project"; CREATE SCHEMA "my-project".holosec')
    # BigQuery's FARM_FINGERPRINT (a 64-bit hash of text): any stable 64-bit hash keys the same way.
    con.execute("CREATE MACRO farm_fingerprint(x) AS CAST(hash(x) >> 1 AS BIGINT)")
    with Store.open(tmp_path / "bq", engine=DRY) as store:
        engine = dry_engine(store)
        setup_bigquery(engine, through=THROUGH, now=datetime(2026, 1, 1, tzinfo=UTC))
        plan = list(engine.plan)
        tagged: list[tuple[Any, ...]] = []
        for statement in plan:
            if statement.purpose == "the distinct signatures, to tag here":
                signatures = _run(con, statement.sql)
                assert signatures
                tagged = tag_signatures(store, signatures)
                con.execute(
                    'CREATE TABLE "my-project".holosec.signature_tags (sig BIGINT, field VARCHAR, '
                    "weight DOUBLE, rule VARCHAR)"
                )
                con.executemany('INSERT INTO "my-project".holosec.signature_tags VALUES (?, ?, ?, ?)', tagged)
            elif statement.purpose in ("the signatures' tags",) or statement.purpose.startswith("table "):
                continue  # the load job (done above) and the empty tables the reads do not need here
            elif statement.purpose != "the dataset's mark":
                _run(con, statement.sql)
    assert tagged
    with Store.open(tmp_path / "local") as local:
        ingest_paths(local, [EXPORT])
        tag_events(local, text=False)  # BigQuery has the code and place tags, not the URL-text ones
        columns = [c for c in local.shared(DuckDBEngine).table("events").columns if c not in _PROVENANCE]
        mine, my_tags = _events(local.connection, "events", columns), _tags(local.connection, "event_tags")
    theirs = _events(con, '"my-project".holosec.events', columns)
    their_tags = _tags(con, '"my-project".holosec.event_tags')
    assert len(mine) == len(theirs) == rows_in > 1000
    differing = [key for key in mine if mine[key] != theirs.get(key)]
    assert not differing, [
        (name, a, b)
        for k in differing[:1]
        for name, a, b in zip(columns, mine[k], theirs[k], strict=True)
        if a != b
    ]
    assert len(their_tags) > len(theirs) / 2
    # The file exercises the place rules found by FIPS code, feature name and box, and the flashpoints.
    kinds = {rule: kind for rule, _, kind, *_ in place_tables()["tag_place"][1]}
    hit = {kinds.get(rule, rule.split(".")[0]) for *_, rule in their_tags}
    assert {"fips", "feature", "box", "hotspot"} <= hit
    assert their_tags == my_tags


# --- the command line ----------------------------------------------------------------------------------


def test_export_bigquery_dry_run_prints_the_plan(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app,
        ["export", "bigquery", "--engine", "bigquery://my-project/holosec", "--dry-run", "--through",
         str(THROUGH), "--data-dir", str(tmp_path), "--json"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    assert found["dataset"] == "my-project.holosec" and found["dry_run"] is True
    purposes = [p["purpose"] for p in found["plan"]]
    assert "the events view over GDELT" in purposes and "write the day cells of v2014" in purposes
    assert found["bytes"] is None  # no credentials here to price it with
    text = CliRunner().invoke(
        app,
        ["export", "bigquery", "--engine", "bigquery://my-project/holosec", "--dry-run", "--through",
         str(THROUGH), "--data-dir", str(tmp_path)],
    )  # fmt: skip
    assert text.exit_code == 0 and "CREATE OR REPLACE VIEW `my-project.holosec.events`" in text.stdout


def test_dry_run_needs_bigquery_and_a_real_run_needs_its_client(tmp_path: Path) -> None:
    wrong = CliRunner().invoke(app, ["indicators", "--dry-run", "--data-dir", str(tmp_path)])
    assert wrong.exit_code == 2 and "bigquery://project/dataset" in wrong.output
    live = CliRunner().invoke(
        app,
        ["export", "bigquery", "--engine", "bigquery://my-project/holosec", "--data-dir", str(tmp_path)],
    )
    assert live.exit_code == 1
    assert "pip install 'holosec[bigquery]'" in live.output or "credentials" in live.output


# --- live ----------------------------------------------------------------------------------------------


def test_live_against_a_real_dataset(tmp_path: Path) -> None:
    """With ``HOLOSEC_BIGQUERY_TEST=project/dataset`` (a dataset the credentials may write) and
    ``HOLOSEC_BIGQUERY_SOURCE`` (a small copy of GDELT's events table, to keep the bill small): set the
    dataset up, build the day cells, and read China's monthly indicators back."""
    target = os.environ.get("HOLOSEC_BIGQUERY_TEST")
    if not target:
        pytest.skip("no HOLOSEC_BIGQUERY_TEST=project/dataset: the live BigQuery test needs credentials")
    source = os.environ.get("HOLOSEC_BIGQUERY_SOURCE", "gdelt-bq.gdeltv2.events")
    with Store.open(tmp_path, engine=f"bigquery://{target}") as store:
        engine = engine_for(store)
        assert isinstance(engine, BigQueryEngine)
        done = setup_bigquery(engine, source=source)
        assert done.signatures > 0 and done.tags > 0
        build(store, engine=engine)
        rows = indicators(store, Selection(country="CHN", by="month"))
    assert rows and all(isinstance(row["period"], str | date) for row in rows)
