"""The DuckDB engine adapter: Ibis over the store's own DuckDB connection.

Everything engine-specific that indicator code needs lives here; the indicator modules build Ibis
expressions only, so another adapter (PySpark, BigQuery) can run the very same code.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from datetime import date
from typing import Any

import ibis
import pyarrow as pa
from ibis.backends.duckdb import Backend

from holosec.store import Store


class DuckDBEngine:
    """Ibis expressions evaluated on ``store``'s DuckDB connection: each thread's own (the store gives
    every thread a cursor of its own), so one engine serves a web server's workers.

    Get a store's engine with :func:`engine_for` rather than making another.

    >>> import tempfile, pathlib
    >>> with Store.open(pathlib.Path(tempfile.mkdtemp())) as store:
    ...     engine = DuckDBEngine(store)
    ...     engine.rows(engine.table("events").count().as_table())
    [{'CountStar(events)': 0}]
    """

    name = "duckdb"
    local = True
    cell_unit = "day"  # any set of days' cells can be rewritten

    def __init__(self, store: Store) -> None:
        self.store = store
        self._local = threading.local()

    @property
    def backend(self) -> Backend:
        """The Ibis backend over the calling thread's connection (made on its first use), ready for work."""
        backend: Backend | None = getattr(self._local, "backend", None)
        if backend is None:
            backend = self._local.backend = ibis.duckdb.from_connection(self.store.connection)
        self._settle()
        return backend

    def _settle(self) -> None:
        """Run to its end a result the store's caller left unread (``execute(...).fetchone()``): DuckDB
        lets the connection do nothing else until it is (the calling thread's own connection)."""
        self.store.connection.complete()

    def table(self, name: str) -> ibis.Table:
        """A stored table as an Ibis expression."""
        return self.backend.table(name)

    def small_table(self, name: str, columns: dict[str, list[Any]], schema: dict[str, str]) -> ibis.Table:
        """A small temporary table of reference rows (such as a taxonomy version map), replaced if present."""
        arrow = pa.table({column: columns[column] for column in schema})
        con = self.store.connection  # the calling thread's: its temporary tables are its own
        con.register("holosec_arrow", arrow)
        try:
            con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT * FROM holosec_arrow")
        finally:
            con.unregister("holosec_arrow")
        return self.backend.table(name)

    def rows(self, expr: ibis.Table) -> list[dict[str, Any]]:
        """The result of ``expr`` as a list of dicts (a read: in parallel, within the time limit)."""
        with self.store.limited():
            self._settle()
            return list(expr.to_pyarrow().to_pylist())

    def value(self, expr: ibis.Scalar) -> Any:
        """The value of a scalar expression (a count, a sum)."""
        with self.store.limited():
            self._settle()
            return expr.to_pyarrow().as_py()

    def drop_temp(self, *names: str) -> None:
        """Drop temporary tables made by :meth:`create_temp`."""
        for name in names:
            self.store.execute(f"DROP TABLE IF EXISTS temp.{name}")

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

    def delete_where(
        self, table: str, column: str, values: Sequence[Any], also: dict[str, Any] | None = None
    ) -> None:
        """Delete the rows of ``table`` whose ``column`` is one of ``values`` (and whose columns ``also``
        name have the values given)."""
        extra = "".join(f" AND {name} = ?" for name in also or {})
        params = [list(values), *(also or {}).values()]
        self.store.execute(f"DELETE FROM {table} WHERE list_contains(?, {column}){extra}", params)

    # --- the ledger's mark and the day cells -------------------------------------------------------------

    def watermark(self) -> tuple[int, int, int]:
        """The store's :meth:`~holosec.store.Store.ledger_mark`: what the day cells must match."""
        return self.store.ledger_mark()

    def rollup_state(self, taxonomy: str) -> tuple[int, int, int] | None:
        """The mark the day cells of ``taxonomy`` were built at, or None when there are none."""
        row = self.store.execute(
            "SELECT through_file, tags_serial, fusion_serial FROM rollup_state WHERE taxonomy = ?", [taxonomy]
        ).fetchall()
        return (int(row[0][0]), int(row[0][1]), int(row[0][2])) if row else None

    def save_rollup_state(self, taxonomy: str, mark: tuple[int, int, int]) -> None:
        """Record that the day cells of ``taxonomy`` now match ``mark``."""
        self.store.execute("DELETE FROM rollup_state WHERE taxonomy = ?", [taxonomy])
        self.store.execute(
            "INSERT INTO rollup_state VALUES (?, ?, ?, ?, now()::TIMESTAMP)", [taxonomy, *mark]
        )

    def maintained(self) -> list[str]:
        """The taxonomy versions with day cells."""
        return [
            row[0] for row in self.store.execute("SELECT taxonomy FROM rollup_state ORDER BY 1").fetchall()
        ]

    def write_cells(self, taxonomy: str, cells: ibis.Table, days: Sequence[date] | None) -> int:
        """Replace the day cells of ``taxonomy`` (of ``days`` only, when given) by ``cells``."""
        if days is None:
            self.delete_where("rollup_days", "taxonomy", [taxonomy])
        else:
            self.delete_where("rollup_days", "period", list(days), also={"taxonomy": taxonomy})
        made = self.create_temp("holosec_rollup_cells", cells)
        self.insert("rollup_days", made)
        count = int(self.value(made.count()))
        self.drop_temp("holosec_rollup_cells")
        return count
