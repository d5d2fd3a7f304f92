"""The same indicators on Spark as on DuckDB: a real local Spark session (``local[2]``, one for the whole
run: pyspark from the test extra, Java from Debian's ``default-jre-headless``, which ``.ci/run``
installs) reads the Parquet ``holosec export spark`` writes of a copy of the demo store, builds its own
day cells, and every read below must equal DuckDB's on the demo store to 1e-9 (relative).

Spark starts once, in a session fixture: the suite costs about three minutes on 2 cores, most of it the
day-cell build (docs/engines.md)."""

from __future__ import annotations

import json
import math
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from holosec.engines import engine_for
from holosec.export import export_for_spark
from holosec.indicators.catalog import countries, pairs
from holosec.indicators.coupling import coupling
from holosec.indicators.evidence import evidence
from holosec.indicators.frame import Quality
from holosec.indicators.index import index_series, threat_index
from holosec.indicators.measures import SUMS
from holosec.indicators.query import Selection, indicators, panel, perspective_indicators, world_events
from holosec.indicators.rollup import located_months, refresh, staleness
from holosec.ingest import ingest_paths
from holosec.regional.groupings import load_grouping
from holosec.regional.lens_series import lens_indicators
from holosec.regional.matrix import region_matrix
from holosec.regional.principles import latest_period, principles
from holosec.samples import gdelt_samples
from holosec.store import Store
from holosec.store.store import STORE_FILE
from holosec.warning.panels import store_panel
from holosec.warning.watch import load_rules, run_rules, stored_alerts

from conftest import needed


def missing_spark() -> str | None:
    """Why Spark cannot run here (None when it can): pyspark (the test extra) and a Java runtime."""
    try:
        import pyspark  # noqa: F401
    except ImportError:
        return "no pyspark: pip install -e '.[test]'"
    if shutil.which("java") is None:
        return "no Java: apt-get install default-jre-headless (.ci/run does it)"
    return None


RELATIVE = 1e-9


def same(a: Any, b: Any, path: str = "") -> None:
    """``a`` equals ``b``, floats to :data:`RELATIVE` (NaN equals NaN), dicts and lists item by item."""
    if isinstance(a, dict) and isinstance(b, dict):
        assert a.keys() == b.keys(), path
        for key in a:
            same(a[key], b[key], f"{path}.{key}")
    elif isinstance(a, list | tuple) and isinstance(b, list | tuple):
        assert len(a) == len(b), f"{path}: {len(a)} != {len(b)} items"
        for n, (x, y) in enumerate(zip(a, b, strict=True)):
            same(x, y, f"{path}[{n}]")
    elif isinstance(a, float) and isinstance(b, float | int):
        assert (math.isnan(a) and math.isnan(b)) or b == pytest.approx(a, rel=RELATIVE, abs=1e-12), path
    else:
        assert a == b, f"{path}: {a!r} != {b!r}"


