"""Where the analytics run. Indicator code is written once as Ibis expressions (the portable query layer);
an engine adapter binds them to a backend and holds the few operations Ibis does not express (deleting
rows, replacing a table's rows by an expression). DuckDB, the store's own engine, is the default adapter.

Every module gets a store's engine from :func:`engine_for`: one adapter per store, kept while it is open.
"""

from holosec.engines.duckdb import DuckDBEngine, engine_for

__all__ = ["DuckDBEngine", "engine_for"]
