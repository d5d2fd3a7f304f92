"""The BigQuery engine adapter: the same Ibis expressions compiled to BigQuery SQL and run in a dataset
(``bigquery://project/dataset``; ``pip install 'holosec[bigquery]'``, credentials as Google's client
libraries find them: ``GOOGLE_APPLICATION_CREDENTIALS`` or ``gcloud auth application-default login``).

The dataset is set up by ``holosec export bigquery`` (:mod:`holosec.engines.bigquery_setup`): an events
view over GDELT's public table, holosec's crosswalks and tags, and the day cells, which holosec writes
there with one MERGE per refresh, since BigQuery bills every query by the columns it scans.

With ``?dry_run=1`` in the URL (``--dry-run`` on the CLI) nothing runs: each query is compiled, priced by
BigQuery's dry run when credentials are at hand (else shown without a price) and kept in :attr:`plan`;
reads answer empty, and the day cells count as current.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import ibis
import ibis.expr.operations as ops
import pyarrow as pa

from holosec.engines.bigquery_sql import (
    MARK,
    ROLLUP_STATE,
    empty_table_sql,
    merge_cells_sql,
    quoted,
    save_state_sql,
    table_sql,
)
from holosec.engines.duckdb import DuckDBEngine
from holosec.engines.url import EngineURL
from holosec.errors import StoreError
from holosec.store import Store

TABLES = ("events", "event_tags", "fused_events", "aggregate_counts", "rollup_days")
"""The tables the indicator code reads; each has the columns of the local store's table of that name."""


class BigQueryMissing(StoreError):
    """The BigQuery client library or credentials are not there, or the dataset is not set up."""


@dataclass(frozen=True)
class Planned:
    """A statement a dry run did not run: what it was for, its SQL and the bytes BigQuery would scan
    (None when no credentials were at hand to ask)."""

    purpose: str
    sql: str
    bytes: int | None


def client_for(project: str) -> Any:
    """A BigQuery client for ``project``; :class:`BigQueryMissing` saying what to install or set up."""
    try:
        from google.cloud import bigquery
    except ImportError as exc:
        raise BigQueryMissing(
            "the BigQuery engine needs google-cloud-bigquery: pip install 'holosec[bigquery]'"
        ) from exc
    try:
        return bigquery.Client(project=project)
    except Exception as exc:  # google.auth's errors, whichever: said in one line
        raise BigQueryMissing(
            f"no BigQuery credentials for {project}: set GOOGLE_APPLICATION_CREDENTIALS or run "
            f"gcloud auth application-default login ({type(exc).__name__}: {exc})"
        ) from exc


