"""What indicator code asks of an engine: the :class:`Engine` protocol every adapter implements."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, Protocol

import ibis

from holosec.store import Store


class Engine(Protocol):
    """An Ibis backend bound to a store, with the few operations Ibis does not express.

    ``local`` is True when the engine is the store's own DuckDB: the store's other tables (ledger,
    workspace, alerts) and its day cells are then the engine's. A remote engine (Spark, BigQuery) holds
    copies of the analytic tables and its own day cells, kept by :mod:`holosec.indicators.rollup`.
    """

    name: str
    local: bool
    cell_unit: str  # "day": any days' cells can be rewritten; "month": whole months only
    store: Store

    def table(self, name: str) -> ibis.Table:
        """A table (``events``, ``event_tags``, ``fused_events``, ``aggregate_counts``, ``rollup_days``)."""
        ...

    def small_table(self, name: str, columns: dict[str, list[Any]], schema: dict[str, str]) -> ibis.Table:
        """A small temporary table of reference rows, replaced if present."""
        ...

    def rows(self, expr: ibis.Table) -> list[dict[str, Any]]:
        """The result of ``expr`` as a list of dicts."""
        ...

    def value(self, expr: ibis.Scalar) -> Any:
        """The value of a scalar expression."""
        ...

    def sql(self, expr: ibis.Expr) -> str:
        """The SQL ``expr`` compiles to on this engine."""
        ...

    def create_temp(self, name: str, expr: ibis.Table) -> ibis.Table:
        """``expr`` materialised for the life of the engine, as an expression."""
        ...

    def drop_temp(self, *names: str) -> None:
        """Drop what :meth:`create_temp` made."""
        ...

    def write_cells(self, taxonomy: str, cells: ibis.Table, days: Sequence[date] | None) -> int:
        """Replace the day cells of ``taxonomy`` (only those of ``days``, when given) by ``cells`` (which
        hold those days' cells and nothing else); returns the cells written."""
        ...

    def watermark(self) -> tuple[int, int, int]:
        """(last ledger file, tags serial, fusion serial) of the data the engine reads: what its day
        cells must have been built from to be current."""
        ...

    def rollup_state(self, taxonomy: str) -> tuple[int, int, int] | None:
        """The :meth:`watermark` the day cells of ``taxonomy`` were built at; None when there are none."""
        ...

    def save_rollup_state(self, taxonomy: str, mark: tuple[int, int, int]) -> None:
        """Record that the day cells of ``taxonomy`` now match ``mark``."""
        ...

    def maintained(self) -> list[str]:
        """The taxonomy versions with day cells."""
        ...
