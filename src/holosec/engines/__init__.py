"""Where the analytics run. Indicator code is written once as Ibis expressions (the portable query layer);
an engine adapter binds them to a backend and holds the few operations Ibis does not express (writing the
day cells, temporary tables). DuckDB, the store's own engine, is the default; Spark
(:mod:`holosec.engines.spark`) runs the same expressions on a Spark session and BigQuery
(:mod:`holosec.engines.bigquery`) in a dataset over GDELT's public tables, chosen by an engine URL
(:mod:`holosec.engines.url`: ``HOLOSEC_ENGINE`` or ``--engine``).

Every module gets a store's engine from :func:`engine_for`: one adapter per store, built here and kept
while the store is open. The ledger, the workspace and the alerts always stay in the local store.
"""

from holosec.engines.base import Engine
from holosec.engines.duckdb import DuckDBEngine
from holosec.engines.url import EngineURL
from holosec.errors import ParameterError
from holosec.store import Store


def connect(store: Store) -> Engine:
    """A new engine for ``store``, of the kind its ``engine_url`` names (None: its own DuckDB)."""
    url = EngineURL.parse(store.engine_url or "duckdb://")
    if url.kind == "duckdb":
        if url.data is not None and url.data.resolve() != store.data_dir.resolve():
            raise ParameterError(
                "engine", f"duckdb:// runs on the store itself ({store.data_dir}), not {url.data}"
            )
        return local_engine(store)  # the one DuckDB engine of the store, shared with the write steps
    if url.kind == "spark":
        from holosec.engines.spark import SparkEngine

        return SparkEngine(store, url)
    from holosec.engines.bigquery import BigQueryEngine

    return BigQueryEngine(store, url)


def local_engine(store: Store) -> DuckDBEngine:
    """The store's own DuckDB engine, whatever engine its reads run on: the write steps (ingest, retag,
    fuse) keep its day cells current.

    >>> import tempfile, pathlib
    >>> with Store.open(pathlib.Path(tempfile.mkdtemp()), engine="spark://local[2]") as store:
    ...     local_engine(store).name
    'duckdb'
    """
    return store.shared(DuckDBEngine)


def engine_for(store: Store) -> Engine:
    """The engine of ``store``: one per store, made on first use and kept while the store is open.

    >>> import tempfile, pathlib
    >>> with Store.open(pathlib.Path(tempfile.mkdtemp())) as store:
    ...     engine_for(store) is engine_for(store), engine_for(store).name
    (True, 'duckdb')
    """
    return store.shared(connect)


__all__ = ["DuckDBEngine", "Engine", "EngineURL", "connect", "engine_for", "local_engine"]
