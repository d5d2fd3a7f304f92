"""The DuckDB engine adapter: Ibis over the store's own DuckDB connection.

Everything engine-specific that indicator code needs lives here; the indicator modules build Ibis
expressions only, so another adapter (PySpark, BigQuery) can run the very same code.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import ibis
import pyarrow as pa
from ibis.backends.duckdb import Backend

from holosec.perspective.model import Perspective
from holosec.perspective.relations import perspective_sql
from holosec.store import Store


class DuckDBEngine:
    """Ibis expressions evaluated on ``store``'s DuckDB connection.

    >>> import tempfile, pathlib
    >>> with Store.open(pathlib.Path(tempfile.mkdtemp())) as store:
    ...     engine = DuckDBEngine(store)
    ...     engine.rows(engine.table("events").count().as_table())
    [{'CountStar(events)': 0}]
    """

    name = "duckdb"

    def __init__(self, store: Store) -> None:
        self.store = store
        self.backend: Backend = ibis.duckdb.from_connection(store.connection)

    def table(self, name: str) -> ibis.Table:
        """A stored table as an Ibis expression."""
        return self.backend.table(name)

    def small_table(self, name: str, columns: dict[str, list[Any]], schema: dict[str, str]) -> ibis.Table:
        """A small temporary table of reference rows (such as a taxonomy version map), replaced if present."""
        arrow = pa.table({column: columns[column] for column in schema})
        with self.store.lock:
            con = self.store.connection
            con.register("holosec_arrow", arrow)
            try:
                con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT * FROM holosec_arrow")
            finally:
                con.unregister("holosec_arrow")
        return self.backend.table(name)

    def rows(self, expr: ibis.Table) -> list[dict[str, Any]]:
        """The result of ``expr`` as a list of dicts."""
        with self.store.lock:
            return list(expr.to_pyarrow().to_pylist())

    def relations(self, perspective: Perspective) -> ibis.Table:
        """(event_id, relation, security, nature) of every stored event relative to ``perspective``: the
        perspective module's classification, which is written in DuckDB SQL."""
        self.store.execute(f"CREATE OR REPLACE TEMP VIEW holosec_relations AS {perspective_sql(perspective)}")
        return self.backend.table("holosec_relations")

    def value(self, expr: ibis.Scalar) -> Any:
        """The value of a scalar expression (a count, a sum)."""
        with self.store.lock:
            return expr.to_pyarrow().as_py()

    def drop_temp(self, *names: str) -> None:
        """Drop temporary tables made by :meth:`create_temp`."""
        for name in names:
            self.store.execute(f"DROP TABLE IF EXISTS {name}")

    def sql(self, expr: ibis.Expr) -> str:
        """The SQL ``expr`` compiles to on this engine."""
        return str(self.backend.compile(expr))

    def insert(self, table: str, expr: ibis.Table) -> None:
        """Append the rows of ``expr`` to ``table``, matching columns by name."""
        self.store.execute(f"INSERT INTO {table} BY NAME {self.sql(expr)}")

    def create_temp(self, name: str, expr: ibis.Table) -> ibis.Table:
        """Materialise ``expr`` as a temporary table (for the life of the connection) and return it."""
        self.store.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS {self.sql(expr)}")
        return self.backend.table(name)

    def delete_matching(self, table: str, keys: ibis.Table, on: Sequence[str]) -> None:
        """Delete the rows of ``table`` whose columns ``on`` equal a row of ``keys`` (NULLs match NULLs)."""
        match = " AND ".join(f"t.{column} IS NOT DISTINCT FROM k.{column}" for column in on)
        self.store.execute(f"DELETE FROM {table} AS t USING ({self.sql(keys)}) AS k WHERE {match}")

    def delete_where(
        self, table: str, column: str, values: Sequence[Any], also: dict[str, Any] | None = None
    ) -> None:
        """Delete the rows of ``table`` whose ``column`` is one of ``values`` (and whose columns ``also``
        name have the values given)."""
        extra = "".join(f" AND {name} = ?" for name in also or {})
        params = [list(values), *(also or {}).values()]
        self.store.execute(f"DELETE FROM {table} WHERE list_contains(?, {column}){extra}", params)