@pytest.fixture(scope="session")
def spark_store(demo_store: Store, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """A copy of the demo store whose analytics run on Spark, over its Parquet export."""
    needed(missing_spark(), "Spark")
    folder = tmp_path_factory.mktemp("spark-store")
    demo_store.execute("CHECKPOINT")
    shutil.copy2(demo_store.data_dir / STORE_FILE, folder / STORE_FILE)
    data = folder / "parquet"
    with Store.open(folder, engine=f"spark://local[2]?data={data}") as store:
        export_for_spark(store, data)
        refresh(store)  # Spark's own day cells, from the export
        yield store


def test_the_engine_is_spark_and_its_cells_are_current(spark_store: Store, demo_store: Store) -> None:
    assert engine_for(spark_store).name == "spark"
    assert engine_for(demo_store).name == "duckdb"
    assert staleness(spark_store) is None
    assert (Path(engine_for(spark_store).data) / "rollup_days").is_dir()  # type: ignore[attr-defined]


def _cells(store: Store) -> tuple[list[tuple[Any, ...]], np.ndarray]:
    """Every v2014 day cell: the sorted keys, and their sums as one array in the same order."""
    engine = engine_for(store)
    days = engine.table("rollup_days")
    days = days.filter(days.taxonomy == "v2014")
    order = ("period", "view", "country", "partner", "field", "aggregate_grain")
    rows = sorted(engine.rows(days.select(*order, *SUMS)), key=lambda r: tuple(r[k] or "" for k in order))
    return [tuple(r[k] for k in order) for r in rows], np.array([[r[k] for k in SUMS] for r in rows], float)


def test_every_day_cell_is_the_same(spark_store: Store, demo_store: Store) -> None:
    (spark_keys, spark), (duck_keys, duck) = _cells(spark_store), _cells(demo_store)
    assert len(spark_keys) == len(duck_keys) > 400_000
    assert spark_keys == duck_keys
    assert np.allclose(spark, duck, rtol=RELATIVE, atol=1e-12)


SELECTIONS = [
    Selection(country="CHN", by="month"),
    Selection(country="CHN", partner="VNM", by="month", start=date(2014, 1, 1), end=date(2014, 12, 31)),
    Selection(country="CHN", partner="VNM", by="day", start=date(2014, 5, 1), end=date(2014, 5, 31)),
    Selection(country="VNM", partner="CHN", by="week", undirected=True, start=date(2014, 4, 1)),
    Selection(country="PRK", location=True, by="month"),
    Selection(by="month", field="military"),
    Selection(country="USA", field="economic", by="week", start=date(2015, 10, 1), end=date(2015, 12, 31)),
    Selection(country="CHN", by="month", dedup=False, start=date(2015, 1, 1)),
    Selection(country="CHN", by="month", quality=Quality(min_sources=2), start=date(2015, 1, 1)),
    Selection(country="USA", by="week", quality=Quality(actors_resolved=True, location="admin1")),
    Selection(country="IND", by="month", quality=Quality(min_mentions=3, location="city")),
]


@pytest.mark.parametrize("selection", SELECTIONS, ids=lambda s: f"{s.view}-{s.country}-{s.by}-{s.dedup}")
def test_indicators_are_the_same(spark_store: Store, demo_store: Store, selection: Selection) -> None:
    duck = indicators(demo_store, selection)
    assert duck, "an empty series proves nothing"
    same(indicators(spark_store, selection), duck)
    same(world_events(spark_store, selection), world_events(demo_store, selection))


@pytest.mark.parametrize(
    ("selection", "period", "indicator"),
    [
        (Selection(country="CHN", partner="VNM", by="month"), "2014-05", None),
        (Selection(country="CHN", partner="VNM", by="month"), "2014-05", "conflict_events"),
        (Selection(country="USA", by="month", dedup=False), "2015-10", "goldstein_mean"),
        (Selection(country="CHN", field="military", by="month"), "2015-10", None),
    ],
)
def test_evidence_is_the_same(
    spark_store: Store, demo_store: Store, selection: Selection, period: str, indicator: str | None
) -> None:
    duck = evidence(demo_store, selection, period, limit=50, indicator=indicator)
    assert duck["count"] > 0
    same(evidence(spark_store, selection, period, limit=50, indicator=indicator), duck)


def test_panels_catalog_and_located_months_are_the_same(spark_store: Store, demo_store: Store) -> None:
    for view in ("country", "pair_u", "location"):
        same(panel(spark_store, by="month", view=view), panel(demo_store, by="month", view=view))
    same(countries(spark_store), countries(demo_store))
    same(pairs(spark_store, "CHN"), pairs(demo_store, "CHN"))
    same(located_months(spark_store, ("PRK",)), located_months(demo_store, ("PRK",)))


def test_the_index_coupling_and_perspective_are_the_same(spark_store: Store, demo_store: Store) -> None:
    for perspective in ("CHN", "JPN"):
        same(threat_index(spark_store, perspective), threat_index(demo_store, perspective))
    same(index_series(spark_store, "VNM", field="all"), index_series(demo_store, "VNM", field="all"))
    same(coupling(spark_store, "CHN"), coupling(demo_store, "CHN"))
    chosen = Selection(by="month", start=date(2015, 1, 1))
    same(
        perspective_indicators(spark_store, "CHN", chosen), perspective_indicators(demo_store, "CHN", chosen)
    )


def test_the_regional_views_are_the_same(spark_store: Store, demo_store: Store) -> None:
    same(region_matrix(spark_store, "SCO"), region_matrix(demo_store, "SCO"))
    same(lens_indicators(spark_store, "neighbourhood"), lens_indicators(demo_store, "neighbourhood"))
    same(principles(spark_store, "CICA"), principles(demo_store, "CICA"))
    assert latest_period(spark_store, load_grouping("CICA"), "month") == latest_period(
        demo_store, load_grouping("CICA"), "month"
    )


def test_the_icews_warning_panel_is_the_same(spark_store: Store, demo_store: Store) -> None:
    on_spark, on_duckdb = store_panel(spark_store, "CHN"), store_panel(demo_store, "CHN")
    assert on_duckdb.keys and on_duckdb.values.sum() > 0  # the demo's ICEWS sample has China's conflicts
    assert on_spark.keys == on_duckdb.keys
    assert np.array_equal(on_spark.values, on_duckdb.values)


def test_the_alert_rules_raise_the_same_alerts(spark_store: Store, demo_store: Store) -> None:
    # The rules that raised alerts on the demo (two of them: each rule is many small Spark jobs).
    stored = stored_alerts(demo_store)
    raising = sorted({row["rule"] for row in stored})[:2]
    assert raising
    rules = [rule for rule in load_rules() if rule.id in raising]
    kept = (
        "series",
        "period_start",
        "detector",
        "rule",
        "score",
        "severity",
        "value",
        "baseline",
        "evidence",
    )

    def alerts(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        shown = [{k: row.get(k) for k in kept} for row in rows if row["rule"] in raising]
        for row in shown:
            row["evidence"] = (
                json.loads(row["evidence"]) if isinstance(row["evidence"], str) else row["evidence"]
            )
        return sorted(shown, key=lambda r: (r["series"], r["period_start"], r["detector"]))

    raised = alerts(run_rules(spark_store, rules))
    assert len(raised) > 0
    same(raised, alerts(stored))


def test_spark_cells_follow_new_files_a_month_at_a_time(tmp_path: Path) -> None:
    """After an ingest and a new export, Spark rewrites only the months of the new files' events (its
    partitions), and the cells equal DuckDB's full build of the same store."""
    needed(missing_spark(), "Spark")
    chosen = ("geomesa__geomesa-tutorials", "narayave__Insight-GDELT-Feed")
    first, second = (next(p for p in gdelt_samples() if p.parent.name == name) for name in chosen)
    data = tmp_path / "parquet"
    with (
        Store.open(tmp_path / "duck") as duck,
        Store.open(tmp_path / "spark", engine=f"spark://local[2]?data={data}") as spark,
    ):
        for store in (duck, spark):
            assert ingest_paths(store, [first]).exit_code == 0
        export_for_spark(spark, data)
        assert refresh(spark).mode == "full"
        for store in (duck, spark):
            assert ingest_paths(store, [second]).exit_code == 0
        export_for_spark(spark, data)
        assert staleness(spark) == "out of date"
        report = refresh(spark)
        assert report.mode == "days" and report.days > 0
        assert staleness(spark) is None
        (spark_keys, spark_sums), (duck_keys, duck_sums) = _cells(spark), _cells(duck)
        assert spark_keys == duck_keys and len(duck_keys) > 1000
        assert np.allclose(spark_sums, duck_sums, rtol=RELATIVE, atol=1e-12)


def missing_connect() -> str | None:
    """Why a Spark Connect client cannot run here (None when it can): its gRPC libraries."""
    try:
        import grpc  # noqa: F401
    except ImportError:
        return "no Spark Connect client: pip install -e '.[test]' (pyspark[connect])"
    return None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_the_cli_answers_through_a_spark_connect_server(tmp_path: Path) -> None:
    """``--engine sc://host:port``: holosec's CLI asks a real Spark Connect server (started here from the
    pyspark wheel), which reads the export and builds its own cells; the answer is DuckDB's."""
    needed(missing_spark(), "Spark")
    needed(missing_connect(), "Spark Connect")
    import pyspark

    home = Path(pyspark.__file__).parent
    store_dir, data, port = tmp_path / "store", tmp_path / "parquet", _free_port()
    with Store.open(store_dir) as store:
        geomesa = next(p for p in gdelt_samples() if p.parent.name == "geomesa__geomesa-tutorials")
        assert ingest_paths(store, [geomesa]).exit_code == 0
        export_for_spark(store, data)
    submit = [str(home / "bin" / "spark-submit"), "--master", "local[2]", "--conf", "spark.ui.enabled=false"]
    submit += ["--conf", f"spark.connect.grpc.binding.port={port}"]
    submit += ["--class", "org.apache.spark.sql.connect.service.SparkConnectServer", "spark-internal"]
    server = subprocess.Popen(
        submit,
        env={**os.environ, "SPARK_HOME": str(home)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            assert server.poll() is None, "the Spark Connect server stopped"
            time.sleep(1)
        else:
            pytest.fail("the Spark Connect server did not listen within 180 s")
        ask = [sys.executable, "-m", "holosec", "indicators", "--country", "USA", "--by", "week"]
        ask += ["--data-dir", str(store_dir), "--json"]
        remote = subprocess.run(
            [*ask, "--engine", f"sc://127.0.0.1:{port}?data={data}"],
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert remote.returncode == 0, remote.stderr[-2000:]
        local = subprocess.run(ask, capture_output=True, text=True, timeout=300, check=True)
        found, expected = json.loads(remote.stdout), json.loads(local.stdout)
        assert expected["count"] > 0
        same(found, expected)
        assert (data / "rollup_days").is_dir()  # the server built its own cells beside the export
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)


def test_the_export_for_spark_holds_every_row_and_its_mark(tmp_path: Path) -> None:
    """``holosec export spark`` (no Spark needed): every stored row of the four tables, events by year,
    and the ledger mark; a second export replaces the tables and keeps Spark's own cells beside them."""
    folder = tmp_path / "parquet"
    with Store.open(tmp_path / "store") as store:
        assert ingest_paths(store, gdelt_samples()).exit_code == 0
        first = export_for_spark(store, folder)
        stored = {name: int(store.scalar(f"SELECT count(*) FROM {name}")) for name in first.rows}
        (folder / "rollup_days").mkdir()  # as if Spark had built its cells here
        again = export_for_spark(store, folder)
        read = {
            name: int(store.scalar(f"SELECT count(*) FROM read_parquet('{folder / name}/**/*.parquet')"))
            for name in first.rows
        }
    assert first.rows == again.rows == stored == read and stored["events"] > 5000
    assert sorted(p.name for p in (folder / "events").iterdir())[0].startswith("year=")
    mark = json.loads((folder / "export.json").read_text())
    assert (mark["through_file"], mark["rows"]) == (again.through_file, stored) and again.through_file > 0
    assert (
        (folder / "rollup_days").is_dir()
        and not list(folder.glob("*.part"))
        and not list(folder.glob("*.old"))
    )