class BigQueryEngine:
    """Ibis expressions compiled to BigQuery SQL and run by the client in ``url``'s dataset (see the module
    docstring). Get a store's engine with :func:`holosec.engines.engine_for` rather than making another.

    >>> import tempfile, pathlib
    >>> with Store.open(pathlib.Path(tempfile.mkdtemp())) as store:
    ...     engine = BigQueryEngine(store, EngineURL.parse("bigquery://my-project/holosec?dry_run=1"))
    ...     events = engine.table("events")
    ...     print(engine.sql(events.filter(events.actor1_country == "CHN").select("date", "event_id")))
    SELECT
      `t0`.`date`,
      `t0`.`event_id`
    FROM `my-project`.`holosec`.`events` AS `t0`
    WHERE
      `t0`.`actor1_country` = 'CHN'
    """

    name = "bigquery"
    local = False
    cell_unit = "day"  # a MERGE replaces any set of days

    def __init__(self, store: Store, url: EngineURL, client: Any = None) -> None:
        assert url.project is not None and url.dataset is not None
        self.store = store
        self.url = url
        self.project, self.dataset_name = url.project, url.dataset
        self.dataset = f"{url.project}.{url.dataset}"
        self.dry_run = url.options.get("dry_run", "").lower() in ("1", "true", "yes")
        self.plan: list[Planned] = []
        if client is None:
            try:
                client = client_for(url.project)
            except BigQueryMissing:
                if not self.dry_run:
                    raise
                client = None  # a dry run without credentials still shows the SQL
        self.client = client
        self._prefix = f"holosec_tmp_{secrets.token_hex(4)}_"
        self._temps: dict[str, ibis.Schema] = {}
        self._lock = threading.Lock()

    # --- running SQL -----------------------------------------------------------------------------------

    def run(self, sql: str, purpose: str = "query") -> pa.Table | None:
        """Run ``sql`` (its result as Arrow); in a dry run, price it and keep it in :attr:`plan` instead."""
        if self.dry_run:
            scanned = None
            if self.client is not None:
                from google.api_core.exceptions import GoogleAPICallError
                from google.cloud import bigquery

                config = bigquery.QueryJobConfig(dry_run=True, use_query_cache=False)
                try:
                    scanned = int(self.client.query(sql, job_config=config).total_bytes_processed or 0)
                except GoogleAPICallError as exc:  # BigQuery's answer: the plan says why
                    # A statement reading what an earlier one of the plan would make cannot be priced yet.
                    first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
                    purpose = f"{purpose} (not priced: {first})"
            with self._lock:
                self.plan.append(Planned(purpose, sql, scanned))
            return None
        job = self.client.query(sql)
        result = job.result()
        return result.to_arrow() if job.statement_type == "SELECT" else None

    def load(self, name: str, schema: dict[str, str], rows: list[tuple[Any, ...]], purpose: str) -> None:
        """Replace table ``name`` by ``rows`` (typed by ``schema``, Ibis types): a load job, not a query, so
        it costs nothing and takes any number of rows; a dry run keeps a note of it."""
        if self.dry_run:
            with self._lock:
                self.plan.append(
                    Planned(purpose, f"-- load {len(rows)} rows into {quoted(self.dataset, name)}", 0)
                )
            return
        from google.cloud import bigquery

        from holosec.engines.bigquery_sql import bigquery_type

        fields = [bigquery.SchemaField(column, bigquery_type(kind)) for column, kind in schema.items()]
        config = bigquery.LoadJobConfig(schema=fields, write_disposition="WRITE_TRUNCATE")
        records = [dict(zip(schema, row, strict=True)) for row in rows]
        self.client.load_table_from_json(records, f"{self.dataset}.{name}", job_config=config).result()

    # --- the Engine protocol ---------------------------------------------------------------------------

    def schema(self, name: str) -> ibis.Schema:
        """The columns of table ``name``: the local store's table of that name (a map column is JSON)."""
        local = self.store.shared(DuckDBEngine).table(name).schema()
        return ibis.schema({c: ibis.dtype("json") if t.is_map() else t for c, t in local.items()})

    def table(self, name: str) -> ibis.Table:
        """A table of the dataset (or a temporary one of this engine) as an Ibis expression: its columns
        are the local store's table of that name, as the setup made them."""
        if name in self._temps:
            return ibis.table(
                self._temps[name], name=self._prefix + name, catalog=self.project, database=self.dataset_name
            )
        return ibis.table(self.schema(name), name=name, catalog=self.project, database=self.dataset_name)

    def sql(self, expr: ibis.Expr) -> str:
        """The BigQuery SQL ``expr`` compiles to."""
        return str(ibis.to_sql(expr, dialect="bigquery"))

    def rows(self, expr: ibis.Table) -> list[dict[str, Any]]:
        """The result of ``expr`` as a list of dicts. A dry run answers as if the tables were empty: no
        rows, and for an aggregate over everything the one row SQL gives (counts 0, other values null)."""
        found = self.run(self.sql(expr), "read")
        if found is not None:
            return list(found.to_pylist())
        op = expr.op()
        if isinstance(op, ops.Aggregate) and not op.groups:
            return [{name: _empty(kind) for name, kind in expr.schema().items()}]
        return []

    def value(self, expr: ibis.Scalar) -> Any:
        """The value of a scalar expression (a dry run: as over empty tables, 0 for a count, else None)."""
        found = self.run(self.sql(expr.as_table()), "read")
        if found is None:
            return _empty(expr.type())
        return None if found.num_rows == 0 else found.column(0)[0].as_py()

    def small_table(self, name: str, columns: dict[str, list[Any]], schema: dict[str, str]) -> ibis.Table:
        """A small table of reference rows, replaced if present, that expires with the day."""
        rows = list(zip(*(columns[column] for column in schema), strict=True))
        sql = table_sql(self.dataset, self._prefix + name, schema, rows)
        self.run(_expiring(sql), f"reference rows {name}")
        self._temps[name] = ibis.schema(schema)
        return self.table(name)

    def create_temp(self, name: str, expr: ibis.Table) -> ibis.Table:
        """``expr`` materialised as a table that expires with the day, as an expression."""
        target = quoted(self.dataset, self._prefix + name)
        self.run(_expiring(f"CREATE OR REPLACE TABLE {target} AS\n{self.sql(expr)}"), f"work table {name}")
        self._temps[name] = expr.schema()
        return self.table(name)

    def drop_temp(self, *names: str) -> None:
        """Drop what :meth:`create_temp` and :meth:`small_table` made."""
        for name in names:
            if self._temps.pop(name, None) is not None:
                self.run(f"DROP TABLE IF EXISTS {quoted(self.dataset, self._prefix + name)}", f"drop {name}")

    def watermark(self) -> tuple[int, int, int]:
        """The dataset's mark (the ``DATEADDED`` its events view ends at, its tags serial, 0): what the day
        cells must have been built from. A dry run reads nothing: (0, 0, 0)."""
        if self.dry_run:
            return (0, 0, 0)
        found = self.run(f"SELECT * FROM {quoted(self.dataset, 'holosec_mark')}", "the dataset's mark")
        if found is None or found.num_rows == 0:
            raise BigQueryMissing(f"{self.dataset}: not set up for holosec; run: holosec export bigquery")
        row = found.to_pylist()[0]
        return int(row["through_file"]), int(row["tags_serial"]), int(row["fusion_serial"])

    def rollup_state(self, taxonomy: str) -> tuple[int, int, int] | None:
        """The mark the day cells of ``taxonomy`` were built at (a dry run: the mark, so they count as
        current and the plan shows the reads)."""
        if self.dry_run:
            return self.watermark()
        found = self.run(f"SELECT * FROM {quoted(self.dataset, 'rollup_state')}", "the day cells' state")
        for row in [] if found is None else found.to_pylist():
            if row["taxonomy"] == taxonomy:
                return int(row["through_file"]), int(row["tags_serial"]), int(row["fusion_serial"])
        return None

    def save_rollup_state(self, taxonomy: str, mark: tuple[int, int, int]) -> None:
        """Record that the day cells of ``taxonomy`` now match ``mark``."""
        self.run(save_state_sql(self.dataset, taxonomy, mark), f"record the day cells of {taxonomy}")

    def maintained(self) -> list[str]:
        """The taxonomy versions with day cells in the dataset."""
        found = self.run(
            f"SELECT taxonomy FROM {quoted(self.dataset, 'rollup_state')}", "the day cells' state"
        )
        return sorted(row["taxonomy"] for row in ([] if found is None else found.to_pylist()))

    def write_cells(self, taxonomy: str, cells: ibis.Table, days: Sequence[date] | None) -> int:
        """Replace the day cells of ``taxonomy`` (those of ``days`` only, when given) by ``cells``, in one
        MERGE; returns the cells written (a dry run: 0)."""
        schema = self.schema("rollup_days")
        ordered = cells.select(
            *(
                cells[c].cast(kind) if c in cells.columns else ibis.null(kind).name(c)
                for c, kind in schema.items()
            )
        )
        self.run(
            merge_cells_sql(self.dataset, taxonomy, self.sql(ordered), days),
            f"write the day cells of {taxonomy}",
        )
        if self.dry_run:
            return 0
        counted = self.table("rollup_days")
        counted = counted.filter(counted.taxonomy == taxonomy)
        if days is not None:
            counted = counted.filter(counted.period.isin(list(days)))
        return int(self.value(counted.count()) or 0)

    def close(self) -> None:
        """Drop this engine's work tables."""
        self.drop_temp(*list(self._temps))

    # --- the tables a setup makes ----------------------------------------------------------------------

    def storage_statements(self) -> list[tuple[str, str]]:
        """(purpose, SQL) making the tables holosec writes in the dataset, when they do not exist."""
        return [
            (
                "rollup_days",
                empty_table_sql(
                    self.dataset,
                    "rollup_days",
                    dict(self.schema("rollup_days").items()),
                    "\nPARTITION BY DATE_TRUNC(period, MONTH)\nCLUSTER BY taxonomy, view, country",
                ),
            ),
            ("rollup_state", empty_table_sql(self.dataset, "rollup_state", _typed(ROLLUP_STATE))),
            (
                "fused_events",
                empty_table_sql(self.dataset, "fused_events", dict(self.schema("fused_events").items())),
            ),
            (
                "aggregate_counts",
                empty_table_sql(
                    self.dataset, "aggregate_counts", dict(self.schema("aggregate_counts").items())
                ),
            ),
            ("holosec_mark", empty_table_sql(self.dataset, "holosec_mark", _typed(MARK))),
        ]


def _empty(kind: ibis.DataType) -> Any:
    """What an aggregate of ``kind`` gives over no rows: 0 for an integer (a count), else null."""
    return 0 if kind.is_integer() else None


def _typed(schema: dict[str, str]) -> dict[str, ibis.DataType]:
    return {column: ibis.dtype(kind) for column, kind in schema.items()}


def _expiring(sql: str) -> str:
    """A ``CREATE TABLE ... AS`` that BigQuery deletes a day later (work tables are never left behind)."""
    head, _, query = sql.partition(" AS\n")
    expires = "TIMESTAMP_ADD(CURRENT_TIMESTAMP(), INTERVAL 1 DAY)"
    return f"{head}\nOPTIONS (expiration_timestamp = {expires}) AS\n{query}"
